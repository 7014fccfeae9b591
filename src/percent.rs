//! Percentages: one rounding for every figure a person reads, full precision for programs.
//!
//! Readiness and coverage are ratios; shown with one decimal, they are rounded once, half
//! up, from the computed value (56.25 shows as 56.3 %, 4.348 as 4.3 %), never from a value
//! already rounded. JSON and the report context carry the computed value unrounded, so a
//! template's `percent` filter rounds exactly as the terminal does.

use serde::{Serialize, Serializer};
use std::fmt;

/// A percentage, 0 to 100.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Percent(pub f64);

impl Percent {
    /// The value rounded half up to `decimals` decimals.
    pub fn rounded(self, decimals: u8) -> f64 {
        let scale = 10f64.powi(i32::from(decimals.min(6)));
        // A tiny nudge keeps a value computed as 56.249999999999993 for 56.25 rounding up,
        // as the exact ratio does; it is far below any decimal that is shown.
        ((self.0 * scale) + 1e-9).round() / scale
    }

    /// The figure as people read it, with `decimals` decimals: `56.3 %`.
    pub fn show(self, decimals: u8) -> String {
        let d = usize::from(decimals.min(6));
        format!("{:.d$} %", self.rounded(decimals))
    }

    /// The change from `before` to `self` in points, as shown beside two figures: the
    /// difference of the two shown figures, so that it always agrees with them (`+0.1`).
    pub fn delta_from(self, before: Percent) -> String {
        let d = self.rounded(1) - before.rounded(1);
        let d = (d * 10.0).round() / 10.0;
        if d == 0.0 {
            "±0.0".to_string()
        } else {
            format!("{d:+.1}")
        }
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.show(1))
    }
}

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.0)
    }
}

impl schemars::JsonSchema for Percent {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Percent".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A percentage from 0 to 100 as computed, unrounded (people are shown it rounded once, half up, to one decimal).",
            "type": "number",
            "minimum": 0,
            "maximum": 100
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn halves_round_up_from_the_computed_value() {
        assert_eq!(Percent(56.25).to_string(), "56.3 %");
        assert_eq!(Percent(4.348).to_string(), "4.3 %");
        assert_eq!(Percent(225.0 / 4.0).to_string(), "56.3 %");
        assert_eq!(Percent(100.0 / 3.0).to_string(), "33.3 %");
        assert_eq!(Percent(62.5).show(0), "63 %");
        assert_eq!(Percent(0.0).to_string(), "0.0 %");
        assert_eq!(Percent(100.0).to_string(), "100.0 %");
    }

    #[test]
    fn deltas_agree_with_the_figures_shown() {
        // 10.04 shows as 10.0 and 10.16 as 10.2: the change shown is +0.2, not +0.1.
        assert_eq!(Percent(10.16).delta_from(Percent(10.04)), "+0.2");
        assert_eq!(Percent(10.0).delta_from(Percent(10.04)), "±0.0");
        assert_eq!(Percent(5.0).delta_from(Percent(7.5)), "-2.5");
    }

    proptest! {
        #[test]
        fn a_shown_figure_is_within_half_a_step_of_the_value(n in 0u32..=10_000, d in 1u32..=400) {
            let v = f64::from(n.min(d * 100)) / f64::from(d);
            let shown: f64 = Percent(v).show(1).trim_end_matches(" %").parse().unwrap();
            prop_assert!((shown - v).abs() <= 0.05 + 1e-9, "{v} shown as {shown}");
        }
    }
}
