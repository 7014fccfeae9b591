//! The limits on what one answer may hold, checked in one place for every way an answer
//! arrives (a file, `iso20k answer`, the questionnaire), so that whatever iso20k accepts it
//! also saves and reads back.
//!
//! The limits on whole files are beside the code that reads them:
//! [`MAX_INPUT_BYTES`](crate::source::MAX_INPUT_BYTES) (16 MiB),
//! [`MAX_NODES`](crate::yaml::MAX_NODES) (1,000,000 values) and
//! [`MAX_DEPTH`](crate::yaml::MAX_DEPTH) (128 levels). The README's "Input limits" lists
//! them all, with the reasons.

use crate::assessment::Answer;

/// Evidence references in one answer: 200. An auditor samples; a list longer than this is
/// an export pasted by mistake, and every one of its items is repeated in every report.
pub const MAX_EVIDENCE: usize = 200;
/// People interviewed for one answer: 50.
pub const MAX_INTERVIEWEES: usize = 50;
/// Characters in one free text (note, gap, recommendation, action, review): 20,000, some
/// eight pages; a longer text belongs in a document the answer's evidence names.
pub const MAX_TEXT: usize = 20_000;
/// Characters in one name or reference (owner, assessor, interviewee, evidence): 2,000,
/// room for the longest URL a browser keeps.
pub const MAX_NAME: usize = 2_000;

/// One answer's fields over a limit: the key below the answer (`note`, `evidence`,
/// `action.what`) and what is wrong.
pub fn check(a: &Answer) -> Vec<(String, String)> {
    let mut over = Vec::new();
    let mut text = |key: &str, value: Option<&str>, limit: usize| {
        if let Some(v) = value {
            let n = v.chars().count();
            if n > limit {
                over.push((
                    key.to_string(),
                    format!("{n} characters, over the limit of {limit}"),
                ));
            }
        }
    };
    text("note", a.note.as_deref(), MAX_TEXT);
    text("gap", a.gap.as_deref(), MAX_TEXT);
    text("recommendation", a.recommendation.as_deref(), MAX_TEXT);
    text("review", a.review.as_deref(), MAX_TEXT);
    text("assessor", a.assessor.as_deref(), MAX_NAME);
    if let Some(x) = &a.action {
        text("action.what", Some(&x.what), MAX_TEXT);
        text("action.owner", x.owner.as_deref(), MAX_NAME);
    }
    for (i, e) in a.evidence.iter().take(MAX_EVIDENCE).enumerate() {
        text(&format!("evidence[{i}]"), Some(&e.reference), MAX_NAME);
    }
    for (i, name) in a.interviewees.iter().take(MAX_INTERVIEWEES).enumerate() {
        text(&format!("interviewees[{i}]"), Some(name), MAX_NAME);
    }
    for (key, n, limit) in [
        ("evidence", a.evidence.len(), MAX_EVIDENCE),
        ("interviewees", a.interviewees.len(), MAX_INTERVIEWEES),
    ] {
        if n > limit {
            over.push((
                key.to_string(),
                format!("{n} items, over the limit of {limit}"),
            ));
        }
    }
    over
}
