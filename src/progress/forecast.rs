//! The readiness forecast: where the assessment stands once its open actions are done, and
//! by which date the last readiness stage is reached if they finish on their due dates.
//!
//! A done action raises its requirement to the action's `target` level (the top of the
//! scale when it names none), never lowers it, and clears a finding override, which
//! described the state before the action. An action already late cannot finish before the
//! as-of date, so it counts from then.

use crate::assessment::{ActionStatus, Assessment, Rating};
use crate::catalogue::Catalogue;
use crate::catalogue::Rule;
#[cfg(test)]
use crate::score::score;
use crate::score::{Facts, FindingCounts, Reason, Scores, Situation, facts, score_facts};
use jiff::civil::Date;

/// The forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    /// Open actions (not done) counted in the projection.
    pub open_actions: usize,
    /// Readiness once every open action is done.
    pub readiness: f64,
    /// Coverage then (actions do not answer requirements, so it does not change).
    pub coverage: f64,
    /// Findings then.
    pub findings: FindingCounts,
    /// The verdict then.
    pub verdict: crate::verdict::Verdict,
    /// The last readiness stage of the catalogue, the one the forecast aims at.
    pub target: Option<String>,
    /// Whether the target is already reached today.
    pub reached: bool,
    /// The day the target is reached if every dated action finishes on its due date.
    pub ready_by: Option<Date>,
    /// Open actions without a due date (requirement ids), which a date cannot count on.
    pub undated: Vec<String>,
    /// What still holds the target back once every open action is done: only new actions
    /// (or new answers) can clear these.
    pub blockers: Vec<Reason>,
}

struct Pending {
    requirement: usize,
    level: usize,
    when: Option<Date>,
}

/// Projects the assessment's open actions.
pub fn forecast(c: &Catalogue, a: &Assessment, now: &Scores, as_of: Date) -> Forecast {
    let top = c.scale.len() - 1;
    let pending: Vec<Pending> = c
        .requirements
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let action = a.answer(&r.id)?.action.as_ref()?;
            (action.status != ActionStatus::Done).then(|| Pending {
                requirement: i,
                level: action.target.unwrap_or(top),
                when: action.due.map(|d| d.max(as_of)),
            })
        })
        .collect();
    let target = c.stages.last().map(|s| s.verdict.clone());
    let reaches = |s: &Scores| target.as_deref() == Some(s.verdict.id());
    let base = facts(c, a);
    let at = Situation::of(a);
    // The days on which the projection can change: due dates, and the days an operating
    // period is complete.
    let mut days: Vec<Date> = pending.iter().filter_map(|p| p.when).collect();
    if let (Some(since), Some(stage)) = (a.operating_since, c.stages.last()) {
        for r in &stage.rules {
            if let Rule::OperatingPeriod { days: n } = r
                && let Ok(day) = since.checked_add(jiff::Span::new().days(i64::from(*n)))
                && day > as_of
            {
                days.push(day);
            }
        }
    }
    days.sort_unstable();
    days.dedup();
    let later = |day: Option<Date>| Situation {
        as_of: day.map_or(a.as_of, |d| d.max(a.as_of)),
        ..at
    };
    let all = score_facts(
        c,
        &project(c, &base, pending.iter()),
        later(days.last().copied()),
    );
    let undated: Vec<String> = pending
        .iter()
        .filter(|p| p.when.is_none())
        .map(|p| c.requirements[p.requirement].id.clone())
        .collect();
    let reached = reaches(now);
    let ready_by = if reached || !reaches(&all) {
        None
    } else {
        first_ready_day(c, &base, &pending, &days, &|d| later(Some(d)), &reaches)
    };
    let blockers = if reaches(&all) {
        Vec::new()
    } else {
        all.stages
            .last()
            .map(|s| s.reasons.clone())
            .unwrap_or_default()
    };
    Forecast {
        open_actions: pending.len(),
        readiness: all.overall.readiness,
        coverage: all.overall.coverage,
        findings: all.overall.findings,
        verdict: all.verdict,
        target,
        reached,
        ready_by,
        undated,
        blockers,
    }
}

/// The earliest due date by which the dated actions reach the target, found by bisecting
/// the sorted due dates (finishing more actions never lowers a rating, so once reached the
/// target stays reached).
fn first_ready_day(
    c: &Catalogue,
    base: &[Option<Facts>],
    pending: &[Pending],
    days: &[Date],
    at: &dyn Fn(Date) -> Situation,
    reaches: &dyn Fn(&Scores) -> bool,
) -> Option<Date> {
    let done_by = |day: Date| {
        let s = score_facts(
            c,
            &project(
                c,
                base,
                pending.iter().filter(|p| p.when.is_some_and(|w| w <= day)),
            ),
            at(day),
        );
        reaches(&s)
    };
    let last = *days.last()?;
    if !done_by(last) {
        return None;
    }
    let (mut lo, mut hi) = (0, days.len() - 1);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if done_by(days[mid]) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Some(days[lo])
}

/// The facts with the given actions done.
fn project<'p>(
    c: &Catalogue,
    base: &[Option<Facts>],
    done: impl Iterator<Item = &'p Pending>,
) -> Vec<Option<Facts>> {
    let mut out = base.to_vec();
    for p in done {
        if let Some(f) = out[p.requirement].as_mut()
            && let Rating::Level(l) = f.rating
            && p.level > l
        {
            f.rating = Rating::Level(p.level);
            // The override described the state before the action.
            f.finding = c.requirements[p.requirement].default_finding(&c.scale, p.level);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::{Action, Answer};
    use crate::source::Source;

    fn mini() -> Catalogue {
        let text = include_str!("../../tests/fixtures/catalogues/mini.yaml");
        crate::catalogue::load(&Source::new("mini.yaml", text)).unwrap()
    }

    /// 1-1 full, 1-2 partial, 2.1-1 partial, 2.2-1 largely: stage-1-ready today, held back
    /// from stage 2 by 2.1-1 below largely.
    fn base(c: &Catalogue) -> Assessment {
        let mut a = Assessment::new(
            c,
            "O".into(),
            "S".into(),
            "A".into(),
            Date::constant(2026, 11, 30),
        );
        for (id, level) in [("1-1", 3), ("1-2", 1), ("2.1-1", 1), ("2.2-1", 2)] {
            a.answers
                .insert(id.into(), Answer::rated(Rating::Level(level)));
        }
        a
    }

    fn act(a: &mut Assessment, id: &str, due: Option<Date>, target: Option<usize>) {
        a.answers.get_mut(id).unwrap().action = Some(Action {
            what: "Fix it".into(),
            owner: Some("Kim".into()),
            due,
            status: ActionStatus::Open,
            target,
        });
    }

    fn run(c: &Catalogue, a: &Assessment, as_of: Date) -> Forecast {
        forecast(c, a, &score(c, a), as_of)
    }

    #[test]
    fn ready_on_the_due_date_of_the_last_action_that_matters() {
        let c = mini();
        let mut a = base(&c);
        act(&mut a, "1-2", Some(Date::constant(2027, 1, 31)), None);
        act(&mut a, "2.1-1", Some(Date::constant(2027, 3, 31)), Some(2));
        assert_eq!(score(&c, &a).verdict, "stage-1-ready");
        let f = run(&c, &a, Date::constant(2026, 11, 30));
        // (100 + 3 x 100 + 75 + 75) / 6
        assert!((f.readiness - 550.0 / 6.0).abs() < 1e-9, "{}", f.readiness);
        assert_eq!(f.verdict, "stage-2-ready");
        assert_eq!(f.open_actions, 2);
        assert!(!f.reached);
        assert_eq!(f.ready_by, Some(Date::constant(2027, 3, 31)));
        assert!(f.blockers.is_empty() && f.undated.is_empty());
    }

    #[test]
    fn a_late_action_counts_from_the_as_of_date() {
        let c = mini();
        let mut a = base(&c);
        act(&mut a, "1-2", Some(Date::constant(2027, 1, 10)), None);
        act(&mut a, "2.1-1", Some(Date::constant(2027, 1, 31)), Some(2));
        let f = run(&c, &a, Date::constant(2027, 2, 15));
        assert_eq!(f.ready_by, Some(Date::constant(2027, 2, 15)));
    }

    #[test]
    fn stage_two_out_of_reach_without_new_actions() {
        let c = mini();
        let mut a = base(&c);
        act(&mut a, "2.1-1", Some(Date::constant(2027, 3, 31)), Some(3));
        a.answers.get_mut("2.2-1").unwrap().rating = Rating::Level(0);
        let f = run(&c, &a, Date::constant(2026, 11, 30));
        assert_eq!(f.verdict, "stage-1-ready");
        assert_eq!(f.ready_by, None);
        assert_eq!(f.blockers.len(), 2, "{:?}", f.blockers);
        assert!(
            f.blockers[0]
                .requirements
                .contains(&c.requirement_position("2.2-1").unwrap()),
            "{:?}",
            f.blockers
        );
        // 2.2-1 is a major without an action, and 1-2 a minor without one.
        assert!(
            f.blockers.iter().any(|b| b
                .requirements
                .contains(&c.requirement_position("1-2").unwrap())),
            "{:?}",
            f.blockers
        );
    }

    #[test]
    fn an_undated_action_leaves_the_date_open() {
        let c = mini();
        let mut a = base(&c);
        act(&mut a, "1-2", Some(Date::constant(2027, 1, 31)), None);
        act(&mut a, "2.1-1", None, None);
        let f = run(&c, &a, Date::constant(2026, 11, 30));
        assert_eq!(f.verdict, "stage-2-ready");
        assert_eq!(f.ready_by, None);
        assert_eq!(f.undated, vec!["2.1-1".to_string()]);
        assert!(f.blockers.is_empty());
    }

    #[test]
    fn already_there() {
        let c = mini();
        let mut a = base(&c);
        for id in ["1-2", "2.1-1"] {
            a.answers.get_mut(id).unwrap().rating = Rating::Level(3);
        }
        let f = run(&c, &a, Date::constant(2026, 11, 30));
        assert!(f.reached);
        assert_eq!((f.open_actions, f.ready_by), (0, None));
    }

    #[test]
    fn a_target_below_the_rating_never_lowers_it() {
        let c = mini();
        let mut a = base(&c);
        a.answers.get_mut("2.2-1").unwrap().rating = Rating::Level(3);
        act(&mut a, "2.2-1", Some(Date::constant(2027, 1, 1)), Some(0));
        let f = run(&c, &a, Date::constant(2026, 11, 30));
        assert!((f.readiness - score(&c, &a).overall.readiness).abs() < 1e-9);
    }
}
