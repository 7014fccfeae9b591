//! `score`: its table, its JSON, and the lines on progress and the forecast.

use crate::assessment::Assessment;
use crate::catalogue::Catalogue;
use crate::output::Output;
use crate::percent::Percent;
use crate::progress::Progress;
use crate::progress::forecast::Forecast;
use crate::progress::freshness::Stale;
use crate::progress::plan::PlanCounts;
use crate::safe::one_line;
use crate::score::{ClauseScore, FindingCounts, Reason, Scores};
use comfy_table::{Cell, CellAlignment, Color};
use schemars::JsonSchema;
use serde::Serialize;

/// The stable JSON of `score --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ScoreView<'a> {
    /// The organization assessed.
    organization: &'a str,
    /// The scope of its service management system.
    scope: &'a str,
    /// The assessment's as-of date (YYYY-MM-DD).
    #[schemars(schema_with = "crate::schema::date")]
    as_of: String,
    /// The catalogue scored against.
    catalogue: CatRef<'a>,
    /// Overall readiness: sum(weight x score) / sum(weight) over every requirement, an
    /// unanswered one scoring 0.
    readiness: Percent,
    /// Readiness of the answered requirements only (null when none is answered).
    assessed_readiness: Option<Percent>,
    /// Answered requirements / all requirements.
    coverage: Percent,
    /// Answered requirements.
    answered: usize,
    /// All requirements.
    total: usize,
    /// The verdict id: the highest stage reached in order, or `not-ready`.
    verdict: &'a str,
    /// Its label.
    verdict_label: &'a str,
    /// What holds the verdict back from the next stage.
    reasons: Vec<ReasonView<'a>>,
    /// Areas of concern: the failing rules particular to the stages after the first.
    concerns: Vec<ReasonView<'a>>,
    /// Findings by severity.
    findings: FindingCounts,
    /// Systemic findings: leaf clauses whose minors together count as one major.
    systemic_findings: Vec<SystemicView<'a>>,
    /// Each readiness stage, lowest first.
    stages: Vec<StageView<'a>>,
    /// The top-level clauses, each with its sub-clauses.
    clauses: Vec<ClauseView<'a>>,
    /// The day overdue actions and stale evidence were judged on (YYYY-MM-DD).
    #[schemars(schema_with = "crate::schema::date")]
    as_of_judged: String,
    /// Counts of the action plan.
    action_counts: PlanCounts,
    /// Every evidence reference past its maximum age, in catalogue order.
    stale_evidence: &'a [Stale],
    /// The maximum evidence age, in words (`12 months`).
    evidence_max_age: String,
    /// Readiness once every open action is done.
    forecast: ForecastView<'a>,
    /// Process capability (ISO/IEC 33020), beside conformity: every process that has
    /// attribute ratings or a target, in catalogue order.
    capability: Vec<crate::capability::ProcessView>,
    /// Where capability and conformity disagree: a process rated fully conforming whose
    /// rated attributes reach level 0.
    capability_warnings: Vec<String>,
}

/// The forecast: readiness and the verdict once every open action is done.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(rename = "Forecast")]
pub struct ForecastView<'a> {
    /// Actions not done, counted in the projection.
    pub open_actions: usize,
    /// Readiness then.
    pub readiness: Percent,
    /// Coverage then (actions do not answer requirements).
    pub coverage: Percent,
    /// Findings then.
    pub findings: FindingCounts,
    /// The verdict then.
    pub verdict: &'a str,
    /// Its label.
    pub verdict_label: &'a str,
    /// The catalogue's last stage, the one the forecast aims at (null without stages).
    pub target: Option<&'a str>,
    /// Whether the target is already reached.
    pub reached: bool,
    /// The day the target is reached if every dated action finishes on its due date.
    #[schemars(schema_with = "crate::schema::optional_date")]
    pub ready_by: Option<String>,
    /// Requirement ids of open actions without a due date.
    pub undated: &'a [String],
    /// What still holds the target back once every open action is done.
    pub blockers: Vec<ReasonView<'a>>,
}

/// Why a rule does not hold, with the ids of everything it is about.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(rename = "Reason")]
pub struct ReasonView<'a> {
    /// The kind of rule.
    pub rule: &'a str,
    /// The reason in one line (long id lists shortened).
    pub text: &'a str,
    /// Every requirement id it is about, in catalogue order (never shortened).
    pub requirement_ids: Vec<&'a str>,
    /// Every clause id it is about (never shortened).
    pub clause_ids: Vec<&'a str>,
}

impl<'a> ReasonView<'a> {
    /// The views of a list of reasons.
    pub fn all(c: &'a Catalogue, reasons: &'a [Reason]) -> Vec<Self> {
        reasons
            .iter()
            .map(|r| ReasonView {
                rule: r.rule,
                text: &r.text,
                requirement_ids: r
                    .requirements
                    .iter()
                    .map(|&i| c.requirements[i].id.as_str())
                    .collect(),
                clause_ids: r
                    .clauses
                    .iter()
                    .map(|&i| c.clauses[i].id.as_str())
                    .collect(),
            })
            .collect()
    }
}

/// One readiness stage: its rules in words and its outcome (in `score` and the report
/// alike).
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(rename = "StageOutcome")]
pub struct StageView<'a> {
    /// The verdict id of the stage.
    pub verdict: &'a str,
    /// Its label.
    pub label: &'a str,
    /// Whether all its rules hold.
    pub passed: bool,
    /// The rules in words.
    pub rules: Vec<String>,
    /// One per rule that does not hold.
    pub reasons: Vec<ReasonView<'a>>,
}

impl<'a> StageView<'a> {
    /// Every stage of the catalogue with its outcome, lowest first.
    pub fn all(c: &'a Catalogue, s: &'a Scores) -> Vec<Self> {
        c.stages
            .iter()
            .zip(&s.stages)
            .map(|(st, res)| StageView {
                verdict: &st.verdict,
                label: &st.label,
                passed: res.passed,
                rules: st
                    .rules
                    .iter()
                    .map(|r| super::rules::describe(c, r))
                    .collect(),
                reasons: ReasonView::all(c, &res.reasons),
            })
            .collect()
    }
}

/// A systemic finding: one leaf clause and the requirements whose minors make it.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(rename = "SystemicFinding")]
pub struct SystemicView<'a> {
    /// The leaf clause (the process).
    pub clause: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its requirements with a minor nonconformity.
    pub requirement_ids: Vec<&'a str>,
}

impl<'a> SystemicView<'a> {
    /// The systemic findings of a score.
    pub fn all(c: &'a Catalogue, s: &Scores) -> Vec<Self> {
        s.systemic
            .iter()
            .map(|x| SystemicView {
                clause: &c.clauses[x.clause].id,
                title: &c.clauses[x.clause].title,
                requirement_ids: x
                    .members
                    .iter()
                    .map(|&i| c.requirements[i].id.as_str())
                    .collect(),
            })
            .collect()
    }
}

impl<'a> ForecastView<'a> {
    /// Builds the view.
    pub fn new(c: &'a Catalogue, f: &'a Forecast) -> Self {
        ForecastView {
            open_actions: f.open_actions,
            readiness: Percent(f.readiness),
            coverage: Percent(f.coverage),
            findings: f.findings,
            verdict: f.verdict.id(),
            verdict_label: f.verdict.label(),
            target: f.target.as_deref(),
            reached: f.reached,
            ready_by: f.ready_by.map(|d| d.to_string()),
            undated: &f.undated,
            blockers: ReasonView::all(c, &f.blockers),
        }
    }
}

/// The catalogue an output was computed with.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(rename = "CatalogueId")]
struct CatRef<'a> {
    /// Its id.
    id: &'a str,
    /// Its content version.
    version: &'a str,
    /// The edition of the standard it covers.
    edition: &'a str,
}

/// One clause's figures, as `score` nests them and the report lists them.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ClauseFigures<'a> {
    /// The clause number.
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Readiness of every requirement under it, 0-100.
    pub readiness: Percent,
    /// Coverage under it, 0-100.
    pub coverage: Percent,
    /// Answered requirements under it.
    pub answered: usize,
    /// All requirements under it.
    pub total: usize,
    /// Findings under it.
    pub findings: FindingCounts,
}

impl<'a> ClauseFigures<'a> {
    /// The figures of clause `ix`.
    pub fn new(c: &'a Catalogue, s: &Scores, ix: usize) -> Self {
        let cl = &c.clauses[ix];
        let cs: &ClauseScore = &s.clauses[ix];
        ClauseFigures {
            id: &cl.id,
            title: &cl.title,
            readiness: Percent(cs.readiness),
            coverage: Percent(cs.coverage),
            answered: cs.answered,
            total: cs.total,
            findings: cs.findings,
        }
    }
}

/// One clause's figures, with its sub-clauses.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(rename = "ScoreClause")]
struct ClauseView<'a> {
    /// The clause's figures.
    #[serde(flatten)]
    figures: ClauseFigures<'a>,
    /// Its sub-clauses.
    clauses: Vec<ClauseView<'a>>,
}

impl<'a> ScoreView<'a> {
    /// Builds the view.
    pub fn new(c: &'a Catalogue, a: &'a Assessment, s: &'a Scores, p: &'a Progress) -> Self {
        ScoreView {
            organization: &a.organization,
            scope: &a.scope,
            as_of: a.as_of.to_string(),
            catalogue: CatRef {
                id: &c.id,
                version: &c.version,
                edition: &c.edition,
            },
            readiness: Percent(s.overall.readiness),
            assessed_readiness: s.overall.assessed_readiness.map(Percent),
            coverage: Percent(s.overall.coverage),
            answered: s.overall.answered,
            total: s.overall.total,
            verdict: s.verdict.id(),
            verdict_label: s.verdict.label(),
            reasons: ReasonView::all(c, &s.reasons),
            concerns: ReasonView::all(c, &s.concerns),
            findings: s.overall.findings,
            systemic_findings: SystemicView::all(c, s),
            stages: StageView::all(c, s),
            clauses: c.roots.iter().map(|&r| clause_view(c, s, r)).collect(),
            as_of_judged: p.freshness.judging.as_of.to_string(),
            action_counts: p.counts,
            stale_evidence: &p.freshness.stale,
            evidence_max_age: p.freshness.judging.max_age.to_string(),
            forecast: ForecastView::new(c, &p.forecast),
            capability_warnings: crate::capability::warnings(
                c,
                a,
                &crate::capability::processes(c, a),
            ),
            capability: crate::capability::processes(c, a),
        }
    }
}

fn clause_view<'a>(c: &'a Catalogue, s: &'a Scores, ix: usize) -> ClauseView<'a> {
    ClauseView {
        figures: ClauseFigures::new(c, s, ix),
        clauses: c.clauses[ix]
            .children
            .iter()
            .map(|&ch| clause_view(c, s, ch))
            .collect(),
    }
}

fn readiness_color(p: f64) -> Color {
    if p < 50.0 {
        Color::Red
    } else if p < 75.0 {
        Color::Yellow
    } else {
        Color::Green
    }
}

/// While coverage is below 100 %: ` (N % of what is answered)`, the readiness of the
/// assessed scope beside the overall figure, which counts the unanswered as 0.
pub fn interim(cs: &ClauseScore) -> String {
    match cs.assessed_readiness {
        Some(r) if cs.answered < cs.total => format!(" ({} of what is answered)", Percent(r)),
        _ => String::new(),
    }
}

/// The `score` table and the lines under it.
pub fn table(c: &Catalogue, a: &Assessment, s: &Scores, depth: usize, out: &Output) -> String {
    let mut t = super::table::new(out.width);
    if out.color {
        t.enforce_styling();
    }
    t.set_header(vec![
        "Clause",
        "Title",
        "Readiness",
        "Coverage",
        "Major",
        "Minor",
        "Obs.",
    ]);
    let row = |id: &str, title: String, cs: &ClauseScore| {
        let count = |n: usize, color: Color| {
            let cell = Cell::new(n).set_alignment(CellAlignment::Right);
            if n > 0 && out.color {
                cell.fg(color)
            } else {
                cell
            }
        };
        let mut ready =
            Cell::new(Percent(cs.readiness).to_string()).set_alignment(CellAlignment::Right);
        if out.color {
            ready = ready.fg(readiness_color(cs.readiness));
        }
        vec![
            Cell::new(id),
            Cell::new(title),
            ready,
            Cell::new(format!("{}/{}", cs.answered, cs.total)).set_alignment(CellAlignment::Right),
            count(cs.findings.major, Color::Red),
            count(cs.findings.minor, Color::Yellow),
            count(cs.findings.observation, Color::Cyan),
        ]
    };
    for (ix, cl) in c
        .clauses
        .iter()
        .enumerate()
        .filter(|(_, cl)| cl.depth <= depth)
    {
        t.add_row(row(
            &one_line(&cl.id),
            format!("{}{}", "  ".repeat(cl.depth - 1), one_line(&cl.title)),
            &s.clauses[ix],
        ));
    }
    t.add_row(row("", "Overall".to_string(), &s.overall));
    let mut text = format!(
        "{} — {} (as of {})\nCatalogue {} version {}\n{}\n",
        one_line(&a.organization),
        one_line(&a.scope),
        a.as_of,
        one_line(&c.id),
        one_line(&c.version),
        super::table::render(&mut t, out.painter())
    );
    text.push_str(&format!(
        "Readiness {}{}, coverage {} ({} of {} answered); findings: {} major, {} minor, {} observation(s)\n",
        Percent(s.overall.readiness),
        interim(&s.overall),
        Percent(s.overall.coverage),
        s.overall.answered,
        s.overall.total,
        s.overall.findings.major,
        s.overall.findings.minor,
        s.overall.findings.observation
    ));
    for x in &s.systemic {
        let ids: Vec<&str> = x
            .members
            .iter()
            .map(|&i| c.requirements[i].id.as_str())
            .collect();
        text.push_str(&format!(
            "Systemic: {} {} has {} minor nonconformities, judged as one major: {}\n",
            c.clauses[x.clause].id,
            c.clauses[x.clause].title,
            x.members.len(),
            ids.join(", ")
        ));
    }
    let style = if s.verdict.is_not_ready() {
        console::Style::new().red().bold()
    } else {
        console::Style::new().green().bold()
    };
    text.push_str(&format!(
        "Verdict: {} ({})\n",
        out.paint(&style, s.verdict.id()),
        s.verdict.label()
    ));
    if let Some(next) = s.stages.iter().find(|x| !x.passed) {
        text.push_str(&format!("Not yet {}:\n", next.verdict));
        for r in &s.reasons {
            text.push_str(&format!("  - {r}\n"));
        }
    }
    let fresh: Vec<&Reason> = s
        .concerns
        .iter()
        .filter(|r| !s.reasons.contains(r))
        .collect();
    if !fresh.is_empty() {
        text.push_str("Areas of concern (would become nonconformities at the next audit stage):\n");
        for r in fresh {
            text.push_str(&format!("  - {r}\n"));
        }
    }
    if s.stages.last().is_some_and(|x| x.passed) {
        text.push_str(
            "Ready for the last stage is not certified: majors must be closed and verified, and minors need an accepted corrective-action plan.\n",
        );
    }
    text.push_str(&capability_text(c, a, out));
    text
}

/// The capability section under the score: level against target per process, and the
/// warnings where capability and conformity disagree; empty when nothing is rated.
fn capability_text(c: &Catalogue, a: &Assessment, out: &Output) -> String {
    let views = crate::capability::processes(c, a);
    if views.is_empty() {
        return String::new();
    }
    let mut t = super::table::new(out.width);
    if out.color {
        t.enforce_styling();
    }
    t.set_header(vec!["Process", "Title", "Level", "Target", "Attributes"]);
    for v in &views {
        let mut level = Cell::new(v.level).set_alignment(CellAlignment::Right);
        if out.color && v.below_target {
            level = level.fg(Color::Red);
        }
        t.add_row(vec![
            Cell::new(one_line(&v.process)),
            Cell::new(one_line(&v.title)),
            level,
            Cell::new(
                v.target
                    .map(|x| x.to_string())
                    .unwrap_or_else(|| "-".into()),
            )
            .set_alignment(CellAlignment::Right),
            Cell::new(crate::capability::rated_list(&v.attributes)),
        ]);
    }
    let below = crate::capability::below_target(&views);
    let mut text = format!(
        "\nCapability (ISO/IEC 33020 process attributes; not part of readiness or the verdict)\n{}\n",
        super::table::render(&mut t, out.painter())
    );
    if below.is_empty() {
        if views.iter().any(|v| v.target.is_some()) {
            text.push_str("Every process with a target meets it\n");
        }
    } else {
        text.push_str(&format!(
            "Below target: {}\n",
            below
                .iter()
                .map(|v| format!(
                    "{} (level {} of {})",
                    v.process,
                    v.level,
                    v.target.unwrap_or(0)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    for w in crate::capability::warnings(c, a, &views) {
        text.push_str(&format!("Warning: {}\n", one_line(&w)));
    }
    text
}

/// The lines under the score table: actions, stale evidence and the forecast.
pub fn progress_text(p: &Progress) -> String {
    let mut text = String::new();
    let n = &p.counts;
    if n.total > 0 {
        text.push_str(&format!(
            "Actions: {} in all, {} open, {} in progress, {} done; {} overdue on {}; {} without an owner or a due date\n",
            n.total, n.open, n.in_progress, n.done, n.overdue, p.freshness.judging.as_of, n.unplanned
        ));
    }
    if !p.freshness.stale.is_empty() {
        let shown: Vec<String> = p
            .freshness
            .stale
            .iter()
            .take(5)
            .map(|x| format!("{} ({}, {})", x.requirement_id, x.reference, x.reviewed))
            .collect();
        let more = p.freshness.stale.len().saturating_sub(shown.len());
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        text.push_str(&format!(
            "Stale evidence: {} reviewed more than {} before {}: {}{more}\n",
            if p.freshness.stale.len() == 1 {
                "1 reference".to_string()
            } else {
                format!("{} references", p.freshness.stale.len())
            },
            p.freshness.judging.max_age,
            p.freshness.judging.as_of,
            shown.join(", ")
        ));
    }
    text.push_str(&forecast_text(&p.forecast));
    text
}

/// The forecast in words.
pub fn forecast_text(f: &Forecast) -> String {
    let Some(target) = f.target.as_deref() else {
        return String::new();
    };
    if f.reached {
        return format!("Forecast: {target} already reached\n");
    }
    let mut text = format!(
        "Forecast: once the {} unfinished action(s) are done, readiness {} and verdict {}\n",
        f.open_actions,
        Percent(f.readiness),
        f.verdict
    );
    if let Some(day) = f.ready_by {
        text.push_str(&format!(
            "  {target} by {day}, if actions finish on their due dates\n"
        ));
    } else if f.blockers.is_empty() {
        text.push_str(&format!(
            "  {target} once the actions without a due date are done: {}\n",
            f.undated.join(", ")
        ));
    } else {
        text.push_str(&format!(
            "  {target} is out of reach without new actions:\n"
        ));
        for b in &f.blockers {
            text.push_str(&format!("  - {b}\n"));
        }
    }
    text
}
