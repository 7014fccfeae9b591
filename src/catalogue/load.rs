//! Loading a catalogue from YAML and validating it, reporting every problem with its place.

use super::{Catalogue, Clause, Finding, Level, Party, Requirement, Rule, Selector, Stage};
use crate::error::{Diagnostic, Error, Result};
use crate::source::{Source, SourceMap, index, join};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalogue {
    id: String,
    title: String,
    edition: String,
    version: String,
    scale: Vec<RawLevel>,
    #[serde(default)]
    not_applicable: bool,
    #[serde(default)]
    parties: Vec<RawParty>,
    #[serde(default)]
    readiness: Vec<RawStage>,
    clauses: Vec<RawClause>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevel {
    id: String,
    label: String,
    #[serde(default)]
    description: String,
    score: f64,
    finding: Finding,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParty {
    id: String,
    label: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStage {
    verdict: String,
    label: String,
    #[serde(default)]
    includes: Option<String>,
    rules: Vec<RawRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, tag = "rule", rename_all = "kebab-case")]
enum RawRule {
    MinLevel {
        level: String,
        #[serde(default)]
        documented: bool,
        #[serde(default)]
        clauses: Vec<String>,
    },
    MinCoverage {
        percent: f64,
    },
    MaxFindings {
        finding: Finding,
        count: usize,
    },
    ActionsPlanned {
        findings: Vec<Finding>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClause {
    id: String,
    title: String,
    #[serde(default)]
    other_parties: bool,
    #[serde(default)]
    clauses: Vec<RawClause>,
    #[serde(default)]
    requirements: Vec<RawRequirement>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequirement {
    id: String,
    question: String,
    #[serde(default)]
    guidance: String,
    #[serde(default)]
    evidence: Vec<String>,
    #[serde(default = "one")]
    weight: f64,
    #[serde(default)]
    documented: bool,
}

fn one() -> f64 {
    1.0
}

/// Collects problems with their key paths; places them in the text only at the end.
struct Problems<'a> {
    source: &'a Source,
    list: Vec<(String, bool, String, Option<String>)>,
}

impl Problems<'_> {
    fn add(&mut self, key: String, message: String, help: Option<String>) {
        self.list.push((key, false, message, help));
    }
    fn finish(self) -> Result<()> {
        if self.list.is_empty() {
            return Ok(());
        }
        let map: SourceMap = self.source.map();
        let mut out: Vec<Diagnostic> = self
            .list
            .into_iter()
            .map(|(key, on_key, message, help)| {
                let position = if on_key {
                    map.key_position(&key)
                } else {
                    map.position(&key)
                };
                let mut d = Diagnostic::file(&self.source.name, message)
                    .at_key(key)
                    .at(position);
                d.help = help;
                d
            })
            .collect();
        out.sort_by_key(|d| d.position);
        Err(Error::Invalid(out))
    }
}

/// Loads and validates a catalogue.
pub fn load(source: &Source) -> Result<Catalogue> {
    let raw: RawCatalogue = source.parse_yaml()?;
    let mut p = Problems {
        source,
        list: Vec::new(),
    };

    if raw.id.trim().is_empty() {
        p.add(
            "id".into(),
            "is empty".into(),
            Some("give the catalogue a stable id such as `iso-iec-20000-1-2018`".into()),
        );
    }
    if !is_semver(&raw.version) {
        p.add(
            "version".into(),
            format!("`{}` is not a semantic version", raw.version),
            Some("write MAJOR.MINOR.PATCH, e.g. `1.0.0`".into()),
        );
    }

    // The scale.
    if raw.scale.len() < 2 {
        p.add("scale".into(), "needs at least two levels".into(), None);
    }
    let mut seen_levels: HashMap<&str, usize> = HashMap::new();
    for (i, level) in raw.scale.iter().enumerate() {
        let key = index("scale", i);
        if let Some(first) = seen_levels.insert(&level.id, i) {
            p.add(
                join(&key, "id"),
                format!("duplicate level id `{}` (also scale[{first}])", level.id),
                None,
            );
        }
        if level.id.is_empty()
            || level.id.chars().all(|c| c.is_ascii_digit())
            || level.id == super::NOT_APPLICABLE
        {
            p.add(
                join(&key, "id"),
                format!("`{}` cannot be a level id", level.id),
                Some(format!("use a word such as `largely`; digits select levels by position and `{}` is reserved", super::NOT_APPLICABLE)),
            );
        }
        if !(0.0..=100.0).contains(&level.score) {
            p.add(
                join(&key, "score"),
                format!("score {} is outside 0..=100", level.score),
                None,
            );
        }
        if i > 0 && level.score <= raw.scale[i - 1].score {
            p.add(
                join(&key, "score"),
                format!(
                    "score {} does not ascend (the level before scores {})",
                    level.score,
                    raw.scale[i - 1].score
                ),
                Some("list levels from lowest to highest with strictly rising scores".into()),
            );
        }
    }
    let mut seen_parties: HashMap<&str, usize> = HashMap::new();
    for (i, party) in raw.parties.iter().enumerate() {
        if seen_parties.insert(&party.id, i).is_some() {
            p.add(
                join(&index("parties", i), "id"),
                format!("duplicate party id `{}`", party.id),
                None,
            );
        }
    }

    // The clause tree, flattened in pre-order.
    let mut b = Builder::default();
    for (i, c) in raw.clauses.iter().enumerate() {
        b.clause(c, None, 1, &index("clauses", i), &mut p);
    }
    if raw.clauses.is_empty() {
        p.add(
            "clauses".into(),
            "the catalogue has no clauses".into(),
            None,
        );
    }

    // Readiness rules.
    let level_of = |id: &str| raw.scale.iter().position(|l| l.id == id);
    let mut stages: Vec<Stage> = Vec::new();
    for (si, rs) in raw.readiness.iter().enumerate() {
        let key = index("readiness", si);
        if rs.verdict == crate::score::NOT_READY || stages.iter().any(|s| s.verdict == rs.verdict) {
            p.add(
                join(&key, "verdict"),
                format!("verdict `{}` is reserved or used twice", rs.verdict),
                None,
            );
        }
        let mut rules = Vec::new();
        if let Some(inc) = &rs.includes {
            match stages.iter().find(|s| &s.verdict == inc) {
                Some(s) => rules.extend(s.rules.iter().cloned()),
                None => p.add(
                    join(&key, "includes"),
                    format!("no earlier stage has verdict `{inc}`"),
                    Some(format!(
                        "stages defined before this one: {}",
                        list_or_none(stages.iter().map(|s| s.verdict.as_str()))
                    )),
                ),
            }
        }
        for (ri, rr) in rs.rules.iter().enumerate() {
            let rkey = index(&join(&key, "rules"), ri);
            match rr {
                RawRule::MinLevel {
                    level,
                    documented,
                    clauses,
                } => {
                    let Some(level_ix) = level_of(level) else {
                        p.add(
                            join(&rkey, "level"),
                            format!("unknown level `{level}`"),
                            Some(format!(
                                "levels of the scale: {}",
                                list_or_none(raw.scale.iter().map(|l| l.id.as_str()))
                            )),
                        );
                        continue;
                    };
                    let selector = if *documented {
                        if !clauses.is_empty() {
                            p.add(
                                rkey.clone(),
                                "give either `documented: true` or `clauses`, not both".into(),
                                None,
                            );
                        }
                        Selector::Documented
                    } else {
                        let mut ids = Vec::new();
                        for (ci, c) in clauses.iter().enumerate() {
                            match b.clause_index.get(c.as_str()) {
                                Some(&ix) => ids.push(ix),
                                None => p.add(
                                    index(&join(&rkey, "clauses"), ci),
                                    format!("no clause `{c}` in this catalogue"),
                                    crate::error::closest(
                                        c,
                                        b.clause_index.keys().map(String::as_str),
                                    )
                                    .map(|s| format!("did you mean `{s}`?")),
                                ),
                            }
                        }
                        if clauses.is_empty() {
                            p.add(
                                rkey.clone(),
                                "a min-level rule needs `documented: true` or a list of `clauses`"
                                    .into(),
                                None,
                            );
                        }
                        Selector::Clauses(ids)
                    };
                    rules.push(Rule::MinLevel {
                        level: level_ix,
                        selector,
                    });
                }
                RawRule::MinCoverage { percent } => {
                    if !(0.0..=100.0).contains(percent) {
                        p.add(
                            join(&rkey, "percent"),
                            format!("{percent} is outside 0..=100"),
                            None,
                        );
                    }
                    rules.push(Rule::MinCoverage { percent: *percent });
                }
                RawRule::MaxFindings { finding, count } => rules.push(Rule::MaxFindings {
                    finding: *finding,
                    count: *count,
                }),
                RawRule::ActionsPlanned { findings } => rules.push(Rule::ActionsPlanned {
                    findings: findings.clone(),
                }),
            }
        }
        stages.push(Stage {
            verdict: rs.verdict.clone(),
            label: rs.label.clone(),
            rules,
        });
    }

    p.finish()?;
    Ok(Catalogue {
        id: raw.id,
        title: raw.title,
        edition: raw.edition,
        version: raw.version,
        scale: raw
            .scale
            .into_iter()
            .map(|l| Level {
                id: l.id,
                label: l.label,
                description: l.description,
                score: l.score,
                finding: l.finding,
            })
            .collect(),
        not_applicable: raw.not_applicable,
        parties: raw
            .parties
            .into_iter()
            .map(|p| Party {
                id: p.id,
                label: p.label,
            })
            .collect(),
        stages,
        clauses: b.clauses,
        requirements: b.requirements,
        roots: b.roots,
        clause_index: b.clause_index,
        requirement_index: b.requirement_index,
    })
}

fn list_or_none<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<&str> = items.collect();
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

fn is_semver(v: &str) -> bool {
    let core = v.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

#[derive(Default)]
struct Builder {
    clauses: Vec<Clause>,
    requirements: Vec<Requirement>,
    roots: Vec<usize>,
    clause_index: HashMap<String, usize>,
    requirement_index: HashMap<String, usize>,
}

impl Builder {
    fn clause(
        &mut self,
        raw: &RawClause,
        parent: Option<usize>,
        depth: usize,
        key: &str,
        p: &mut Problems<'_>,
    ) {
        let me = self.clauses.len();
        let id_key = join(key, "id");
        if raw.id.trim().is_empty() {
            p.add(id_key.clone(), "clause id is empty".into(), None);
        } else if self.clause_index.contains_key(&raw.id) {
            p.add(
                id_key.clone(),
                format!("duplicate clause id `{}`", raw.id),
                Some("every clause number appears once in the tree".into()),
            );
        } else {
            self.clause_index.insert(raw.id.clone(), me);
        }
        if let Some(pi) = parent {
            let parent_id = &self.clauses[pi].id;
            if !raw.id.starts_with(&format!("{parent_id}.")) {
                p.add(
                    id_key.clone(),
                    format!(
                        "clause `{}` is not numbered under its parent `{parent_id}`",
                        raw.id
                    ),
                    Some(format!(
                        "a sub-clause of {parent_id} is numbered {parent_id}.N"
                    )),
                );
            }
        }
        if raw.title.trim().is_empty() {
            p.add(join(key, "title"), "title is empty".into(), None);
        }
        let start = self.requirements.len();
        self.clauses.push(Clause {
            id: raw.id.clone(),
            title: raw.title.clone(),
            depth,
            parent,
            children: Vec::new(),
            requirements: start..start,
            other_parties: raw.other_parties,
        });
        match parent {
            Some(pi) => self.clauses[pi].children.push(me),
            None => self.roots.push(me),
        }

        if !raw.clauses.is_empty() && !raw.requirements.is_empty() {
            p.add(
                join(key, "requirements"),
                format!(
                    "clause `{}` has sub-clauses, so it cannot carry requirements",
                    raw.id
                ),
                Some("requirements hang on leaf clauses only; move them to a sub-clause".into()),
            );
        }
        if raw.clauses.is_empty() && raw.requirements.is_empty() {
            p.add(
                key.to_string(),
                format!("leaf clause `{}` has no requirements", raw.id),
                Some("add at least one requirement, or sub-clauses".into()),
            );
        }
        for (i, c) in raw.clauses.iter().enumerate() {
            self.clause(c, Some(me), depth + 1, &index(&join(key, "clauses"), i), p);
        }
        for (i, r) in raw.requirements.iter().enumerate() {
            self.requirement(r, me, &index(&join(key, "requirements"), i), p);
        }
        self.clauses[me].requirements = start..self.requirements.len();
    }

    fn requirement(
        &mut self,
        raw: &RawRequirement,
        clause: usize,
        key: &str,
        p: &mut Problems<'_>,
    ) {
        let clause_id = &self.clauses[clause].id;
        let id_key = join(key, "id");
        let well_formed = raw
            .id
            .strip_prefix(clause_id.as_str())
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|n| {
                !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) && !n.starts_with('0')
            });
        if !well_formed {
            p.add(
                id_key.clone(),
                format!(
                    "requirement id `{}` does not match its clause `{clause_id}`",
                    raw.id
                ),
                Some(format!("write `{clause_id}-N` with N an ordinal from 1")),
            );
        }
        if self.requirement_index.contains_key(&raw.id) {
            p.add(
                id_key,
                format!("duplicate requirement id `{}`", raw.id),
                Some("requirement ids are unique; never reuse a retired id".into()),
            );
        } else {
            self.requirement_index
                .insert(raw.id.clone(), self.requirements.len());
        }
        if raw.question.trim().is_empty() {
            p.add(join(key, "question"), "question is empty".into(), None);
        }
        if !(raw.weight.is_finite() && raw.weight > 0.0) {
            p.add(
                join(key, "weight"),
                format!("weight {} is not positive", raw.weight),
                Some("use a positive number; 1 is the default".into()),
            );
        }
        self.requirements.push(Requirement {
            id: raw.id.clone(),
            clause,
            question: raw.question.trim().to_string(),
            guidance: raw.guidance.trim().to_string(),
            evidence: raw.evidence.clone(),
            weight: raw.weight,
            documented: raw.documented,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = r#"
id: mini
title: Mini
edition: "1"
version: 1.0.0
scale:
  - { id: no, label: "No", score: 0, finding: major }
  - { id: yes, label: "Yes", score: 100, finding: none }
readiness:
  - verdict: ready
    label: Ready
    rules:
      - { rule: min-level, level: yes, clauses: ["1"] }
clauses:
  - id: "1"
    title: One
    clauses:
      - id: "1.1"
        title: One one
        requirements:
          - { id: 1.1-1, question: Q?, documented: true }
          - { id: 1.1-2, question: Q2?, weight: 2 }
  - id: "2"
    title: Two
    requirements:
      - { id: 2-1, question: Q? }
"#;

    #[test]
    fn loads_a_small_catalogue() {
        let c = load(&Source::new("mini.yaml", MINI)).unwrap();
        assert_eq!(c.clauses.len(), 3);
        assert_eq!(c.requirements.len(), 3);
        assert_eq!(c.clause("1").unwrap().requirements, 0..2);
        assert_eq!(c.clause("2").unwrap().requirements, 2..3);
        assert_eq!(c.level_position("1"), Some(1));
        assert_eq!(c.level_position("no"), Some(0));
        assert_eq!(c.stages[0].rules.len(), 1);
    }

    #[test]
    fn reports_every_problem_with_its_line() {
        let broken = MINI
            .replace("id: 2-1", "id: 1.1-1")
            .replace("weight: 2", "weight: 0");
        let err = load(&Source::new("mini.yaml", broken))
            .unwrap_err()
            .to_string();
        assert!(err.contains("mini.yaml:22:49: clauses[0].clauses[0].requirements[1].weight: weight 0 is not positive"), "{err}");
        assert!(err.contains("duplicate requirement id `1.1-1`"), "{err}");
        assert!(err.contains("does not match its clause `2`"), "{err}");
        assert!(err.contains("3 problems found"), "{err}");
    }
}
