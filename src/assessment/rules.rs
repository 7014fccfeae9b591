//! The rules one answer must meet against its catalogue, in one place: the loader refuses a
//! file that breaks them, and `answer` and the questionnaire check them before saving, so
//! nothing they save fails to load.

use super::{Answer, Rating};
use crate::catalogue::Catalogue;

/// One rule an answer breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The key below the answer: `note`, `operated_by`, `action.what`, `evidence[3]`.
    pub key: String,
    /// What is wrong.
    pub message: String,
    /// What would be valid, when there is something to say.
    pub hint: Option<String>,
}

/// The hint every limit gives.
pub const LIMIT_HINT: &str = "see the README's \"Input limits\"; a longer text or list belongs in a document the evidence names";

/// What answer `a` to requirement `id` breaks. The limits on sizes
/// ([`crate::limits`]) are checked once the rest holds.
pub fn problems(c: &Catalogue, id: &str, a: &Answer) -> Vec<Problem> {
    let mut out = Vec::new();
    let add = |out: &mut Vec<Problem>, key: &str, message: String, hint: Option<String>| {
        out.push(Problem {
            key: key.to_string(),
            message,
            hint,
        })
    };
    if a.rating == Rating::NotApplicable && a.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
        add(
            &mut out,
            "note",
            "`not-applicable` needs a justification in `note`".into(),
            None,
        );
    }
    if let Some(party) = &a.operated_by {
        if !c.parties.iter().any(|x| &x.id == party) {
            add(
                &mut out,
                "operated_by",
                format!("unknown party `{party}`"),
                Some(format!(
                    "valid parties: {}",
                    c.parties
                        .iter()
                        .map(|x| x.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        } else if let Some(r) = c.requirement(id)
            && !c.allows_other_parties(r.clause)
        {
            add(
                &mut out,
                "operated_by",
                format!(
                    "requirement `{id}` is one the organization must meet itself; it cannot be operated by another party"
                ),
                Some("remove `operated_by` here".into()),
            );
        }
    }
    if let Some(x) = &a.action {
        if x.what.trim().is_empty() {
            add(
                &mut out,
                "action.what",
                "an action needs a `what`".into(),
                None,
            );
        }
        if let Some(t) = x.target
            && t >= c.scale.len()
        {
            add(
                &mut out,
                "action.target",
                format!("no level {t} in the scale"),
                Some(format!("valid ratings: {}", c.rating_choices())),
            );
        }
    }
    if let Rating::Level(l) = a.rating
        && l >= c.scale.len()
    {
        add(
            &mut out,
            "rating",
            format!("no level {l} in the scale"),
            Some(format!("valid ratings: {}", c.rating_choices())),
        );
    }
    if out.is_empty() {
        for (key, message) in crate::limits::check(a) {
            add(&mut out, &key, message, Some(LIMIT_HINT.into()));
        }
    }
    out
}

/// The problems as one line: `gap: 20001 characters, over the limit of 20000; ...`.
pub fn one_line(list: &[Problem]) -> String {
    list.iter()
        .map(|p| format!("{}: {}", p.key, p.message))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::Action;

    #[test]
    fn each_rule_names_its_key() {
        let c = Catalogue::built_in().unwrap();
        let mut a = Answer::rated(Rating::Level(1));
        assert!(problems(&c, "4.1-4", &a).is_empty());
        a.operated_by = Some("external-supplier".into());
        a.action = Some(Action {
            what: " ".into(),
            owner: None,
            due: None,
            status: crate::assessment::ActionStatus::Open,
            target: Some(9),
        });
        let keys: Vec<String> = problems(&c, "4.1-4", &a)
            .into_iter()
            .map(|p| p.key)
            .collect();
        assert_eq!(keys, ["operated_by", "action.what", "action.target"]);
        let mut a = Answer::rated(Rating::Level(1));
        a.gap = Some("x".repeat(crate::limits::MAX_TEXT + 1));
        let p = problems(&c, "4.1-4", &a);
        assert_eq!(
            one_line(&p),
            "gap: 20001 characters, over the limit of 20000"
        );
    }
}
