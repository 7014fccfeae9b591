//! Gap reports: the context every template receives, the built-in Markdown and HTML
//! templates, CSV and JSON, and the tera wrapper.

pub mod context;
pub mod csv;
pub mod template;

use crate::error::Result;
use context::Context;
use template::Templates;

/// The built-in templates, by the file name `--init-templates` writes them under.
pub const BUILT_IN: [(&str, &str); 2] = [
    ("report.md.tera", include_str!("templates/report.md.tera")),
    (
        "report.html.tera",
        include_str!("templates/report.html.tera"),
    ),
];

/// What to render.
#[derive(Debug, Clone, Copy)]
pub enum Kind<'a> {
    /// The built-in Markdown report.
    Markdown,
    /// The built-in HTML report.
    Html,
    /// One CSV row per requirement.
    Csv,
    /// The context as JSON.
    Json,
    /// A user's template: the name shown in messages (its path) and its text.
    Custom {
        /// The path as the user gave it.
        shown: &'a str,
        /// The template text.
        source: &'a str,
    },
}

/// Renders a report.
pub fn render(ctx: &Context<'_>, kind: Kind<'_>) -> Result<String> {
    let (name, shown, source) = match kind {
        Kind::Json => {
            let mut text = serde_json::to_string_pretty(ctx).unwrap_or_default();
            text.push('\n');
            return Ok(text);
        }
        Kind::Csv => return Ok(csv::render(ctx)),
        Kind::Markdown => ("report.md", "<built-in report.md.tera>", BUILT_IN[0].1),
        Kind::Html => ("report.html", "<built-in report.html.tera>", BUILT_IN[1].1),
        Kind::Custom { shown, source } => (shown, shown, source),
    };
    let mut t = Templates::new();
    t.add(name, shown, source)?;
    let context = tera::Context::from_serialize(ctx).map_err(|e| {
        crate::error::Error::Invalid(vec![crate::error::Diagnostic::file(
            shown,
            format!("cannot build the template context: {e}"),
        )])
    })?;
    t.render(name, &context)
}
