//! The rules one answer's fields obey, in one place for every way an answer arrives: the
//! file ([`read`](super::read)), `iso20k answer`, and `iso20k import` (a workbook or a CSV).
//!
//! Each function takes the text as given and returns the value or a [`Rejected`]: what is
//! wrong and what would be valid. The caller adds the place: a line and column, a flag, a
//! spreadsheet cell.

use super::{ActionStatus, Answer, Evidence, Method, Rating, parse_rating};
use crate::catalogue::{Catalogue, Requirement, Severity};
use jiff::civil::Date;

/// Why a value was refused, and what would be valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// What is wrong (`unknown rating `largly``).
    pub message: String,
    /// What would be valid (`did you mean `largely`? valid ratings: ...`).
    pub help: String,
}

impl Rejected {
    fn new(message: impl Into<String>, help: impl Into<String>) -> Self {
        Rejected {
            message: message.into(),
            help: help.into(),
        }
    }

    /// The message and the help in one line: `unknown status `x`; valid: open, ...`.
    pub fn line(&self) -> String {
        if self.help.is_empty() {
            self.message.clone()
        } else {
            format!("{}; {}", self.message, self.help)
        }
    }
}

/// A rating: a level id, its digit, or `not-applicable` where the catalogue allows it.
pub fn rating(c: &Catalogue, given: &str) -> Result<Rating, Rejected> {
    parse_rating(c, given).ok_or_else(|| {
        let hint = crate::error::closest(given, c.scale.iter().map(|l| l.id.as_str()))
            .map(|s| format!("did you mean `{s}`? "))
            .unwrap_or_default();
        Rejected::new(
            format!("unknown rating `{given}`"),
            format!("{hint}valid ratings: {}", c.rating_choices()),
        )
    })
}

/// The rating an action should reach: a level id or its digit.
pub fn target(c: &Catalogue, given: &str) -> Result<usize, Rejected> {
    c.level_position(given).ok_or_else(|| {
        Rejected::new(
            format!("unknown target rating `{given}`"),
            format!("valid ratings: {}", c.rating_choices()),
        )
    })
}

/// A finding: major, minor, observation or none.
pub fn finding(given: &str) -> Result<Severity, Rejected> {
    Severity::parse(given).ok_or_else(|| {
        let ids: Vec<&str> = Severity::ALL.iter().map(|x| x.id()).collect();
        Rejected::new(
            format!("unknown finding `{given}`"),
            format!("valid findings: {}", ids.join(", ")),
        )
    })
}

/// An action's status.
pub fn status(given: &str) -> Result<ActionStatus, Rejected> {
    ActionStatus::parse(given).ok_or_else(|| {
        let ids: Vec<&str> = ActionStatus::ALL.iter().map(|x| x.id()).collect();
        Rejected::new(
            format!("unknown status `{given}`"),
            format!("valid: {}", ids.join(", ")),
        )
    })
}

/// How an answer was assessed.
pub fn method(given: &str) -> Result<Method, Rejected> {
    Method::parse(given).ok_or_else(|| {
        let ids: Vec<&str> = Method::ALL.iter().map(|x| x.id()).collect();
        Rejected::new(
            format!("unknown method `{given}`"),
            format!("valid methods: {}", ids.join(", ")),
        )
    })
}

/// Who operates the process of requirement `r`: a party of the catalogue, where the
/// requirement's clause allows another party at all (an answer to an id the catalogue does
/// not know, `None`, is only checked for the party).
pub fn party(c: &Catalogue, r: Option<&Requirement>, given: &str) -> Result<String, Rejected> {
    if !c.parties.iter().any(|x| x.id == given) {
        let ids: Vec<&str> = c.parties.iter().map(|x| x.id.as_str()).collect();
        return Err(Rejected::new(
            format!("unknown party `{given}`"),
            format!("valid parties: {}", ids.join(", ")),
        ));
    }
    if let Some(r) = r
        && !c.allows_other_parties(r.clause)
    {
        return Err(Rejected::new(
            format!(
                "requirement `{}` is one the organization must meet itself; it cannot be operated by another party",
                r.id
            ),
            "leave `operated_by` out for it",
        ));
    }
    Ok(given.to_string())
}

/// A date, `YYYY-MM-DD`.
pub fn date(given: &str) -> Result<Date, Rejected> {
    given.parse::<Date>().map_err(|e| {
        Rejected::new(
            format!("`{given}` is not a valid date ({e})"),
            "write YYYY-MM-DD, e.g. 2027-03-31",
        )
    })
}

/// An evidence reference, `REF` or `REF@YYYY-MM-DD` with the date it was last reviewed.
pub fn evidence(given: &str) -> Result<Evidence, Rejected> {
    if let Some((reference, day)) = given.rsplit_once('@')
        && day.len() == 10
        && day.as_bytes()[4] == b'-'
    {
        let reviewed = date(day).map_err(|r| Rejected {
            message: format!("review date {}", r.message),
            help: r.help,
        })?;
        return Ok(Evidence {
            reference: reference.trim().to_string(),
            reviewed: Some(reviewed),
        });
    }
    Ok(Evidence {
        reference: given.trim().to_string(),
        reviewed: None,
    })
}

/// Free text as it is kept: `None` when blank, else without trailing line breaks (the
/// file keeps none: YAML would keep them as trailing blank lines).
pub fn text(given: &str) -> Option<String> {
    (!given.trim().is_empty()).then(|| super::raw::clean(given.to_string()))
}

/// The rules about a whole answer ([`super::rules::problems`]: a justification for
/// not-applicable, an allowed party, a `what` for an action, the limits of
/// [`crate::limits`]), each with the key below the answer it is about (`note`,
/// `action.what`, `evidence[3]`).
pub fn whole(c: &Catalogue, id: &str, a: &Answer) -> Vec<(String, Rejected)> {
    super::rules::problems(c, id, a)
        .into_iter()
        .map(|p| (p.key, Rejected::new(p.message, p.hint.unwrap_or_default())))
        .collect()
}

/// `not-applicable` needs a justification in the note.
pub fn justification(rating: Rating, note: Option<&str>) -> Option<Rejected> {
    (rating == Rating::NotApplicable && note.is_none_or(|n| n.trim().is_empty())).then(|| {
        Rejected::new(
            "`not-applicable` needs a justification in `note`",
            "say why the requirement does not apply",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_say_what_would_be_valid() {
        let c = Catalogue::built_in().unwrap();
        let r = rating(&c, "largly").unwrap_err();
        assert_eq!(r.message, "unknown rating `largly`");
        assert!(
            r.help
                .starts_with("did you mean `largely`? valid ratings: ")
        );
        assert_eq!(
            status("closed").unwrap_err().line(),
            "unknown status `closed`; valid: open, in-progress, done"
        );
        assert!(
            evidence("Policy@2026-13-01")
                .unwrap_err()
                .message
                .starts_with("review date `2026-13-01` is not a valid date (")
        );
        assert_eq!(
            evidence("Policy v2@2026-01-02").unwrap(),
            Evidence {
                reference: "Policy v2".into(),
                reviewed: Some(Date::constant(2026, 1, 2))
            }
        );
        assert_eq!(text(" \n"), None);
        assert_eq!(text("a\nb\n\n").as_deref(), Some("a\nb"));
    }
}
