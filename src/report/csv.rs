//! The CSV report: one row per requirement, for spreadsheets.

use super::context::{Context, RequirementView};

/// The UTF-8 byte order mark `--bom` writes first.
pub const BOM: &[u8] = "\u{feff}".as_bytes();

/// How a CSV file is written: `,` and no byte order mark unless asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Start with a UTF-8 byte order mark (Excel on Windows needs it to read UTF-8).
    pub bom: bool,
    /// The field separator.
    pub delimiter: u8,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            bom: false,
            delimiter: b',',
        }
    }
}

impl Style {
    /// A writer of records in this style, lines ended with CRLF as RFC 4180 says. The byte
    /// order mark is the caller's to write (on stdout it must bypass the printing filter).
    pub fn writer<W: std::io::Write>(self, w: W) -> ::csv::Writer<W> {
        ::csv::WriterBuilder::new()
            .delimiter(self.delimiter)
            .terminator(::csv::Terminator::CRLF)
            .from_writer(w)
    }
}

/// The header row.
const HEADER: [&str; 22] = [
    "clause",
    "clause_title",
    "id",
    "question",
    "documented",
    "rating",
    "score",
    "finding",
    "finding_overridden",
    "note",
    "gap",
    "recommendation",
    "evidence",
    "evidence_reviewed",
    "action",
    "owner",
    "due",
    "status",
    "target",
    "operated_by",
    "assessor",
    "answered",
];

/// Writes the CSV, after the byte order mark when the style asks for one.
pub fn render_to(
    ctx: &Context<'_>,
    style: Style,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    if style.bom {
        w.write_all(BOM)?;
    }
    let mut w = style.writer(w);
    w.write_record(HEADER)?;
    for r in &ctx.requirements {
        w.write_record(row(r).iter().map(|s| text_cell(s)))?;
    }
    w.flush()
}

fn row(r: &RequirementView<'_>) -> [String; 22] {
    // References and their review dates in two columns, in the same order, joined alike.
    let evidence: Vec<&str> = r.evidence.iter().map(|e| e.reference).collect();
    let reviewed: Vec<&str> = r
        .evidence
        .iter()
        .map(|e| e.reviewed.as_deref().unwrap_or_default())
        .collect();
    let reviewed = if reviewed.iter().all(|d| d.is_empty()) {
        String::new()
    } else {
        reviewed.join("; ")
    };
    let action = r.action.as_ref();
    let text = |s: Option<&str>| s.unwrap_or_default().to_string();
    [
        r.clause.to_string(),
        r.clause_title.to_string(),
        r.id.to_string(),
        r.question.to_string(),
        r.documented.map(|d| d.id().to_string()).unwrap_or_default(),
        text(r.rating),
        r.score.map(|s| format!("{s}")).unwrap_or_default(),
        if r.is_answered {
            r.finding.id().to_string()
        } else {
            String::new()
        },
        if r.finding_overridden { "yes" } else { "" }.to_string(),
        text(r.note),
        text(r.gap),
        text(r.recommendation),
        evidence.join("; "),
        reviewed,
        action.map(|a| a.what.to_string()).unwrap_or_default(),
        text(action.and_then(|a| a.owner)),
        action.and_then(|a| a.due.clone()).unwrap_or_default(),
        action.map(|a| a.status.to_string()).unwrap_or_default(),
        action.map(|a| a.target.to_string()).unwrap_or_default(),
        text(r.operated_by),
        if r.is_answered {
            text(r.assessor)
        } else {
            String::new()
        },
        // The day, as a spreadsheet sorts it; the time is in the JSON.
        r.answered_at
            .as_deref()
            .map(|t| t.get(..10).unwrap_or(t).to_string())
            .unwrap_or_default(),
    ]
}

/// A cell a spreadsheet will show as text: one starting with `=`, `+`, `-`, `@`, a tab or
/// a carriage return would be read as a formula, so it gets a leading apostrophe; so does
/// one that starts with an apostrophe, so that `iso20k import` can take exactly one off.
pub fn text_cell(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\'') => format!("'{s}"),
        _ => s.to_string(),
    }
}
