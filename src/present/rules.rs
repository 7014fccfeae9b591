//! Readiness rules in words, for the scoring method of reports.

use crate::catalogue::{Catalogue, Documented, Rule, Selector, Severity};
use crate::percent::Percent;

/// A readiness rule of catalogue `c` in words.
pub fn describe(c: &Catalogue, rule: &Rule) -> String {
    let clause_ids = |cs: &[usize]| -> String {
        let ids: Vec<&str> = cs.iter().map(|&i| c.clauses[i].id.as_str()).collect();
        ids.join(" and ")
    };
    match rule {
        Rule::MinLevel {
            level,
            selector,
            evidence,
        } => {
            let which = match selector {
                Selector::All => "every requirement".to_string(),
                Selector::Documented(Documented::Document) => {
                    "every requirement for a document".to_string()
                }
                Selector::Documented(Documented::Record) => {
                    "every requirement for records".to_string()
                }
                Selector::Clauses(cs) => format!("every requirement of {}", clause_ids(cs)),
            };
            let cited = if *evidence {
                ", with at least one evidence reference"
            } else {
                ""
            };
            format!("{which} is rated {} or better{cited}", c.scale[*level].id)
        }
        Rule::NoAbsentProcess { clauses } => format!(
            "no process of {} is absent (each of its leaf clauses has a requirement rated above {})",
            clause_ids(clauses),
            c.scale[0].id
        ),
        Rule::MinLeafReadiness { clauses, level } => format!(
            "each leaf clause of {} reaches, on average, the score of {} ({})",
            clause_ids(clauses),
            c.scale[*level].id,
            Percent(c.scale[*level].score)
        ),
        Rule::OtherPartiesDetermined { clauses, level } => format!(
            "where another party operates a process, every requirement of {} is rated {} or better",
            clause_ids(clauses),
            c.scale[*level].id
        ),
        Rule::OperatingPeriod { days } => format!(
            "the SMS has operated as designed for at least {days} days before the as-of date (`operating_since`)"
        ),
        Rule::MinCoverage { percent } => {
            format!("coverage is at least {}", Percent(*percent))
        }
        Rule::MaxFindings { finding, count } => {
            let systemic = match (finding, c.systemic) {
                (Severity::Major, Some(s)) => format!(
                    ", counting {} or more minor nonconformities in one leaf clause as one systemic major",
                    s.minors
                ),
                _ => String::new(),
            };
            match count {
                0 => format!("there is no {}{systemic}", finding.label()),
                1 => format!("there is at most 1 {}{systemic}", finding.label()),
                n => format!("there are at most {n} {}{systemic}", finding.plural()),
            }
        }
        Rule::ActionsPlanned { findings } => {
            let kinds: Vec<&str> = findings.iter().map(|f| f.label()).collect();
            format!(
                "every {} has an action with an owner and a due date",
                kinds.join(" and every ")
            )
        }
    }
}
