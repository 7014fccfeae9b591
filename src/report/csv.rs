//! The CSV report: one row per requirement, for spreadsheets.

use super::context::{Context, RequirementView};

/// The header row.
const HEADER: [&str; 12] = [
    "clause", "id", "question", "rating", "score", "finding", "note", "evidence", "action",
    "owner", "due", "status",
];

/// Writes the CSV.
pub fn render_to(ctx: &Context<'_>, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(w);
    w.write_record(HEADER)?;
    for r in &ctx.requirements {
        w.write_record(row(r).iter().map(|s| text_cell(s)))?;
    }
    w.flush()
}

fn row(r: &RequirementView<'_>) -> [String; 12] {
    let evidence: Vec<String> = r
        .evidence
        .iter()
        .map(|e| match &e.reviewed {
            Some(d) => format!("{}@{d}", e.reference),
            None => e.reference.to_string(),
        })
        .collect();
    let action = r.action.as_ref();
    [
        r.clause.to_string(),
        r.id.to_string(),
        r.question.to_string(),
        r.rating.unwrap_or_default().to_string(),
        r.score.map(|s| format!("{s}")).unwrap_or_default(),
        if r.is_answered {
            r.finding.id().to_string()
        } else {
            String::new()
        },
        r.note.unwrap_or_default().to_string(),
        evidence.join("; "),
        action.map(|a| a.what.to_string()).unwrap_or_default(),
        action.and_then(|a| a.owner).unwrap_or_default().to_string(),
        action.and_then(|a| a.due.clone()).unwrap_or_default(),
        action.map(|a| a.status.to_string()).unwrap_or_default(),
    ]
}

/// A cell a spreadsheet will show as text: one starting with `=`, `+`, `-`, `@`, a tab or
/// a carriage return would be read as a formula, so it gets a leading apostrophe.
pub fn text_cell(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}
