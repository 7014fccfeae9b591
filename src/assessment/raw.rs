//! The assessment file as YAML has it: the raw schema that serde reads, before any check
//! against the catalogue (`write` lays the same fields out itself).

use super::{ActionStatus, CatalogueRef, Method};
use crate::catalogue::Severity;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    pub(super) format: u32,
    pub(super) catalogue: CatalogueRef,
    pub(super) organization: String,
    #[serde(default)]
    pub(super) scope: String,
    #[serde(default)]
    pub(super) assessor: String,
    pub(super) as_of: Date,
    #[serde(default)]
    pub(super) operating_since: Option<Date>,
    #[serde(default)]
    pub(super) answers: Entries,
}

/// A mapping read in document order, duplicates kept so that they can be reported.
#[derive(Default)]
pub(super) struct Entries(pub(super) Vec<(String, Option<Box<RawAnswer>>)>);

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAnswer {
    pub(super) rating: String,
    #[serde(default)]
    pub(super) note: Option<String>,
    #[serde(default)]
    pub(super) evidence: Vec<RawEvidence>,
    #[serde(default)]
    pub(super) finding: Option<Severity>,
    #[serde(default)]
    pub(super) operated_by: Option<String>,
    #[serde(default)]
    pub(super) gap: Option<String>,
    #[serde(default)]
    pub(super) recommendation: Option<String>,
    #[serde(default)]
    pub(super) action: Option<RawAction>,
    #[serde(default)]
    pub(super) assessor: Option<String>,
    #[serde(default)]
    pub(super) interviewees: Vec<String>,
    #[serde(default)]
    pub(super) method: Option<Method>,
    #[serde(default)]
    pub(super) review: Option<String>,
    #[serde(default)]
    pub(super) answered: Option<Timestamp>,
}

#[derive(Deserialize)]
#[serde(
    untagged,
    expecting = "an evidence reference: a string, or a mapping with `ref` and an optional `reviewed` date (YYYY-MM-DD)"
)]
pub(super) enum RawEvidence {
    Plain(String),
    Dated(DatedEvidence),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DatedEvidence {
    #[serde(rename = "ref")]
    pub(super) reference: String,
    #[serde(default)]
    pub(super) reviewed: Option<Date>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAction {
    pub(super) what: String,
    #[serde(default)]
    pub(super) owner: Option<String>,
    #[serde(default)]
    pub(super) due: Option<Date>,
    #[serde(default = "open")]
    pub(super) status: ActionStatus,
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
