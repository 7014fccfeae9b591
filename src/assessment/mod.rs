//! The assessment file: one organization's answers against one catalogue.
//!
//! [`mod@file`] reads and writes it (atomically, deterministically, in catalogue order);
//! [`lock`] keeps two editors from writing it at once, and [`ignore`] keeps the lock out of
//! git.

pub mod cells;
pub mod fields;
pub mod file;
pub mod ignore;
pub mod lock;
pub mod merge;
pub mod migrate;
mod raw;
pub mod read;
pub mod rules;
pub mod write;

pub(crate) use raw::RawFile;

use crate::catalogue::{Catalogue, Requirement, Severity};
use jiff::Timestamp;
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Loads an assessment for reading, printing the warnings that did not stop it loading.
pub fn load(
    catalogue: &Catalogue,
    path: &std::path::Path,
    out: &mut crate::output::Output,
) -> crate::Result<Assessment> {
    let loaded = file::load(path, catalogue)?;
    for w in &loaded.warnings {
        out.warning(w);
    }
    Ok(loaded.assessment)
}

/// Changes one assessment file in place, as every command that edits a file without a
/// dialogue does (`answer`, `capability`): the file must exist; it is locked (queueing
/// behind another writer for a while), read, changed by `change`, and saved atomically at
/// the file a link names. `change` returns what to tell the user; an error from it leaves
/// the file as it was.
pub fn edit<T>(
    catalogue: &Catalogue,
    path: &std::path::Path,
    out: &mut crate::output::Output,
    change: impl FnOnce(&mut Assessment) -> crate::Result<T>,
) -> crate::Result<T> {
    if !path.exists() {
        return Err(crate::error::Error::Usage(format!(
            "{} does not exist; create it with `iso20k init {}`",
            path.display(),
            path.display()
        )));
    }
    // Another writer holds the file only for milliseconds: queue behind it for a while.
    // A link is followed once: the file it names is locked and replaced, in its folder.
    let target = crate::fs::assessment_path(path)?;
    let _lock = lock::Lock::acquire_within(&target, std::time::Duration::from_secs(10))?;
    let mut a = load(catalogue, path, out)?;
    let said = change(&mut a)?;
    file::save(&target, &a, catalogue)?;
    Ok(said)
}

/// The version of the file format this build writes (it reads this one and every older one).
pub const FORMAT: u32 = 2;

/// An assessment in memory.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// Which catalogue (id and content version) the answers were given against.
    pub catalogue: CatalogueRef,
    /// The organization assessed.
    pub organization: String,
    /// The scope of its service management system.
    pub scope: String,
    /// Who assessed.
    pub assessor: String,
    /// The date the assessment speaks for (overdue and freshness are computed against it).
    pub as_of: Date,
    /// Since when the SMS has operated as designed (the Stage 2 audit needs a period of
    /// operation, commonly three months); `None` when unknown.
    pub operating_since: Option<Date>,
    /// Answers by requirement id, including ids the catalogue does not know.
    pub answers: HashMap<String, Answer>,
    /// The JSON Schema the file's first line names for editors, when it names one (kept on
    /// every rewrite); `None` writes [`write::DEFAULT_SCHEMA`].
    pub schema: Option<String>,
    /// Process capability by process (a clause id of the catalogue's processes): a second
    /// axis beside the answers, never part of the conformity score.
    pub capability: BTreeMap<String, ProcessCapability>,
}

/// The capability of one process: its ISO/IEC 33020 attribute ratings and the level aimed at.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProcessCapability {
    /// Attribute id (`1.1` ... `5.2`) -> its rating; an attribute not here counts as N.
    pub attributes: BTreeMap<String, crate::capability::Achievement>,
    /// The level aimed at (0 to 5), when one is set.
    pub target: Option<u8>,
}

impl ProcessCapability {
    /// The capability level the ratings reach.
    pub fn level(&self) -> u8 {
        crate::capability::level(&self.attributes)
    }

    /// Whether a target is set and the level is below it.
    pub fn below_target(&self) -> bool {
        self.target.is_some_and(|t| self.level() < t)
    }

    /// Whether there is nothing to keep (no rating, no target).
    pub fn is_empty(&self) -> bool {
        self.attributes.is_empty() && self.target.is_none()
    }
}

/// The catalogue an assessment refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CatalogueRef {
    /// Catalogue id.
    pub id: String,
    /// Catalogue content version.
    pub version: String,
}

/// A rating: a level of the scale, or not applicable where the catalogue allows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rating {
    /// Index into the catalogue's scale.
    Level(usize),
    /// Not applicable (with a justification in the note).
    NotApplicable,
}

/// One answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The rating.
    pub rating: Rating,
    /// Free text: what was seen, said or missing.
    pub note: Option<String>,
    /// Evidence references.
    pub evidence: Vec<Evidence>,
    /// A finding that overrides the level's default.
    pub finding: Option<Severity>,
    /// Who operates the process (a party id of the catalogue).
    pub operated_by: Option<String>,
    /// The remediation action.
    pub action: Option<Action>,
    /// When it was answered.
    pub answered: Option<Timestamp>,
    /// Who gave this answer, when not the assessment's assessor.
    pub assessor: Option<String>,
    /// Who was interviewed for it.
    pub interviewees: Vec<String>,
    /// How it was assessed.
    pub method: Option<Method>,
    /// What is missing, in a sentence.
    pub gap: Option<String>,
    /// What to do about it (advice, distinct from the tracked action).
    pub recommendation: Option<String>,
    /// Why this answer needs a second look (set by `iso20k migrate` when one answer became
    /// several); cleared when the answer is given again.
    pub review: Option<String>,
}

/// How an answer was assessed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// Asking the people who do the work.
    Interview,
    /// Reading documents and records.
    DocumentReview,
    /// Watching the work done.
    Observation,
    /// Examining a sample of records.
    Sampling,
    /// Re-performing or testing a control.
    Test,
}

impl Method {
    /// Every method.
    pub const ALL: [Method; 5] = [
        Method::Interview,
        Method::DocumentReview,
        Method::Observation,
        Method::Sampling,
        Method::Test,
    ];

    /// The id used in files.
    pub fn id(self) -> &'static str {
        match self {
            Method::Interview => "interview",
            Method::DocumentReview => "document-review",
            Method::Observation => "observation",
            Method::Sampling => "sampling",
            Method::Test => "test",
        }
    }

    /// Parses an id.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.id() == s)
    }

    /// The words for a reader (`Document review`).
    pub fn label(self) -> &'static str {
        match self {
            Method::Interview => "Interview",
            Method::DocumentReview => "Document review",
            Method::Observation => "Observation",
            Method::Sampling => "Sampling",
            Method::Test => "Test",
        }
    }
}

/// An evidence reference, optionally with the date it was last reviewed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// A document name, record id, link or location.
    pub reference: String,
    /// When the evidence was last reviewed.
    pub reviewed: Option<Date>,
}

/// A remediation action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// What is to be done.
    pub what: String,
    /// Who owns it.
    pub owner: Option<String>,
    /// When it is due.
    pub due: Option<Date>,
    /// Where it stands.
    pub status: ActionStatus,
    /// The rating expected once it is done (a level index); full when absent.
    pub target: Option<usize>,
}

impl Action {
    /// An action counts as planned when it has both an owner and a due date.
    pub fn is_planned(&self) -> bool {
        self.owner.as_deref().is_some_and(|o| !o.trim().is_empty()) && self.due.is_some()
    }

    /// Days past due on `as_of`, if it is open and late.
    pub fn days_overdue(&self, as_of: Date) -> Option<i64> {
        if self.status == ActionStatus::Done {
            return None;
        }
        let due = self.due?;
        let days = (as_of - due).get_days() as i64;
        (as_of > due).then_some(days)
    }
}

/// The status of an action.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ActionStatus {
    /// Not started.
    Open,
    /// Under way.
    InProgress,
    /// Finished.
    Done,
}

impl ActionStatus {
    /// Every status.
    pub const ALL: [ActionStatus; 3] = [
        ActionStatus::Open,
        ActionStatus::InProgress,
        ActionStatus::Done,
    ];

    /// The id used in files.
    pub fn id(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::InProgress => "in-progress",
            ActionStatus::Done => "done",
        }
    }

    /// Parses an id.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.id() == s)
    }
}

impl Assessment {
    /// A new, empty assessment against a catalogue.
    pub fn new(
        catalogue: &Catalogue,
        organization: String,
        scope: String,
        assessor: String,
        as_of: Date,
    ) -> Self {
        Assessment {
            catalogue: CatalogueRef {
                id: catalogue.id.clone(),
                version: catalogue.version.clone(),
            },
            organization,
            scope,
            assessor,
            as_of,
            operating_since: None,
            answers: HashMap::new(),
            schema: None,
            capability: BTreeMap::new(),
        }
    }

    /// The answer to a requirement.
    pub fn answer(&self, id: &str) -> Option<&Answer> {
        self.answers.get(id)
    }

    /// Answer ids the catalogue does not know, sorted.
    pub fn unknown_ids(&self, catalogue: &Catalogue) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .answers
            .keys()
            .filter(|id| catalogue.requirement(id).is_none())
            .map(String::as_str)
            .collect();
        v.sort_unstable();
        v
    }
}

impl Answer {
    /// An answer with just a rating.
    pub fn rated(rating: Rating) -> Self {
        Answer {
            rating,
            note: None,
            evidence: Vec::new(),
            finding: None,
            operated_by: None,
            action: None,
            answered: None,
            assessor: None,
            interviewees: Vec::new(),
            method: None,
            gap: None,
            recommendation: None,
            review: None,
        }
    }

    /// The finding of this answer: the override, else the requirement's default for its
    /// level, never more severe than the requirement allows.
    pub fn finding(&self, catalogue: &Catalogue, requirement: &Requirement) -> Severity {
        match self.finding {
            Some(f) => requirement.cap(f),
            None => self.finding_default(catalogue, requirement),
        }
    }

    /// The finding the rating implies, ignoring any override.
    pub fn finding_default(&self, catalogue: &Catalogue, requirement: &Requirement) -> Severity {
        match self.rating {
            Rating::Level(l) => requirement.default_finding(&catalogue.scale, l),
            Rating::NotApplicable => Severity::None,
        }
    }
}

/// The id of a rating, as written in files.
pub fn rating_id(catalogue: &Catalogue, rating: Rating) -> &str {
    match rating {
        Rating::Level(l) => &catalogue.scale[l].id,
        Rating::NotApplicable => crate::catalogue::NOT_APPLICABLE,
    }
}

/// Parses a rating given as a level id, a digit or `not-applicable`.
pub fn parse_rating(catalogue: &Catalogue, given: &str) -> Option<Rating> {
    if catalogue.not_applicable && given == crate::catalogue::NOT_APPLICABLE {
        return Some(Rating::NotApplicable);
    }
    catalogue.level_position(given).map(Rating::Level)
}
