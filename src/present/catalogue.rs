//! `catalogue`: the clause tree as a table, one clause or requirement in text, and the
//! whole catalogue as JSON.

use crate::catalogue::{self, Catalogue, Clause, Documented, Rule, Selector, Severity};
use crate::output::Output;
use crate::safe::one_line;
use comfy_table::{Cell, CellAlignment};
use serde::Serialize;
use std::collections::BTreeMap;

/// The clause tree down to `depth`, with requirement counts.
pub fn list_table(c: &Catalogue, depth: usize, out: &Output) -> String {
    let mut t = super::table::new(out.width);
    t.set_header(vec!["Clause", "Title", "Requirements", "Documented"]);
    for cl in c.clauses.iter().filter(|cl| cl.depth <= depth) {
        let n = cl.requirements.len();
        let documented = c.requirements[cl.requirements.clone()]
            .iter()
            .filter(|r| r.documented.is_some())
            .count();
        t.add_row(vec![
            Cell::new(one_line(&cl.id)),
            Cell::new(format!(
                "{}{}",
                "  ".repeat(cl.depth - 1),
                one_line(&cl.title)
            )),
            Cell::new(n).set_alignment(CellAlignment::Right),
            Cell::new(documented).set_alignment(CellAlignment::Right),
        ]);
    }
    format!(
        "{} ({}), catalogue version {}\n{}\n{} headings, {} leaves, {} requirements",
        c.title,
        c.edition,
        c.version,
        super::table::render(&mut t, out.painter()),
        c.clauses.len(),
        c.leaf_count(),
        c.requirements.len()
    )
}

/// The text block of one requirement.
pub fn requirement_text(c: &Catalogue, r: &catalogue::Requirement) -> String {
    let mut s = format!(
        "{}{}\n",
        r.id,
        match r.documented {
            Some(Documented::Document) => "  [document: examined at Stage 1]",
            Some(Documented::Record) => "  [records: sampled at Stage 2]",
            None => "",
        }
    );
    s.push_str(&format!("  Q: {}\n", r.question));
    if !r.guidance.is_empty() {
        s.push_str(&format!("  Guidance: {}\n", r.guidance));
    }
    if !r.evidence.is_empty() {
        s.push_str(&format!("  Evidence: {}\n", r.evidence.join("; ")));
    }
    if !r.interview.is_empty() {
        s.push_str(&format!("  Interview: {}\n", c.role_labels(r).join(", ")));
    }
    if !r.refs.is_empty() {
        let refs: Vec<String> = r
            .refs
            .iter()
            .map(|(i, clause)| format!("{} {clause}", c.references[*i].title))
            .collect();
        s.push_str(&format!("  See also: {}\n", refs.join("; ")));
    }
    if let Some(cap) = r.max_finding {
        s.push_str(&format!("  Most severe finding: {}\n", cap.label()));
    }
    if r.weight != 1.0 {
        s.push_str(&format!("  Weight: {}\n", r.weight));
    }
    s
}

/// Pretty JSON of a view.
pub fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// The catalogue as JSON shows it: every key of the YAML, so that a catalogue rebuilt from
/// it loads the same.
#[derive(Debug, Serialize)]
pub struct CatalogueView<'a> {
    id: &'a str,
    title: &'a str,
    edition: &'a str,
    version: &'a str,
    scale: &'a [catalogue::Level],
    not_applicable: bool,
    parties: &'a [catalogue::Party],
    roles: &'a [catalogue::Role],
    references: &'a [catalogue::Reference],
    #[serde(skip_serializing_if = "Option::is_none")]
    systemic: Option<catalogue::Systemic>,
    readiness: Vec<StageView<'a>>,
    clauses: Vec<ClauseView<'a>>,
    retired: &'a [catalogue::Retired],
}

#[derive(Debug, Serialize)]
struct StageView<'a> {
    verdict: &'a str,
    label: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    includes: Option<&'a str>,
    rules: Vec<serde_json::Value>,
}

/// A clause as JSON shows it.
#[derive(Debug, Serialize)]
pub struct ClauseView<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    other_parties: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    informative: bool,
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
    documented: Option<Documented>,
    interview: Vec<&'a str>,
    refs: BTreeMap<&'a str, &'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_finding: Option<Severity>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    findings: BTreeMap<&'a str, Severity>,
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
            roles: &c.roles,
            references: &c.references,
            systemic: c.systemic,
            readiness: c
                .stages
                .iter()
                .map(|s| StageView {
                    verdict: &s.verdict,
                    label: &s.label,
                    includes: s.includes.map(|i| c.stages[i].verdict.as_str()),
                    rules: s.rules[s.own_rules..]
                        .iter()
                        .map(|r| rule_json(c, r))
                        .collect(),
                })
                .collect(),
            clauses: c.roots.iter().map(|&r| ClauseView::new(c, r)).collect(),
            retired: &c.retired,
        }
    }
}

fn rule_json(c: &Catalogue, r: &Rule) -> serde_json::Value {
    use serde_json::json;
    let ids =
        |cs: &[usize]| -> Vec<String> { cs.iter().map(|&i| c.clauses[i].id.clone()).collect() };
    let level_id = |l: &usize| c.scale[*l].id.clone();
    match r {
        Rule::MinLevel {
            level,
            selector,
            evidence,
        } => {
            let mut v = json!({"rule": "min-level", "level": level_id(level)});
            match selector {
                Selector::All => v["all"] = json!(true),
                Selector::Documented(kind) => v["documented"] = json!(kind),
                Selector::Clauses(cs) => v["clauses"] = json!(ids(cs)),
            }
            if *evidence {
                v["evidence"] = json!(true);
            }
            v
        }
        Rule::NoAbsentProcess { clauses } => {
            json!({"rule": "no-absent-process", "clauses": ids(clauses)})
        }
        Rule::MinLeafReadiness { clauses, level } => json!({
            "rule": "min-leaf-readiness", "clauses": ids(clauses), "level": level_id(level)
        }),
        Rule::OtherPartiesDetermined { clauses, level } => json!({
            "rule": "other-parties-determined", "clauses": ids(clauses), "level": level_id(level)
        }),
        Rule::OperatingPeriod { days } => json!({"rule": "operating-period", "days": days}),
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
    /// The view of one clause and everything under it.
    pub fn new(c: &'a Catalogue, ix: usize) -> Self {
        let cl: &'a Clause = &c.clauses[ix];
        ClauseView {
            id: &cl.id,
            title: &cl.title,
            other_parties: cl.other_parties,
            informative: cl.informative,
            clauses: cl
                .children
                .iter()
                .map(|&ch| ClauseView::new(c, ch))
                .collect(),
            requirements: if cl.is_leaf() {
                c.requirements[cl.requirements.clone()]
                    .iter()
                    .map(|r| RequirementView::new(c, r))
                    .collect()
            } else {
                Vec::new()
            },
        }
    }
}

impl<'a> RequirementView<'a> {
    /// The view of one requirement.
    pub fn new(c: &'a Catalogue, r: &'a catalogue::Requirement) -> Self {
        RequirementView {
            id: &r.id,
            question: &r.question,
            guidance: &r.guidance,
            evidence: &r.evidence,
            weight: r.weight,
            documented: r.documented,
            interview: r
                .interview
                .iter()
                .map(|&i| c.roles[i].id.as_str())
                .collect(),
            refs: r
                .refs
                .iter()
                .map(|(i, clause)| (c.references[*i].id.as_str(), clause.as_str()))
                .collect(),
            max_finding: r.max_finding,
            findings: r
                .findings
                .iter()
                .enumerate()
                .filter_map(|(l, f)| f.map(|f| (c.scale[l].id.as_str(), f)))
                .collect(),
        }
    }
}
