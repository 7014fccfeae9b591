//! The catalogue file as YAML has it: the raw schema that serde reads (and the JSON Schema
//! describes), before any check, and the way back from a loaded catalogue to it, which
//! `catalogue list --format json` prints. A catalogue written back this way loads as the
//! same catalogue: every key survives, including a clause's `interview` and `refs`
//! defaults and a stage's `includes`.

use super::{Catalogue, Documented, Requirement, Rule, Selector, Severity};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

/// An iso20k catalogue: a standard's clause tree, its requirements, the rating scale and
/// the readiness rules.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCatalogue {
    /// A stable identifier, e.g. `iso-iec-20000-1-2018`.
    pub(super) id: String,
    /// The title people read.
    pub(super) title: String,
    /// The edition of the standard covered, e.g. `2018 + Amd 1:2024`.
    pub(super) edition: String,
    /// The content version (MAJOR.MINOR.PATCH), bumped whenever questions change.
    pub(super) version: String,
    /// The rating scale, lowest level first, scores strictly ascending; digits select levels
    /// by position.
    pub(super) scale: Vec<RawLevel>,
    /// Whether `not-applicable` is an allowed rating (with a justification in the note).
    #[serde(default)]
    pub(super) not_applicable: bool,
    /// Who may operate a process (an answer's `operated_by`).
    #[serde(default)]
    pub(super) parties: Vec<RawParty>,
    /// Roles an assessor may interview (a requirement's `interview`).
    #[serde(default)]
    pub(super) roles: Vec<RawLabelled>,
    /// Other standards whose clauses requirements name (a requirement's `refs`).
    #[serde(default)]
    pub(super) references: Vec<RawReference>,
    /// When several minor nonconformities in one leaf clause count as one systemic major.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) systemic: Option<RawSystemic>,
    /// Which clauses are processes whose capability may be rated (ISO/IEC 33020): the leaf
    /// clauses under the clauses named here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) capability: Option<RawCapability>,
    /// The readiness stages, lowest first; the verdict is the highest stage whose rules all
    /// hold.
    #[serde(default)]
    pub(super) readiness: Vec<RawStage>,
    /// The top-level clauses.
    pub(super) clauses: Vec<RawClause>,
    /// Requirement ids no longer used, never to be reused.
    #[serde(default)]
    pub(super) retired: Vec<RawRetired>,
}

/// A role to interview.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Role")]
pub(super) struct RawLabelled {
    /// The id requirements use.
    pub(super) id: String,
    /// The label people read.
    pub(super) label: String,
}

/// Another standard that requirements refer to.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Reference")]
pub(super) struct RawReference {
    /// The id requirements' `refs` use.
    pub(super) id: String,
    /// Its title, e.g. `ISO/IEC 27001:2022`.
    pub(super) title: String,
}

/// The systemic-finding rule.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Systemic")]
pub(super) struct RawSystemic {
    /// How many minors in one leaf clause count as one systemic major (2 or more).
    pub(super) minors: usize,
}

/// Where the processes are whose capability may be rated.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Capability")]
pub(super) struct RawCapability {
    /// Clause ids; every leaf clause under each of them (carrying requirements) is a process.
    pub(super) processes: Vec<String>,
}

/// A retired requirement id.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Retired")]
pub(super) struct RawRetired {
    /// The retired id.
    pub(super) id: String,
    /// The content version that retired it.
    pub(super) since: String,
    /// The ids that took over its meaning (none when it was dropped).
    #[serde(default)]
    pub(super) successors: Vec<String>,
    /// Why it was retired.
    #[serde(default)]
    pub(super) reason: String,
}

/// `documented:` as written: `document`, `record`, or (older catalogues) `true` for a
/// document and `false` (or null) for none.
#[derive(Default, Clone, Copy)]
pub(super) struct RawDocumented(pub(super) Option<Documented>);

impl RawDocumented {
    fn is_none(&self) -> bool {
        self.0.is_none()
    }
}

impl<'de> Deserialize<'de> for RawDocumented {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = RawDocumented;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("`document`, `record`, or true (a document) / false (none)")
            }
            fn visit_bool<E>(self, v: bool) -> std::result::Result<RawDocumented, E> {
                Ok(RawDocumented(v.then_some(Documented::Document)))
            }
            fn visit_unit<E>(self) -> std::result::Result<RawDocumented, E> {
                Ok(RawDocumented(None))
            }
            fn visit_none<E>(self) -> std::result::Result<RawDocumented, E> {
                Ok(RawDocumented(None))
            }
            fn visit_str<E: serde::de::Error>(
                self,
                v: &str,
            ) -> std::result::Result<RawDocumented, E> {
                match v {
                    "document" => Ok(RawDocumented(Some(Documented::Document))),
                    "record" => Ok(RawDocumented(Some(Documented::Record))),
                    _ => Err(E::invalid_value(serde::de::Unexpected::Str(v), &self)),
                }
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for RawDocumented {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self.0 {
            Some(d) => s.serialize_str(d.id()),
            None => s.serialize_none(),
        }
    }
}

impl JsonSchema for RawDocumented {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DocumentedInformation".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "The documented information the standard requires: `document` (policy, plan, procedure, scope; examined at the Stage 1 audit) or `record` (evidence that a process ran; sampled at Stage 2). Older catalogues: `true` is a document, `false` or null none.",
            "anyOf": [
                { "type": "string", "enum": ["document", "record"] },
                { "type": "boolean" },
                { "type": "null" }
            ]
        })
    }
}

/// One level of the rating scale.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Level")]
pub(super) struct RawLevel {
    /// The id assessment files use (`largely`); not a number, not `not-applicable`.
    pub(super) id: String,
    /// The label people read.
    pub(super) label: String,
    /// One line on when to choose it.
    #[serde(default)]
    pub(super) description: String,
    /// Its score, 0 to 100.
    #[schemars(range(min = 0, max = 100))]
    pub(super) score: f64,
    /// The finding a rating at this level implies unless overridden.
    pub(super) finding: Severity,
}

/// A party that may operate a process.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Party")]
pub(super) struct RawParty {
    /// The id answers' `operated_by` uses.
    pub(super) id: String,
    /// The label people read.
    pub(super) label: String,
    /// Whether this is the organization itself (every other party is another party).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(super) own: bool,
}

/// A readiness stage.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Stage")]
pub(super) struct RawStage {
    /// The verdict id when its rules hold (`stage-1-ready`); not `not-ready`.
    pub(super) verdict: String,
    /// The label people read.
    pub(super) label: String,
    /// An earlier stage whose rules this one adds to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) includes: Option<String>,
    /// Its own rules; all must hold.
    pub(super) rules: Vec<RawRule>,
}

/// A readiness rule.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, tag = "rule", rename_all = "kebab-case")]
#[schemars(rename = "Rule")]
pub(super) enum RawRule {
    /// The selected requirements (exactly one of `all`, `documented`, `clauses`) are rated at
    /// least `level`, and with `evidence`, cite at least one evidence reference.
    MinLevel {
        /// The minimum level id.
        level: String,
        /// Every requirement.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        all: bool,
        /// The requirements for this kind of documented information.
        #[serde(default, skip_serializing_if = "RawDocumented::is_none")]
        documented: RawDocumented,
        /// The requirements under these clauses.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        clauses: Vec<String>,
        /// Whether each must also cite evidence.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        evidence: bool,
    },
    /// Every leaf clause under these clauses has a requirement rated above the lowest level.
    NoAbsentProcess {
        /// Clause ids.
        clauses: Vec<String>,
    },
    /// Every leaf clause under these clauses reaches, on average, the score of `level`.
    MinLeafReadiness {
        /// Clause ids.
        clauses: Vec<String>,
        /// The level id.
        level: String,
    },
    /// Where another party operates a process, these clauses are rated at least `level`.
    OtherPartiesDetermined {
        /// Clause ids.
        clauses: Vec<String>,
        /// The level id.
        level: String,
    },
    /// The SMS has operated as designed for at least this many days.
    OperatingPeriod {
        /// Days.
        days: u32,
    },
    /// Coverage is at least this percentage.
    MinCoverage {
        /// 0 to 100.
        #[schemars(range(min = 0, max = 100))]
        percent: f64,
    },
    /// At most `count` findings of this severity (systemic majors count as majors).
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

/// A numbered clause: sub-clauses, or (on a leaf) requirements.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Clause")]
pub(crate) struct RawClause {
    /// The clause number, `8.5.1`; a sub-clause of 8.5 is numbered 8.5.N.
    pub(super) id: String,
    /// Its title.
    pub(super) title: String,
    /// Whether answers below it may record who operates the process (`operated_by`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(super) other_parties: bool,
    /// A leaf that carries no requirement (an introduction, a figure).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(super) informative: bool,
    /// Roles to interview: the default of every requirement below it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) interview: Option<Vec<String>>,
    /// Matching clauses of other standards (reference id -> clause): the default of every
    /// requirement below it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) refs: Option<BTreeMap<String, String>>,
    /// Sub-clauses.
    #[serde(default)]
    pub(super) clauses: Vec<RawClause>,
    /// Requirements (leaf clauses only).
    #[serde(default)]
    pub(super) requirements: Vec<RawRequirement>,
}

/// One requirement: one thing to judge.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Requirement")]
pub(crate) struct RawRequirement {
    /// The clause number, a hyphen and an ordinal from 1: `8.5.1.3-4`. Never reused.
    pub(super) id: String,
    /// The question to ask: one thing to judge.
    pub(super) question: String,
    /// What an auditor looks for.
    #[serde(default)]
    pub(super) guidance: String,
    /// Typical evidence.
    #[serde(default)]
    pub(super) evidence: Vec<String>,
    /// The documented information the standard requires here.
    #[serde(default, skip_serializing_if = "RawDocumented::is_none")]
    pub(super) documented: RawDocumented,
    /// Roles to interview (role ids); the clause's default when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) interview: Option<Vec<String>>,
    /// Matching clauses of other standards (reference id -> clause); the clause's default
    /// when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) refs: Option<BTreeMap<String, String>>,
    /// The most severe finding an answer can produce (a requirement drawn from a note of
    /// the standard caps at observation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) max_finding: Option<Severity>,
    /// Per level id, a finding that replaces the level's default here.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(super) findings: BTreeMap<String, Severity>,
    /// Its weight in readiness (positive; default 1).
    #[serde(default = "one")]
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub(super) weight: f64,
}

fn one() -> f64 {
    1.0
}

/// How a requirement's `interview` and `refs` are written back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Defaults {
    /// As in the file: a clause's defaults on the clause, a requirement's own only where it
    /// gave them (the whole catalogue).
    AsWritten,
    /// Every requirement with the values that apply to it (one clause or requirement
    /// shown on its own).
    Resolved,
}

impl Catalogue {
    /// The catalogue as its file has it.
    pub(crate) fn to_raw(&self) -> RawCatalogue {
        let level = |l: usize| self.scale[l].id.clone();
        let clause_ids = |cs: &[usize]| -> Vec<String> {
            cs.iter().map(|&i| self.clauses[i].id.clone()).collect()
        };
        let rule = |r: &Rule| match r {
            Rule::MinLevel {
                level: l,
                selector,
                evidence,
            } => RawRule::MinLevel {
                level: level(*l),
                all: *selector == Selector::All,
                documented: RawDocumented(match selector {
                    Selector::Documented(d) => Some(*d),
                    _ => None,
                }),
                clauses: match selector {
                    Selector::Clauses(cs) => clause_ids(cs),
                    _ => Vec::new(),
                },
                evidence: *evidence,
            },
            Rule::NoAbsentProcess { clauses } => RawRule::NoAbsentProcess {
                clauses: clause_ids(clauses),
            },
            Rule::MinLeafReadiness { clauses, level: l } => RawRule::MinLeafReadiness {
                clauses: clause_ids(clauses),
                level: level(*l),
            },
            Rule::OtherPartiesDetermined { clauses, level: l } => RawRule::OtherPartiesDetermined {
                clauses: clause_ids(clauses),
                level: level(*l),
            },
            Rule::OperatingPeriod { days } => RawRule::OperatingPeriod { days: *days },
            Rule::MinCoverage { percent } => RawRule::MinCoverage { percent: *percent },
            Rule::MaxFindings { finding, count } => RawRule::MaxFindings {
                finding: *finding,
                count: *count,
            },
            Rule::ActionsPlanned { findings } => RawRule::ActionsPlanned {
                findings: findings.clone(),
            },
        };
        RawCatalogue {
            id: self.id.clone(),
            title: self.title.clone(),
            edition: self.edition.clone(),
            version: self.version.clone(),
            scale: self
                .scale
                .iter()
                .map(|l| RawLevel {
                    id: l.id.clone(),
                    label: l.label.clone(),
                    description: l.description.clone(),
                    score: l.score,
                    finding: l.finding,
                })
                .collect(),
            not_applicable: self.not_applicable,
            parties: self
                .parties
                .iter()
                .map(|p| RawParty {
                    id: p.id.clone(),
                    label: p.label.clone(),
                    own: p.own,
                })
                .collect(),
            roles: self
                .roles
                .iter()
                .map(|r| RawLabelled {
                    id: r.id.clone(),
                    label: r.label.clone(),
                })
                .collect(),
            references: self
                .references
                .iter()
                .map(|r| RawReference {
                    id: r.id.clone(),
                    title: r.title.clone(),
                })
                .collect(),
            systemic: self.systemic.map(|s| RawSystemic { minors: s.minors }),
            capability: (!self.capability_roots.is_empty()).then(|| RawCapability {
                processes: self.capability_roots.clone(),
            }),
            readiness: self
                .stages
                .iter()
                .map(|s| RawStage {
                    verdict: s.verdict.clone(),
                    label: s.label.clone(),
                    includes: s.includes.map(|i| self.stages[i].verdict.clone()),
                    rules: s.rules[s.own_rules..].iter().map(rule).collect(),
                })
                .collect(),
            clauses: self
                .roots
                .iter()
                .map(|&r| self.raw_clause(r, Defaults::AsWritten))
                .collect(),
            retired: self
                .retired
                .iter()
                .map(|r| RawRetired {
                    id: r.id.clone(),
                    since: r.since.clone(),
                    successors: r.successors.clone(),
                    reason: r.reason.clone(),
                })
                .collect(),
        }
    }

    /// One clause and everything under it, as the file has it.
    pub(crate) fn raw_clause(&self, ix: usize, defaults: Defaults) -> RawClause {
        let cl = &self.clauses[ix];
        RawClause {
            id: cl.id.clone(),
            title: cl.title.clone(),
            other_parties: cl.other_parties,
            informative: cl.informative,
            interview: cl.interview.as_deref().map(|r| self.role_ids(r)),
            refs: cl.refs.as_deref().map(|r| self.ref_map(r)),
            clauses: cl
                .children
                .iter()
                .map(|&c| self.raw_clause(c, defaults))
                .collect(),
            requirements: if cl.is_leaf() {
                self.requirements[cl.requirements.clone()]
                    .iter()
                    .map(|r| self.raw_requirement(r, defaults))
                    .collect()
            } else {
                Vec::new()
            },
        }
    }

    /// One requirement as the file has it.
    pub(crate) fn raw_requirement(&self, r: &Requirement, defaults: Defaults) -> RawRequirement {
        let resolved = defaults == Defaults::Resolved;
        RawRequirement {
            id: r.id.clone(),
            question: r.question.clone(),
            guidance: r.guidance.clone(),
            evidence: r.evidence.clone(),
            weight: r.weight,
            documented: RawDocumented(r.documented),
            interview: (resolved || !r.interview_inherited).then(|| self.role_ids(&r.interview)),
            refs: (resolved || !r.refs_inherited).then(|| self.ref_map(&r.refs)),
            max_finding: r.max_finding,
            findings: r
                .findings
                .iter()
                .enumerate()
                .filter_map(|(l, f)| f.map(|f| (self.scale[l].id.clone(), f)))
                .collect(),
        }
    }

    fn role_ids(&self, roles: &[usize]) -> Vec<String> {
        roles.iter().map(|&i| self.roles[i].id.clone()).collect()
    }

    fn ref_map(&self, refs: &[(usize, String)]) -> BTreeMap<String, String> {
        refs.iter()
            .map(|(i, clause)| (self.references[*i].id.clone(), clause.clone()))
            .collect()
    }
}
