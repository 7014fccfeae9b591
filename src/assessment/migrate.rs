//! Carrying an assessment to the loaded catalogue's content version.
//!
//! The catalogue lists every retired requirement id with its successors. An answer to a
//! retired id moves to its successor; one answer that became several (a split) is copied to
//! each and marked for review; several that became one (a merge) are combined, the lowest
//! rating kept and every note, evidence reference and action carried, and marked for
//! review. Nothing is dropped: an answer with nowhere to go stays under its id, as the
//! loader keeps every id the catalogue does not know, and so do the capability ratings of
//! a process the catalogue no longer rates (listed in [`Migration::capability_kept`]).

use super::{Answer, Assessment, Rating};
use crate::catalogue::Catalogue;
use serde::Serialize;
use std::collections::BTreeMap;

/// What happened to one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MoveKind {
    /// Moved to its one successor.
    Moved,
    /// Copied to each of several successors, each marked for review.
    Split,
    /// Combined with other answers into one successor, marked for review.
    Merged,
    /// Its successor already had an answer of its own: kept under the old id.
    Conflict,
    /// Retired with no successor: kept under the old id, not scored.
    Dropped,
    /// An id the catalogue has never had: kept as it is, not scored.
    Unknown,
}

/// One answer's move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Move {
    /// The id the answer was given to.
    pub from: String,
    /// Where it went (empty when it stayed).
    pub to: Vec<String>,
    /// What happened.
    pub kind: MoveKind,
    /// Why, in words (the catalogue's reason for retiring the id, or the conflict).
    pub why: String,
}

/// The result of a migration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Migration {
    /// The catalogue version the file named.
    pub from_version: String,
    /// The version it now names.
    pub to_version: String,
    /// Every answer that moved or could not, by old id.
    pub moves: Vec<Move>,
    /// Processes whose capability ratings stay under an id this catalogue does not rate
    /// (not scored), in id order.
    pub capability_kept: Vec<String>,
}

/// Migrates `a` in place to catalogue `c`, listing every move.
pub fn migrate(c: &Catalogue, a: &mut Assessment) -> Migration {
    let from_version = std::mem::replace(&mut a.catalogue.version, c.version.clone());
    let mut old: Vec<String> = a
        .answers
        .keys()
        .filter(|id| c.requirement(id).is_none())
        .cloned()
        .collect();
    // Clause by clause: `4.1-1` before `10.1-2`, `8.5.1-2` before `8.5.1-10`.
    old.sort_by_cached_key(|id| natural(id));

    let mut moves = Vec::new();
    // Successor index -> the old ids whose answers go there, in id order.
    let mut incoming: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for id in &old {
        let why = c.retired(id).map(|r| r.reason.clone()).unwrap_or_default();
        let successors = c.successors(id);
        if successors.is_empty() {
            let kind = if c.retired(id).is_some() {
                MoveKind::Dropped
            } else {
                MoveKind::Unknown
            };
            moves.push(Move {
                from: id.clone(),
                to: Vec::new(),
                kind,
                why,
            });
            continue;
        }
        let (free, taken): (Vec<usize>, Vec<usize>) = successors
            .into_iter()
            .partition(|&s| !a.answers.contains_key(&c.requirements[s].id));
        if free.is_empty() {
            let ids: Vec<&str> = taken
                .iter()
                .map(|&s| c.requirements[s].id.as_str())
                .collect();
            moves.push(Move {
                from: id.clone(),
                to: Vec::new(),
                kind: MoveKind::Conflict,
                why: format!(
                    "{} already answered; this answer stays under {id}, not scored",
                    ids.join(", ")
                ),
            });
            continue;
        }
        for &s in &free {
            incoming.entry(s).or_default().push(id.clone());
        }
        moves.push(Move {
            from: id.clone(),
            to: free.iter().map(|&s| c.requirements[s].id.clone()).collect(),
            kind: if free.len() > 1 {
                MoveKind::Split
            } else {
                MoveKind::Moved
            },
            why,
        });
    }

    // Build every successor's answer before removing anything.
    let mut built: Vec<(String, Answer)> = Vec::new();
    for (&s, from) in &incoming {
        let target = &c.requirements[s].id;
        let sources: Vec<(&str, &Answer)> = from
            .iter()
            .filter_map(|id| a.answers.get(id).map(|x| (id.as_str(), x)))
            .collect();
        let split_from: Vec<&str> = from
            .iter()
            .filter(|id| c.successors(id).len() > 1)
            .map(String::as_str)
            .collect();
        let mut answer = combine(&sources);
        let mut review = Vec::new();
        if sources.len() > 1 {
            review.push(format!(
                "merged from {}: the lowest rating was kept; check it and the combined note",
                from.join(", ")
            ));
        }
        if !split_from.is_empty() {
            review.push(format!(
                "carried from {} (split into several questions): check that the rating fits this one",
                split_from.join(", ")
            ));
        }
        if !review.is_empty() {
            answer.review = Some(review.join("; "));
        }
        built.push((target.clone(), answer));
    }
    let merged = |id: &str| {
        c.requirement_position(id)
            .and_then(|s| incoming.get(&s))
            .is_some_and(|from| from.len() > 1)
    };
    for m in &mut moves {
        if m.kind == MoveKind::Moved && merged(&m.to[0]) {
            m.kind = MoveKind::Merged;
        }
    }
    for id in incoming.values().flatten() {
        a.answers.remove(id);
    }
    for (id, answer) in built {
        a.answers.insert(id, answer);
    }
    let processes = c.processes();
    let capability_kept = a
        .capability
        .keys()
        .filter(|id| !processes.iter().any(|p| &p.id == *id))
        .cloned()
        .collect();
    Migration {
        from_version,
        to_version: c.version.clone(),
        moves,
        capability_kept,
    }
}

/// One answer from several: the lowest rating, every note (labelled with its old id when
/// there are several), every evidence reference once, the first action, any other action
/// kept as text in the note.
fn combine(sources: &[(&str, &Answer)]) -> Answer {
    let (_, first) = sources[0];
    if sources.len() == 1 {
        let mut a = first.clone();
        a.review = None;
        return a;
    }
    let rating = sources
        .iter()
        .map(|(_, a)| a.rating)
        .min_by_key(|r| match r {
            Rating::Level(l) => *l,
            Rating::NotApplicable => usize::MAX,
        })
        .unwrap_or(first.rating);
    let mut out = Answer::rated(rating);
    let mut notes = Vec::new();
    let mut action_notes = Vec::new();
    for (id, a) in sources {
        if let Some(n) = &a.note {
            notes.push(format!("[{id}] {n}"));
        }
        append(&mut out.gap, id, a.gap.as_deref());
        append(&mut out.recommendation, id, a.recommendation.as_deref());
        for e in &a.evidence {
            if !out.evidence.contains(e) {
                out.evidence.push(e.clone());
            }
        }
        for i in &a.interviewees {
            if !out.interviewees.contains(i) {
                out.interviewees.push(i.clone());
            }
        }
        match (&out.action, &a.action) {
            (None, Some(x)) => out.action = Some(x.clone()),
            (Some(_), Some(x)) => action_notes.push(format!(
                "[{id}] action also planned: {} (owner {}, due {}, {})",
                x.what,
                x.owner.as_deref().unwrap_or("none"),
                x.due.map_or("none".to_string(), |d| d.to_string()),
                x.status.id()
            )),
            _ => {}
        }
        out.operated_by = out.operated_by.take().or_else(|| a.operated_by.clone());
        out.method = out.method.or(a.method);
        out.assessor = out.assessor.take().or_else(|| a.assessor.clone());
        out.answered = out.answered.max(a.answered);
    }
    notes.extend(action_notes);
    out.note = (!notes.is_empty()).then(|| notes.join("\n"));
    out
}

/// Adds `[id] text` as a line of its own to a combined free-text field.
fn append(slot: &mut Option<String>, id: &str, text: Option<&str>) {
    if let Some(v) = text {
        *slot = Some(match slot.take() {
            None => format!("[{id}] {v}"),
            Some(prev) => format!("{prev}\n[{id}] {v}"),
        });
    }
}

/// A sort key that orders numbers within ids by value.
fn natural(id: &str) -> Vec<(u64, String)> {
    id.split(['.', '-'])
        .map(|part| match part.parse::<u64>() {
            Ok(n) => (n, String::new()),
            Err(_) => (u64::MAX, part.to_string()),
        })
        .collect()
}
