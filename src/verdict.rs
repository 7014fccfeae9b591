//! The verdict: how far an assessment got on the way to certification.
//!
//! A catalogue's readiness stages come in order (for ISO/IEC 20000-1: ready for the
//! Stage 1 audit, then for the Stage 2 audit). The verdict is the highest stage whose rules
//! hold, every stage before it holding too, or [`NOT_READY`] when the first does not.
//! Verdicts order by how far they got, so a drop between two versions is a comparison.

use serde::{Serialize, Serializer};
use std::fmt;

/// The verdict id when no stage's rules hold; a catalogue may not name a stage so.
pub const NOT_READY: &str = "not-ready";

/// The label of [`NOT_READY`].
pub const NOT_READY_LABEL: &str = "Not ready";

/// How far an assessment got: not ready, or a readiness stage of its catalogue.
///
/// It serializes as its id (`stage-1-ready`), as every JSON output has it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Verdict {
    /// How many stages are reached (0: not ready).
    reached: usize,
    id: String,
    label: String,
}

impl Verdict {
    /// Not ready: the first stage's rules do not hold.
    pub fn not_ready() -> Verdict {
        Verdict {
            reached: 0,
            id: NOT_READY.to_string(),
            label: NOT_READY_LABEL.to_string(),
        }
    }

    /// The verdict of reaching the `reached`-th stage (from 1), with that stage's id and
    /// label. `reached` 0 is [`Verdict::not_ready`], whatever the id.
    pub fn stage(reached: usize, id: &str, label: &str) -> Verdict {
        if reached == 0 {
            return Verdict::not_ready();
        }
        Verdict {
            reached,
            id: id.to_string(),
            label: label.to_string(),
        }
    }

    /// The id: a stage's verdict id, or `not-ready`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// What a person reads (`Ready for the Stage 1 audit`).
    pub fn label(&self) -> &str {
        &self.label
    }

    /// How many stages are reached, 0 when not ready.
    pub fn reached(&self) -> usize {
        self.reached
    }

    /// Whether no stage is reached.
    pub fn is_not_ready(&self) -> bool {
        self.reached == 0
    }
}

impl PartialOrd for Verdict {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Verdict {
    /// Further along is greater; verdicts of one catalogue never tie on `reached` with
    /// different ids.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.reached
            .cmp(&other.reached)
            .then_with(|| self.id.cmp(&other.id))
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id)
    }
}

impl PartialEq<str> for Verdict {
    fn eq(&self, other: &str) -> bool {
        self.id == other
    }
}

impl PartialEq<&str> for Verdict {
    fn eq(&self, other: &&str) -> bool {
        self.id == *other
    }
}

impl schemars::JsonSchema for Verdict {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Verdict".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string" })
    }
}

impl Serialize for Verdict {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_order_by_how_far_they_got() {
        let none = Verdict::not_ready();
        let one = Verdict::stage(1, "stage-1-ready", "Ready for Stage 1");
        let two = Verdict::stage(2, "stage-2-ready", "Ready for Stage 2");
        assert!(none < one && one < two);
        assert!(none.is_not_ready() && !one.is_not_ready());
        assert_eq!(Verdict::stage(0, "anything", "Anything"), none);
        assert_eq!(two.to_string(), "stage-2-ready");
        assert_eq!(one.label(), "Ready for Stage 1");
        assert_eq!(serde_json::to_string(&none).unwrap(), "\"not-ready\"");
    }
}
