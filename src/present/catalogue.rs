//! `catalogue`: the clause tree as a table, one clause or requirement in text, and JSON
//! (the catalogue file's own schema: `catalogue::raw`, so the JSON loads as a catalogue).

use crate::catalogue::{self, Catalogue, Documented};
use crate::output::Output;
use crate::safe::one_line;
use comfy_table::{Cell, CellAlignment};
use serde::Serialize;

/// The clause tree down to `depth`, with requirement counts.
pub fn list_table(c: &Catalogue, depth: usize, out: &Output) -> String {
    let mut t = super::table::new(out.width);
    t.set_header(vec!["Clause", "Title", "Requirements", "Documented"]);
    for cl in c.clauses.iter().filter(|cl| cl.depth <= depth) {
        let n = cl.requirements.len();
        let documented = c.requirements[cl.requirements.clone()]
            .iter()
            .filter(|r| r.documented.is_some())
            .count();
        t.add_row(vec![
            Cell::new(one_line(&cl.id)),
            Cell::new(format!(
                "{}{}",
                "  ".repeat(cl.depth - 1),
                one_line(&cl.title)
            )),
            Cell::new(n).set_alignment(CellAlignment::Right),
            Cell::new(documented).set_alignment(CellAlignment::Right),
        ]);
    }
    format!(
        "{} ({}), catalogue version {}\n{}\n{} headings, {} leaves, {} requirements",
        c.title,
        c.edition,
        c.version,
        super::table::render(&mut t, out.painter()),
        c.clauses.len(),
        c.leaf_count(),
        c.requirements.len()
    )
}

/// The text block of one requirement.
pub fn requirement_text(c: &Catalogue, r: &catalogue::Requirement) -> String {
    let mut s = format!(
        "{}{}\n",
        r.id,
        match r.documented {
            Some(Documented::Document) => "  [document: examined at Stage 1]",
            Some(Documented::Record) => "  [records: sampled at Stage 2]",
            None => "",
        }
    );
    s.push_str(&format!("  Q: {}\n", r.question));
    if !r.guidance.is_empty() {
        s.push_str(&format!("  Guidance: {}\n", r.guidance));
    }
    if !r.evidence.is_empty() {
        s.push_str(&format!("  Evidence: {}\n", r.evidence.join("; ")));
    }
    if !r.interview.is_empty() {
        s.push_str(&format!("  Interview: {}\n", c.role_labels(r).join(", ")));
    }
    if !r.refs.is_empty() {
        let refs: Vec<String> = r
            .refs
            .iter()
            .map(|(i, clause)| format!("{} {clause}", c.references[*i].title))
            .collect();
        s.push_str(&format!("  See also: {}\n", refs.join("; ")));
    }
    if let Some(cap) = r.max_finding {
        s.push_str(&format!("  Most severe finding: {}\n", cap.label()));
    }
    if r.weight != 1.0 {
        s.push_str(&format!("  Weight: {}\n", r.weight));
    }
    s
}

/// Pretty JSON of a view.
pub fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}
