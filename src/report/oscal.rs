//! OSCAL 1.2 assessment results: the report context as NIST's `assessment-results` model.
//!
//! One `result` per assessment, one `observation` per answer, one `finding` per
//! requirement and one `risk` per major or minor nonconformity, each read from the context
//! (so from the scores), never recomputed. The mapping, as README.md documents it:
//! - identifiers are version-5 UUIDs named by the assessment (catalogue id, organization,
//!   scope) and the requirement id, so the same subject keeps its UUID from one revision of
//!   the file to the next and the same file always gives the same bytes;
//! - requirement ids become tokens (`req-8.5.1-1`): OSCAL tokens may not start with a
//!   digit, and any character a token may not hold is written `_HEX_`;
//! - dates become `T00:00:00Z` of their day, except an action's due date, which is a
//!   deadline at `T23:59:59Z`; nothing reads the clock;
//! - free text goes into OSCAL's Markdown fields escaped, and into its one-line fields
//!   (titles, property values, names) with line breaks and runs of spaces folded into one
//!   space.

use super::context::{Context, RequirementView};
use crate::assessment::Method;
use crate::catalogue::Severity;
use jiff::civil::Date;
use jiff::{Timestamp, tz::TimeZone};
use serde::Serialize;
use std::fmt;
use uuid::Uuid;

/// The OSCAL version the document declares (compliance-trestle 5 reads 1.2.0 and 1.2.1).
pub const OSCAL_VERSION: &str = "1.2.1";

/// The namespace of iso20k's own properties (`rating`, `score`, `finding` ...).
pub const NS: &str = "https://iso20k.invalid/ns/oscal";

/// The years OSCAL's date-time type can hold.
const YEARS: std::ops::RangeInclusive<i16> = 1900..=2999;

/// A date of the assessment that OSCAL cannot express.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unrepresentable {
    /// Where it is in the assessment file (`as_of`, `answers.4.1-1.answered` ...).
    pub key: String,
    /// The value found.
    pub value: String,
}

impl Unrepresentable {
    /// What is wrong, without the key.
    pub fn reason(&self) -> String {
        format!(
            "`{}` cannot be written as an OSCAL date-time (years {} to {} only)",
            self.value,
            YEARS.start(),
            YEARS.end()
        )
    }
}

impl fmt::Display for Unrepresentable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.key, self.reason())
    }
}

/// Writes the OSCAL document, pretty-printed, ending with a line break.
pub fn render_to(ctx: &Context<'_>, w: &mut dyn std::io::Write) -> Result<(), RenderError> {
    let doc = document(ctx)?;
    serde_json::to_writer_pretty(&mut *w, &doc).map_err(|e| RenderError::Io(e.into()))?;
    w.write_all(b"\n").map_err(RenderError::Io)
}

/// Why the OSCAL document could not be written.
#[derive(Debug)]
pub enum RenderError {
    /// A date outside OSCAL's range.
    Date(Unrepresentable),
    /// The writer failed.
    Io(std::io::Error),
}

impl From<Unrepresentable> for RenderError {
    fn from(u: Unrepresentable) -> Self {
        RenderError::Date(u)
    }
}

/// Checks that every date the document needs can be written, so that a caller can name
/// the file before anything is written.
pub fn representable(ctx: &Context<'_>) -> Result<(), Unrepresentable> {
    document(ctx).map(|_| ())
}

/// The whole document (`{"assessment-results": ...}`).
#[derive(Debug, Serialize)]
pub struct Document {
    #[serde(rename = "assessment-results")]
    assessment_results: AssessmentResults,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
struct AssessmentResults {
    uuid: String,
    metadata: Metadata,
    import_ap: ImportAp,
    results: Vec<ResultSet>,
    back_matter: BackMatter,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
struct Metadata {
    title: String,
    published: String,
    last_modified: String,
    version: String,
    oscal_version: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    props: Vec<Prop>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    parties: Vec<Party>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remarks: Option<String>,
}

#[derive(Debug, Serialize)]
struct Party {
    uuid: String,
    #[serde(rename = "type")]
    kind: &'static str,
    name: String,
}

#[derive(Debug, Serialize)]
struct ImportAp {
    href: String,
    remarks: String,
}

#[derive(Debug, Serialize)]
struct BackMatter {
    resources: Vec<Resource>,
}

#[derive(Debug, Serialize)]
struct Resource {
    uuid: String,
    title: String,
    description: String,
    props: Vec<Prop>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
struct ResultSet {
    uuid: String,
    title: String,
    description: String,
    start: String,
    end: String,
    props: Vec<Prop>,
    reviewed_controls: ReviewedControls,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    observations: Vec<Observation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    risks: Vec<Risk>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    findings: Vec<Finding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remarks: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
struct ReviewedControls {
    control_selections: Vec<ControlSelection>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
enum ControlSelection {
    /// Every requirement, by id.
    IncludeControls(Vec<ControlId>),
    /// A catalogue without requirements: OSCAL needs a selection all the same.
    IncludeAll(Empty),
}

#[derive(Debug, Serialize)]
struct Empty {}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
struct ControlId {
    control_id: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
struct Observation {
    uuid: String,
    title: String,
    description: String,
    props: Vec<Prop>,
    methods: Vec<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    origins: Vec<Origin>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    relevant_evidence: Vec<RelevantEvidence>,
    collected: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    remarks: Option<String>,
}

#[derive(Debug, Serialize)]
struct Origin {
    actors: Vec<Actor>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
struct Actor {
    #[serde(rename = "type")]
    kind: &'static str,
    actor_uuid: String,
}

#[derive(Debug, Serialize)]
struct RelevantEvidence {
    #[serde(skip_serializing_if = "Option::is_none")]
    href: Option<String>,
    description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    props: Vec<Prop>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
struct Finding {
    uuid: String,
    title: String,
    description: String,
    props: Vec<Prop>,
    target: Target,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_observations: Vec<RelatedObservation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_risks: Vec<RelatedRisk>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
struct Target {
    #[serde(rename = "type")]
    kind: &'static str,
    target_id: String,
    status: Status,
}

#[derive(Debug, Serialize)]
struct Status {
    state: &'static str,
    reason: &'static str,
    remarks: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
struct RelatedObservation {
    observation_uuid: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
struct RelatedRisk {
    risk_uuid: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
struct Risk {
    uuid: String,
    title: String,
    description: String,
    statement: String,
    props: Vec<Prop>,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    deadline: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    remediations: Vec<Remediation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_observations: Vec<RelatedObservation>,
}

#[derive(Debug, Serialize)]
struct Remediation {
    uuid: String,
    lifecycle: &'static str,
    title: String,
    description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    props: Vec<Prop>,
}

/// An iso20k property: a name in [`NS`] and a one-line value.
#[derive(Debug, Serialize)]
struct Prop {
    name: &'static str,
    ns: &'static str,
    value: String,
}

/// A property, unless the value is empty once folded onto one line.
fn prop(name: &'static str, value: &str) -> Option<Prop> {
    let value = one_line(value);
    (!value.is_empty()).then_some(Prop {
        name,
        ns: NS,
        value,
    })
}

/// Names every UUID of one assessment.
struct Ids {
    ns: Uuid,
}

impl Ids {
    fn new(ctx: &Context<'_>) -> Ids {
        let root = Uuid::new_v5(&Uuid::NAMESPACE_URL, NS.as_bytes());
        // A JSON array keeps the parts apart whatever they contain.
        let name = serde_json::json!([
            ctx.catalogue.id,
            ctx.assessment.organization,
            ctx.assessment.scope
        ])
        .to_string();
        Ids {
            ns: Uuid::new_v5(&root, name.as_bytes()),
        }
    }

    fn of(&self, kind: &str, id: &str) -> String {
        let name = format!("{kind}/{id}");
        Uuid::new_v5(&self.ns, name.as_bytes())
            .hyphenated()
            .to_string()
    }
}

/// A requirement id as an OSCAL token: `req-` in front, and every character other than an
/// ASCII letter, digit, `.` or `-` written as `_HEX_` (so two ids never share a token).
pub fn token(requirement: &str) -> String {
    let mut out = String::with_capacity(requirement.len() + 4);
    out.push_str("req-");
    for c in requirement.chars() {
        if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
            out.push(c);
        } else {
            out.push_str(&format!("_{:X}_", u32::from(c)));
        }
    }
    out
}

/// Text for a one-line OSCAL field: every run of white space, line breaks and control
/// characters becomes one space, and none is left at either end.
fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A one-line Markdown field (a title): folded onto one line, escaped; `fallback` when
/// nothing is left.
fn line(s: &str, fallback: &str) -> String {
    let s = one_line(s);
    markdown(if s.is_empty() { fallback } else { &s })
}

/// Plain text as OSCAL Markdown that shows exactly that text: inline markup characters
/// and anything that would start a block at the start of a line are backslash-escaped
/// (CommonMark lets any ASCII punctuation be escaped). Line breaks stay.
fn markdown(s: &str) -> String {
    escape(s, true)
}

/// [`markdown`] for text that follows other text on its first line.
fn inline(s: &str) -> String {
    escape(s, false)
}

fn escape(s: &str, at_line_start: bool) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (i, l) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let starts = i > 0 || at_line_start;
        let body = l.trim_start_matches([' ', '\t']);
        out.push_str(&l[..l.len() - body.len()]);
        // An ordered-list marker: digits, `.` or `)`, then a space or the end of the line.
        let digits = body.len() - body.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let mut after = body[digits..].chars();
        let ordered = starts
            && digits > 0
            && matches!(after.next(), Some('.' | ')'))
            && matches!(after.next(), None | Some(' ' | '\t'));
        for (j, c) in body.char_indices() {
            let starts_block = starts && j == 0 && matches!(c, '#' | '-' | '+' | '=' | '>');
            if starts_block
                || (ordered && j == digits)
                || matches!(
                    c,
                    '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~'
                )
            {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// A day as an OSCAL date-time: its start, in UTC.
fn day_start(day: &str, key: &str) -> Result<String, Unrepresentable> {
    day_at(day, key, "00:00:00")
}

fn day_at(day: &str, key: &str, time: &str) -> Result<String, Unrepresentable> {
    let bad = || Unrepresentable {
        key: key.to_string(),
        value: day.to_string(),
    };
    let d: Date = day.parse().map_err(|_| bad())?;
    if !YEARS.contains(&d.year()) {
        return Err(bad());
    }
    Ok(format!("{d}T{time}Z"))
}

/// An instant as an OSCAL date-time (UTC, `Z`).
fn instant(ts: &str, key: &str) -> Result<(Timestamp, String), Unrepresentable> {
    let bad = || Unrepresentable {
        key: key.to_string(),
        value: ts.to_string(),
    };
    let t: Timestamp = ts.parse().map_err(|_| bad())?;
    if !YEARS.contains(&TimeZone::UTC.to_datetime(t).year()) {
        return Err(bad());
    }
    Ok((t, t.to_string()))
}

/// The OSCAL method of an answer's method; `UNKNOWN` (OSCAL's own value) when none is
/// recorded.
fn method(m: Option<Method>) -> &'static str {
    match m {
        Some(Method::Interview) => "INTERVIEW",
        Some(Method::DocumentReview | Method::Observation | Method::Sampling) => "EXAMINE",
        Some(Method::Test) => "TEST",
        None => "UNKNOWN",
    }
}

/// A reference that is a plain `http(s)` URL, usable as an `href` as it is.
fn url(reference: &str) -> Option<String> {
    let rest = reference
        .strip_prefix("https://")
        .or_else(|| reference.strip_prefix("http://"))?;
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c);
    (!rest.is_empty() && reference.chars().all(allowed)).then(|| reference.to_string())
}

/// A number as people write it: `80`, `62.5`.
fn number(x: f64) -> String {
    format!("{x}")
}

/// The words for a severity, capitalized: `Major nonconformity`.
fn severity_title(f: Severity) -> String {
    super::template::capitalized(f.label())
}

/// Builds the document from the report context.
pub fn document(ctx: &Context<'_>) -> Result<Document, Unrepresentable> {
    let ids = Ids::new(ctx);
    let a = &ctx.assessment;
    let as_of = day_start(&a.as_of, "as_of")?;
    let mut answered: Vec<(&RequirementView<'_>, Option<(Timestamp, String)>)> = Vec::new();
    for r in ctx.requirements.iter().filter(|r| r.is_answered) {
        let at = match &r.answered_at {
            Some(t) => Some(instant(t, &format!("answers.{}.answered", r.id))?),
            None => None,
        };
        answered.push((r, at));
    }
    let times = || answered.iter().filter_map(|(_, t)| t.as_ref());
    let as_of_ts: Option<Timestamp> = as_of.parse().ok();
    let start = times()
        .min_by_key(|(t, _)| *t)
        .map_or_else(|| as_of.clone(), |(_, s)| s.clone());
    let last_modified = match (times().max_by_key(|(t, _)| *t), as_of_ts) {
        (Some((t, s)), Some(day)) if *t > day => s.clone(),
        _ => as_of.clone(),
    };

    let mut parties = Parties::new(ctx, &ids);
    let plan = ids.of("resource", "assessment-plan");

    let mut observations = Vec::new();
    for (r, at) in &answered {
        observations.push(observation(&ids, &parties, r, at, &as_of));
    }
    let mut risks = Vec::new();
    for r in ctx.requirements.iter() {
        if matches!(r.finding, Severity::Major | Severity::Minor) {
            risks.push(risk(&ids, r)?);
        }
    }
    let findings: Vec<Finding> = ctx
        .requirements
        .iter()
        .map(|r| finding(ctx, &ids, r))
        .collect();
    let selection = if ctx.requirements.is_empty() {
        ControlSelection::IncludeAll(Empty {})
    } else {
        ControlSelection::IncludeControls(
            ctx.requirements
                .iter()
                .map(|r| ControlId {
                    control_id: token(r.id),
                })
                .collect(),
        )
    };
    let s = &ctx.summary;
    let mut description = format!(
        "Gap assessment of {} against {} (edition {}), as of {}.",
        inline(&one_line(a.organization)),
        inline(&one_line(ctx.catalogue.title)),
        inline(&one_line(ctx.catalogue.edition)),
        a.as_of
    );
    if !a.scope.trim().is_empty() {
        description.push_str("\n\nScope: ");
        description.push_str(&inline(a.scope));
    }
    description.push_str(&format!(
        "\n\nVerdict: {} ({} of {} requirements answered).",
        inline(&one_line(s.verdict_label)),
        s.answered,
        s.total
    ));
    let remarks = (!ctx.unknown_answers.is_empty()).then(|| {
        format!(
            "The file also holds answers to requirements this catalogue does not know; they are \
             not exported: {}.",
            ctx.unknown_answers
                .iter()
                .map(|id| inline(&one_line(id)))
                .collect::<Vec<_>>()
                .join(", ")
        )
    });
    let result = ResultSet {
        uuid: ids.of("result", "gap-assessment"),
        title: line(
            &format!("{} gap assessment: {}", ctx.catalogue.title, a.organization),
            "Gap assessment",
        ),
        description,
        start,
        end: last_modified.clone(),
        props: [
            prop("readiness", &number(s.readiness.0)),
            s.assessed_readiness
                .and_then(|p| prop("assessed-readiness", &number(p.0))),
            prop("coverage", &number(s.coverage.0)),
            prop("answered", &s.answered.to_string()),
            prop("requirements", &s.total.to_string()),
            prop("verdict", s.verdict),
            prop("major", &s.findings.major.to_string()),
            prop("minor", &s.findings.minor.to_string()),
            prop("observation", &s.findings.observation.to_string()),
            prop("systemic", &s.findings.systemic.to_string()),
        ]
        .into_iter()
        .flatten()
        .collect(),
        reviewed_controls: ReviewedControls {
            control_selections: vec![selection],
        },
        observations,
        risks,
        findings,
        remarks,
    };
    let metadata = Metadata {
        title: line(
            &format!("{} gap assessment: {}", ctx.catalogue.title, a.organization),
            "Gap assessment",
        ),
        published: as_of.clone(),
        last_modified,
        version: a.as_of.clone(),
        oscal_version: OSCAL_VERSION,
        props: [
            prop("catalogue", ctx.catalogue.id),
            prop("catalogue-version", ctx.catalogue.version),
            prop("as-of", &a.as_of),
            a.operating_since
                .as_deref()
                .and_then(|d| prop("operating-since", d)),
        ]
        .into_iter()
        .flatten()
        .collect(),
        parties: std::mem::take(&mut parties.list),
        remarks: (!a.scope.trim().is_empty()).then(|| format!("Scope: {}", inline(a.scope))),
    };
    Ok(Document {
        assessment_results: AssessmentResults {
            uuid: ids.of("assessment-results", "gap-assessment"),
            metadata,
            import_ap: ImportAp {
                href: format!("#{plan}"),
                remarks: "iso20k keeps no OSCAL assessment plan: the plan is the catalogue \
                          described in back-matter, every requirement of it asked as one \
                          question."
                    .to_string(),
            },
            results: vec![result],
            back_matter: BackMatter {
                resources: vec![Resource {
                    uuid: plan,
                    title: line(
                        &format!(
                            "{} (catalogue {} {})",
                            ctx.catalogue.title, ctx.catalogue.id, ctx.catalogue.version
                        ),
                        "Catalogue",
                    ),
                    description: format!(
                        "The catalogue the assessment was scored against: edition {}.",
                        inline(&one_line(ctx.catalogue.edition))
                    ),
                    props: [
                        prop("catalogue", ctx.catalogue.id),
                        prop("catalogue-version", ctx.catalogue.version),
                    ]
                    .into_iter()
                    .flatten()
                    .collect(),
                }],
            },
        },
    })
}

/// The organization and every assessor, as OSCAL parties.
struct Parties {
    list: Vec<Party>,
    /// Where each (kind, name) is in `list`.
    index: std::collections::HashMap<(&'static str, String), usize>,
}

impl Parties {
    fn new(ctx: &Context<'_>, ids: &Ids) -> Parties {
        let mut p = Parties {
            list: Vec::new(),
            index: std::collections::HashMap::new(),
        };
        p.add(ids, "organization", ctx.assessment.organization);
        p.add(ids, "person", ctx.assessment.assessor);
        for r in ctx.requirements.iter().filter(|r| r.is_answered) {
            if let Some(who) = r.assessor {
                p.add(ids, "person", who);
            }
        }
        p
    }

    fn add(&mut self, ids: &Ids, kind: &'static str, name: &str) {
        let name = one_line(name);
        if name.is_empty() || self.index.contains_key(&(kind, name.clone())) {
            return;
        }
        self.index.insert((kind, name.clone()), self.list.len());
        let uuid = party_uuid(ids, kind, &name);
        self.list.push(Party { uuid, kind, name });
    }

    /// The UUID of a person, if the document lists them.
    fn person(&self, name: &str) -> Option<String> {
        self.index
            .get(&("person", one_line(name)))
            .map(|&i| self.list[i].uuid.clone())
    }
}

fn party_uuid(ids: &Ids, kind: &str, name: &str) -> String {
    ids.of("party", &serde_json::json!([kind, name]).to_string())
}

fn observation(
    ids: &Ids,
    parties: &Parties,
    r: &RequirementView<'_>,
    at: &Option<(Timestamp, String)>,
    as_of: &str,
) -> Observation {
    let mut description = format!(
        "Rated {}.",
        inline(&one_line(r.rating_label.unwrap_or_default()))
    );
    if let Some(note) = r.note.filter(|n| !n.trim().is_empty()) {
        description.push_str("\n\n");
        description.push_str(&markdown(note));
    }
    let mut remarks = Vec::new();
    if let Some(gap) = r.gap.filter(|n| !n.trim().is_empty()) {
        remarks.push(format!("Gap: {}", inline(gap)));
    }
    if let Some(rec) = r.recommendation.filter(|n| !n.trim().is_empty()) {
        remarks.push(format!("Recommendation: {}", inline(rec)));
    }
    if let Some(review) = r.review.filter(|n| !n.trim().is_empty()) {
        remarks.push(format!("To review: {}", inline(review)));
    }
    let mut props: Vec<Prop> = [
        r.rating.and_then(|x| prop("rating", x)),
        r.method.and_then(|m| prop("method", m.id())),
        r.operated_by.and_then(|x| prop("operated-by", x)),
    ]
    .into_iter()
    .flatten()
    .collect();
    props.extend(r.interviewees.iter().filter_map(|x| prop("interviewee", x)));
    let origins = r
        .assessor
        .and_then(|who| parties.person(who))
        .map(|uuid| Origin {
            actors: vec![Actor {
                kind: "party",
                actor_uuid: uuid,
            }],
        })
        .into_iter()
        .collect();
    Observation {
        uuid: ids.of("observation", r.id),
        title: line(&format!("Answer to {}", r.id), "Answer"),
        description,
        props,
        methods: vec![method(r.method)],
        origins,
        relevant_evidence: r
            .evidence
            .iter()
            .map(|e| RelevantEvidence {
                href: url(e.reference),
                description: {
                    let d = markdown(e.reference);
                    if d.trim().is_empty() {
                        "(no reference given)".to_string()
                    } else {
                        d
                    }
                },
                // Not whether it is stale: that is judged on a day given at run time.
                props: e
                    .reviewed
                    .as_deref()
                    .and_then(|d| prop("reviewed", d))
                    .into_iter()
                    .collect(),
            })
            .collect(),
        collected: at
            .as_ref()
            .map_or_else(|| as_of.to_string(), |(_, s)| s.clone()),
        remarks: (!remarks.is_empty()).then(|| remarks.join("\n\n")),
    }
}

fn finding(ctx: &Context<'_>, ids: &Ids, r: &RequirementView<'_>) -> Finding {
    let top = ctx.scale.last().map(|l| l.id.as_str());
    let not_applicable = r.is_answered && r.score.is_none();
    let (state, reason, remarks) = if not_applicable {
        (
            "satisfied",
            "other",
            "Not applicable; left out of readiness.".to_string(),
        )
    } else if r.is_answered && r.rating == top {
        ("satisfied", "pass", "Full conformity.".to_string())
    } else if r.is_answered {
        (
            "not-satisfied",
            "fail",
            format!(
                "Rated {}, below full conformity.",
                inline(&one_line(r.rating_label.unwrap_or_default()))
            ),
        )
    } else {
        (
            "not-satisfied",
            "fail",
            "Not answered; counted as 0 in readiness.".to_string(),
        )
    };
    let props = [
        prop("clause", r.clause),
        r.rating.and_then(|x| prop("rating", x)),
        r.score.and_then(|x| prop("score", &number(x))),
        prop("finding", r.finding.id()),
        r.finding_overridden
            .then(|| prop("finding-overridden", "true"))
            .flatten(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let risky = matches!(r.finding, Severity::Major | Severity::Minor);
    Finding {
        uuid: ids.of("finding", r.id),
        title: line(&format!("{}: {}", r.id, r.question), "Requirement"),
        description: if r.is_answered {
            format!(
                "{}\n\nFinding: {}.",
                markdown(r.question),
                inline(&severity_title(r.finding))
            )
        } else {
            format!("{}\n\nNot answered.", markdown(r.question))
        },
        props,
        target: Target {
            kind: "objective-id",
            target_id: token(r.id),
            status: Status {
                state,
                reason,
                remarks,
            },
        },
        related_observations: if r.is_answered {
            vec![RelatedObservation {
                observation_uuid: ids.of("observation", r.id),
            }]
        } else {
            Vec::new()
        },
        related_risks: if risky {
            vec![RelatedRisk {
                risk_uuid: ids.of("risk", r.id),
            }]
        } else {
            Vec::new()
        },
    }
}

fn risk(ids: &Ids, r: &RequirementView<'_>) -> Result<Risk, Unrepresentable> {
    let action = r.action.as_ref();
    let status = match action.map(|x| x.status) {
        Some("done") => "closed",
        Some("in-progress") => "remediating",
        _ => "open",
    };
    let deadline = match action.and_then(|x| x.due.as_deref()) {
        Some(d) => Some(day_at(
            d,
            &format!("answers.{}.action.due", r.id),
            "23:59:59",
        )?),
        None => None,
    };
    let mut statement = format!(
        "Rated {}: {}.",
        inline(&one_line(r.rating_label.unwrap_or_default())),
        inline(r.finding.label())
    );
    for text in [r.gap, r.note].into_iter().flatten() {
        if !text.trim().is_empty() {
            statement.push_str("\n\n");
            statement.push_str(&markdown(text));
            break;
        }
    }
    let mut remediations = Vec::new();
    if let Some(rec) = r.recommendation.filter(|x| !x.trim().is_empty()) {
        remediations.push(Remediation {
            uuid: ids.of("remediation/recommendation", r.id),
            lifecycle: "recommendation",
            title: line(rec, "Recommendation"),
            description: markdown(rec),
            props: Vec::new(),
        });
    }
    if let Some(x) = action {
        remediations.push(Remediation {
            uuid: ids.of("remediation/action", r.id),
            lifecycle: if x.status == "done" {
                "completed"
            } else {
                "planned"
            },
            title: line(x.what, "Action"),
            description: markdown(x.what),
            props: [
                prop("status", x.status),
                x.owner.and_then(|o| prop("owner", o)),
                x.due.as_deref().and_then(|d| prop("due", d)),
                prop("target", x.target),
            ]
            .into_iter()
            .flatten()
            .collect(),
        });
    }
    Ok(Risk {
        uuid: ids.of("risk", r.id),
        title: line(
            &format!("{} at {}", severity_title(r.finding), r.id),
            "Nonconformity",
        ),
        description: markdown(r.question),
        statement,
        props: [prop("finding", r.finding.id()), prop("clause", r.clause)]
            .into_iter()
            .flatten()
            .collect(),
        status,
        deadline,
        remediations,
        related_observations: vec![RelatedObservation {
            observation_uuid: ids.of("observation", r.id),
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirement_ids_become_tokens_that_never_start_with_a_digit() {
        assert_eq!(token("8.5.1.3-4"), "req-8.5.1.3-4");
        assert_eq!(token("A 1/é"), "req-A_20_1_2F__E9_");
        // `_` itself is escaped, so no two ids share a token.
        assert_ne!(token("a_20_"), token("a "));
    }

    #[test]
    fn one_line_fields_fold_breaks_and_controls() {
        assert_eq!(one_line("  a\n\tb\u{2028}c\u{1f} "), "a b c");
        assert_eq!(one_line("\n \u{85}"), "");
        assert_eq!(line("\n", "x"), "x");
    }

    #[test]
    fn markdown_shows_the_text_as_written() {
        assert_eq!(
            markdown("a_b *c* <x> & [l](u)"),
            r"a\_b \*c\* \<x\> \& \[l\](u)"
        );
        assert_eq!(
            markdown("# h\n- item\n 2. two\n3) three"),
            "\\# h\n\\- item\n 2\\. two\n3\\) three"
        );
        assert_eq!(markdown("8.5.1 and 2026"), "8.5.1 and 2026");
        // After other text on its line, only inline markup matters.
        assert_eq!(inline("9.9-1 # x\n- y"), "9.9-1 # x\n\\- y");
    }

    #[test]
    fn methods_map_to_oscal() {
        assert_eq!(method(Some(Method::Interview)), "INTERVIEW");
        for m in [
            Method::DocumentReview,
            Method::Observation,
            Method::Sampling,
        ] {
            assert_eq!(method(Some(m)), "EXAMINE");
        }
        assert_eq!(method(Some(Method::Test)), "TEST");
        assert_eq!(method(None), "UNKNOWN");
    }

    #[test]
    fn dates_outside_oscal_years_are_refused() {
        assert_eq!(
            day_start("2026-11-30", "as_of").unwrap(),
            "2026-11-30T00:00:00Z"
        );
        let e = day_start("0001-01-01", "as_of").unwrap_err();
        assert_eq!(e.key, "as_of");
        assert!(instant("1899-12-31T23:59:59Z", "k").is_err());
        assert_eq!(
            instant("2026-11-30T10:00:00.5Z", "k").unwrap().1,
            "2026-11-30T10:00:00.5Z"
        );
    }

    #[test]
    fn only_plain_urls_become_links() {
        assert_eq!(
            url("https://x.org/a?b=1").as_deref(),
            Some("https://x.org/a?b=1")
        );
        assert_eq!(url("Policy v2"), None);
        assert_eq!(url("https://x.org/a b"), None);
        assert_eq!(url("https://"), None);
        assert_eq!(url("https://é.org"), None);
    }
}
