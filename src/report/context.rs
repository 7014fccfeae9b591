//! The report context: every figure and answer a template can use, computed once.
//!
//! `iso20k report FILE --format json` prints exactly this, so a template author sees
//! every field. Percentages are as computed (unrounded), dates are `YYYY-MM-DD`, and
//! severities and ratings are ids (the `severity` filter and the `*_label` fields give
//! the words).

use super::Audience;
use super::brand::Brand;
use super::template::capitalized;
use crate::assessment::Method;
use crate::assessment::{Assessment, CatalogueRef, Rating, rating_id};
use crate::catalogue::{Catalogue, Documented, Level, Party, Rule, Selector, Severity};
use crate::percent::Percent;
use crate::present::score::{ClauseFigures, ForecastView, ReasonView, StageView, SystemicView};
use crate::progress::Progress;
use crate::progress::freshness::Stale;
use crate::progress::plan::PlanCounts;
use crate::score::{FindingCounts, Scores};
use schemars::JsonSchema;
use serde::Serialize;
use std::rc::Rc;

/// The whole context.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Context<'a> {
    /// Who the report is for: `full` (the default) or `client` (`report --audience`).
    pub audience: Audience,
    /// The consultancy's brand (`report --brand FILE`), or null.
    pub brand: Option<&'a Brand>,
    /// About the report itself.
    pub report: ReportMeta,
    /// Who and what was assessed.
    pub assessment: AssessmentMeta<'a>,
    /// The catalogue scored against.
    pub catalogue: CatalogueMeta<'a>,
    /// The executive summary.
    pub summary: Summary<'a>,
    /// Each readiness stage, its rules in words and why it is not reached.
    pub stages: Vec<StageView<'a>>,
    /// The rating scale.
    pub scale: &'a [Level],
    /// Every clause in document order, with its figures.
    pub clauses: Vec<ClauseRow<'a>>,
    /// The findings register: major, minor, observation, most severe first.
    pub findings_register: Vec<FindingGroup<'a>>,
    /// Requirements for documented information (documents, examined at Stage 1, and
    /// records, sampled at Stage 2) and whether each meets its level.
    pub documented_information: DocumentedInfo<'a>,
    /// The parties that may operate processes.
    pub parties: &'a [Party],
    /// The other-party register: answers that record who operates the process.
    pub other_parties: Vec<OtherParty<'a>>,
    /// The action plan.
    pub actions: Actions<'a>,
    /// Every evidence reference past its maximum age (`report.evidence_max_age`), in
    /// catalogue order.
    pub stale_evidence: &'a [Stale],
    /// Readiness once open actions are done, and when the last stage is reached.
    pub forecast: ForecastView<'a>,
    /// Every requirement with its answer, in catalogue order.
    pub requirements: Vec<Rc<RequirementView<'a>>>,
    /// Answer ids the catalogue does not know (kept in the file, not scored).
    pub unknown_answers: Vec<&'a str>,
    /// How the answers were gathered, for the method and limitations page.
    pub method_summary: MethodSummary<'a>,
    /// Readiness over the file's committed versions (git), for the trend chart; null when
    /// the file has fewer than two versions to show.
    pub trend: Option<TrendView>,
    /// Process capability (ISO/IEC 33020), beside conformity: every process with attribute
    /// ratings or a target, in catalogue order.
    pub capability: Vec<crate::capability::ProcessView>,
    /// The radar chart of `capability` (three processes or more), computed for templates.
    pub capability_radar: Option<crate::capability::Radar>,
    /// Where capability and conformity disagree: a process rated fully conforming whose
    /// rated attributes reach level 0.
    pub capability_warnings: Vec<String>,
}

/// Readiness over the versions of the assessment file (`iso20k history`), placed on a time
/// axis that runs from the first version to the last, or to the forecast's ready-by day
/// when that is later.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TrendView {
    /// Each scored version, oldest first.
    pub points: Vec<TrendPoint>,
    /// The forecast's ready-by day (YYYY-MM-DD), when there is one.
    pub ready_by: Option<String>,
    /// Where the ready-by day falls on the time axis, 0 to 1.
    pub ready_by_position: Option<f64>,
    /// The first day of the axis (YYYY-MM-DD).
    pub from: String,
    /// The last day of the axis (YYYY-MM-DD).
    pub to: String,
}

/// One version on the trend chart.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TrendPoint {
    /// The commit (10 characters), or `working tree`.
    pub version: String,
    /// The commit's day, or the report's as-of day for the working tree (YYYY-MM-DD).
    pub date: String,
    /// Overall readiness of that version.
    pub readiness: Percent,
    /// Its verdict id.
    pub verdict: String,
    /// The verdict's label.
    pub verdict_label: String,
    /// Where it falls on the time axis, 0 to 1.
    pub position: f64,
    /// Whether this is the first version with this verdict (where the chart labels it).
    pub verdict_changed: bool,
}

/// The trend of `versions` (from [`crate::progress::history::collect`]): `None` with fewer
/// than two scored versions. `today` dates the working tree.
pub fn trend(
    versions: &[crate::progress::history::Version],
    today: jiff::civil::Date,
    ready_by: Option<&str>,
) -> Option<TrendView> {
    use crate::progress::history::Outcome;
    let mut points: Vec<(jiff::civil::Date, TrendPoint)> = Vec::new();
    for v in versions {
        let Outcome::Scored(p) = &v.outcome else {
            continue;
        };
        let day = match &v.origin.date {
            Some(d) => d.get(..10).and_then(|d| d.parse().ok()).unwrap_or(today),
            None => today,
        };
        let version = match &v.origin.commit {
            Some(c) => c.chars().take(10).collect(),
            None => "working tree".to_string(),
        };
        points.push((
            day,
            TrendPoint {
                version,
                date: day.to_string(),
                readiness: p.readiness,
                verdict: p.verdict.clone(),
                verdict_label: p.verdict_label.clone(),
                position: 0.0,
                verdict_changed: false,
            },
        ));
    }
    if points.len() < 2 {
        return None;
    }
    // On a time axis: by day (a rebase can date a later commit earlier), keeping the
    // commit order within a day; the verdict changes are marked in that order.
    points.sort_by_key(|(d, _)| *d);
    for i in 0..points.len() {
        let changed = i == 0 || points[i - 1].1.verdict != points[i].1.verdict;
        points[i].1.verdict_changed = changed;
    }
    let first = points.iter().map(|(d, _)| *d).min()?;
    let ready: Option<jiff::civil::Date> = ready_by.and_then(|d| d.parse().ok());
    let last = points
        .iter()
        .map(|(d, _)| *d)
        .chain(ready.filter(|r| *r >= first))
        .max()?;
    let span = (last - first).get_days().max(0) as f64;
    let at = |d: jiff::civil::Date| {
        if span == 0.0 {
            0.5
        } else {
            (d - first).get_days() as f64 / span
        }
    };
    Some(TrendView {
        ready_by_position: ready.filter(|r| *r >= first).map(at),
        ready_by: ready.map(|d| d.to_string()),
        from: first.to_string(),
        to: last.to_string(),
        points: points
            .into_iter()
            .map(|(d, mut p)| {
                p.position = at(d);
                p
            })
            .collect(),
    })
}

/// How the answers were gathered: who assessed, who was interviewed, by which method, and
/// what evidence was sampled.
#[derive(Debug, Serialize, JsonSchema)]
pub struct MethodSummary<'a> {
    /// Who assessed: the file's assessor, then every other assessor an answer names, in
    /// catalogue order.
    pub assessors: Vec<&'a str>,
    /// Everyone interviewed, in catalogue order of first mention, with the number of
    /// answers that name them.
    pub people_interviewed: Vec<NameCount<'a>>,
    /// Each method some answer records, in a fixed order, with its count.
    pub methods: Vec<MethodCount>,
    /// Answers that record no method.
    pub method_unrecorded: usize,
    /// Distinct evidence references cited.
    pub evidence_references: usize,
    /// Answers that cite at least one evidence reference.
    pub answers_with_evidence: usize,
}

/// A person and the number of answers that name them.
#[derive(Debug, Serialize, JsonSchema)]
pub struct NameCount<'a> {
    /// The name as written.
    pub name: &'a str,
    /// Answers naming them.
    pub answers: usize,
}

/// A method of assessment and how many answers used it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct MethodCount {
    /// The method id (`document-review`).
    pub method: Method,
    /// Its words (`Document review`).
    pub label: &'static str,
    /// Answers assessed so.
    pub count: usize,
}

/// About the report.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ReportMeta {
    /// `iso20k`.
    pub tool: &'static str,
    /// The tool's version.
    pub version: &'static str,
    /// The day overdue actions and stale evidence were judged on (YYYY-MM-DD).
    #[schemars(schema_with = "crate::schema::date")]
    pub as_of: String,
    /// The maximum evidence age, in words (`12 months`).
    pub evidence_max_age: String,
}

/// Who and what was assessed.
#[derive(Debug, Serialize, JsonSchema)]
pub struct AssessmentMeta<'a> {
    /// The organization.
    pub organization: &'a str,
    /// The SMS scope.
    pub scope: &'a str,
    /// Who assessed.
    pub assessor: &'a str,
    /// The assessment's as-of date (YYYY-MM-DD).
    #[schemars(schema_with = "crate::schema::date")]
    pub as_of: String,
    /// Since when the SMS has operated as designed, if known.
    #[schemars(schema_with = "crate::schema::optional_date")]
    pub operating_since: Option<String>,
    /// The catalogue id and version the file names.
    pub catalogue: CatalogueRef,
}

/// The catalogue.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CatalogueMeta<'a> {
    /// Id.
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// Edition of the standard.
    pub edition: &'a str,
    /// Content version.
    pub version: &'a str,
}

/// The executive summary.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Summary<'a> {
    /// Overall readiness, 0-100.
    pub readiness: Percent,
    /// Readiness of the answered requirements only (null when none is answered): the
    /// interim figure while coverage is below 100.
    pub assessed_readiness: Option<Percent>,
    /// Coverage, 0-100.
    pub coverage: Percent,
    /// Answered requirements.
    pub answered: usize,
    /// All requirements.
    pub total: usize,
    /// The verdict id.
    pub verdict: &'a str,
    /// Its label.
    pub verdict_label: &'a str,
    /// The next stage not reached (its label), if any.
    pub next_stage: Option<&'a str>,
    /// What holds the verdict back from the next stage.
    pub reasons: Vec<ReasonView<'a>>,
    /// Areas of concern: what would become a nonconformity at the next audit stage.
    pub concerns: Vec<ReasonView<'a>>,
    /// Whether the last stage is reached (which is still not a certificate).
    pub last_stage_reached: bool,
    /// Findings by severity (`systemic` counts leaf clauses whose minors make one major).
    pub findings: FindingCounts,
    /// The systemic findings, each with its members.
    pub systemic_findings: Vec<SystemicView<'a>>,
    /// How many evidence references are stale.
    pub stale_evidence_count: usize,
    /// Actions past due.
    pub overdue_actions: usize,
}

/// One clause's figures, in document order with its depth.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(rename = "Clause")]
pub struct ClauseRow<'a> {
    /// The figures, as `score` gives them.
    #[serde(flatten)]
    pub figures: ClauseFigures<'a>,
    /// 1 for a top-level clause.
    pub depth: usize,
}

/// The findings of one severity.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FindingGroup<'a> {
    /// Severity id.
    pub severity: Severity,
    /// `Major nonconformity`.
    pub label: String,
    /// `Major nonconformities`.
    pub plural: String,
    /// How many.
    pub count: usize,
    /// The requirements with this finding, in catalogue order.
    pub items: Vec<Rc<RequirementView<'a>>>,
}

/// Documents and records.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DocumentedInfo<'a> {
    /// Requirements for a document (examined at the Stage 1 audit).
    pub documents: DocumentedStatus<'a>,
    /// Requirements for records (sampled at the Stage 2 audit).
    pub records: DocumentedStatus<'a>,
}

/// The status of required documented information of one kind.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DocumentedStatus<'a> {
    /// The level these requirements must reach (from the first readiness rule about them),
    /// if any.
    pub required_level: Option<&'a str>,
    /// Whether that rule also asks for an evidence reference.
    pub evidence_required: bool,
    /// How many meet it.
    pub met: usize,
    /// How many there are.
    pub total: usize,
    /// Each one.
    pub items: Vec<DocumentedItem<'a>>,
}

/// One documented-information requirement.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DocumentedItem<'a> {
    /// Whether it meets the required level.
    pub meets: bool,
    /// The requirement and its answer (the same object as in `requirements`).
    pub entry: Rc<RequirementView<'a>>,
}

/// One answer that records who operates the process.
#[derive(Debug, Serialize, JsonSchema)]
pub struct OtherParty<'a> {
    /// The party id.
    pub party: &'a str,
    /// Its label.
    pub party_label: &'a str,
    /// The requirement and its answer (the same object as in `requirements`).
    pub entry: Rc<RequirementView<'a>>,
}

/// The action plan.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Actions<'a> {
    /// Counts.
    pub counts: PlanCounts,
    /// Most severe finding first, then earliest due date.
    pub items: Vec<ActionRow<'a>>,
}

/// One action.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ActionRow<'a> {
    /// Requirement id.
    pub requirement: &'a str,
    /// Its question.
    pub question: &'a str,
    /// Clause id.
    pub clause: &'a str,
    /// Clause title.
    pub clause_title: &'a str,
    /// The finding's severity id.
    pub finding: Severity,
    /// What is to be done.
    pub what: &'a str,
    /// Owner.
    pub owner: Option<&'a str>,
    /// Due date.
    #[schemars(schema_with = "crate::schema::optional_date")]
    pub due: Option<String>,
    /// `open`, `in-progress`, `done`.
    pub status: &'static str,
    /// The rating it should reach (level id).
    pub target: &'a str,
    /// Days past due.
    pub days_overdue: Option<i64>,
    /// Whether it has an owner and a due date.
    pub planned: bool,
}

/// One requirement and its answer.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(rename = "Requirement")]
pub struct RequirementView<'a> {
    /// Requirement id.
    pub id: &'a str,
    /// Clause id.
    pub clause: &'a str,
    /// Clause title.
    pub clause_title: &'a str,
    /// The top-level clause it is under.
    pub section: &'a str,
    /// That clause's title.
    pub section_title: &'a str,
    /// The question.
    pub question: &'a str,
    /// What an auditor looks for.
    pub guidance: &'a str,
    /// Typical evidence.
    pub typical_evidence: &'a [String],
    /// Weight in readiness.
    pub weight: f64,
    /// The documented information required: `document`, `record`, or none.
    pub documented: Option<Documented>,
    /// Roles to interview (labels).
    pub interview: Vec<&'a str>,
    /// Matching clauses of other standards.
    pub refs: Vec<RefView<'a>>,
    /// The most severe finding this requirement can produce, if capped.
    pub max_finding: Option<Severity>,
    /// Whether it has an answer.
    pub is_answered: bool,
    /// The rating (level id), if answered.
    pub rating: Option<&'a str>,
    /// The rating's label.
    pub rating_label: Option<&'a str>,
    /// The score 0-100 (0 when unanswered, none when not applicable).
    pub score: Option<f64>,
    /// The finding's severity id (`none` when there is none).
    pub finding: Severity,
    /// Whether the answer overrides the finding its rating implies.
    pub finding_overridden: bool,
    /// The note.
    pub note: Option<&'a str>,
    /// What is missing.
    pub gap: Option<&'a str>,
    /// What to do about it.
    pub recommendation: Option<&'a str>,
    /// Who answered (the answer's own assessor, else the assessment's).
    pub assessor: Option<&'a str>,
    /// Who was interviewed.
    pub interviewees: &'a [String],
    /// How it was assessed.
    pub method: Option<Method>,
    /// Why the answer needs a second look (after a migration), if it does.
    pub review: Option<&'a str>,
    /// Evidence references.
    pub evidence: Vec<EvidenceView<'a>>,
    /// Who operates the process (party id).
    pub operated_by: Option<&'a str>,
    /// The remediation action.
    pub action: Option<ActionView<'a>>,
    /// When it was answered (RFC 3339).
    #[schemars(schema_with = "crate::schema::optional_timestamp")]
    pub answered_at: Option<String>,
}

/// A matching clause of another standard.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(rename = "Reference")]
pub struct RefView<'a> {
    /// The reference id (`iso27001-2022`).
    pub id: &'a str,
    /// Its title (`ISO/IEC 27001:2022`).
    pub standard: &'a str,
    /// The clause there.
    pub clause: &'a str,
}

/// One evidence reference.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(rename = "Evidence")]
pub struct EvidenceView<'a> {
    /// The reference.
    pub reference: &'a str,
    /// When last reviewed.
    #[schemars(schema_with = "crate::schema::optional_date")]
    pub reviewed: Option<String>,
    /// Whether that review is older than the maximum age.
    pub stale: bool,
}

/// A requirement's action.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(rename = "Action")]
pub struct ActionView<'a> {
    /// What is to be done.
    pub what: &'a str,
    /// Owner.
    pub owner: Option<&'a str>,
    /// Due date.
    #[schemars(schema_with = "crate::schema::optional_date")]
    pub due: Option<String>,
    /// Status id.
    pub status: &'static str,
    /// Target level id.
    pub target: &'a str,
    /// Days past due.
    pub days_overdue: Option<i64>,
}

/// Builds the context: each section from its own constructor below, the requirements
/// first, shared by every section that lists them.
pub fn build<'a>(
    c: &'a Catalogue,
    a: &'a Assessment,
    s: &'a Scores,
    p: &'a Progress,
) -> Context<'a> {
    let stale = StaleIndex::new(p);
    let requirements: Vec<Rc<RequirementView<'a>>> = (0..c.requirements.len())
        .map(|i| Rc::new(RequirementView::new(c, a, s, p, &stale, i)))
        .collect();
    let capability = crate::capability::processes(c, a);
    Context {
        audience: Audience::Full,
        brand: None,
        report: ReportMeta::new(p),
        assessment: AssessmentMeta::new(a),
        catalogue: CatalogueMeta::new(c),
        summary: Summary::new(c, s, p),
        stages: StageView::all(c, s),
        scale: &c.scale,
        clauses: ClauseRow::all(c, s),
        findings_register: FindingGroup::register(&requirements),
        documented_information: DocumentedInfo::new(c, s, &requirements),
        parties: &c.parties,
        other_parties: OtherParty::all(c, &requirements),
        actions: Actions::new(c, p),
        stale_evidence: &p.freshness.stale,
        forecast: ForecastView::new(c, &p.forecast),
        unknown_answers: a.unknown_ids(c),
        method_summary: method_summary(a, &requirements),
        requirements,
        trend: None,
        capability_warnings: crate::capability::warnings(c, a, &capability),
        capability_radar: crate::capability::radar(&capability),
        capability,
    }
}

/// The stale evidence `progress` found, by requirement and reference: the report shows
/// what was judged, it does not judge again.
struct StaleIndex<'a>(std::collections::HashSet<(usize, &'a str)>);

impl<'a> StaleIndex<'a> {
    fn new(p: &'a Progress) -> Self {
        StaleIndex(
            p.freshness
                .stale
                .iter()
                .map(|x| (x.requirement, x.reference.as_str()))
                .collect(),
        )
    }

    fn contains(&self, requirement: usize, reference: &str) -> bool {
        self.0.contains(&(requirement, reference))
    }
}

impl<'a> RequirementView<'a> {
    /// Requirement `i` of the catalogue with its answer and score.
    fn new(
        c: &'a Catalogue,
        a: &'a Assessment,
        s: &'a Scores,
        p: &'a Progress,
        stale: &StaleIndex<'_>,
        i: usize,
    ) -> Self {
        let r = &c.requirements[i];
        let answer = a.answer(&r.id);
        let rs = &s.requirements[i];
        let cl = &c.clauses[r.clause];
        let mut root = r.clause;
        while let Some(up) = c.clauses[root].parent {
            root = up;
        }
        let as_of = p.freshness.judging.as_of;
        let top = c.scale.len() - 1;
        RequirementView {
            id: &r.id,
            clause: &cl.id,
            clause_title: &cl.title,
            section: &c.clauses[root].id,
            section_title: &c.clauses[root].title,
            question: &r.question,
            guidance: &r.guidance,
            typical_evidence: &r.evidence,
            weight: r.weight,
            documented: r.documented,
            interview: c.role_labels(r),
            refs: r
                .refs
                .iter()
                .map(|(i, clause)| RefView {
                    id: &c.references[*i].id,
                    standard: &c.references[*i].title,
                    clause,
                })
                .collect(),
            max_finding: r.max_finding,
            is_answered: answer.is_some(),
            rating: rs.rating.map(|x| rating_id(c, x)),
            rating_label: rs.rating.map(|x| match x {
                Rating::Level(l) => c.scale[l].label.as_str(),
                Rating::NotApplicable => "Not applicable",
            }),
            score: rs.score,
            finding: rs.finding,
            finding_overridden: answer.is_some_and(|x| x.finding.is_some()),
            note: answer.and_then(|x| x.note.as_deref()),
            gap: answer.and_then(|x| x.gap.as_deref()),
            recommendation: answer.and_then(|x| x.recommendation.as_deref()),
            assessor: answer.map(|x| x.assessor.as_deref().unwrap_or(&a.assessor)),
            interviewees: answer.map_or(&[], |x| x.interviewees.as_slice()),
            method: answer.and_then(|x| x.method),
            review: answer.and_then(|x| x.review.as_deref()),
            evidence: answer
                .map(|x| {
                    x.evidence
                        .iter()
                        .map(|e| EvidenceView {
                            reference: &e.reference,
                            reviewed: e.reviewed.map(|d| d.to_string()),
                            stale: stale.contains(i, &e.reference),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            operated_by: answer.and_then(|x| x.operated_by.as_deref()),
            action: answer
                .and_then(|x| x.action.as_ref())
                .map(|act| ActionView {
                    what: &act.what,
                    owner: act.owner.as_deref(),
                    due: act.due.map(|d| d.to_string()),
                    status: act.status.id(),
                    target: &c.scale[act.target.unwrap_or(top)].id,
                    days_overdue: act.days_overdue(as_of),
                }),
            answered_at: answer.and_then(|x| x.answered).map(|t| t.to_string()),
        }
    }
}

impl<'a> FindingGroup<'a> {
    /// The findings register: one group per severity, most severe first.
    fn register(requirements: &[Rc<RequirementView<'a>>]) -> Vec<Self> {
        [Severity::Major, Severity::Minor, Severity::Observation]
            .into_iter()
            .map(|f| {
                let items: Vec<Rc<RequirementView>> = requirements
                    .iter()
                    .filter(|r| r.finding == f)
                    .cloned()
                    .collect();
                FindingGroup {
                    severity: f,
                    label: capitalized(f.label()),
                    plural: capitalized(f.plural()),
                    count: items.len(),
                    items,
                }
            })
            .collect()
    }
}

impl<'a> DocumentedInfo<'a> {
    /// Documents and records, each against the first readiness rule about them.
    fn new(c: &'a Catalogue, s: &Scores, requirements: &[Rc<RequirementView<'a>>]) -> Self {
        DocumentedInfo {
            documents: DocumentedStatus::new(c, s, requirements, Documented::Document),
            records: DocumentedStatus::new(c, s, requirements, Documented::Record),
        }
    }
}

impl<'a> DocumentedStatus<'a> {
    fn new(
        c: &'a Catalogue,
        s: &Scores,
        requirements: &[Rc<RequirementView<'a>>],
        kind: Documented,
    ) -> Self {
        let rule = c
            .stages
            .iter()
            .flat_map(|st| &st.rules)
            .find_map(|r| match r {
                Rule::MinLevel {
                    level,
                    selector: Selector::Documented(k),
                    evidence,
                } if *k == kind => Some((*level, *evidence)),
                _ => None,
            });
        let items: Vec<DocumentedItem> = requirements
            .iter()
            .enumerate()
            .filter(|(_, r)| r.documented == Some(kind))
            .map(|(i, r)| {
                let cited = !rule.is_some_and(|(_, e)| e) || !r.evidence.is_empty();
                DocumentedItem {
                    meets: cited
                        && match (rule, s.requirements[i].rating) {
                            (_, Some(Rating::NotApplicable)) => true,
                            (Some((min, _)), Some(Rating::Level(l))) => l >= min,
                            (None, Some(_)) => true,
                            (_, None) => false,
                        },
                    entry: r.clone(),
                }
            })
            .collect();
        DocumentedStatus {
            required_level: rule.map(|(l, _)| c.scale[l].id.as_str()),
            evidence_required: rule.is_some_and(|(_, e)| e),
            met: items.iter().filter(|x| x.meets).count(),
            total: items.len(),
            items,
        }
    }
}

impl<'a> OtherParty<'a> {
    /// Every answer that records who operates the process, in catalogue order.
    fn all(c: &'a Catalogue, requirements: &[Rc<RequirementView<'a>>]) -> Vec<Self> {
        requirements
            .iter()
            .filter_map(|r| {
                let party = r.operated_by?;
                let label = c
                    .parties
                    .iter()
                    .find(|x| x.id == party)
                    .map_or(party, |x| x.label.as_str());
                Some(OtherParty {
                    party,
                    party_label: label,
                    entry: r.clone(),
                })
            })
            .collect()
    }
}

impl<'a> Actions<'a> {
    /// The action plan as `progress` ordered it.
    fn new(c: &'a Catalogue, p: &'a Progress) -> Self {
        let items = p
            .plan
            .iter()
            .map(|x| {
                let r = &c.requirements[x.requirement];
                let cl = &c.clauses[r.clause];
                ActionRow {
                    requirement: &r.id,
                    question: &r.question,
                    clause: &cl.id,
                    clause_title: &cl.title,
                    finding: x.finding,
                    what: &x.what,
                    owner: x.owner.as_deref(),
                    due: x.due.map(|d| d.to_string()),
                    status: x.status.id(),
                    target: &x.target,
                    days_overdue: x.days_overdue,
                    planned: x.planned,
                }
            })
            .collect();
        Actions {
            counts: p.counts,
            items,
        }
    }
}

impl ReportMeta {
    fn new(p: &Progress) -> Self {
        ReportMeta {
            tool: "iso20k",
            version: env!("CARGO_PKG_VERSION"),
            as_of: p.freshness.judging.as_of.to_string(),
            evidence_max_age: p.freshness.judging.max_age.to_string(),
        }
    }
}

impl<'a> AssessmentMeta<'a> {
    fn new(a: &'a Assessment) -> Self {
        AssessmentMeta {
            organization: &a.organization,
            scope: &a.scope,
            assessor: &a.assessor,
            as_of: a.as_of.to_string(),
            operating_since: a.operating_since.map(|d| d.to_string()),
            catalogue: a.catalogue.clone(),
        }
    }
}

impl<'a> CatalogueMeta<'a> {
    fn new(c: &'a Catalogue) -> Self {
        CatalogueMeta {
            id: &c.id,
            title: &c.title,
            edition: &c.edition,
            version: &c.version,
        }
    }
}

impl<'a> Summary<'a> {
    fn new(c: &'a Catalogue, s: &'a Scores, p: &'a Progress) -> Self {
        Summary {
            readiness: Percent(s.overall.readiness),
            assessed_readiness: s.overall.assessed_readiness.map(Percent),
            coverage: Percent(s.overall.coverage),
            answered: s.overall.answered,
            total: s.overall.total,
            verdict: s.verdict.id(),
            verdict_label: s.verdict.label(),
            next_stage: s
                .stages
                .iter()
                .find(|x| !x.passed)
                .map(|x| x.label.as_str()),
            reasons: ReasonView::all(c, &s.reasons),
            concerns: ReasonView::all(c, &s.concerns),
            last_stage_reached: s.stages.last().is_some_and(|x| x.passed),
            findings: s.overall.findings,
            systemic_findings: SystemicView::all(c, s),
            stale_evidence_count: p.freshness.stale.len(),
            overdue_actions: p.counts.overdue,
        }
    }
}

impl<'a> ClauseRow<'a> {
    /// Every clause in document order.
    fn all(c: &'a Catalogue, s: &Scores) -> Vec<Self> {
        (0..c.clauses.len())
            .map(|ix| ClauseRow {
                figures: ClauseFigures::new(c, s, ix),
                depth: c.clauses[ix].depth,
            })
            .collect()
    }
}

fn method_summary<'a>(
    a: &'a Assessment,
    requirements: &[Rc<RequirementView<'a>>],
) -> MethodSummary<'a> {
    use std::collections::{HashMap, HashSet};
    let mut assessors: Vec<&'a str> = Vec::new();
    if !a.assessor.trim().is_empty() {
        assessors.push(&a.assessor);
    }
    let mut interviewees: Vec<NameCount<'a>> = Vec::new();
    let mut seen: HashMap<&'a str, usize> = HashMap::new();
    let mut methods = [0usize; Method::ALL.len()];
    let mut method_unrecorded = 0;
    let mut references: HashSet<&'a str> = HashSet::new();
    let mut answers_with_evidence = 0;
    for r in requirements.iter().filter(|r| r.is_answered) {
        if let Some(x) = r.assessor
            && !assessors.contains(&x)
        {
            assessors.push(x);
        }
        let mut named: HashSet<&str> = HashSet::new();
        for who in r.interviewees {
            if !named.insert(who) {
                continue;
            }
            match seen.get(who.as_str()) {
                Some(&i) => interviewees[i].answers += 1,
                None => {
                    seen.insert(who, interviewees.len());
                    interviewees.push(NameCount {
                        name: who,
                        answers: 1,
                    });
                }
            }
        }
        match r.method {
            Some(m) => {
                if let Some(i) = Method::ALL.iter().position(|x| *x == m) {
                    methods[i] += 1;
                }
            }
            None => method_unrecorded += 1,
        }
        if !r.evidence.is_empty() {
            answers_with_evidence += 1;
        }
        references.extend(r.evidence.iter().map(|e| e.reference));
    }
    MethodSummary {
        assessors,
        people_interviewed: interviewees,
        methods: Method::ALL
            .into_iter()
            .zip(methods)
            .filter(|(_, n)| *n > 0)
            .map(|(method, count)| MethodCount {
                method,
                label: method.label(),
                count,
            })
            .collect(),
        method_unrecorded,
        evidence_references: references.len(),
        answers_with_evidence,
    }
}

/// The context as tera values. A requirement is converted once and shared (tera values are
/// reference-counted) wherever it appears again: in the findings register, the documented
/// information and the other-party register. A large catalogue so costs one copy of its
/// answers, not three.
pub fn to_tera(ctx: &Context<'_>) -> tera::Context {
    use std::collections::{BTreeMap, HashMap};
    use tera::Value;
    let requirements: Vec<Value> = ctx
        .requirements
        .iter()
        .map(Value::from_serializable)
        .collect();
    let by_id: HashMap<&str, &Value> = ctx
        .requirements
        .iter()
        .zip(&requirements)
        .map(|(r, v)| (r.id, v))
        .collect();
    let shared = |r: &RequirementView<'_>| -> Value {
        by_id
            .get(r.id)
            .map_or_else(|| Value::from_serializable(r), |v| (*v).clone())
    };
    let findings: Vec<Value> = ctx
        .findings_register
        .iter()
        .map(|g| {
            let mut m: BTreeMap<&'static str, Value> = BTreeMap::new();
            m.insert("severity", Value::from(g.severity.id()));
            m.insert("label", Value::from(g.label.as_str()));
            m.insert("plural", Value::from(g.plural.as_str()));
            m.insert("count", Value::from(g.count));
            m.insert(
                "items",
                Value::from(g.items.iter().map(|r| shared(r)).collect::<Vec<_>>()),
            );
            Value::from(m)
        })
        .collect();
    let documented_of = |d: &DocumentedStatus<'_>| {
        let mut m: BTreeMap<&'static str, Value> = BTreeMap::new();
        m.insert(
            "required_level",
            Value::from_serializable(&d.required_level),
        );
        m.insert("evidence_required", Value::from(d.evidence_required));
        m.insert("met", Value::from(d.met));
        m.insert("total", Value::from(d.total));
        let items: Vec<Value> = d
            .items
            .iter()
            .map(|i| {
                let mut x: BTreeMap<&'static str, Value> = BTreeMap::new();
                x.insert("meets", Value::from(i.meets));
                x.insert("entry", shared(&i.entry));
                Value::from(x)
            })
            .collect();
        m.insert("items", Value::from(items));
        Value::from(m)
    };
    let documented = {
        let mut m: BTreeMap<&'static str, Value> = BTreeMap::new();
        m.insert(
            "documents",
            documented_of(&ctx.documented_information.documents),
        );
        m.insert(
            "records",
            documented_of(&ctx.documented_information.records),
        );
        Value::from(m)
    };
    let other_parties: Vec<Value> = ctx
        .other_parties
        .iter()
        .map(|o| {
            let mut x: BTreeMap<&'static str, Value> = BTreeMap::new();
            x.insert("party", Value::from(o.party));
            x.insert("party_label", Value::from(o.party_label));
            x.insert("entry", shared(&o.entry));
            Value::from(x)
        })
        .collect();
    let mut t = tera::Context::new();
    t.insert("audience", &ctx.audience);
    t.insert("brand", &ctx.brand);
    t.insert("report", &ctx.report);
    t.insert("assessment", &ctx.assessment);
    t.insert("catalogue", &ctx.catalogue);
    t.insert("summary", &ctx.summary);
    t.insert("stages", &ctx.stages);
    t.insert("scale", ctx.scale);
    t.insert("clauses", &ctx.clauses);
    t.insert_value("findings_register", Value::from(findings));
    t.insert_value("documented_information", documented);
    t.insert("parties", ctx.parties);
    t.insert_value("other_parties", Value::from(other_parties));
    t.insert("actions", &ctx.actions);
    t.insert("stale_evidence", &ctx.stale_evidence);
    t.insert("forecast", &ctx.forecast);
    t.insert_value("requirements", Value::from(requirements));
    t.insert("unknown_answers", &ctx.unknown_answers);
    t.insert("method_summary", &ctx.method_summary);
    t.insert("trend", &ctx.trend);
    t.insert("capability", &ctx.capability);
    t.insert("capability_warnings", &ctx.capability_warnings);
    t.insert("capability_radar", &ctx.capability_radar);
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;
    use crate::progress::{Judging, freshness::MaxAge, progress};
    use crate::source::Source;

    #[test]
    fn templates_receive_exactly_the_json_context() {
        let c = Catalogue::built_in().unwrap();
        let text = include_str!("../../examples/acme-hosting.yaml");
        let a = crate::assessment::file::parse(&Source::new("acme", text), &c)
            .unwrap()
            .assessment;
        let s = crate::score::score(&c, &a);
        let judging = Judging {
            as_of: jiff::civil::Date::constant(2026, 11, 30),
            max_age: MaxAge::default(),
        };
        let p = progress(&c, &a, &s, judging);
        let ctx = build(&c, &a, &s, &p);
        let json = serde_json::to_value(&ctx).unwrap();
        let tera = to_tera(&ctx);
        let keys = json.as_object().unwrap();
        for (key, expected) in keys {
            let got = serde_json::to_value(tera.get(key).unwrap()).unwrap();
            assert_eq!(&got, expected, "`{key}` differs between JSON and templates");
        }
    }
}
