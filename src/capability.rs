//! Process capability, a second axis beside conformity: the process attribute ratings of
//! ISO/IEC 33020 and the capability level they reach.
//!
//! Each level from 1 to 5 has its process attributes (`1.1`; `2.1`, `2.2`; ... `5.1`,
//! `5.2`), each rated N (not), P (partially), L (largely) or F (fully achieved). Level n is
//! reached when every attribute of level n is at least L and every attribute of each lower
//! level is F; an attribute not rated counts as N. Capability never changes a conformity
//! score or the verdict.

use crate::assessment::{Assessment, Rating};
use crate::catalogue::Catalogue;
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// The process attributes of each capability level, lowest level first (ISO/IEC 33020).
pub const LEVELS: [&[&str]; 5] = [
    &["1.1"],
    &["2.1", "2.2"],
    &["3.1", "3.2"],
    &["4.1", "4.2"],
    &["5.1", "5.2"],
];

/// The highest capability level.
pub const MAX_LEVEL: u8 = 5;

/// Whether `id` is a process attribute of ISO/IEC 33020.
pub fn is_attribute(id: &str) -> bool {
    LEVELS.iter().any(|l| l.contains(&id))
}

/// Every attribute id, in level order, for messages.
pub fn attribute_ids() -> String {
    LEVELS
        .iter()
        .flat_map(|l| l.iter())
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks a process attribute id (`1.1` ... `5.2`); the error says which ids there are.
pub fn check_attribute(id: &str) -> Result<&str, String> {
    if is_attribute(id) {
        Ok(id)
    } else {
        Err(format!(
            "`{id}` is not a process attribute; the attributes of ISO/IEC 33020 are {}",
            attribute_ids()
        ))
    }
}

/// Reads an attribute rating (`N`, `P`, `L` or `F`); the error says what is valid.
pub fn parse_achievement(s: &str) -> Result<Achievement, String> {
    Achievement::parse(s.trim()).ok_or_else(|| {
        format!(
            "`{}` is not an attribute rating; {}",
            s.trim(),
            crate::assessment::read::RATINGS_HELP
        )
    })
}

/// Reads a target capability level (0 to [`MAX_LEVEL`]); the error says what is valid.
pub fn parse_target(s: &str) -> Result<u8, String> {
    match s.trim().parse::<u8>() {
        Ok(n) if n <= MAX_LEVEL => Ok(n),
        _ => Err(format!(
            "`{}` is not a capability level; give a level from 0 to {MAX_LEVEL}",
            s.trim()
        )),
    }
}

/// What a process's capability comes to, as `capability` and the questionnaire say it:
/// `8.1: capability level 2, below its target 3`.
pub fn summary(process: &str, pc: &crate::assessment::ProcessCapability) -> String {
    format!(
        "{process}: capability level {}{}",
        pc.level(),
        match pc.target {
            Some(t) if pc.level() < t => format!(", below its target {t}"),
            Some(t) => format!(", target {t} met"),
            None => String::new(),
        }
    )
}

/// How far a process attribute is achieved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
pub enum Achievement {
    /// Not achieved (0 to 15 %).
    N,
    /// Partially achieved (over 15 to 50 %).
    P,
    /// Largely achieved (over 50 to 85 %).
    L,
    /// Fully achieved (over 85 %).
    F,
}

impl Achievement {
    /// Every rating, lowest first.
    pub const ALL: [Achievement; 4] = [
        Achievement::N,
        Achievement::P,
        Achievement::L,
        Achievement::F,
    ];

    /// Reads `N`, `P`, `L` or `F`.
    pub fn parse(s: &str) -> Option<Achievement> {
        match s {
            "N" => Some(Achievement::N),
            "P" => Some(Achievement::P),
            "L" => Some(Achievement::L),
            "F" => Some(Achievement::F),
            _ => None,
        }
    }

    /// The letter.
    pub fn id(self) -> &'static str {
        match self {
            Achievement::N => "N",
            Achievement::P => "P",
            Achievement::L => "L",
            Achievement::F => "F",
        }
    }

    /// What the letter means.
    pub fn label(self) -> &'static str {
        match self {
            Achievement::N => "not achieved",
            Achievement::P => "partially achieved",
            Achievement::L => "largely achieved",
            Achievement::F => "fully achieved",
        }
    }
}

impl fmt::Display for Achievement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The capability level the attribute ratings reach (0 to 5).
pub fn level(attributes: &BTreeMap<String, Achievement>) -> u8 {
    let rated = |id: &str| attributes.get(id).copied().unwrap_or(Achievement::N);
    let mut reached = 0;
    for (i, attrs) in LEVELS.iter().enumerate() {
        let this = attrs.iter().all(|a| rated(a) >= Achievement::L);
        let lower = LEVELS[..i]
            .iter()
            .flat_map(|l| l.iter())
            .all(|a| rated(a) == Achievement::F);
        if this && lower {
            reached = i as u8 + 1;
        } else {
            break;
        }
    }
    reached
}

/// One process's capability as score, report and check show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(rename = "ProcessCapabilityView")]
pub struct ProcessView {
    /// The process: its clause id.
    pub process: String,
    /// The clause title.
    pub title: String,
    /// The capability level its attribute ratings reach (0 to 5).
    pub level: u8,
    /// The level aimed at (null when none is set).
    pub target: Option<u8>,
    /// Attribute id -> rating, as recorded (an attribute not listed counts as N).
    pub attributes: BTreeMap<String, Achievement>,
    /// Whether a target is set and the level is below it.
    pub below_target: bool,
}

/// Every process that has ratings or a target, in catalogue order.
pub fn processes(c: &Catalogue, a: &Assessment) -> Vec<ProcessView> {
    c.processes()
        .into_iter()
        .filter_map(|cl| {
            let pc = a.capability.get(&cl.id).filter(|pc| !pc.is_empty())?;
            Some(ProcessView {
                process: cl.id.clone(),
                title: cl.title.clone(),
                level: pc.level(),
                target: pc.target,
                attributes: pc.attributes.clone(),
                below_target: pc.below_target(),
            })
        })
        .collect()
}

/// The processes below their target.
pub fn below_target(views: &[ProcessView]) -> Vec<&ProcessView> {
    views.iter().filter(|v| v.below_target).collect()
}

/// Warnings on capability against conformity: a process whose every requirement is rated at
/// the top of the scale (or not applicable, at least one at the top) while its rated
/// attributes reach level 0. The two axes disagree, and one of them is likely wrong.
pub fn warnings(c: &Catalogue, a: &Assessment, views: &[ProcessView]) -> Vec<String> {
    let top = c.scale.len().saturating_sub(1);
    views
        .iter()
        .filter(|v| v.level == 0 && !v.attributes.is_empty())
        .filter(|v| {
            let Some(cl) = c.clause(&v.process) else {
                return false;
            };
            let ratings: Vec<Option<Rating>> = c.requirements[cl.requirements.clone()]
                .iter()
                .map(|r| a.answer(&r.id).map(|x| x.rating))
                .collect();
            !ratings.is_empty()
                && ratings.iter().all(|r| {
                    matches!(r, Some(Rating::NotApplicable)) || *r == Some(Rating::Level(top))
                })
                && ratings.contains(&Some(Rating::Level(top)))
        })
        .map(|v| {
            format!(
                "{} {}: every requirement is rated fully conforming, but its capability is level 0 ({}); check the attribute ratings or the answers",
                v.process,
                v.title,
                rated_list(&v.attributes)
            )
        })
        .collect()
}

/// `1.1=F 2.1=L`, in level order.
pub fn rated_list(attributes: &BTreeMap<String, Achievement>) -> String {
    LEVELS
        .iter()
        .flat_map(|l| l.iter())
        .filter_map(|id| attributes.get(*id).map(|r| format!("{id}={r}")))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rated(pairs: &[(&str, &str)]) -> BTreeMap<String, Achievement> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), Achievement::parse(v).expect("a rating")))
            .collect()
    }

    #[test]
    fn each_level_by_hand() {
        assert_eq!(level(&rated(&[])), 0, "nothing rated");
        assert_eq!(
            level(&rated(&[("1.1", "P")])),
            0,
            "level 1 needs at least L"
        );
        assert_eq!(level(&rated(&[("1.1", "L")])), 1);
        assert_eq!(
            level(&rated(&[("1.1", "L"), ("2.1", "F"), ("2.2", "F")])),
            1,
            "level 2 needs 1.1 at F"
        );
        assert_eq!(
            level(&rated(&[("1.1", "F"), ("2.1", "L"), ("2.2", "L")])),
            2
        );
        assert_eq!(
            level(&rated(&[("1.1", "F"), ("2.1", "L")])),
            1,
            "2.2 not rated counts as N"
        );
        assert_eq!(
            level(&rated(&[
                ("1.1", "F"),
                ("2.1", "F"),
                ("2.2", "F"),
                ("3.1", "L"),
                ("3.2", "L")
            ])),
            3
        );
        assert_eq!(
            level(&rated(&[
                ("1.1", "F"),
                ("2.1", "F"),
                ("2.2", "F"),
                ("3.1", "F"),
                ("3.2", "F"),
                ("4.1", "L"),
                ("4.2", "F"),
            ])),
            4
        );
        let all_f: Vec<(&str, &str)> = LEVELS
            .iter()
            .flat_map(|l| l.iter())
            .map(|a| (*a, "F"))
            .collect();
        assert_eq!(level(&rated(&all_f)), 5);
        // A gap below stops the climb, whatever is above.
        assert_eq!(
            level(&rated(&[
                ("1.1", "F"),
                ("2.1", "F"),
                ("2.2", "L"),
                ("3.1", "F"),
                ("3.2", "F")
            ])),
            2
        );
    }

    #[test]
    fn the_radar_puts_level_0_at_the_centre_and_5_on_the_rim() {
        let view = |p: &str, level: u8, target: Option<u8>| ProcessView {
            process: p.into(),
            title: String::new(),
            level,
            target,
            attributes: BTreeMap::new(),
            below_target: false,
        };
        assert_eq!(radar(&[view("a", 1, None), view("b", 2, None)]), None);
        let r = radar(&[
            view("a", 5, Some(5)),
            view("b", 0, None),
            view("c", 0, None),
        ])
        .expect("three spokes");
        let c = r.centre;
        // The first spoke points up; level 5 on it is the rim, level 0 the centre.
        assert_eq!((r.spokes[0].x, r.spokes[0].y), (c, c - r.rings[4]));
        let first = r.level.split(' ').next().unwrap_or_default();
        assert_eq!(first, format!("{},{}", c, c - r.rings[4]));
        assert!(r.level.ends_with(&format!("{c},{c}")), "{}", r.level);
        assert_eq!(
            r.target.as_deref(),
            Some(r.level.as_str()),
            "targets default to levels"
        );
        assert_eq!(r.spokes[0].anchor, "middle");
    }

    proptest! {
        /// Raising any attribute never lowers the level.
        #[test]
        fn levels_only_rise_with_ratings(
            ratings in proptest::collection::vec(0usize..4, 9),
            which in 0usize..9,
        ) {
            let ids: Vec<&str> = LEVELS.iter().flat_map(|l| l.iter()).copied().collect();
            let mut a: BTreeMap<String, Achievement> = ids
                .iter()
                .zip(&ratings)
                .map(|(id, r)| ((*id).to_string(), Achievement::ALL[*r]))
                .collect();
            let before = level(&a);
            let up = a[ids[which]].max(Achievement::F.min(Achievement::ALL[(ratings[which] + 1).min(3)]));
            a.insert(ids[which].to_string(), up);
            prop_assert!(level(&a) >= before);
        }
    }
}

/// The radar chart of capability against target: one spoke per process, level 0 at the
/// centre and 5 at the rim, in an SVG box of [`Radar::SIZE`] units. Computed here because
/// templates have no trigonometry.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Radar {
    /// The side of the square SVG box.
    pub size: f64,
    /// The centre (both coordinates).
    pub centre: f64,
    /// The radius of each level ring, 1 to 5.
    pub rings: Vec<f64>,
    /// One spoke per process, clockwise from the top.
    pub spokes: Vec<Spoke>,
    /// The polygon of the levels reached (`x,y x,y ...`).
    pub level: String,
    /// The polygon of the targets (a process without one at its level), when any is set.
    pub target: Option<String>,
}

/// One spoke of the radar.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Spoke {
    /// The process (clause id).
    pub process: String,
    /// Where the spoke meets the rim.
    pub x: f64,
    /// Where the spoke meets the rim.
    pub y: f64,
    /// Where its label goes.
    pub label_x: f64,
    /// Where its label goes.
    pub label_y: f64,
    /// `start`, `middle` or `end`: how the label sits against its point.
    pub anchor: &'static str,
}

impl Radar {
    /// The side of the SVG box.
    pub const SIZE: f64 = 360.0;
}

/// The radar of `views`, or `None` below three processes (a polygon needs three spokes).
pub fn radar(views: &[ProcessView]) -> Option<Radar> {
    let n = views.len();
    if n < 3 {
        return None;
    }
    let centre = Radar::SIZE / 2.0;
    let rim = centre - 48.0;
    let round = |v: f64| (v * 10.0).round() / 10.0;
    let at = |i: usize, r: f64| {
        let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n as f64;
        (
            round(centre + r * angle.cos()),
            round(centre + r * angle.sin()),
        )
    };
    let polygon = |level: &dyn Fn(&ProcessView) -> u8| {
        views
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let (x, y) = at(i, rim * f64::from(level(v)) / f64::from(MAX_LEVEL));
                format!("{x},{y}")
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let spokes = views
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let (x, y) = at(i, rim);
            let (label_x, label_y) = at(i, rim + 16.0);
            let anchor = if (label_x - centre).abs() < 8.0 {
                "middle"
            } else if label_x > centre {
                "start"
            } else {
                "end"
            };
            Spoke {
                process: v.process.clone(),
                x,
                y,
                label_x,
                label_y: round(label_y + 4.0),
                anchor,
            }
        })
        .collect();
    Some(Radar {
        size: Radar::SIZE,
        centre,
        rings: (1..=MAX_LEVEL)
            .map(|l| round(rim * f64::from(l) / f64::from(MAX_LEVEL)))
            .collect(),
        spokes,
        level: polygon(&|v| v.level),
        target: views
            .iter()
            .any(|v| v.target.is_some())
            .then(|| polygon(&|v| v.target.unwrap_or(v.level))),
    })
}
