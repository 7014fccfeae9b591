//! Gap reports: the context every template receives, the built-in Markdown and HTML
//! templates, the Word report, CSV, JSON, OSCAL assessment results, the Excel workbook, the
//! brand file, and the tera wrapper.

pub mod brand;
pub mod context;
pub mod csv;
pub mod docx;
pub mod oscal;
pub mod png;
pub mod template;
pub mod words;
pub mod xlsx;

use crate::error::{Error, Result};
use context::Context;
use std::io::Write;
use std::path::Path;
use template::Templates;

/// The built-in templates, by the file name `--init-templates` writes them under.
pub const BUILT_IN: [(&str, &str); 2] = [
    ("report.md.tera", include_str!("templates/report.md.tera")),
    (
        "report.html.tera",
        include_str!("templates/report.html.tera"),
    ),
];

/// Who a report is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// Everything, with the per-requirement appendix.
    #[default]
    Full,
    /// A client's management: findings with their gap, recommendation and action side by
    /// side, observations in one table, the method and its limits, no appendix, and only
    /// what was assessed in an interim report.
    Client,
}

/// What to render.
#[derive(Debug, Clone, Copy)]
pub enum Format<'a> {
    /// The built-in Markdown report.
    Markdown,
    /// The built-in HTML report.
    Html,
    /// One CSV row per requirement, in a style.
    Csv(csv::Style),
    /// The context as JSON.
    Json,
    /// OSCAL 1.2 assessment results (JSON).
    Oscal,
    /// The Excel workbook, with the questionnaire `iso20k import` reads back.
    Xlsx(xlsx::Input<'a>),
    /// The Word report (a binary file).
    Docx,
    /// A user's template: the name shown in messages (its path) and its text.
    Custom {
        /// The path as the user gave it.
        shown: &'a str,
        /// The template text.
        source: &'a str,
    },
}

/// Renders a report into a string (tests, fuzzing, small outputs).
pub fn render(ctx: &Context<'_>, kind: Format<'_>) -> Result<String> {
    let mut out = Vec::new();
    render_to(ctx, kind, &mut out)?;
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// Renders a report into a writer, piece by piece, so that a large report is never held
/// whole in memory.
pub fn render_to(ctx: &Context<'_>, kind: Format<'_>, w: &mut dyn Write) -> Result<()> {
    let io = |e: std::io::Error| Error::io("cannot write the report to", Path::new("<output>"), e);
    let (name, shown, source) = match kind {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *w, ctx).map_err(|e| io(std::io::Error::other(e)))?;
            return w.write_all(b"\n").map_err(io);
        }
        Format::Csv(style) => return csv::render_to(ctx, style, w).map_err(io),
        Format::Oscal => {
            return oscal::render_to(ctx, w).map_err(|e| match e {
                oscal::RenderError::Io(e) => io(e),
                oscal::RenderError::Date(d) => Error::Usage(d.to_string()),
            });
        }
        Format::Xlsx(input) => return xlsx::render_to(ctx, input, w),
        Format::Docx => {
            let bytes = docx::render(ctx)
                .map_err(|e| Error::Usage(format!("cannot build the Word report: {e}")))?;
            return w.write_all(&bytes).map_err(io);
        }
        Format::Markdown => ("report.md", "<built-in report.md.tera>", BUILT_IN[0].1),
        Format::Html => ("report.html", "<built-in report.html.tera>", BUILT_IN[1].1),
        Format::Custom { shown, source } => (shown, shown, source),
    };
    let mut t = Templates::new();
    t.add(name, shown, source)?;
    t.render_to(name, &context::to_tera(ctx), w)
}
