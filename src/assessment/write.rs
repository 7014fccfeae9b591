//! Writing an assessment file: deterministic text in catalogue order, saved atomically.

use super::raw::{DatedEvidence, RawAction, RawAnswer, RawEvidence, clean};
use super::{Answer, Assessment, CatalogueRef, FORMAT, rating_id};
use crate::catalogue::Catalogue;
use crate::error::Result;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The first line of every assessment file.
pub const HEADER: &str =
    "# iso20k assessment (format 2). Edit with `iso20k assess` or `iso20k answer`, or by hand.";

#[derive(Serialize)]
struct Head<'a> {
    format: u32,
    catalogue: CatalogueRef,
    organization: &'a str,
    scope: &'a str,
    assessor: &'a str,
    as_of: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    operating_since: Option<Date>,
}

/// Renders the file's text: deterministic, in catalogue order.
pub fn render(a: &Assessment, catalogue: &Catalogue) -> String {
    let head = Head {
        format: FORMAT,
        catalogue: CatalogueRef {
            id: catalogue.id.clone(),
            version: catalogue.version.clone(),
        },
        organization: &a.organization,
        scope: &a.scope,
        assessor: &a.assessor,
        as_of: a.as_of,
        operating_since: a.operating_since,
    };
    let mut out = String::with_capacity(256 + catalogue.requirements.len() * 200);
    out.push_str(HEADER);
    out.push('\n');
    out.push_str(&to_yaml(&head));
    out.push_str("answers:\n");
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

fn entry(out: &mut String, id: &str, answer: Option<&Answer>, catalogue: &Catalogue) {
    let Some(a) = answer else {
        let mut one = BTreeMap::new();
        one.insert(id, ());
        push_indented(out, &to_yaml(&one).replace(": null", ": ~"));
        return;
    };
    let raw = RawAnswer {
        rating: rating_id(catalogue, a.rating).to_string(),
        note: a.note.clone().map(clean),
        evidence: a
            .evidence
            .iter()
            .map(|e| match e.reviewed {
                None => RawEvidence::Plain(clean(e.reference.clone())),
                Some(d) => RawEvidence::Dated(DatedEvidence {
                    reference: clean(e.reference.clone()),
                    reviewed: Some(d),
                }),
            })
            .collect(),
        finding: a.finding,
        operated_by: a.operated_by.clone(),
        action: a.action.as_ref().map(|x| RawAction {
            what: clean(x.what.clone()),
            owner: x.owner.clone().map(clean),
            due: x.due,
            status: x.status,
            target: x.target.map(|t| catalogue.scale[t].id.clone()),
        }),
        gap: a.gap.clone(),
        recommendation: a.recommendation.clone(),
        assessor: a.assessor.clone(),
        interviewees: a.interviewees.clone(),
        method: a.method,
        review: a.review.clone(),
        answered: a.answered,
    };
    let mut one = BTreeMap::new();
    one.insert(id, raw);
    push_indented(out, &to_yaml(&one));
}

fn push_indented(out: &mut String, text: &str) {
    for line in text.lines() {
        if !line.is_empty() {
            out.push_str("  ");
        }
        out.push_str(line);
        out.push('\n');
    }
}

fn to_yaml<T: Serialize>(value: &T) -> String {
    // Serializing plain data (strings, dates, numbers) into YAML cannot fail.
    serde_yaml::to_string(value).unwrap_or_else(|e| format!("# unserializable: {e}\n"))
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
