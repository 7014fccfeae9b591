//! `merge`: what a merge of several assessors' files did, for people.

use crate::assessment::merge::{Merged, Why};
use crate::assessment::{Answer, rating_id};
use crate::catalogue::Catalogue;

/// An answer in a few words: rating, who, when, and the start of its note.
fn brief(c: &Catalogue, a: &Answer) -> String {
    let mut t = rating_id(c, a.rating).to_string();
    if let Some(who) = &a.assessor {
        t.push_str(&format!(" by {who}"));
    }
    if let Some(at) = a.answered {
        t.push_str(&format!(" at {at}"));
    }
    if let Some(note) = &a.note {
        let note: String = note.chars().take(60).collect();
        let more = if note.len() < a.note.as_deref().map_or(0, str::len) {
            "..."
        } else {
            ""
        };
        t.push_str(&format!(": \"{note}{more}\""));
    }
    t
}

/// Every conflict with each file's value and the one kept, header differences, then
/// the counts.
pub fn text(c: &Catalogue, names: &[String], out: &str, m: &Merged, written: bool) -> String {
    let mut t = String::new();
    for h in &m.header {
        t.push_str(&format!(
            "header {} differs: {}; {}\n",
            h.key,
            names
                .iter()
                .zip(&h.values)
                .map(|(n, v)| format!("{n}: {v:?}"))
                .collect::<Vec<_>>()
                .join(", "),
            if h.key == "capability" {
                "merged process by process (the preferred file's, else the file named last with one)"
                    .to_string()
            } else {
                format!("kept {}'s", names[0])
            }
        ));
    }
    for x in &m.conflicts {
        t.push_str(&format!(
            "conflict {} ({} differ):\n",
            x.id,
            x.fields.join(", ")
        ));
        for cand in &x.candidates {
            let mark = if cand.file == x.winner {
                "kept"
            } else {
                "    "
            };
            t.push_str(&format!(
                "  {mark} {}: {}\n",
                names[cand.file],
                brief(c, &cand.answer)
            ));
        }
        let why = match x.why {
            Why::Preferred => "the preferred file (--prefer)",
            Why::Later => "answered last",
            Why::LastNamed => "no later answer to tell; the file named last",
        };
        t.push_str(&format!("       ({why})\n"));
    }
    let total: usize = m.taken.iter().sum();
    let from: Vec<String> = names
        .iter()
        .zip(&m.taken)
        .map(|(n, k)| format!("{n} {k}"))
        .collect();
    t.push_str(&format!(
        "{}: {total} answer{} from {} files ({}); {} conflict{}{}",
        out,
        if total == 1 { "" } else { "s" },
        names.len(),
        from.join(", "),
        m.conflicts.len(),
        if m.conflicts.len() == 1 { "" } else { "s" },
        if written { "" } else { " (nothing written)" }
    ));
    t
}
