//! The assessment file as YAML has it: the raw schema that serde reads, before any check
//! against the catalogue (`write` lays the same fields out itself).

use super::{ActionStatus, CatalogueRef, Method};
use crate::catalogue::Severity;
use jiff::Timestamp;
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use std::fmt;

/// An iso20k assessment file: one organization's answers against one catalogue.
///
/// Written by `iso20k init`, `assess`, `answer` and `migrate`, in catalogue order, one
/// answer per key, so that it diffs and merges well in git.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFile {
    /// The version of the file format (this iso20k writes 2 and reads 1 and 2).
    #[schemars(range(min = 1))]
    pub(super) format: u32,
    /// The catalogue the answers were given against: its id and content version.
    pub(super) catalogue: CatalogueRef,
    /// The organization assessed.
    pub(super) organization: String,
    /// The scope of its service management system.
    #[serde(default)]
    pub(super) scope: String,
    /// Who assessed (an answer's own `assessor` overrides it).
    #[serde(default)]
    pub(super) assessor: String,
    /// The date the assessment speaks for (YYYY-MM-DD).
    #[schemars(schema_with = "crate::schema::date")]
    pub(super) as_of: Date,
    /// Since when the service management system has operated as designed (YYYY-MM-DD);
    /// the Stage 2 audit needs a period of operation.
    #[serde(default)]
    #[schemars(schema_with = "crate::schema::optional_date")]
    pub(super) operating_since: Option<Date>,
    /// Process capability (ISO/IEC 33020), a second axis beside the answers: a process (a
    /// leaf clause id under the catalogue's `capability.processes`) -> its attribute
    /// ratings and target level.
    #[serde(default)]
    pub(super) capability: Option<BTreeMap<String, Option<RawCapability>>>,
    /// A requirement id of the catalogue -> its answer, or `~` (null) while unanswered.
    /// Ids the catalogue does not know are kept and reported, not scored.
    #[serde(default)]
    pub(super) answers: Entries,
}

/// A mapping read in document order, duplicates kept so that they can be reported.
#[derive(Default)]
pub(crate) struct Entries(pub(super) Vec<(String, Option<Box<RawAnswer>>)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Entries;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping from requirement id to answer")
            }
            fn visit_unit<E>(self) -> std::result::Result<Entries, E> {
                Ok(Entries::default())
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut m: A,
            ) -> std::result::Result<Entries, A::Error> {
                let mut v = Vec::new();
                while let Some((k, a)) = m.next_entry::<String, Option<Box<RawAnswer>>>()? {
                    v.push((k, a));
                }
                Ok(Entries(v))
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for Entries {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Answers".into()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let answer = g.subschema_for::<Option<RawAnswer>>();
        schemars::json_schema!({
            "type": ["object", "null"],
            "additionalProperties": answer
        })
    }
}

/// One answer.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Answer")]
pub(super) struct RawAnswer {
    /// A level id of the catalogue's scale (built-in: none, initial, partial, largely,
    /// full), or `not-applicable` where the catalogue allows it (with a `note`).
    pub(super) rating: String,
    /// What was seen, said or missing.
    #[serde(default)]
    pub(super) note: Option<String>,
    /// Evidence references: a plain reference, or `ref` with the date it was `reviewed`.
    #[serde(default)]
    pub(super) evidence: Vec<RawEvidence>,
    /// A finding that overrides the one the rating implies.
    #[serde(default)]
    pub(super) finding: Option<Severity>,
    /// Who operates the process: a party id of the catalogue (clause 8 processes).
    #[serde(default)]
    pub(super) operated_by: Option<String>,
    /// What is missing, in a sentence.
    #[serde(default)]
    pub(super) gap: Option<String>,
    /// What to do about it (advice, apart from the tracked action).
    #[serde(default)]
    pub(super) recommendation: Option<String>,
    /// The remediation action.
    #[serde(default)]
    pub(super) action: Option<RawAction>,
    /// Who gave this answer, when not the assessment's assessor.
    #[serde(default)]
    pub(super) assessor: Option<String>,
    /// Who was interviewed for it.
    #[serde(default)]
    pub(super) interviewees: Vec<String>,
    /// How it was assessed.
    #[serde(default)]
    pub(super) method: Option<Method>,
    /// Why this answer needs a second look (set by `iso20k migrate`).
    #[serde(default)]
    pub(super) review: Option<String>,
    /// When it was answered (RFC 3339, `2026-11-30T12:00:00Z`).
    #[serde(default)]
    #[schemars(schema_with = "crate::schema::optional_timestamp")]
    pub(super) answered: Option<Timestamp>,
}

/// The capability of one process.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "ProcessCapability")]
pub(super) struct RawCapability {
    /// A process attribute id (`1.1`, `2.1`, `2.2`, `3.1`, `3.2`, `4.1`, `4.2`, `5.1`,
    /// `5.2`) -> N (not), P (partially), L (largely) or F (fully achieved). An attribute
    /// not listed counts as N.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawAchievement>")]
    pub(super) attributes: BTreeMap<String, String>,
    /// The capability level aimed at, 0 to 5.
    #[serde(default)]
    #[schemars(range(min = 0, max = 5))]
    pub(super) target: Option<i64>,
}

/// A process attribute rating (ISO/IEC 33020).
#[derive(JsonSchema)]
#[allow(dead_code)]
#[schemars(rename = "Achievement")]
pub(super) enum RawAchievement {
    /// Not achieved (0 to 15 %).
    N,
    /// Partially achieved (over 15 to 50 %).
    P,
    /// Largely achieved (over 50 to 85 %).
    L,
    /// Fully achieved (over 85 %).
    F,
}

/// An evidence reference.
#[derive(Deserialize, JsonSchema)]
#[serde(
    untagged,
    expecting = "an evidence reference: a string, or a mapping with `ref` and an optional `reviewed` date (YYYY-MM-DD)"
)]
#[schemars(rename = "Evidence")]
pub(super) enum RawEvidence {
    /// A document name, record id, link or location.
    Plain(String),
    /// A reference with the date it was last reviewed.
    Dated(DatedEvidence),
}

/// A reference with its review date.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct DatedEvidence {
    /// A document name, record id, link or location.
    #[serde(rename = "ref")]
    pub(super) reference: String,
    /// When it was last reviewed (YYYY-MM-DD); older than the maximum age, it is stale.
    #[serde(default)]
    #[schemars(schema_with = "crate::schema::optional_date")]
    pub(super) reviewed: Option<Date>,
}

/// A remediation action.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Action")]
pub(super) struct RawAction {
    /// What is to be done.
    pub(super) what: String,
    /// Who owns it.
    #[serde(default)]
    pub(super) owner: Option<String>,
    /// When it is due (YYYY-MM-DD).
    #[serde(default)]
    #[schemars(schema_with = "crate::schema::optional_date")]
    pub(super) due: Option<Date>,
    /// Where it stands.
    #[serde(default = "open")]
    pub(super) status: ActionStatus,
    /// The rating it should reach (a level id); the top of the scale when absent.
    #[serde(default)]
    pub(super) target: Option<String>,
}

/// Free text is kept without trailing line breaks: YAML would otherwise write it as a
/// block that keeps trailing blank lines, and the blank line that separates answers would be
/// read back as part of the text.
pub(super) fn clean(s: String) -> String {
    match trimmed(&s).len() {
        n if n == s.len() => s,
        n => s[..n].to_string(),
    }
}

/// The text [`clean`] keeps.
pub(super) fn trimmed(s: &str) -> &str {
    s.trim_end_matches(['\n', '\r'])
}

fn open() -> ActionStatus {
    ActionStatus::Open
}
