//! `iso20k catalogue list | show | validate`.

use crate::catalogue::{self, Catalogue, Clause, Rule, Selector};
use crate::cli::{CatalogueCommand, TableOrJson, TextOrJson};
use crate::error::{Error, Result};
use crate::output::Output;
use crate::source::Source;
use comfy_table::{Cell, CellAlignment};
use serde::Serialize;
use std::io;
use std::path::Path;

/// Runs `catalogue list` and `catalogue show`.
pub fn run(c: &Catalogue, cmd: CatalogueCommand, out: &mut Output) -> io::Result<u8> {
    match cmd {
        CatalogueCommand::List { depth, format } => {
            match format {
                TableOrJson::Json => out.data(&json(&CatalogueView::new(c)))?,
                TableOrJson::Table => out.data(&list_table(c, depth as usize, out.width))?,
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
    out.data(&format!(
        "{}: valid catalogue `{}` version {} ({}): {} headings, {} leaves, {} requirements",
        path.display(),
        c.id,
        c.version,
        c.edition,
        c.clauses.len(),
        c.leaf_count(),
        c.requirements.len()
    ))
    .map_err(|e| Error::io("cannot write to", Path::new("<stdout>"), e))?;
    Ok(0)
}

fn list_table(c: &Catalogue, depth: usize, width: Option<u16>) -> String {
    let mut t = super::table::new(width);
    t.set_header(vec!["Clause", "Title", "Requirements", "Documented"]);
    for cl in c.clauses.iter().filter(|cl| cl.depth <= depth) {
        let n = cl.requirements.len();
        let documented = c.requirements[cl.requirements.clone()]
            .iter()
            .filter(|r| r.documented)
            .count();
        t.add_row(vec![
            Cell::new(&cl.id),
            Cell::new(format!("{}{}", "  ".repeat(cl.depth - 1), cl.title)),
            Cell::new(n).set_alignment(CellAlignment::Right),
            Cell::new(documented).set_alignment(CellAlignment::Right),
        ]);
    }
    format!(
        "{} ({}), catalogue version {}\n{t}\n{} headings, {} leaves, {} requirements",
        c.title,
        c.edition,
        c.version,
        c.clauses.len(),
        c.leaf_count(),
        c.requirements.len()
    )
}

fn show(c: &Catalogue, id: &str, format: TextOrJson, out: &mut Output) -> io::Result<u8> {
    if let Some(ix) = c.clause_position(id) {
        let view = ClauseView::new(c, ix);
        match format {
            TextOrJson::Json => out.data(&json(&view))?,
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
                        text.push_str(&requirement_text(r));
                    }
                }
                out.data(&text)?;
            }
        }
        return Ok(0);
    }
    if let Some(r) = c.requirement(id) {
        match format {
            TextOrJson::Json => out.data(&json(&RequirementView::new(r)))?,
            TextOrJson::Text => {
                let cl = &c.clauses[r.clause];
                out.data(&format!(
                    "{} {}\n\n{}",
                    cl.id,
                    cl.title,
                    requirement_text(r)
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
    out.note(&format!(
        "error: no clause or requirement `{id}` in catalogue `{}`.{hint} Clause numbers look like 8.5.1, requirement ids like 8.5.1.3-2; `iso20k catalogue list` shows them all.",
        c.id
    ));
    Ok(crate::error::EXIT_INPUT)
}

/// The text block of one requirement.
pub fn requirement_text(r: &catalogue::Requirement) -> String {
    let mut s = format!(
        "{}{}\n",
        r.id,
        if r.documented {
            "  [documented information]"
        } else {
            ""
        }
    );
    s.push_str(&format!("  Q: {}\n", r.question));
    if !r.guidance.is_empty() {
        s.push_str(&format!("  Guidance: {}\n", r.guidance));
    }
    if !r.evidence.is_empty() {
        s.push_str(&format!("  Evidence: {}\n", r.evidence.join("; ")));
    }
    if r.weight != 1.0 {
        s.push_str(&format!("  Weight: {}\n", r.weight));
    }
    s
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// The catalogue as JSON shows it.
#[derive(Debug, Serialize)]
pub struct CatalogueView<'a> {
    id: &'a str,
    title: &'a str,
    edition: &'a str,
    version: &'a str,
    scale: &'a [catalogue::Level],
    not_applicable: bool,
    parties: &'a [catalogue::Party],
    readiness: Vec<StageView<'a>>,
    clauses: Vec<ClauseView<'a>>,
}

#[derive(Debug, Serialize)]
struct StageView<'a> {
    verdict: &'a str,
    label: &'a str,
    rules: Vec<serde_json::Value>,
}

/// A clause as JSON shows it.
#[derive(Debug, Serialize)]
pub struct ClauseView<'a> {
    id: &'a str,
    title: &'a str,
    clauses: Vec<ClauseView<'a>>,
    requirements: Vec<RequirementView<'a>>,
}

/// A requirement as JSON shows it.
#[derive(Debug, Serialize)]
pub struct RequirementView<'a> {
    id: &'a str,
    question: &'a str,
    guidance: &'a str,
    evidence: &'a [String],
    weight: f64,
    documented: bool,
}

impl<'a> CatalogueView<'a> {
    /// The view of a whole catalogue.
    pub fn new(c: &'a Catalogue) -> Self {
        CatalogueView {
            id: &c.id,
            title: &c.title,
            edition: &c.edition,
            version: &c.version,
            scale: &c.scale,
            not_applicable: c.not_applicable,
            parties: &c.parties,
            readiness: c
                .stages
                .iter()
                .map(|s| StageView {
                    verdict: &s.verdict,
                    label: &s.label,
                    rules: s.rules.iter().map(|r| rule_json(c, r)).collect(),
                })
                .collect(),
            clauses: c.roots.iter().map(|&r| ClauseView::new(c, r)).collect(),
        }
    }
}

fn rule_json(c: &Catalogue, r: &Rule) -> serde_json::Value {
    use serde_json::json;
    match r {
        Rule::MinLevel {
            level,
            selector: Selector::Documented,
        } => {
            json!({"rule": "min-level", "level": c.scale[*level].id, "documented": true})
        }
        Rule::MinLevel {
            level,
            selector: Selector::Clauses(cs),
        } => json!({
            "rule": "min-level", "level": c.scale[*level].id,
            "clauses": cs.iter().map(|&i| c.clauses[i].id.clone()).collect::<Vec<_>>()
        }),
        Rule::MinCoverage { percent } => json!({"rule": "min-coverage", "percent": percent}),
        Rule::MaxFindings { finding, count } => {
            json!({"rule": "max-findings", "finding": finding, "count": count})
        }
        Rule::ActionsPlanned { findings } => {
            json!({"rule": "actions-planned", "findings": findings})
        }
    }
}

impl<'a> ClauseView<'a> {
    fn new(c: &'a Catalogue, ix: usize) -> Self {
        let cl: &'a Clause = &c.clauses[ix];
        ClauseView {
            id: &cl.id,
            title: &cl.title,
            clauses: cl
                .children
                .iter()
                .map(|&ch| ClauseView::new(c, ch))
                .collect(),
            requirements: if cl.is_leaf() {
                c.requirements[cl.requirements.clone()]
                    .iter()
                    .map(RequirementView::new)
                    .collect()
            } else {
                Vec::new()
            },
        }
    }
}

impl<'a> RequirementView<'a> {
    fn new(r: &'a catalogue::Requirement) -> Self {
        RequirementView {
            id: &r.id,
            question: &r.question,
            guidance: &r.guidance,
            evidence: &r.evidence,
            weight: r.weight,
            documented: r.documented,
        }
    }
}
