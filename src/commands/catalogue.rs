//! `iso20k catalogue list | show | validate`.

use crate::catalogue::raw::Defaults;
use crate::catalogue::{self, Catalogue};
use crate::cli::{CatalogueCommand, TableOrJson, TextOrJson};
use crate::error::{Error, Result};
use crate::output::Output;
use crate::present::catalogue::{json, list_table, requirement_text};
use crate::source::Source;
use std::path::Path;

/// Runs `catalogue list` and `catalogue show`.
pub fn run(c: &Catalogue, cmd: CatalogueCommand, out: &mut Output) -> Result<u8> {
    match cmd {
        CatalogueCommand::List { depth, format } => {
            match format {
                TableOrJson::Json => out.json(&json(&c.to_raw()))?,
                TableOrJson::Table => out.text(&list_table(c, depth as usize, out))?,
            }
            Ok(0)
        }
        CatalogueCommand::Show { id, format } => show(c, &id, format, out),
        CatalogueCommand::Validate { .. } => Ok(0),
    }
}

/// Runs `catalogue validate PATH`.
pub fn validate(path: &Path, out: &mut Output) -> Result<u8> {
    let c = catalogue::load(&Source::read(path)?)?;
    out.text(&format!(
        "{}: valid catalogue `{}` version {} ({}): {} headings, {} leaves, {} requirements",
        path.display(),
        c.id,
        c.version,
        c.edition,
        c.clauses.len(),
        c.leaf_count(),
        c.requirements.len()
    ))?;
    Ok(0)
}

fn show(c: &Catalogue, id: &str, format: TextOrJson, out: &mut Output) -> Result<u8> {
    if let Some(ix) = c.clause_position(id) {
        match format {
            TextOrJson::Json => out.json(&json(&c.raw_clause(ix, Defaults::Resolved)))?,
            TextOrJson::Text => {
                let cl = &c.clauses[ix];
                let mut text = format!("{} {}\n", cl.id, cl.title);
                let path: Vec<String> = c
                    .ancestry(ix)
                    .iter()
                    .map(|&a| format!("{} {}", c.clauses[a].id, c.clauses[a].title))
                    .collect();
                text.push_str(&format!("in: {}\n", path.join(" > ")));
                for &child in &cl.children {
                    let ch = &c.clauses[child];
                    text.push_str(&format!(
                        "  {} {} ({} requirements)\n",
                        ch.id,
                        ch.title,
                        ch.requirements.len()
                    ));
                }
                if cl.is_leaf() {
                    for r in &c.requirements[cl.requirements.clone()] {
                        text.push('\n');
                        text.push_str(&requirement_text(c, r));
                    }
                }
                out.text(&text)?;
            }
        }
        return Ok(0);
    }
    if let Some(r) = c.requirement(id) {
        match format {
            TextOrJson::Json => out.json(&json(&c.raw_requirement(r, Defaults::Resolved)))?,
            TextOrJson::Text => {
                let cl = &c.clauses[r.clause];
                out.text(&format!(
                    "{} {}\n\n{}",
                    cl.id,
                    cl.title,
                    requirement_text(c, r)
                ))?;
            }
        }
        return Ok(0);
    }
    let all = c
        .clauses
        .iter()
        .map(|x| x.id.as_str())
        .chain(c.requirements.iter().map(|r| r.id.as_str()));
    let hint = crate::error::closest(id, all)
        .map(|s| format!(" Did you mean `{s}`?"))
        .unwrap_or_default();
    Err(Error::Usage(format!(
        "no clause or requirement `{id}` in catalogue `{}`.{hint} Clause numbers look like 8.5.1, requirement ids like 8.5.1.3-2; `iso20k catalogue list` shows them all.",
        c.id
    )))
}
