//! Several assessors' files of one organization, merged into one.
//!
//! Every answer keeps who gave it: its own `assessor`, else its file's. Where the files
//! agree on a requirement (the same answer, whoever gave it), there is nothing to decide:
//! the first giving of it is kept.
//! Where they disagree, the preferred file's answer wins if it has one, else the answer
//! given last (by its `answered` time; one without a time counts as the oldest, and among
//! equals the file named last wins), and the conflict is kept with every value.

use super::{Answer, Assessment};
use crate::catalogue::Catalogue;
use std::collections::{BTreeMap, HashMap};

/// One answer of one input.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Index of the input it comes from.
    pub file: usize,
    /// The answer, with its assessor made explicit.
    pub answer: Answer,
}

/// A requirement the inputs disagree on.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// The requirement id.
    pub id: String,
    /// Each input's answer, in the order the inputs were given.
    pub candidates: Vec<Candidate>,
    /// The input whose answer was kept.
    pub winner: usize,
    /// Why it won.
    pub why: Why,
    /// The fields in which the answers differ (`rating`, `note` ...).
    pub fields: Vec<&'static str>,
}

/// Why an answer won a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// Its file was preferred (`--prefer`).
    Preferred,
    /// It was given last.
    Later,
    /// None has a time to compare, or they were given at the same time: the file named
    /// last wins.
    LastNamed,
}

/// A header field the inputs disagree on: the first input's value is kept, except for
/// `capability`, merged process by process (the preferred input's entry, else the entry of
/// the input named last that has one).
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderDifference {
    /// The key (`organization`, `scope`, `operating_since`, `capability`).
    pub key: &'static str,
    /// Each input's value.
    pub values: Vec<String>,
}

/// The result of a merge.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The merged assessment: the first input's header, the latest `as_of`.
    pub assessment: Assessment,
    /// Every requirement the inputs disagree on, in catalogue order (then unknown ids).
    pub conflicts: Vec<Conflict>,
    /// How many answers of the merged file came from each input.
    pub taken: Vec<usize>,
    /// Header fields that differ between the inputs.
    pub header: Vec<HeaderDifference>,
}

/// The answer as its input gives it, with the assessor made explicit.
fn explicit(a: &Assessment, answer: &Answer) -> Answer {
    let mut answer = answer.clone();
    if answer.assessor.is_none() {
        answer.assessor = Some(a.assessor.clone());
    }
    answer
}

/// The fields in which two answers differ, as the file names them.
fn differing(a: &Answer, b: &Answer) -> Vec<&'static str> {
    let mut v = Vec::new();
    let mut check = |name, differs: bool| {
        if differs {
            v.push(name);
        }
    };
    check("rating", a.rating != b.rating);
    check("note", a.note != b.note);
    check("evidence", a.evidence != b.evidence);
    check("finding", a.finding != b.finding);
    check("operated_by", a.operated_by != b.operated_by);
    check("action", a.action != b.action);
    check("interviewees", a.interviewees != b.interviewees);
    check("method", a.method != b.method);
    check("gap", a.gap != b.gap);
    check("recommendation", a.recommendation != b.recommendation);
    check("review", a.review != b.review);
    v
}

/// A file's capability in one line, for the header differences.
fn capability_text(cap: &std::collections::BTreeMap<String, super::ProcessCapability>) -> String {
    cap.iter()
        .map(|(process, pc)| {
            let mut t = format!(
                "{process}: {}",
                crate::capability::rated_list(&pc.attributes)
            );
            if let Some(x) = pc.target {
                t.push_str(&format!(" target {x}"));
            }
            t
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Merges `inputs` (at least one), all of the loaded catalogue's version (checked by the
/// caller, which can name the files). `prefer` is the index of a preferred input.
pub fn merge(c: &Catalogue, inputs: &[&Assessment], prefer: Option<usize>) -> Merged {
    let first = inputs[0];
    let mut out = first.clone();
    out.answers = HashMap::new();
    out.as_of = inputs.iter().map(|a| a.as_of).max().unwrap_or(first.as_of);
    let mut header = Vec::new();
    let mut compare = |key: &'static str, value: &dyn Fn(&Assessment) -> String| {
        let values: Vec<String> = inputs.iter().map(|a| value(a)).collect();
        if values.iter().any(|v| *v != values[0]) {
            header.push(HeaderDifference { key, values });
        }
    };
    compare("organization", &|a| a.organization.clone());
    compare("scope", &|a| a.scope.clone());
    compare("operating_since", &|a| {
        a.operating_since.map(|d| d.to_string()).unwrap_or_default()
    });
    compare("capability", &|a| capability_text(&a.capability));
    out.capability = std::collections::BTreeMap::new();
    let mut by_rank: Vec<usize> = (0..inputs.len()).collect();
    if let Some(p) = prefer {
        by_rank.retain(|&i| i != p);
        by_rank.push(p);
    }
    for i in by_rank {
        for (process, pc) in &inputs[i].capability {
            out.capability.insert(process.clone(), pc.clone());
        }
    }

    // Catalogue order first, then ids the catalogue does not know, sorted.
    let mut order: Vec<&str> = c.requirements.iter().map(|r| r.id.as_str()).collect();
    let mut unknown: Vec<&str> = inputs
        .iter()
        .flat_map(|a| a.answers.keys())
        .map(String::as_str)
        .filter(|id| c.requirement(id).is_none())
        .collect();
    unknown.sort_unstable();
    unknown.dedup();
    order.extend(unknown);

    let mut conflicts = Vec::new();
    let mut taken = vec![0; inputs.len()];
    for id in order {
        let candidates: Vec<Candidate> = inputs
            .iter()
            .enumerate()
            .filter_map(|(file, a)| {
                a.answer(id).map(|x| Candidate {
                    file,
                    answer: explicit(a, x),
                })
            })
            .collect();
        let Some(last) = candidates.last() else {
            continue;
        };
        // Who gave it and when do not make a disagreement.
        let fields: Vec<&'static str> = {
            let mut all: BTreeMap<usize, &'static str> = BTreeMap::new();
            for x in &candidates[..candidates.len() - 1] {
                for f in differing(&x.answer, &last.answer) {
                    all.insert(FIELDS.iter().position(|g| *g == f).unwrap_or(0), f);
                }
            }
            all.into_values().collect()
        };
        let (winner, why) = if fields.is_empty() {
            // They agree: keep the first giving of it (a later file that carries it, such
            // as an earlier merge, adds nothing).
            (earliest(&candidates), None)
        } else if let Some(p) = prefer.filter(|p| candidates.iter().any(|x| x.file == *p)) {
            (p, Some(Why::Preferred))
        } else {
            let w = latest(&candidates);
            let time = |f: usize| {
                candidates
                    .iter()
                    .find(|x| x.file == f)
                    .and_then(|x| x.answer.answered)
            };
            let tie = candidates
                .iter()
                .filter(|x| x.file != w)
                .any(|x| x.answer.answered == time(w));
            (w, Some(if tie { Why::LastNamed } else { Why::Later }))
        };
        let Some(kept) = candidates.iter().find(|x| x.file == winner) else {
            continue;
        };
        let mut answer = kept.answer.clone();
        if answer.assessor.as_deref() == Some(out.assessor.as_str()) {
            answer.assessor = None;
        }
        out.answers.insert(id.to_string(), answer);
        taken[winner] += 1;
        if let Some(why) = why {
            conflicts.push(Conflict {
                id: id.to_string(),
                candidates,
                winner,
                why,
                fields,
            });
        }
    }
    Merged {
        assessment: out,
        conflicts,
        taken,
        header,
    }
}

/// The order fields are listed in.
const FIELDS: [&str; 11] = [
    "rating",
    "note",
    "evidence",
    "finding",
    "operated_by",
    "action",
    "interviewees",
    "method",
    "gap",
    "recommendation",
    "review",
];

/// The input whose answer was given first; among equal times (or none), the first named.
fn earliest(candidates: &[Candidate]) -> usize {
    candidates
        .iter()
        .min_by_key(|x| (x.answer.answered, x.file))
        .map_or(0, |x| x.file)
}

/// The input whose answer was given last; among equal times (or none), the last named.
fn latest(candidates: &[Candidate]) -> usize {
    candidates
        .iter()
        .max_by_key(|x| (x.answer.answered, x.file))
        .map_or(0, |x| x.file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::Rating;

    fn catalogue() -> Catalogue {
        Catalogue::built_in().expect("the built-in catalogue loads")
    }

    fn assessment(
        c: &Catalogue,
        assessor: &str,
        answers: &[(&str, usize, Option<&str>)],
    ) -> Assessment {
        let mut a = Assessment::new(
            c,
            "Acme".into(),
            "Hosting".into(),
            assessor.into(),
            jiff::civil::date(2026, 11, 1),
        );
        for (id, level, at) in answers {
            let mut x = Answer::rated(Rating::Level(*level));
            x.answered = at.map(|t| t.parse().expect("a timestamp"));
            a.answers.insert((*id).to_string(), x);
        }
        a
    }

    #[test]
    fn agreeing_answers_are_no_conflict_and_keep_their_assessor() {
        let c = catalogue();
        let id = c.requirements[0].id.as_str();
        let other = c.requirements[1].id.as_str();
        let a = assessment(&c, "Dana", &[(id, 3, None)]);
        let b = assessment(&c, "Lee", &[(id, 3, None), (other, 1, None)]);
        let m = merge(&c, &[&a, &b], None);
        assert!(m.conflicts.is_empty());
        assert_eq!(m.assessment.assessor, "Dana");
        // The same answer from both: the first giving of it is kept (Dana's, the header's
        // assessor, so not repeated); Lee's own answer keeps Lee.
        assert_eq!(m.assessment.answers[id].assessor, None);
        assert_eq!(m.assessment.answers[other].assessor.as_deref(), Some("Lee"));
        assert_eq!(m.taken, vec![1, 1]);
    }

    #[test]
    fn the_later_answer_wins_unless_a_file_is_preferred() {
        let c = catalogue();
        let id = c.requirements[0].id.as_str();
        let a = assessment(&c, "Dana", &[(id, 4, Some("2026-11-20T10:00:00Z"))]);
        let b = assessment(&c, "Lee", &[(id, 1, Some("2026-11-10T10:00:00Z"))]);
        let m = merge(&c, &[&a, &b], None);
        assert_eq!(m.conflicts.len(), 1);
        let x = &m.conflicts[0];
        assert_eq!((x.winner, x.why), (0, Why::Later));
        assert_eq!(x.fields, vec!["rating"]);
        assert_eq!(m.assessment.answers[id].rating, Rating::Level(4));
        assert_eq!(
            m.assessment.answers[id].assessor, None,
            "the header's assessor"
        );
        let m = merge(&c, &[&a, &b], Some(1));
        assert_eq!(m.conflicts[0].why, Why::Preferred);
        assert_eq!(m.assessment.answers[id].rating, Rating::Level(1));
        assert_eq!(m.assessment.answers[id].assessor.as_deref(), Some("Lee"));
    }

    #[test]
    fn without_times_the_file_named_last_wins() {
        let c = catalogue();
        let id = c.requirements[0].id.as_str();
        let a = assessment(&c, "Dana", &[(id, 4, None)]);
        let b = assessment(&c, "Lee", &[(id, 1, None)]);
        let m = merge(&c, &[&a, &b], None);
        assert_eq!(
            (m.conflicts[0].winner, m.conflicts[0].why),
            (1, Why::LastNamed)
        );
    }

    #[test]
    fn capability_is_merged_per_process_and_a_difference_listed() {
        let c = catalogue();
        let pc = |r: &str, target: Option<u8>| super::super::ProcessCapability {
            attributes: [(
                "1.1".to_string(),
                crate::capability::Achievement::parse(r).expect("a rating"),
            )]
            .into_iter()
            .collect(),
            target,
        };
        let mut a = assessment(&c, "Dana", &[]);
        let mut b = assessment(&c, "Lee", &[]);
        a.capability.insert("8.1".into(), pc("F", Some(2)));
        a.capability.insert("8.2.1".into(), pc("L", None));
        b.capability.insert("8.1".into(), pc("P", None));
        let m = merge(&c, &[&a, &b], None);
        assert_eq!(
            m.assessment.capability["8.1"],
            pc("P", None),
            "named last wins"
        );
        assert_eq!(
            m.assessment.capability["8.2.1"],
            pc("L", None),
            "only in one file: kept"
        );
        let d = m
            .header
            .iter()
            .find(|h| h.key == "capability")
            .expect("listed");
        assert_eq!(d.values[1], "8.1: 1.1=P");
        let m = merge(&c, &[&a, &b], Some(0));
        assert_eq!(
            m.assessment.capability["8.1"],
            pc("F", Some(2)),
            "preferred wins"
        );
    }

    #[test]
    fn header_differences_are_listed_and_the_latest_as_of_kept() {
        let c = catalogue();
        let a = assessment(&c, "Dana", &[]);
        let mut b = assessment(&c, "Lee", &[]);
        b.organization = "Acme Ltd".into();
        b.as_of = jiff::civil::date(2026, 11, 30);
        let m = merge(&c, &[&a, &b], None);
        assert_eq!(m.assessment.organization, "Acme");
        assert_eq!(m.assessment.as_of, jiff::civil::date(2026, 11, 30));
        assert_eq!(m.header.len(), 1);
        assert_eq!(m.header[0].key, "organization");
    }
}
