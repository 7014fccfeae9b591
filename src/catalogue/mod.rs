//! The catalogue: a standard's clause tree, its requirements, the rating scale and the
//! readiness rules, all loaded from YAML data.
//!
//! The code knows nothing about ISO/IEC 20000 that a catalogue can say instead: clause
//! numbers, titles, questions, the scale and the rules behind each verdict are all data.

mod load;

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::ops::Range;

pub use load::load;

/// The built-in catalogue: ISO/IEC 20000-1:2018 with Amd 1:2024.
pub const BUILT_IN: &str = include_str!("../../clauses/iso20000-1-2018.yaml");
/// The name under which the built-in catalogue appears in messages.
pub const BUILT_IN_NAME: &str = "<built-in catalogue clauses/iso20000-1-2018.yaml>";
/// The rating id that marks a requirement as not applicable, where a catalogue allows it.
pub const NOT_APPLICABLE: &str = "not-applicable";

/// The severity of a finding, as certification bodies grade them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Finding {
    /// A major nonconformity: a requirement absent or a systemic breakdown.
    Major,
    /// A minor nonconformity: an isolated lapse.
    Minor,
    /// An observation or opportunity for improvement.
    Observation,
    /// No finding.
    None,
}

impl Finding {
    /// Every finding, most severe first.
    pub const ALL: [Finding; 4] = [
        Finding::Major,
        Finding::Minor,
        Finding::Observation,
        Finding::None,
    ];

    /// The id used in files and JSON.
    pub fn id(self) -> &'static str {
        match self {
            Finding::Major => "major",
            Finding::Minor => "minor",
            Finding::Observation => "observation",
            Finding::None => "none",
        }
    }

    /// The label a reader sees.
    pub fn label(self) -> &'static str {
        match self {
            Finding::Major => "major nonconformity",
            Finding::Minor => "minor nonconformity",
            Finding::Observation => "observation",
            Finding::None => "none",
        }
    }

    /// The label in the plural.
    pub fn plural(self) -> &'static str {
        match self {
            Finding::Major => "major nonconformities",
            Finding::Minor => "minor nonconformities",
            Finding::Observation => "observations",
            Finding::None => "none",
        }
    }

    /// Parses an id.
    pub fn parse(s: &str) -> Option<Finding> {
        Finding::ALL.into_iter().find(|f| f.id() == s)
    }
}

/// A loaded, validated catalogue.
#[derive(Debug, Clone)]
pub struct Catalogue {
    /// Stable identifier, e.g. `iso-iec-20000-1-2018`.
    pub id: String,
    /// Human title.
    pub title: String,
    /// The edition of the standard covered.
    pub edition: String,
    /// The content version (semver), bumped whenever questions change.
    pub version: String,
    /// The rating scale, lowest level first.
    pub scale: Vec<Level>,
    /// Whether `not-applicable` is an allowed rating (with a mandatory note).
    pub not_applicable: bool,
    /// Who may operate a process (recorded as an answer's `operated_by`).
    pub parties: Vec<Party>,
    /// Readiness stages, lowest first.
    pub stages: Vec<Stage>,
    /// Every clause, in document (pre-)order.
    pub clauses: Vec<Clause>,
    /// Every requirement, in catalogue order.
    pub requirements: Vec<Requirement>,
    /// Indices of the top-level clauses.
    pub roots: Vec<usize>,
    clause_index: HashMap<String, usize>,
    requirement_index: HashMap<String, usize>,
}

/// One level of the rating scale.
#[derive(Debug, Clone, Serialize)]
pub struct Level {
    /// Id used in assessment files (`largely`).
    pub id: String,
    /// Label shown to people.
    pub label: String,
    /// One line on when to choose it.
    pub description: String,
    /// Score 0..=100.
    pub score: f64,
    /// The finding a rating at this level implies unless overridden.
    pub finding: Finding,
}

/// A party that may operate a process.
#[derive(Debug, Clone, Serialize)]
pub struct Party {
    /// Id used in assessment files.
    pub id: String,
    /// Label shown to people.
    pub label: String,
}

/// A numbered clause (heading) of the standard.
#[derive(Debug, Clone)]
pub struct Clause {
    /// The clause number, `8.5.1`.
    pub id: String,
    /// Its title.
    pub title: String,
    /// 1 for a top-level clause.
    pub depth: usize,
    /// The parent clause.
    pub parent: Option<usize>,
    /// Child clauses.
    pub children: Vec<usize>,
    /// The requirements under this clause and all its descendants (contiguous, because
    /// requirements are numbered in document order).
    pub requirements: Range<usize>,
    /// Whether answers under it may record who operates the process.
    pub other_parties: bool,
}

impl Clause {
    /// A clause with no sub-clauses carries requirements.
    pub fn is_leaf(&self) -> bool {
        self.children.is_empty()
    }
}

/// One requirement: one thing to judge.
#[derive(Debug, Clone)]
pub struct Requirement {
    /// `8.5.1.3-4`.
    pub id: String,
    /// Index of its (leaf) clause.
    pub clause: usize,
    /// The question to ask.
    pub question: String,
    /// What an auditor looks for.
    pub guidance: String,
    /// Typical evidence.
    pub evidence: Vec<String>,
    /// Weight in readiness, > 0.
    pub weight: f64,
    /// Whether the standard requires documented information here.
    pub documented: bool,
}

/// A readiness stage and the rules that must all hold to reach it.
#[derive(Debug, Clone)]
pub struct Stage {
    /// The verdict id, `stage-1-ready`.
    pub verdict: String,
    /// The label shown to people.
    pub label: String,
    /// The rules, including those of any stage it builds on.
    pub rules: Vec<Rule>,
}

/// A readiness rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// Every selected requirement is rated at least this level (index into the scale).
    MinLevel {
        /// Minimum level index.
        level: usize,
        /// Which requirements.
        selector: Selector,
    },
    /// Coverage is at least this percentage.
    MinCoverage {
        /// 0..=100.
        percent: f64,
    },
    /// At most `count` findings of this severity.
    MaxFindings {
        /// The severity.
        finding: Finding,
        /// The most allowed.
        count: usize,
    },
    /// Every finding of these severities has an action with an owner and a due date.
    ActionsPlanned {
        /// The severities.
        findings: Vec<Finding>,
    },
}

/// Which requirements a rule applies to.
#[derive(Debug, Clone, PartialEq)]
pub enum Selector {
    /// The requirements marked `documented`.
    Documented,
    /// The requirements under these clauses (indices).
    Clauses(Vec<usize>),
}

impl Catalogue {
    /// The built-in catalogue.
    pub fn built_in() -> crate::Result<Catalogue> {
        load(&crate::source::Source::new(BUILT_IN_NAME, BUILT_IN))
    }

    /// A clause by its number.
    pub fn clause(&self, id: &str) -> Option<&Clause> {
        self.clause_index.get(id).map(|&i| &self.clauses[i])
    }

    /// The index of a clause by its number.
    pub fn clause_position(&self, id: &str) -> Option<usize> {
        self.clause_index.get(id).copied()
    }

    /// A requirement by its id.
    pub fn requirement(&self, id: &str) -> Option<&Requirement> {
        self.requirement_index
            .get(id)
            .map(|&i| &self.requirements[i])
    }

    /// The index of a requirement by its id.
    pub fn requirement_position(&self, id: &str) -> Option<usize> {
        self.requirement_index.get(id).copied()
    }

    /// A level's index by its id or its digit (`0` is the lowest level).
    pub fn level_position(&self, given: &str) -> Option<usize> {
        if let Ok(n) = given.parse::<usize>() {
            return (n < self.scale.len()).then_some(n);
        }
        self.scale.iter().position(|l| l.id == given)
    }

    /// The valid rating ids, for messages.
    pub fn rating_choices(&self) -> String {
        let mut list: Vec<String> = self
            .scale
            .iter()
            .enumerate()
            .map(|(i, l)| format!("{} ({i})", l.id))
            .collect();
        if self.not_applicable {
            list.push(NOT_APPLICABLE.to_string());
        }
        list.join(", ")
    }

    /// The path of titles from the top to a clause: `8 > 8.5 > 8.5.1`.
    pub fn ancestry(&self, clause: usize) -> Vec<usize> {
        let mut chain = vec![clause];
        let mut c = clause;
        while let Some(p) = self.clauses[c].parent {
            chain.push(p);
            c = p;
        }
        chain.reverse();
        chain
    }

    /// Whether requirement answers under a clause may record `operated_by`.
    pub fn allows_other_parties(&self, clause: usize) -> bool {
        self.ancestry(clause)
            .iter()
            .any(|&c| self.clauses[c].other_parties)
    }

    /// Number of leaf clauses.
    pub fn leaf_count(&self) -> usize {
        self.clauses.iter().filter(|c| c.is_leaf()).count()
    }

    /// A readiness rule in words, for the scoring method of reports.
    pub fn describe(&self, rule: &Rule) -> String {
        match rule {
            Rule::MinLevel { level, selector } => {
                let which = match selector {
                    Selector::Documented => {
                        "every requirement for documented information".to_string()
                    }
                    Selector::Clauses(cs) => {
                        let ids: Vec<&str> =
                            cs.iter().map(|&c| self.clauses[c].id.as_str()).collect();
                        format!("every requirement of {}", ids.join(" and "))
                    }
                };
                format!("{which} is rated {} or better", self.scale[*level].id)
            }
            Rule::MinCoverage { percent } => {
                format!("coverage is at least {}", crate::score::percent(*percent))
            }
            Rule::MaxFindings { finding, count } => match count {
                0 => format!("there is no {}", finding.label()),
                1 => format!("there is at most 1 {}", finding.label()),
                n => format!("there are at most {n} {}", finding.plural()),
            },
            Rule::ActionsPlanned { findings } => {
                let kinds: Vec<&str> = findings.iter().map(|f| f.label()).collect();
                format!(
                    "every {} has an action with an owner and a due date",
                    kinds.join(" and every ")
                )
            }
        }
    }

    /// Requirement indices a selector picks.
    pub fn select(&self, selector: &Selector) -> Vec<usize> {
        match selector {
            Selector::Documented => (0..self.requirements.len())
                .filter(|&i| self.requirements[i].documented)
                .collect(),
            Selector::Clauses(list) => {
                let mut out: Vec<usize> = list
                    .iter()
                    .flat_map(|&c| self.clauses[c].requirements.clone())
                    .collect();
                out.sort_unstable();
                out.dedup();
                out
            }
        }
    }
}
