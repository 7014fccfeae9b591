//! Loading a catalogue from YAML and validating it, reporting every problem with its place.

use super::raw::{RawCatalogue, RawClause, RawRequirement, RawRule};
use super::{
    Catalogue, Clause, Level, Party, Reference, Requirement, Retired, Role, Rule, Selector, Stage,
    Systemic,
};
use crate::error::Result;
use crate::problems::Problems;
use crate::source::{Source, index, join};
use std::collections::{BTreeMap, HashMap};

/// Loads and validates a catalogue.
pub fn load(source: &Source) -> Result<Catalogue> {
    let raw: RawCatalogue = source.parse_yaml()?;
    let mut p = Problems::new(source);

    if raw.id.trim().is_empty() {
        p.error_at_value(
            "id",
            "is empty",
            Some("give the catalogue a stable id such as `iso-iec-20000-1-2018`".into()),
        );
    }
    if !is_semver(&raw.version) {
        p.error_at_value(
            "version",
            format!("`{}` is not a semantic version", raw.version),
            Some("write MAJOR.MINOR.PATCH, e.g. `1.0.0`".into()),
        );
    }

    // The scale.
    if raw.scale.len() < 2 {
        p.error_at_value("scale", "needs at least two levels", None);
    }
    let mut seen_levels: HashMap<&str, usize> = HashMap::new();
    for (i, level) in raw.scale.iter().enumerate() {
        let key = index("scale", i);
        if let Some(first) = seen_levels.insert(&level.id, i) {
            p.error_at_value(
                join(&key, "id"),
                format!("duplicate level id `{}` (also scale[{first}])", level.id),
                None,
            );
        }
        if level.id.is_empty()
            || level.id.chars().all(|c| c.is_ascii_digit())
            || level.id == super::NOT_APPLICABLE
        {
            p.error_at_value(
                join(&key, "id"),
                format!("`{}` cannot be a level id", level.id),
                Some(format!("use a word such as `largely`; digits select levels by position and `{}` is reserved", super::NOT_APPLICABLE)),
            );
        }
        if !(0.0..=100.0).contains(&level.score) {
            p.error_at_value(
                join(&key, "score"),
                format!("score {} is outside 0..=100", level.score),
                None,
            );
        }
        if i > 0 && level.score <= raw.scale[i - 1].score {
            p.error_at_value(
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
            p.error_at_value(
                join(&index("parties", i), "id"),
                format!("duplicate party id `{}`", party.id),
                None,
            );
        }
    }
    let roles = ids_of(&mut p, "roles", raw.roles.iter().map(|r| r.id.as_str()));
    let references = ids_of(
        &mut p,
        "references",
        raw.references.iter().map(|r| r.id.as_str()),
    );
    let levels: HashMap<&str, usize> = raw
        .scale
        .iter()
        .enumerate()
        .map(|(i, l)| (l.id.as_str(), i))
        .collect();
    if let Some(s) = &raw.systemic
        && s.minors < 2
    {
        p.error_at_value(
            "systemic.minors",
            format!("{} minor(s) cannot make a systemic failure", s.minors),
            Some("use 2 or more (3 is common practice)".into()),
        );
    }

    // The clause tree, flattened in pre-order.
    let mut b = Builder {
        roles,
        references,
        levels: levels.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        level_count: raw.scale.len(),
        ..Builder::default()
    };
    let top = Inherited::default();
    for (i, c) in raw.clauses.iter().enumerate() {
        b.clause(c, None, 1, &index("clauses", i), &top, &mut p);
    }
    if raw.clauses.is_empty() {
        p.error_at_value("clauses", "the catalogue has no clauses", None);
    }

    // Readiness rules.
    let level_ids = || list_or_none(raw.scale.iter().map(|l| l.id.as_str()));
    let level_of = |p: &mut Problems<'_>, key: String, id: &str| -> Option<usize> {
        let found = levels.get(id).copied();
        if found.is_none() {
            p.error_at_value(
                key,
                format!("unknown level `{id}`"),
                Some(format!("levels of the scale: {}", level_ids())),
            );
        }
        found
    };
    let clauses_of = |p: &mut Problems<'_>, key: &str, list: &[String]| -> Vec<usize> {
        if list.is_empty() {
            p.error_at_value(
                key.to_string(),
                "names no clause",
                Some("give a list of clause numbers, e.g. [\"9.2\"]".into()),
            );
        }
        let mut ids = Vec::new();
        for (ci, c) in list.iter().enumerate() {
            match b.clause_index.get(c.as_str()) {
                Some(&ix) => ids.push(ix),
                None => p.error_at_value(
                    index(key, ci),
                    format!("no clause `{c}` in this catalogue"),
                    crate::error::closest(c, b.clause_index.keys().map(String::as_str))
                        .map(|s| format!("did you mean `{s}`?")),
                ),
            }
        }
        ids
    };
    let mut stages: Vec<Stage> = Vec::new();
    for (si, rs) in raw.readiness.iter().enumerate() {
        let key = index("readiness", si);
        if rs.verdict == crate::verdict::NOT_READY || stages.iter().any(|s| s.verdict == rs.verdict)
        {
            p.error_at_value(
                join(&key, "verdict"),
                format!("verdict `{}` is reserved or used twice", rs.verdict),
                None,
            );
        }
        let mut rules = Vec::new();
        let mut includes = None;
        if let Some(inc) = &rs.includes {
            match stages.iter().position(|s| &s.verdict == inc) {
                Some(i) => {
                    includes = Some(i);
                    rules.extend(stages[i].rules.iter().cloned());
                }
                None => p.error_at_value(
                    join(&key, "includes"),
                    format!("no earlier stage has verdict `{inc}`"),
                    Some(format!(
                        "stages defined before this one: {}",
                        list_or_none(stages.iter().map(|s| s.verdict.as_str()))
                    )),
                ),
            }
        }
        let own_rules = rules.len();
        for (ri, rr) in rs.rules.iter().enumerate() {
            let rkey = index(&join(&key, "rules"), ri);
            let ckey = join(&rkey, "clauses");
            let lkey = join(&rkey, "level");
            let rule = match rr {
                RawRule::MinLevel {
                    level,
                    all,
                    documented,
                    clauses,
                    evidence,
                } => {
                    let given = usize::from(*all)
                        + usize::from(documented.0.is_some())
                        + usize::from(!clauses.is_empty());
                    if given != 1 {
                        p.error_at_value(
                            rkey.clone(),
                            "a min-level rule selects its requirements one way",
                            Some(
                                "give exactly one of `all: true`, `documented: document|record` or `clauses: [...]`"
                                    .into(),
                            ),
                        );
                    }
                    let selector = match (documented.0, *all) {
                        (Some(kind), _) => Selector::Documented(kind),
                        (None, true) => Selector::All,
                        (None, false) => Selector::Clauses(clauses_of(&mut p, &ckey, clauses)),
                    };
                    level_of(&mut p, lkey, level).map(|level| Rule::MinLevel {
                        level,
                        selector,
                        evidence: *evidence,
                    })
                }
                RawRule::NoAbsentProcess { clauses } => Some(Rule::NoAbsentProcess {
                    clauses: clauses_of(&mut p, &ckey, clauses),
                }),
                RawRule::MinLeafReadiness { clauses, level } => {
                    let clauses = clauses_of(&mut p, &ckey, clauses);
                    level_of(&mut p, lkey, level)
                        .map(|level| Rule::MinLeafReadiness { clauses, level })
                }
                RawRule::OtherPartiesDetermined { clauses, level } => {
                    let clauses = clauses_of(&mut p, &ckey, clauses);
                    if !raw.parties.iter().any(|x| x.own) {
                        p.error_at_value(
                            rkey.clone(),
                            "this rule needs to know which party is the organization itself",
                            Some("mark that party `own: true` under `parties`".into()),
                        );
                    }
                    level_of(&mut p, lkey, level)
                        .map(|level| Rule::OtherPartiesDetermined { clauses, level })
                }
                RawRule::OperatingPeriod { days } => Some(Rule::OperatingPeriod { days: *days }),
                RawRule::MinCoverage { percent } => {
                    if !(0.0..=100.0).contains(percent) {
                        p.error_at_value(
                            join(&rkey, "percent"),
                            format!("{percent} is outside 0..=100"),
                            None,
                        );
                    }
                    Some(Rule::MinCoverage { percent: *percent })
                }
                RawRule::MaxFindings { finding, count } => Some(Rule::MaxFindings {
                    finding: *finding,
                    count: *count,
                }),
                RawRule::ActionsPlanned { findings } => Some(Rule::ActionsPlanned {
                    findings: findings.clone(),
                }),
            };
            rules.extend(rule);
        }
        stages.push(Stage {
            verdict: rs.verdict.clone(),
            label: rs.label.clone(),
            rules,
            own_rules,
            includes,
        });
    }

    // Retired ids: never reused, and their successors are known ids.
    let mut retired_index: HashMap<String, usize> = HashMap::new();
    for (i, r) in raw.retired.iter().enumerate() {
        if retired_index.insert(r.id.clone(), i).is_some() {
            p.error_at_value(
                join(&index("retired", i), "id"),
                format!("`{}` is retired twice", r.id),
                Some("list each retired id once, with all its successors".into()),
            );
        }
    }
    for (i, r) in raw.retired.iter().enumerate() {
        let key = index("retired", i);
        if b.requirement_index.contains_key(&r.id) {
            p.error_at_value(
                join(&key, "id"),
                format!("retired id `{}` is in use again", r.id),
                Some(
                    "a retired id is never reused: give the requirement the next unused ordinal"
                        .into(),
                ),
            );
        }
        if !is_semver(&r.since) {
            p.error_at_value(
                join(&key, "since"),
                format!("`{}` is not a semantic version", r.since),
                Some("the catalogue version that retired the id, e.g. `2.0.0`".into()),
            );
        }
        for (si, s) in r.successors.iter().enumerate() {
            if s == &r.id || !(b.requirement_index.contains_key(s) || retired_index.contains_key(s))
            {
                p.error_at_value(
                    index(&join(&key, "successors"), si),
                    format!("successor `{s}` is neither a requirement nor a retired id"),
                    crate::error::closest(s, b.requirement_index.keys().map(String::as_str))
                        .map(|x| format!("did you mean `{x}`?")),
                );
            }
        }
    }

    if let Some(cap) = &raw.capability {
        for (i, id) in cap.processes.iter().enumerate() {
            if !b.clause_index.contains_key(id) {
                p.error_at_value(
                    index("capability.processes", i),
                    format!("`{id}` is not a clause of this catalogue"),
                    Some(
                        crate::error::closest(id, b.clause_index.keys().map(String::as_str))
                            .map(|x| format!("did you mean `{x}`?"))
                            .unwrap_or_else(|| {
                                "name clause ids of this catalogue; every leaf clause under each is a process"
                                    .into()
                            }),
                    ),
                );
            }
        }
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
                own: p.own,
            })
            .collect(),
        stages,
        roles: raw
            .roles
            .into_iter()
            .map(|r| Role {
                id: r.id,
                label: r.label,
            })
            .collect(),
        references: raw
            .references
            .into_iter()
            .map(|r| Reference {
                id: r.id,
                title: r.title,
            })
            .collect(),
        retired: raw
            .retired
            .into_iter()
            .map(|r| Retired {
                id: r.id,
                since: r.since,
                successors: r.successors,
                reason: r.reason,
            })
            .collect(),
        systemic: raw.systemic.map(|s| Systemic { minors: s.minors }),
        capability_roots: raw.capability.map(|c| c.processes).unwrap_or_default(),
        clauses: b.clauses,
        requirements: b.requirements,
        roots: b.roots,
        clause_index: b.clause_index,
        requirement_index: b.requirement_index,
        retired_index,
    })
}

/// Indexes a list of ids, reporting duplicates.
fn ids_of<'a>(
    p: &mut Problems<'_>,
    key: &str,
    ids: impl Iterator<Item = &'a str>,
) -> HashMap<String, usize> {
    let mut map = HashMap::new();
    for (i, id) in ids.enumerate() {
        if map.insert(id.to_string(), i).is_some() {
            p.error_at_value(
                join(&index(key, i), "id"),
                format!("duplicate id `{id}`"),
                None,
            );
        }
    }
    map
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

/// What a clause passes down to the requirements beneath it.
#[derive(Default, Clone)]
struct Inherited {
    interview: Vec<usize>,
    refs: Vec<(usize, String)>,
}

#[derive(Default)]
struct Builder {
    roles: HashMap<String, usize>,
    references: HashMap<String, usize>,
    levels: HashMap<String, usize>,
    level_count: usize,
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
        inherited: &Inherited,
        p: &mut Problems<'_>,
    ) {
        let me = self.clauses.len();
        let id_key = join(key, "id");
        if raw.id.trim().is_empty() {
            p.error_at_value(id_key.clone(), "clause id is empty", None);
        } else if self.clause_index.contains_key(&raw.id) {
            p.error_at_value(
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
                p.error_at_value(
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
            p.error_at_value(join(key, "title"), "title is empty", None);
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
            informative: raw.informative,
            interview: None,
            refs: None,
        });
        match parent {
            Some(pi) => self.clauses[pi].children.push(me),
            None => self.roots.push(me),
        }

        if !raw.clauses.is_empty() && !raw.requirements.is_empty() {
            p.error_at_value(
                join(key, "requirements"),
                format!(
                    "clause `{}` has sub-clauses, so it cannot carry requirements",
                    raw.id
                ),
                Some("requirements hang on leaf clauses only; move them to a sub-clause".into()),
            );
        }
        if raw.clauses.is_empty() && raw.requirements.is_empty() && !raw.informative {
            p.error_at_value(
                key.to_string(),
                format!("leaf clause `{}` has no requirements", raw.id),
                Some(
                    "add at least one requirement, or sub-clauses, or mark it `informative: true`"
                        .into(),
                ),
            );
        }
        if raw.informative && !(raw.clauses.is_empty() && raw.requirements.is_empty()) {
            p.error_at_value(
                join(key, "informative"),
                format!(
                    "informative clause `{}` has sub-clauses or requirements",
                    raw.id
                ),
                Some("an informative clause is a leaf that carries no requirement".into()),
            );
        }
        let own_interview = raw
            .interview
            .as_ref()
            .map(|list| self.roles_of(list, &join(key, "interview"), p));
        let own_refs = raw
            .refs
            .as_ref()
            .map(|map| self.refs_of(map, &join(key, "refs"), p));
        let mine = Inherited {
            interview: own_interview
                .clone()
                .unwrap_or_else(|| inherited.interview.clone()),
            refs: own_refs.clone().unwrap_or_else(|| inherited.refs.clone()),
        };
        self.clauses[me].interview = own_interview;
        self.clauses[me].refs = own_refs;
        for (i, c) in raw.clauses.iter().enumerate() {
            self.clause(
                c,
                Some(me),
                depth + 1,
                &index(&join(key, "clauses"), i),
                &mine,
                p,
            );
        }
        for (i, r) in raw.requirements.iter().enumerate() {
            self.requirement(r, me, &index(&join(key, "requirements"), i), &mine, p);
        }
        self.clauses[me].requirements = start..self.requirements.len();
    }

    fn roles_of(&self, list: &[String], key: &str, p: &mut Problems<'_>) -> Vec<usize> {
        let mut out = Vec::new();
        for (i, id) in list.iter().enumerate() {
            match self.roles.get(id) {
                Some(&r) => out.push(r),
                None => p.error_at_value(
                    index(key, i),
                    format!("unknown role `{id}`"),
                    Some(
                        match crate::error::closest(id, self.roles.keys().map(String::as_str)) {
                            Some(c) => {
                                format!("did you mean `{c}`? roles are listed under `roles`")
                            }
                            None => "add it to the catalogue's `roles`".into(),
                        },
                    ),
                ),
            }
        }
        out
    }

    fn refs_of(
        &self,
        map: &BTreeMap<String, String>,
        key: &str,
        p: &mut Problems<'_>,
    ) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        for (id, clause) in map {
            match self.references.get(id) {
                Some(&r) => out.push((r, clause.clone())),
                None => p.error_at_value(
                    join(key, id),
                    format!("unknown reference `{id}`"),
                    Some(format!(
                        "references of this catalogue: {}",
                        list_or_none({
                            let mut v: Vec<&str> =
                                self.references.keys().map(String::as_str).collect();
                            v.sort_unstable();
                            v.into_iter()
                        })
                    )),
                ),
            }
        }
        out.sort();
        out
    }

    fn requirement(
        &mut self,
        raw: &RawRequirement,
        clause: usize,
        key: &str,
        inherited: &Inherited,
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
            p.error_at_value(
                id_key.clone(),
                format!(
                    "requirement id `{}` does not match its clause `{clause_id}`",
                    raw.id
                ),
                Some(format!("write `{clause_id}-N` with N an ordinal from 1")),
            );
        }
        if self.requirement_index.contains_key(&raw.id) {
            p.error_at_value(
                id_key,
                format!("duplicate requirement id `{}`", raw.id),
                Some("requirement ids are unique; never reuse a retired id".into()),
            );
        } else {
            self.requirement_index
                .insert(raw.id.clone(), self.requirements.len());
        }
        if raw.question.trim().is_empty() {
            p.error_at_value(join(key, "question"), "question is empty", None);
        }
        if !(raw.weight.is_finite() && raw.weight > 0.0) {
            p.error_at_value(
                join(key, "weight"),
                format!("weight {} is not positive", raw.weight),
                Some("use a positive number; 1 is the default".into()),
            );
        }
        let mut findings = vec![None; self.level_count];
        for (level, f) in &raw.findings {
            match self.levels.get(level) {
                Some(&l) => findings[l] = Some(*f),
                None => p.error_at_value(
                    join(&join(key, "findings"), level),
                    format!("unknown level `{level}`"),
                    Some("the keys of `findings` are level ids of the scale".into()),
                ),
            }
        }
        self.requirements.push(Requirement {
            id: raw.id.clone(),
            clause,
            question: raw.question.trim().to_string(),
            guidance: raw.guidance.trim().to_string(),
            evidence: raw.evidence.clone(),
            weight: raw.weight,
            documented: raw.documented.0,
            max_finding: raw.max_finding,
            findings,
            interview: match &raw.interview {
                Some(list) => self.roles_of(list, &join(key, "interview"), p),
                None => inherited.interview.clone(),
            },
            refs: match &raw.refs {
                Some(map) => self.refs_of(map, &join(key, "refs"), p),
                None => inherited.refs.clone(),
            },
            interview_inherited: raw.interview.is_none(),
            refs_inherited: raw.refs.is_none(),
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

#[cfg(test)]
mod capability_tests {
    use crate::catalogue::Catalogue;

    #[test]
    fn the_built_in_processes_are_the_leaves_of_the_named_clauses_that_carry_requirements() {
        let c = Catalogue::built_in().expect("the built-in catalogue");
        let processes = c.processes();
        assert!(!c.capability_roots.is_empty());
        assert!(!processes.is_empty());
        for p in &processes {
            assert!(p.children.is_empty() && !p.informative && !p.requirements.is_empty());
            let top = c.ancestry(c.clause_position(&p.id).expect("a clause"))[0];
            assert!(c.capability_roots.contains(&c.clauses[top].id), "{}", p.id);
        }
        // Every leaf with requirements under the roots is one, in catalogue order.
        let expected: Vec<&str> = c
            .clauses
            .iter()
            .filter(|cl| cl.children.is_empty() && !cl.informative && !cl.requirements.is_empty())
            .filter(|cl| {
                let top = c.ancestry(c.clause_position(&cl.id).expect("a clause"))[0];
                c.capability_roots.contains(&c.clauses[top].id)
            })
            .map(|cl| cl.id.as_str())
            .collect();
        let got: Vec<&str> = processes.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(got, expected);
        assert!(
            c.process(&c.capability_roots[0]).is_none(),
            "a root is no leaf"
        );
    }
}
