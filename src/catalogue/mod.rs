//! The catalogue: a standard's clause tree, its requirements, the rating scale and the
//! readiness rules, all loaded from YAML data.
//!
//! The code knows nothing about ISO/IEC 20000 that a catalogue can say instead: clause
//! numbers, titles, questions, the scale and the rules behind each verdict are all data.

mod load;
pub(crate) mod raw;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::ops::Range;

pub use load::load;
pub(crate) use raw::RawCatalogue;

/// The built-in catalogue: ISO/IEC 20000-1:2018 with Amd 1:2024.
pub const BUILT_IN: &str = include_str!("../../clauses/iso20000-1-2018.yaml");
/// The name under which the built-in catalogue appears in messages.
pub const BUILT_IN_NAME: &str = "<built-in catalogue clauses/iso20000-1-2018.yaml>";
/// The rating id that marks a requirement as not applicable, where a catalogue allows it.
pub const NOT_APPLICABLE: &str = "not-applicable";

/// The severity of a finding, as certification bodies grade them.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// A major nonconformity: a requirement absent or a systemic breakdown.
    Major,
    /// A minor nonconformity: an isolated lapse.
    Minor,
    /// An observation or opportunity for improvement.
    Observation,
    /// No finding.
    None,
}

impl Severity {
    /// Every finding, most severe first.
    pub const ALL: [Severity; 4] = [
        Severity::Major,
        Severity::Minor,
        Severity::Observation,
        Severity::None,
    ];

    /// The id used in files and JSON.
    pub fn id(self) -> &'static str {
        match self {
            Severity::Major => "major",
            Severity::Minor => "minor",
            Severity::Observation => "observation",
            Severity::None => "none",
        }
    }

    /// The label a reader sees.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Major => "major nonconformity",
            Severity::Minor => "minor nonconformity",
            Severity::Observation => "observation",
            Severity::None => "none",
        }
    }

    /// The label in the plural.
    pub fn plural(self) -> &'static str {
        match self {
            Severity::Major => "major nonconformities",
            Severity::Minor => "minor nonconformities",
            Severity::Observation => "observations",
            Severity::None => "none",
        }
    }

    /// Parses an id.
    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|f| f.id() == s)
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
    /// Roles an assessor may interview, in catalogue order.
    pub roles: Vec<Role>,
    /// Other standards (or editions) that requirements refer to.
    pub references: Vec<Reference>,
    /// Requirement ids no longer in use, with their successors.
    pub retired: Vec<Retired>,
    /// When several minor nonconformities in one leaf clause count as one systemic major.
    pub systemic: Option<Systemic>,
    /// The clauses (as the file names them) under which every leaf clause is a process
    /// whose capability may be rated; empty when the catalogue rates none.
    pub capability_roots: Vec<String>,
    /// Every clause, in document (pre-)order.
    pub clauses: Vec<Clause>,
    /// Every requirement, in catalogue order.
    pub requirements: Vec<Requirement>,
    /// Indices of the top-level clauses.
    pub roots: Vec<usize>,
    clause_index: HashMap<String, usize>,
    requirement_index: HashMap<String, usize>,
    retired_index: HashMap<String, usize>,
}

/// A role to interview (`service-desk`).
#[derive(Debug, Clone, Serialize)]
pub struct Role {
    /// Id used in the catalogue.
    pub id: String,
    /// Label shown to people.
    pub label: String,
}

/// Another standard that requirements refer to (`iso27001-2022`).
#[derive(Debug, Clone, Serialize)]
pub struct Reference {
    /// Id used in requirements' `refs`.
    pub id: String,
    /// Its title, `ISO/IEC 27001:2022`.
    pub title: String,
}

/// A requirement id that was retired: it never comes back, and its answers move to its
/// successors (`iso20k migrate`).
#[derive(Debug, Clone, Serialize)]
pub struct Retired {
    /// The retired id.
    pub id: String,
    /// The content version that retired it.
    pub since: String,
    /// The ids that took over its meaning (current or themselves retired later); none when
    /// it was dropped.
    pub successors: Vec<String>,
    /// Why it was retired.
    pub reason: String,
}

/// The rule that several minor nonconformities in one leaf clause make a systemic failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Systemic {
    /// How many minors in one leaf clause count as one systemic major.
    pub minors: usize,
}

/// What kind of documented information a requirement asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Documented {
    /// A document (policy, plan, procedure, scope), examined at the Stage 1 audit.
    Document,
    /// A record, evidence that a process ran, sampled at the Stage 2 audit.
    Record,
}

impl Documented {
    /// The id used in files and JSON.
    pub fn id(self) -> &'static str {
        match self {
            Documented::Document => "document",
            Documented::Record => "record",
        }
    }
}

/// One level of the rating scale.
#[derive(Debug, Clone, Serialize, JsonSchema)]
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
    pub finding: Severity,
}

/// A party that may operate a process.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Party {
    /// Id used in assessment files.
    pub id: String,
    /// Label shown to people.
    pub label: String,
    /// Whether this is the organization itself (every other party is another party).
    pub own: bool,
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
    /// A leaf that carries no requirement (an introduction, a figure).
    pub informative: bool,
    /// The roles to interview that this clause gives the requirements beneath it, as the
    /// file says (`None`: it passes on its parent's).
    pub interview: Option<Vec<usize>>,
    /// The references this clause gives the requirements beneath it, as the file says.
    pub refs: Option<Vec<(usize, String)>>,
}

impl Clause {
    /// A clause with no sub-clauses carries requirements (unless it is informative).
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
    /// The documented information the standard requires here, if any.
    pub documented: Option<Documented>,
    /// The most severe finding an answer can produce (a requirement drawn from a note of
    /// the standard caps at observation).
    pub max_finding: Option<Severity>,
    /// Per level of the scale, a finding that replaces the level's default here.
    pub findings: Vec<Option<Severity>>,
    /// Roles to interview (indices into the catalogue's roles).
    pub interview: Vec<usize>,
    /// Matching clauses of other standards: (index into the catalogue's references, clause).
    pub refs: Vec<(usize, String)>,
    /// Whether `interview` comes from a clause above (the requirement names none itself).
    pub interview_inherited: bool,
    /// Whether `refs` comes from a clause above.
    pub refs_inherited: bool,
}

impl Requirement {
    /// The finding a rating at `level` implies: the requirement's own default for that
    /// level, else the scale's, capped at the requirement's most severe finding.
    pub fn default_finding(&self, scale: &[Level], level: usize) -> Severity {
        let f = self
            .findings
            .get(level)
            .copied()
            .flatten()
            .unwrap_or(scale[level].finding);
        self.cap(f)
    }

    /// A finding capped at the requirement's most severe finding.
    pub fn cap(&self, f: Severity) -> Severity {
        // `Severity` orders from most to least severe.
        match self.max_finding {
            Some(cap) => f.max(cap),
            None => f,
        }
    }
}

/// A readiness stage and the rules that must all hold to reach it.
#[derive(Debug, Clone)]
pub struct Stage {
    /// The verdict id, `stage-1-ready`.
    pub verdict: String,
    /// The label shown to people.
    pub label: String,
    /// The rules, including those of any stage it builds on (those come first).
    pub rules: Vec<Rule>,
    /// Where this stage's own rules start in `rules`.
    pub own_rules: usize,
    /// The earlier stage whose rules it includes (index into the stages).
    pub includes: Option<usize>,
}

/// A readiness rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// Every selected requirement is rated at least this level (index into the scale), and
    /// with `evidence`, has at least one evidence reference.
    MinLevel {
        /// Minimum level index.
        level: usize,
        /// Which requirements.
        selector: Selector,
        /// Whether each must also cite evidence.
        evidence: bool,
    },
    /// No process is absent: every leaf clause under these clauses has at least one
    /// requirement rated above the lowest level.
    NoAbsentProcess {
        /// Clause indices whose leaves are processes.
        clauses: Vec<usize>,
    },
    /// Every leaf clause under these clauses reaches, on average, the score of a level.
    MinLeafReadiness {
        /// Clause indices.
        clauses: Vec<usize>,
        /// Level index whose score is the minimum.
        level: usize,
    },
    /// Where any process is operated by another party, the requirements of these clauses
    /// (deciding what other parties operate) are rated at least this level.
    OtherPartiesDetermined {
        /// Clause indices.
        clauses: Vec<usize>,
        /// Minimum level index.
        level: usize,
    },
    /// The SMS has operated as designed for at least this many days before the as-of date.
    OperatingPeriod {
        /// Days.
        days: u32,
    },
    /// Coverage is at least this percentage.
    MinCoverage {
        /// 0..=100.
        percent: f64,
    },
    /// At most `count` findings of this severity.
    MaxFindings {
        /// The severity.
        finding: Severity,
        /// The most allowed.
        count: usize,
    },
    /// Every finding of these severities has an action with an owner and a due date.
    ActionsPlanned {
        /// The severities.
        findings: Vec<Severity>,
    },
}

/// Which requirements a rule applies to.
#[derive(Debug, Clone, PartialEq)]
pub enum Selector {
    /// Every requirement.
    All,
    /// The requirements for documented information of this kind.
    Documented(Documented),
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

    /// The processes whose capability may be rated: the leaf clauses carrying requirements
    /// under the catalogue's `capability.processes`, in catalogue order.
    pub fn processes(&self) -> Vec<&Clause> {
        let roots: Vec<usize> = self
            .capability_roots
            .iter()
            .filter_map(|id| self.clause_position(id))
            .collect();
        self.clauses
            .iter()
            .enumerate()
            .filter(|(_, c)| c.children.is_empty() && !c.informative && !c.requirements.is_empty())
            .filter(|(i, _)| {
                let mut at = Some(*i);
                while let Some(x) = at {
                    if roots.contains(&x) {
                        return true;
                    }
                    at = self.clauses[x].parent;
                }
                false
            })
            .map(|(_, c)| c)
            .collect()
    }

    /// The process (see [`Catalogue::processes`]) with this clause id.
    pub fn process(&self, id: &str) -> Option<&Clause> {
        self.processes().into_iter().find(|c| c.id == id)
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

    /// A fingerprint of what answers are given against: the identity, the scale, the
    /// parties and every requirement's id, clause and question. Two catalogues with the same
    /// id and version but another text differ here (`fnv1a64:` and 16 hex digits, the
    /// same on every machine; it catches a mix-up, not a forgery).
    pub fn content_hash(&self) -> String {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |s: &str| {
            // Each piece ends with a byte no text holds, so that pieces cannot run together.
            for b in s.bytes().chain([0xff]) {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0000_0100_0000_01b3);
            }
        };
        eat(&self.id);
        eat(&self.version);
        for l in &self.scale {
            eat(&l.id);
            eat(&l.score.to_string());
            eat(l.finding.id());
        }
        eat(if self.not_applicable { "na" } else { "-" });
        for p in &self.parties {
            eat(&p.id);
        }
        for r in &self.requirements {
            eat(&r.id);
            eat(&self.clauses[r.clause].id);
            eat(&r.question);
        }
        format!("fnv1a64:{h:016x}")
    }

    /// Number of leaf clauses.
    pub fn leaf_count(&self) -> usize {
        self.clauses.iter().filter(|c| c.is_leaf()).count()
    }

    /// A retired requirement id.
    pub fn retired(&self, id: &str) -> Option<&Retired> {
        self.retired_index.get(id).map(|&i| &self.retired[i])
    }

    /// The current requirements that took over a retired id, following successors that
    /// were retired in turn, in catalogue order; empty when it was dropped (or unknown).
    pub fn successors(&self, id: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![id];
        let mut seen = std::collections::HashSet::new();
        while let Some(x) = stack.pop() {
            if !seen.insert(x) {
                continue;
            }
            if let Some(i) = self.requirement_position(x) {
                out.push(i);
            } else if let Some(r) = self.retired(x) {
                stack.extend(r.successors.iter().map(String::as_str));
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// A role by index, for display.
    pub fn role_labels(&self, r: &Requirement) -> Vec<&str> {
        r.interview
            .iter()
            .map(|&i| self.roles[i].label.as_str())
            .collect()
    }

    /// The leaf clauses at or under a clause that carry requirements (clauses are stored in
    /// pre-order, so a clause's descendants follow it until the depth climbs back).
    pub fn leaves_under(&self, clause: usize) -> Vec<usize> {
        let depth = self.clauses[clause].depth;
        std::iter::once(clause)
            .chain((clause + 1..self.clauses.len()).take_while(|&i| self.clauses[i].depth > depth))
            .filter(|&i| self.clauses[i].is_leaf() && !self.clauses[i].informative)
            .collect()
    }

    /// Requirement indices a selector picks.
    pub fn select(&self, selector: &Selector) -> Vec<usize> {
        match selector {
            Selector::All => (0..self.requirements.len()).collect(),
            Selector::Documented(kind) => (0..self.requirements.len())
                .filter(|&i| self.requirements[i].documented == Some(*kind))
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
