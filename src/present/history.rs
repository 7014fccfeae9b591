//! `history`: readiness over the versions of a file, as a table, Markdown and JSON.

use crate::output::Output;
use crate::progress::history::{Outcome, Version};
use crate::report::template::markdown_escape;
use crate::safe::one_line;
use schemars::JsonSchema;
use serde::Serialize;

/// The stable JSON of `history --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct HistoryView<'a> {
    /// The file as given.
    pub file: &'a str,
    /// The catalogue every version was scored with.
    pub catalogue: CatalogueView<'a>,
    /// Every version, oldest first; the working tree last when it differs.
    pub versions: &'a [Version],
}

/// The catalogue in the JSON.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CatalogueView<'a> {
    /// Its id.
    pub id: &'a str,
    /// Its content version.
    pub version: &'a str,
}

/// The cells of one row, in the order of [`HEADER`].
fn cells(v: &Version, before: Option<&Version>) -> Vec<String> {
    let name = match &v.origin.commit {
        Some(c) => c.chars().take(10).collect(),
        None => "working tree".to_string(),
    };
    let date = v
        .origin
        .date
        .as_deref()
        .map(|d| d.chars().take(10).collect())
        .unwrap_or_default();
    let author = one_line(v.origin.author.as_deref().unwrap_or_default());
    match &v.outcome {
        Outcome::Scored(p) => {
            let change = match before.map(|b| &b.outcome) {
                Some(Outcome::Scored(b)) => p.readiness.delta_from(b.readiness),
                _ => String::new(),
            };
            let mut verdict = p.verdict_label.clone();
            if p.migrated {
                verdict.push_str(&format!(" (catalogue {}, migrated)", p.catalogue_version));
            }
            vec![
                name,
                date,
                author,
                p.readiness.to_string(),
                change,
                p.coverage.to_string(),
                p.findings.major.to_string(),
                p.findings.systemic.to_string(),
                p.findings.minor.to_string(),
                p.findings.observation.to_string(),
                verdict,
            ]
        }
        Outcome::Unreadable { error } => {
            let mut row = vec![name, date, author];
            row.extend(std::iter::repeat_n(String::new(), 7));
            row.push(format!("unreadable: {}", one_line(error)));
            row
        }
    }
}

const HEADER: [&str; 11] = [
    "Version",
    "Date",
    "Author",
    "Readiness",
    "Change",
    "Coverage",
    "Major",
    "Systemic",
    "Minor",
    "Obs.",
    "Verdict",
];

/// The rows, each with the last scored version before it.
fn rows(versions: &[Version]) -> Vec<Vec<String>> {
    let mut last: Option<&Version> = None;
    let mut out = Vec::with_capacity(versions.len());
    for v in versions {
        out.push(cells(v, last));
        if matches!(v.outcome, Outcome::Scored(_)) {
            last = Some(v);
        }
    }
    out
}

/// The history as a table for people.
pub fn table(file: &str, versions: &[Version], out: &Output) -> String {
    let mut t = super::table::new(out.width);
    t.set_header(HEADER.to_vec());
    for r in rows(versions) {
        t.add_row(r);
    }
    format!(
        "{}\n{}: {} version{}",
        super::table::render(&mut t, out.painter()),
        one_line(file),
        versions.len(),
        if versions.len() == 1 { "" } else { "s" }
    )
}

/// The history as a Markdown table, for a CI job summary or a pull-request comment.
pub fn markdown(file: &str, versions: &[Version]) -> String {
    let mut t = format!(
        "### Readiness history of `{}`\n\n| {} |\n|{}\n",
        one_line(file).replace('`', "'"),
        HEADER.join(" | "),
        HEADER
            .iter()
            .enumerate()
            .map(|(i, _)| if (3..10).contains(&i) {
                "---:|"
            } else {
                "---|"
            })
            .collect::<String>()
    );
    for r in rows(versions) {
        let cells: Vec<String> = r.iter().map(|c| markdown_escape(c)).collect();
        t.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    t
}
