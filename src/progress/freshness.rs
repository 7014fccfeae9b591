//! Evidence freshness: evidence last reviewed longer ago than a maximum age is stale.

use crate::assessment::Assessment;
use crate::catalogue::Catalogue;
use jiff::Span;
use jiff::civil::Date;
use serde::Serialize;
use std::fmt;

/// How old reviewed evidence may be before it counts as stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaxAge {
    /// A number of days.
    Days(i64),
    /// A number of calendar months.
    Months(i64),
}

impl Default for MaxAge {
    /// Twelve months: certification bodies expect evidence from the last cycle.
    fn default() -> Self {
        MaxAge::Months(12)
    }
}

impl MaxAge {
    /// Parses `90d`, `8w`, `12m` or `1y`.
    pub fn parse(given: &str) -> Result<MaxAge, String> {
        let s = given.trim();
        let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let (digits, unit) = s.split_at(split);
        let n: i64 = digits
            .parse()
            .ok()
            .filter(|n| (1..=10_000).contains(n))
            .ok_or_else(|| {
                format!("`{given}` is not a maximum age; write a number from 1 with a unit: 90d, 8w, 12m or 1y")
            })?;
        match unit.trim() {
            "d" | "day" | "days" => Ok(MaxAge::Days(n)),
            "w" | "week" | "weeks" => Ok(MaxAge::Days(n * 7)),
            "m" | "month" | "months" => Ok(MaxAge::Months(n)),
            "y" | "year" | "years" => Ok(MaxAge::Months(n * 12)),
            _ => Err(format!(
                "`{given}` has no known unit; write d (days), w (weeks), m (months) or y (years), e.g. 12m"
            )),
        }
    }

    /// The last day on which evidence reviewed on `reviewed` is still fresh.
    fn fresh_until(self, reviewed: Date) -> Option<Date> {
        let span = match self {
            MaxAge::Days(n) => Span::new().try_days(n).ok()?,
            MaxAge::Months(n) => Span::new().try_months(n).ok()?,
        };
        reviewed.checked_add(span).ok()
    }
}

impl fmt::Display for MaxAge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            MaxAge::Days(1) => write!(f, "1 day"),
            MaxAge::Days(n) => write!(f, "{n} days"),
            MaxAge::Months(1) => write!(f, "1 month"),
            MaxAge::Months(n) => write!(f, "{n} months"),
        }
    }
}

/// A piece of evidence past its maximum age.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Stale {
    /// The requirement's index in the catalogue.
    #[serde(skip)]
    pub requirement: usize,
    /// The requirement's id.
    #[serde(rename = "requirement")]
    pub requirement_id: String,
    /// The evidence reference.
    pub reference: String,
    /// When it was last reviewed.
    #[schemars(schema_with = "crate::schema::date")]
    pub reviewed: Date,
    /// Days since that review, on the as-of date.
    pub age_days: i64,
}

/// Stale evidence and how it was judged.
#[derive(Debug, Clone, PartialEq)]
pub struct Freshness {
    /// How it was judged.
    pub judging: super::Judging,
    /// Stale evidence, in catalogue order.
    pub stale: Vec<Stale>,
}

/// Judges every answer's evidence.
pub fn freshness(c: &Catalogue, a: &Assessment, judging: super::Judging) -> Freshness {
    Freshness {
        judging,
        stale: stale_evidence(c, a, judging.as_of, judging.max_age),
    }
}

/// Stale evidence of every answered requirement, in catalogue order.
pub fn stale_evidence(c: &Catalogue, a: &Assessment, as_of: Date, max: MaxAge) -> Vec<Stale> {
    let mut out = Vec::new();
    for (i, r) in c.requirements.iter().enumerate() {
        let Some(answer) = a.answer(&r.id) else {
            continue;
        };
        for e in &answer.evidence {
            let Some(reviewed) = e.reviewed else { continue };
            if is_stale(reviewed, as_of, max) {
                out.push(Stale {
                    requirement: i,
                    requirement_id: r.id.clone(),
                    reference: e.reference.clone(),
                    reviewed,
                    age_days: i64::from((as_of - reviewed).get_days()),
                });
            }
        }
    }
    out
}

/// Whether evidence reviewed on `reviewed` is stale on `as_of`.
pub fn is_stale(reviewed: Date, as_of: Date, max: MaxAge) -> bool {
    max.fresh_until(reviewed).is_some_and(|until| until < as_of)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units_and_refuses_nonsense() {
        assert_eq!(MaxAge::parse("12m"), Ok(MaxAge::Months(12)));
        assert_eq!(MaxAge::parse("1y"), Ok(MaxAge::Months(12)));
        assert_eq!(MaxAge::parse("2w"), Ok(MaxAge::Days(14)));
        assert_eq!(MaxAge::parse("90d"), Ok(MaxAge::Days(90)));
        assert_eq!(MaxAge::parse("18 months"), Ok(MaxAge::Months(18)));
        for bad in ["", "12", "m", "0m", "-3m", "12x", "99999999999999999999d"] {
            assert!(MaxAge::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn stale_only_after_the_whole_maximum_age() {
        let reviewed = Date::constant(2025, 11, 30);
        let max = MaxAge::Months(12);
        assert!(!is_stale(reviewed, Date::constant(2026, 11, 30), max));
        assert!(is_stale(reviewed, Date::constant(2026, 12, 1), max));
        assert!(!is_stale(
            reviewed,
            Date::constant(2025, 12, 30),
            MaxAge::Days(30)
        ));
        assert!(is_stale(
            reviewed,
            Date::constant(2025, 12, 31),
            MaxAge::Days(30)
        ));
    }
}
