//! `check`: the gate in text, JSON and JUnit XML.

use super::score::ReasonView;
use crate::catalogue::{Catalogue, Severity};
use crate::check::{Comparison, Condition, Unit};
use crate::output::Output;
use crate::percent::Percent;
use crate::progress::freshness::{Freshness, Stale};
use crate::score::Scores;
use schemars::JsonSchema;
use serde::Serialize;
use std::path::Path;

/// The stable JSON of `check --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CheckView<'a> {
    /// Whether every condition holds.
    pub passed: bool,
    /// Overall readiness.
    pub readiness: Percent,
    /// Coverage.
    pub coverage: Percent,
    /// The verdict id.
    pub verdict: &'a str,
    /// Every evidence reference past its maximum age, gated on or not.
    pub stale_evidence: &'a [Stale],
    /// Each condition.
    pub conditions: Vec<ConditionView<'a>>,
}

impl<'a> CheckView<'a> {
    /// Builds the view.
    pub fn new(
        c: &'a Catalogue,
        s: &'a Scores,
        p: &'a Freshness,
        conditions: &'a [Condition],
        passed: bool,
    ) -> Self {
        CheckView {
            passed,
            readiness: Percent(s.overall.readiness),
            coverage: Percent(s.overall.coverage),
            verdict: s.verdict.id(),
            stale_evidence: &p.stale,
            conditions: conditions
                .iter()
                .map(|x| ConditionView {
                    name: &x.name,
                    passed: x.passed,
                    unit: x.unit,
                    actual: Number(x.actual.value),
                    comparison: x.comparison,
                    required: Number(x.required.value),
                    text: format!("{}: {} (required {})", x.name, x.actual, x.required),
                    details: &x.details,
                    reasons: ReasonView::all(c, &x.reasons),
                })
                .collect(),
        }
    }
}

/// One condition in JSON: numbers as numbers, and the line people read.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(rename = "Condition")]
pub struct ConditionView<'a> {
    /// A stable name: `min-readiness`, `min-coverage`, `max-major`, `max-minor`,
    /// `no-stale-evidence`, or the verdict of the stage required (`stage-1-ready`).
    pub name: &'a str,
    /// Whether it holds: `actual` compared with `required` by `comparison`.
    pub passed: bool,
    /// What `actual` and `required` count: a percentage (0-100, unrounded), a number of
    /// findings or references, or a number of readiness stages reached in order (0 = not
    /// ready).
    pub unit: Unit,
    /// The figure found.
    pub actual: Number,
    /// `>=` or `<=`.
    pub comparison: Comparison,
    /// The figure required.
    pub required: Number,
    /// The condition as the text output shows it (`min-readiness: 69.5 % (required >= 70.0 %)`).
    pub text: String,
    /// Why it fails, one line each, as the text output shows them (long id lists shortened).
    pub details: &'a [String],
    /// A stage condition: every rule up to that stage that does not hold, with every id.
    pub reasons: Vec<ReasonView<'a>>,
}

/// A number that is written as an integer when it is one (a count), else in full.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number(pub f64);

impl Serialize for Number {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            s.serialize_i64(v as i64)
        } else {
            s.serialize_f64(v)
        }
    }
}

impl JsonSchema for Number {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Number".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "number" })
    }
}

/// The gate in lines for people.
pub fn text(
    file: &Path,
    s: &Scores,
    p: &Freshness,
    conditions: &[Condition],
    passed: bool,
    out: &Output,
) -> String {
    let ok = console::Style::new().green().bold();
    let bad = console::Style::new().red().bold();
    let mut t = String::new();
    for x in conditions {
        let mark = if x.passed {
            out.paint(&ok, "pass")
        } else {
            out.paint(&bad, "FAIL")
        };
        t.push_str(&format!(
            "{mark}  {}: {} (required {})\n",
            x.name, x.actual, x.required
        ));
        if !x.passed {
            for d in &x.details {
                t.push_str(&format!("        {d}\n"));
            }
        }
    }
    let gated = conditions.iter().any(|x| x.name == "no-stale-evidence");
    if !gated && !p.stale.is_empty() {
        t.push_str(&format!(
            "note  {} stale evidence reference(s), reviewed more than {} before {} (not gated; see --fail-on-stale-evidence)\n",
            p.stale.len(),
            p.judging.max_age,
            p.judging.as_of
        ));
    }
    let failed = conditions.iter().filter(|x| !x.passed).count();
    t.push_str(&format!(
        "{}: {} (readiness {}, verdict {})",
        file.display(),
        if passed {
            "gate passed".to_string()
        } else {
            format!("gate failed: {failed} of {} conditions", conditions.len())
        },
        Percent(s.overall.readiness),
        s.verdict
    ));
    t
}

/// Escapes text for XML attributes and content.
pub fn xml_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            // Not allowed in XML 1.0, even as a reference: shown visibly instead.
            c if ((c as u32) < 0x20 && c != '\n' && c != '\t' && c != '\r')
                || c == '\u{fffe}'
                || c == '\u{ffff}' =>
            {
                o.push_str(&crate::safe::visible(c.encode_utf8(&mut [0; 4])));
            }
            c => o.push(c),
        }
    }
    o
}

/// The gate as JUnit XML, valid against the Jenkins xunit plugin's `junit-10.xsd`.
///
/// One test case per condition of the gate that was asked for, failing exactly when that
/// condition fails, so a passing `check` (exit 0) never reports a failed test. Everything
/// else (readiness, coverage, verdict, the catalogue, the as-of day, the findings) is in
/// `<properties>`, and the clauses' figures are in the suite's `<system-out>`. The output is
/// deterministic: `timestamp` is the day the gate judged as of, and `time` is 0 (the gate is
/// a computation, not a timed test).
pub fn junit(
    c: &Catalogue,
    file: &Path,
    s: &Scores,
    p: &Freshness,
    conditions: &[Condition],
) -> String {
    let failures = conditions.iter().filter(|x| !x.passed).count();
    let tests = conditions.len();
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let counts =
        format!("tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\" time=\"0\"");
    x.push_str(&format!("<testsuites name=\"iso20k check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" time=\"0\">\n"));
    x.push_str(&format!(
        "  <testsuite name=\"{}\" {counts} timestamp=\"{}T00:00:00\">\n",
        xml_escape(&file.display().to_string()),
        p.judging.as_of
    ));
    x.push_str("    <properties>\n");
    for (name, value) in properties(c, s, p) {
        x.push_str(&format!(
            "      <property name=\"iso20k.{name}\" value=\"{}\"/>\n",
            xml_escape(&value)
        ));
    }
    x.push_str("    </properties>\n");
    for cond in conditions {
        let line = format!(
            "{}: {} (required {})",
            cond.name, cond.actual, cond.required
        );
        x.push_str(&format!(
            "    <testcase classname=\"iso20k.gate\" name=\"{}\" time=\"0\">\n",
            xml_escape(&cond.name)
        ));
        if cond.passed {
            x.push_str(&format!(
                "      <system-out>{}</system-out>\n",
                xml_escape(&line)
            ));
        } else {
            let mut body = line.clone();
            for d in &cond.details {
                body.push('\n');
                body.push_str(d);
            }
            x.push_str(&format!(
                "      <failure type=\"iso20k.gate\" message=\"{}\">{}</failure>\n",
                xml_escape(&line),
                xml_escape(&body)
            ));
        }
        x.push_str("    </testcase>\n");
    }
    x.push_str(&format!(
        "    <system-out>{}</system-out>\n",
        xml_escape(&clause_lines(c, s))
    ));
    x.push_str("  </testsuite>\n</testsuites>");
    x
}

/// The facts beside the gate, as JUnit properties (names without the `iso20k.` prefix).
fn properties(c: &Catalogue, s: &Scores, p: &Freshness) -> Vec<(&'static str, String)> {
    let o = &s.overall;
    let mut v = vec![
        ("readiness", Percent(o.readiness).to_string()),
        ("coverage", Percent(o.coverage).to_string()),
    ];
    if o.coverage < 100.0
        && let Some(r) = o.assessed_readiness
    {
        v.push(("assessed-readiness", Percent(r).to_string()));
    }
    v.extend([
        ("verdict", s.verdict.to_string()),
        ("catalogue", c.id.clone()),
        ("catalogue-version", c.version.clone()),
        ("as-of", p.judging.as_of.to_string()),
        ("answered", format!("{} of {}", o.answered, o.total)),
        ("major", o.findings.get(Severity::Major).to_string()),
        ("minor", o.findings.get(Severity::Minor).to_string()),
        (
            "observation",
            o.findings.get(Severity::Observation).to_string(),
        ),
        ("stale-evidence", p.stale.len().to_string()),
    ]);
    v
}

/// One line per top-level clause: its readiness and its major nonconformities.
fn clause_lines(c: &Catalogue, s: &Scores) -> String {
    let mut t = String::new();
    for &r in &c.roots {
        let cl = &c.clauses[r];
        let majors: Vec<&str> = cl
            .requirements
            .clone()
            .filter(|&i| s.requirements[i].finding == Severity::Major)
            .map(|i| c.requirements[i].id.as_str())
            .collect();
        t.push_str(&format!(
            "{} {}: readiness {}",
            cl.id,
            cl.title,
            Percent(s.clauses[r].readiness)
        ));
        match majors.len() {
            0 => {}
            1 => t.push_str(&format!("; 1 {}: {}", Severity::Major.label(), majors[0])),
            n => t.push_str(&format!(
                "; {n} {}: {}",
                Severity::Major.plural(),
                majors.join(", ")
            )),
        }
        for sys in &s.systemic {
            let leaf = &c.clauses[sys.clause];
            if cl.requirements.contains(&leaf.requirements.start) {
                let members: Vec<&str> = sys
                    .members
                    .iter()
                    .map(|&i| c.requirements[i].id.as_str())
                    .collect();
                t.push_str(&format!(
                    "; systemic {} in {} (minors {})",
                    Severity::Major.label(),
                    leaf.id,
                    members.join(", ")
                ));
            }
        }
        t.push('\n');
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_is_valid_xml_whatever_the_input() {
        let hostile = "a\u{1b}]0;t\u{7}\u{fffe}\u{ffff}<&\"'\u{0}z";
        let doc = format!("<x a=\"{0}\">{0}</x>", xml_escape(hostile));
        let parsed = roxmltree::Document::parse(&doc).unwrap();
        let text = parsed.root_element().text().unwrap();
        assert_eq!(text, "a\\x1b]0;t\\x07\\u{fffe}\\u{ffff}<&\"'\\x00z");
    }
}
