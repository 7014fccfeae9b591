//! Writing an assessment file: deterministic text in catalogue order, saved atomically.
//!
//! The layout is fixed here, line by line; every string in it goes through
//! [`crate::yaml::emit`], which quotes or escapes it so that every YAML reader, YAML 1.1 ones
//! among them, reads back the same string.

use super::raw::trimmed;
use super::{Answer, Assessment, Evidence, FORMAT, rating_id};
use crate::catalogue::Catalogue;
use crate::error::Result;
use crate::yaml::emit;
use std::fmt::Display;
use std::path::Path;

/// The line under the editor hint: what the file is and how to edit it.
pub const HEADER: &str =
    "# iso20k assessment (format 2). Edit with `iso20k assess` or `iso20k answer`, or by hand.";

/// How the first line of every assessment file starts: the hint with which YAML editors
/// (the YAML language server in VS Code, JetBrains IDEs, Neovim) find the file's JSON Schema.
pub const SCHEMA_HINT: &str = "# yaml-language-server: $schema=";

/// Where that hint points unless the file names its own schema: `assessment.schema.json`
/// beside the file (written by `iso20k schema assessment > assessment.schema.json`).
pub const DEFAULT_SCHEMA: &str = "assessment.schema.json";

/// Renders the file's text: deterministic, in catalogue order.
pub fn render(a: &Assessment, catalogue: &Catalogue) -> String {
    let mut out = String::with_capacity(256 + catalogue.requirements.len() * 200);
    out.push_str(SCHEMA_HINT);
    out.push_str(a.schema.as_deref().unwrap_or(DEFAULT_SCHEMA));
    out.push('\n');
    out.push_str(HEADER);
    out.push('\n');
    typed(&mut out, 0, "format", FORMAT);
    head(&mut out, 0, "catalogue");
    text(&mut out, 2, "id", &catalogue.id);
    text(&mut out, 2, "version", &catalogue.version);
    text(&mut out, 0, "organization", &a.organization);
    text(&mut out, 0, "scope", &a.scope);
    text(&mut out, 0, "assessor", &a.assessor);
    typed(&mut out, 0, "as_of", a.as_of);
    if let Some(d) = a.operating_since {
        typed(&mut out, 0, "operating_since", d);
    }
    capability(&mut out, a, catalogue);
    head(&mut out, 0, "answers");
    for r in &catalogue.requirements {
        out.push('\n');
        entry(&mut out, &r.id, a.answers.get(&r.id), catalogue);
    }
    for id in a.unknown_ids(catalogue) {
        out.push('\n');
        entry(&mut out, id, a.answers.get(id), catalogue);
    }
    out
}

/// One answer, its fields in the order they have always had; free text without the
/// trailing line breaks that reading drops.
fn entry(out: &mut String, id: &str, answer: Option<&Answer>, catalogue: &Catalogue) {
    emit::key(out, id, 2);
    let Some(a) = answer else {
        out.push_str(" ~\n");
        return;
    };
    out.push('\n');
    text(out, 4, "rating", rating_id(catalogue, a.rating));
    if let Some(n) = &a.note {
        text(out, 4, "note", trimmed(n));
    }
    if !a.evidence.is_empty() {
        head(out, 4, "evidence");
        for e in &a.evidence {
            evidence(out, e);
        }
    }
    if let Some(f) = a.finding {
        text(out, 4, "finding", f.id());
    }
    if let Some(p) = &a.operated_by {
        text(out, 4, "operated_by", p);
    }
    if let Some(g) = &a.gap {
        text(out, 4, "gap", trimmed(g));
    }
    if let Some(r) = &a.recommendation {
        text(out, 4, "recommendation", trimmed(r));
    }
    if let Some(x) = &a.action {
        head(out, 4, "action");
        text(out, 6, "what", trimmed(&x.what));
        if let Some(o) = &x.owner {
            text(out, 6, "owner", trimmed(o));
        }
        if let Some(d) = x.due {
            typed(out, 6, "due", d);
        }
        text(out, 6, "status", x.status.id());
        if let Some(t) = x.target {
            text(out, 6, "target", &catalogue.scale[t].id);
        }
    }
    if let Some(who) = &a.assessor {
        text(out, 4, "assessor", trimmed(who));
    }
    if !a.interviewees.is_empty() {
        head(out, 4, "interviewees");
        for who in &a.interviewees {
            out.push_str("    - ");
            emit::value(out, trimmed(who), 4);
        }
    }
    if let Some(m) = a.method {
        text(out, 4, "method", m.id());
    }
    if let Some(r) = &a.review {
        text(out, 4, "review", trimmed(r));
    }
    if let Some(t) = a.answered {
        typed(out, 4, "answered", t);
    }
}

/// The `capability` mapping, processes in catalogue order, then any the catalogue does not
/// rate (kept by the loader) in id order; attributes in level order; left out while empty.
fn capability(out: &mut String, a: &Assessment, catalogue: &Catalogue) {
    let processes = catalogue.processes();
    let unknown = a
        .capability
        .iter()
        .filter(|(id, _)| !processes.iter().any(|c| &c.id == *id));
    let rated: Vec<_> = processes
        .iter()
        .filter_map(|c| a.capability.get(&c.id).map(|pc| (&c.id, pc)))
        .chain(unknown)
        .filter(|(_, pc)| !pc.is_empty())
        .collect();
    if rated.is_empty() {
        return;
    }
    head(out, 0, "capability");
    for (id, pc) in rated {
        head(out, 2, id);
        if !pc.attributes.is_empty() {
            head(out, 4, "attributes");
            for attr in crate::capability::LEVELS.iter().flat_map(|l| l.iter()) {
                if let Some(r) = pc.attributes.get(*attr) {
                    text(out, 6, attr, r.id());
                }
            }
        }
        if let Some(t) = pc.target {
            typed(out, 4, "target", t);
        }
    }
}

/// An evidence item: the bare reference, or `ref` and `reviewed` when it has a date.
fn evidence(out: &mut String, e: &Evidence) {
    out.push_str("    - ");
    let reference = trimmed(&e.reference);
    match e.reviewed {
        None => emit::value(out, reference, 4),
        Some(d) => {
            out.push_str("ref: ");
            emit::value(out, reference, 6);
            typed(out, 6, "reviewed", d);
        }
    }
}

/// `name:` opening a nested block.
fn head(out: &mut String, indent: usize, name: &str) {
    emit::key(out, name, indent);
    out.push('\n');
}

/// `name: value` for a string.
fn text(out: &mut String, indent: usize, name: &str, value: &str) {
    emit::key(out, name, indent);
    out.push(' ');
    emit::value(out, value, indent);
}

/// `name: value` for a number, date or timestamp, written plain so that YAML reads it as
/// one (their text is digits, `-`, `+`, `:`, `.`, `T` and `Z`).
fn typed(out: &mut String, indent: usize, name: &str, value: impl Display) {
    emit::key(out, name, indent);
    out.push(' ');
    out.push_str(&value.to_string());
    out.push('\n');
}

/// Writes the assessment to `path` atomically; refuses (leaving the file as it was) a
/// text over the input limit, which iso20k could not read back.
pub fn save(path: &Path, a: &Assessment, catalogue: &Catalogue) -> Result<()> {
    let text = render(a, catalogue);
    let limit = crate::source::MAX_INPUT_BYTES;
    if text.len() as u64 > limit {
        return Err(crate::error::Error::invalid(
            crate::error::Diagnostic::file(
                path.display().to_string(),
                format!(
                    "not saved: the file would be {} bytes, over the {} MiB limit iso20k reads; it is left as it was",
                    text.len(),
                    limit / 1024 / 1024
                ),
            )
            .with_help("shorten the longest notes or evidence lists"),
        ));
    }
    crate::fs::write_atomic(path, text.as_bytes())
}
