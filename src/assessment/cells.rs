//! An answer as spreadsheet cells: the answer columns that the workbook's `Questionnaire`
//! sheet and the CSV report share, how each field is written as text, and how a cell's text
//! is put back into an answer.
//!
//! Writing and reading agree by construction: [`text`] gives the text of a field, and
//! `iso20k import` compares a cell with that text before it parses anything, so a cell
//! nobody edited never changes an answer, whatever it holds.

use super::fields::{self, Rejected};
use super::{Action, ActionStatus, Answer, Assessment, Evidence, rating_id};
use crate::catalogue::{Catalogue, Requirement};

/// One answer column, by the name its header has in the workbook and the CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// `rating`: a level id.
    Rating,
    /// `note`.
    Note,
    /// `gap`.
    Gap,
    /// `recommendation`.
    Recommendation,
    /// `evidence`: in the workbook one reference a line, `REF` or `REF@YYYY-MM-DD`; in the
    /// CSV the references joined with `; `.
    Evidence,
    /// `evidence_reviewed` (CSV only): the review dates of the references, in their order,
    /// joined with `; ` (empty for an undated one).
    EvidenceReviewed,
    /// `action`: what is to be done.
    Action,
    /// `owner`.
    Owner,
    /// `due`: `YYYY-MM-DD`.
    Due,
    /// `status`: open, in-progress, done.
    Status,
    /// `target`: the rating the action should reach.
    Target,
    /// `finding`: the finding of the answer (its override where it has one).
    Finding,
    /// `operated_by`: a party id.
    OperatedBy,
    /// `method` (workbook only).
    Method,
    /// `interviewees` (workbook only): one name a line.
    Interviewees,
    /// `assessor`: who gave the answer.
    Assessor,
}

/// Where the cells come from or go to: the layout of the evidence differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// The workbook's Questionnaire sheet.
    Workbook,
    /// The CSV report.
    Csv,
}

impl Field {
    /// The answer columns of the workbook, in the order of the Questionnaire sheet.
    pub const WORKBOOK: [Field; 15] = [
        Field::Rating,
        Field::Note,
        Field::Gap,
        Field::Recommendation,
        Field::Evidence,
        Field::Action,
        Field::Owner,
        Field::Due,
        Field::Status,
        Field::Target,
        Field::Finding,
        Field::OperatedBy,
        Field::Method,
        Field::Interviewees,
        Field::Assessor,
    ];

    /// The answer columns of the CSV report.
    pub const CSV: [Field; 14] = [
        Field::Rating,
        Field::Note,
        Field::Gap,
        Field::Recommendation,
        Field::Evidence,
        Field::EvidenceReviewed,
        Field::Action,
        Field::Owner,
        Field::Due,
        Field::Status,
        Field::Target,
        Field::Finding,
        Field::OperatedBy,
        Field::Assessor,
    ];

    /// The column's header.
    pub fn name(self) -> &'static str {
        match self {
            Field::Rating => "rating",
            Field::Note => "note",
            Field::Gap => "gap",
            Field::Recommendation => "recommendation",
            Field::Evidence => "evidence",
            Field::EvidenceReviewed => "evidence_reviewed",
            Field::Action => "action",
            Field::Owner => "owner",
            Field::Due => "due",
            Field::Status => "status",
            Field::Target => "target",
            Field::Finding => "finding",
            Field::OperatedBy => "operated_by",
            Field::Method => "method",
            Field::Interviewees => "interviewees",
            Field::Assessor => "assessor",
        }
    }

    /// The answer column a header names in this layout, if it names one.
    pub fn from_name(name: &str, layout: Layout) -> Option<Field> {
        let all: &[Field] = match layout {
            Layout::Workbook => &Field::WORKBOOK,
            Layout::Csv => &Field::CSV,
        };
        all.iter().copied().find(|f| f.name() == name)
    }

    /// Whether the field is free text, kept as written (without trailing line breaks).
    pub fn is_text(self) -> bool {
        matches!(
            self,
            Field::Note
                | Field::Gap
                | Field::Recommendation
                | Field::Action
                | Field::Owner
                | Field::Assessor
                | Field::Evidence
                | Field::Interviewees
        )
    }

    /// The key below an answer that [`fields::whole`] names for this field.
    fn owns_key(self, key: &str) -> bool {
        let base = key.split('[').next().unwrap_or(key);
        match self {
            Field::Note => base == "note",
            Field::Gap => base == "gap",
            Field::Recommendation => base == "recommendation",
            Field::Evidence => base == "evidence",
            Field::Action => base == "action.what",
            Field::Owner => base == "action.owner",
            Field::Interviewees => base == "interviewees",
            Field::Assessor => base == "assessor",
            _ => false,
        }
    }
}

/// The text of one field of `answer` (none: the requirement is not answered). Unanswered
/// requirements have empty cells; `assessor` shows the assessment's assessor where the
/// answer has none of its own, and `target` the top level where the action names none, as
/// every report does.
pub fn text(
    c: &Catalogue,
    a: &Assessment,
    r: &Requirement,
    answer: Option<&Answer>,
    field: Field,
    layout: Layout,
) -> String {
    let Some(x) = answer else {
        return String::new();
    };
    let action = x.action.as_ref();
    let or_empty = |s: Option<&str>| s.unwrap_or_default().to_string();
    match field {
        Field::Rating => rating_id(c, x.rating).to_string(),
        Field::Note => or_empty(x.note.as_deref()),
        Field::Gap => or_empty(x.gap.as_deref()),
        Field::Recommendation => or_empty(x.recommendation.as_deref()),
        Field::Evidence => match layout {
            Layout::Workbook => x
                .evidence
                .iter()
                .map(|e| match e.reviewed {
                    Some(d) => format!("{}@{d}", e.reference),
                    None => e.reference.clone(),
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Layout::Csv => x
                .evidence
                .iter()
                .map(|e| e.reference.as_str())
                .collect::<Vec<_>>()
                .join("; "),
        },
        Field::EvidenceReviewed => {
            if x.evidence.iter().all(|e| e.reviewed.is_none()) {
                String::new()
            } else {
                x.evidence
                    .iter()
                    .map(|e| e.reviewed.map(|d| d.to_string()).unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join("; ")
            }
        }
        Field::Action => or_empty(action.map(|y| y.what.as_str())),
        Field::Owner => or_empty(action.and_then(|y| y.owner.as_deref())),
        Field::Due => action
            .and_then(|y| y.due)
            .map(|d| d.to_string())
            .unwrap_or_default(),
        Field::Status => or_empty(action.map(|y| y.status.id())),
        Field::Target => or_empty(action.map(|y| {
            let top = c.scale.len().saturating_sub(1);
            c.scale[y.target.unwrap_or(top)].id.as_str()
        })),
        Field::Finding => x.finding(c, r).id().to_string(),
        Field::OperatedBy => or_empty(x.operated_by.as_deref()),
        Field::Method => or_empty(x.method.map(|m| m.id())),
        Field::Interviewees => x.interviewees.join("\n"),
        Field::Assessor => x.assessor.as_deref().unwrap_or(&a.assessor).to_string(),
    }
}

/// A cell's text as it is compared: free text without trailing line breaks (the file
/// keeps none), anything else without surrounding blanks.
pub fn normalized(field: Field, given: &str) -> String {
    if field.is_text() {
        given.trim_end_matches(['\n', '\r']).to_string()
    } else {
        given.trim().to_string()
    }
}

/// One edited cell: the field and its new text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The field.
    pub field: Field,
    /// The cell's text, [`normalized`].
    pub text: String,
}

/// Applies the edited cells of one row to an answer (a new one when `current` is none),
/// by the rules of [`fields`]; each refusal names the field it is about. The answer's
/// `answered` and `review` are left to the caller.
pub fn apply(
    c: &Catalogue,
    r: &Requirement,
    current: Option<&Answer>,
    edits: &[Edit],
    layout: Layout,
) -> Result<Answer, Vec<(Field, Rejected)>> {
    let mut wrong = Vec::new();
    let edited = |f: Field| edits.iter().find(|e| e.field == f).map(|e| e.text.as_str());
    let rating = match edited(Field::Rating) {
        Some("") => {
            wrong.push((
                Field::Rating,
                match current {
                    Some(_) => Rejected {
                        message: "the rating was emptied; import does not remove answers".into(),
                        help: format!(
                            "give a rating ({}), or remove the answer from the assessment file",
                            c.rating_choices()
                        ),
                    },
                    None => Rejected {
                        message: "an answer needs a rating".into(),
                        help: format!("valid ratings: {}", c.rating_choices()),
                    },
                },
            ));
            None
        }
        Some(t) => match fields::rating(c, t) {
            Ok(x) => Some(x),
            Err(e) => {
                wrong.push((Field::Rating, e));
                None
            }
        },
        None => current.map(|x| x.rating),
    };
    let Some(rating) = rating else {
        if wrong.is_empty() {
            wrong.push((
                Field::Rating,
                Rejected {
                    message: "an answer needs a rating".into(),
                    help: format!("valid ratings: {}", c.rating_choices()),
                },
            ));
        }
        return Err(wrong);
    };
    let mut ans = current.cloned().unwrap_or_else(|| Answer::rated(rating));
    ans.rating = rating;
    let mut refuse = |f: Field, e: Rejected| wrong.push((f, e));
    let mut act = ans.action.take().unwrap_or(Action {
        what: String::new(),
        owner: None,
        due: None,
        status: ActionStatus::Open,
        target: None,
    });
    let mut action_asked = false;
    for e in edits {
        let t = e.text.as_str();
        let given = (!t.is_empty()).then_some(t);
        match e.field {
            Field::Rating | Field::Finding | Field::EvidenceReviewed => {}
            Field::Note => ans.note = fields::text(t),
            Field::Gap => ans.gap = fields::text(t),
            Field::Recommendation => ans.recommendation = fields::text(t),
            Field::Assessor => ans.assessor = fields::text(t),
            Field::Evidence => match evidence(t, edited(Field::EvidenceReviewed), layout) {
                Ok(list) => ans.evidence = list,
                Err(x) => refuse(Field::Evidence, x),
            },
            Field::Action => act.what = fields::text(t).unwrap_or_default(),
            Field::Owner => act.owner = fields::text(t),
            Field::Due => match given.map(fields::date).transpose() {
                Ok(d) => act.due = d,
                Err(x) => refuse(Field::Due, x),
            },
            Field::Status => {
                action_asked |= given.is_some();
                match given.map(fields::status).transpose() {
                    Ok(s) => act.status = s.unwrap_or(ActionStatus::Open),
                    Err(x) => refuse(Field::Status, x),
                }
            }
            Field::Target => {
                action_asked |= given.is_some();
                match given.map(|x| fields::target(c, x)).transpose() {
                    Ok(l) => act.target = l,
                    Err(x) => refuse(Field::Target, x),
                }
            }
            Field::OperatedBy => match given.map(|p| fields::party(c, Some(r), p)).transpose() {
                Ok(p) => ans.operated_by = p,
                Err(x) => refuse(Field::OperatedBy, x),
            },
            Field::Method => match given.map(fields::method).transpose() {
                Ok(m) => ans.method = m,
                Err(x) => refuse(Field::Method, x),
            },
            Field::Interviewees => {
                ans.interviewees = t
                    .lines()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect();
            }
        }
    }
    // An action stays or comes when anything of it is given; emptied altogether, it goes.
    let has_action =
        !act.what.is_empty() || act.owner.is_some() || act.due.is_some() || action_asked;
    if has_action {
        if act.what.trim().is_empty() {
            refuse(
                Field::Action,
                Rejected {
                    message: "an action needs a `what`".into(),
                    help: "say what is to be done, or empty its owner, due, status and target too to remove the action".into(),
                },
            );
        }
        ans.action = Some(act);
    }
    if let Some(t) = edited(Field::Finding) {
        match (!t.is_empty()).then(|| fields::finding(t)).transpose() {
            // Only an override that shows: one the requirement's cap brings back to what
            // the rating implies would be a change no list shows.
            Ok(f) => ans.finding = f.filter(|f| r.cap(*f) != ans.finding_default(c, r)),
            Err(x) => refuse(Field::Finding, x),
        }
    } else if ans.finding == Some(ans.finding_default(c, r)) {
        // A new rating that now implies the override: the override says nothing more.
        ans.finding = None;
    }
    for (key, x) in fields::whole(c, &r.id, &ans) {
        let field = Field::WORKBOOK
            .into_iter()
            .find(|f| f.owns_key(&key))
            .unwrap_or(Field::Rating);
        // Keep duplicates out: the action's `what` was refused above already.
        if !wrong.iter().any(|(f, _)| *f == field) {
            wrong.push((field, x));
        }
    }
    if wrong.is_empty() {
        Ok(ans)
    } else {
        Err(wrong)
    }
}

/// The evidence list of a cell: in the workbook one reference a line; in the CSV the
/// references and their review dates in two cells, each joined with `; `.
fn evidence(text: &str, reviewed: Option<&str>, layout: Layout) -> Result<Vec<Evidence>, Rejected> {
    match layout {
        Layout::Workbook => text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(fields::evidence)
            .collect(),
        Layout::Csv => {
            let refs: Vec<&str> = if text.trim().is_empty() {
                Vec::new()
            } else {
                text.split("; ").collect()
            };
            let dates: Vec<&str> = match reviewed.map(str::trim) {
                None | Some("") => Vec::new(),
                Some(d) => d.split(';').map(str::trim).collect(),
            };
            if !dates.is_empty() && dates.len() != refs.len() {
                return Err(Rejected {
                    message: format!(
                        "{} references but {} review dates in `evidence_reviewed`",
                        refs.len(),
                        dates.len()
                    ),
                    help: "give one date (or nothing) per reference, in the same order, joined with `; `".into(),
                });
            }
            refs.iter()
                .enumerate()
                .map(|(i, reference)| {
                    let reviewed = match dates.get(i).copied() {
                        None | Some("") => None,
                        Some(d) => Some(fields::date(d).map_err(|x| Rejected {
                            message: format!("review date {}", x.message),
                            help: x.help,
                        })?),
                    };
                    Ok(Evidence {
                        reference: reference.trim().to_string(),
                        reviewed,
                    })
                })
                .collect()
        }
    }
}
