//! Reading and writing assessment files.
//!
//! The file is written for git: a fixed header, then every requirement of the catalogue in
//! catalogue order, one block each, separated by blank lines (`~` for not yet answered), so
//! that two people answering different requirements change different lines and merge
//! without conflict. The same content always gives the same bytes. Answers whose id the
//! catalogue does not know follow, sorted, so nothing is ever dropped.

use super::{
    Action, ActionStatus, Answer, Assessment, CatalogueRef, Evidence, FORMAT, Method, Rating,
    parse_rating, rating_id,
};
use crate::catalogue::{Catalogue, Finding};
use crate::error::{Diagnostic, Error, Result};
use crate::source::{Source, join};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::Write;
use std::path::Path;

/// The first line of every assessment file.
pub const HEADER: &str =
    "# iso20k assessment (format 2). Edit with `iso20k assess` or `iso20k answer`, or by hand.";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    format: u32,
    catalogue: CatalogueRef,
    organization: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    assessor: String,
    as_of: Date,
    #[serde(default)]
    operating_since: Option<Date>,
    #[serde(default)]
    answers: Entries,
}

/// A mapping read in document order, duplicates kept so that they can be reported.
#[derive(Default)]
struct Entries(Vec<(String, Option<RawAnswer>)>);

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
                while let Some((k, a)) = m.next_entry::<String, Option<RawAnswer>>()? {
                    v.push((k, a));
                }
                Ok(Entries(v))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawAnswer {
    rating: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    evidence: Vec<RawEvidence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    finding: Option<Finding>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    operated_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    gap: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    recommendation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    action: Option<RawAction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    assessor: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    interviewees: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    method: Option<Method>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    review: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    answered: Option<Timestamp>,
}

#[derive(Deserialize, Serialize)]
#[serde(
    untagged,
    expecting = "an evidence reference: a string, or a mapping with `ref` and an optional `reviewed` date (YYYY-MM-DD)"
)]
enum RawEvidence {
    Plain(String),
    Dated(DatedEvidence),
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct DatedEvidence {
    #[serde(rename = "ref")]
    reference: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reviewed: Option<Date>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawAction {
    what: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    due: Option<Date>,
    #[serde(default = "open")]
    status: ActionStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    target: Option<String>,
}

/// Free text is kept without trailing line breaks: YAML would otherwise write it as a
/// block that keeps trailing blank lines, and the blank line that separates answers would be
/// read back as part of the text.
fn clean(s: String) -> String {
    match s.trim_end_matches(['\n', '\r']).len() {
        n if n == s.len() => s,
        n => s[..n].to_string(),
    }
}

fn open() -> ActionStatus {
    ActionStatus::Open
}

/// An assessment as loaded, with the warnings that did not stop it loading.
#[derive(Debug)]
pub struct Loaded {
    /// The assessment.
    pub assessment: Assessment,
    /// Problems worth telling, each with its place.
    pub warnings: Vec<Diagnostic>,
}

/// Reads and validates an assessment file against a catalogue.
pub fn load(path: &Path, catalogue: &Catalogue) -> Result<Loaded> {
    parse(&Source::read(path)?, catalogue)
}

/// Parses and validates assessment text against a catalogue.
pub fn parse(source: &Source, catalogue: &Catalogue) -> Result<Loaded> {
    let raw: RawFile = source.parse_yaml()?;
    let mut problems: Vec<(String, bool, String, Option<String>)> = Vec::new();
    let mut warn: Vec<(String, String, Option<String>)> = Vec::new();
    if raw.format > FORMAT {
        problems.push((
            "format".into(),
            false,
            format!(
                "format {} was written by a newer iso20k; this one reads format {FORMAT}",
                raw.format
            ),
            Some("upgrade iso20k".into()),
        ));
    }
    if raw.catalogue.id != catalogue.id {
        warn.push((
            "catalogue.id".into(),
            format!(
                "the file was made for catalogue `{}`, but `{}` is loaded",
                raw.catalogue.id, catalogue.id
            ),
            Some(
                "pass the right one with --catalogue PATH; answers are matched by requirement id"
                    .into(),
            ),
        ));
    } else if raw.catalogue.version != catalogue.version {
        warn.push((
            "catalogue.version".into(),
            format!(
                "the file was made with catalogue version {}, the loaded catalogue is version {}",
                raw.catalogue.version, catalogue.version
            ),
            Some(
                "answers are matched by requirement id; `iso20k migrate FILE` carries them to this version"
                    .into(),
            ),
        ));
    }

    let mut answers: HashMap<String, Answer> = HashMap::new();
    let mut unknown = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let (mut listed, mut known) = (0usize, 0usize);
    for (id, raw_answer) in raw.answers.0 {
        let key = join("answers", &id);
        if !seen.insert(id.clone()) {
            problems.push((
                key,
                true,
                format!("requirement `{id}` is answered twice"),
                Some("keep one of the two entries".into()),
            ));
            continue;
        }
        let known_id = catalogue.requirement(&id).is_some();
        listed += 1;
        known += usize::from(known_id);
        let Some(ra) = raw_answer else { continue };
        if !known_id {
            unknown.push(id.clone());
        }
        match convert(&id, ra, catalogue, &key) {
            Ok(a) => {
                answers.insert(id, a);
            }
            Err(list) => problems.extend(list),
        }
    }
    if raw.catalogue.id != catalogue.id && listed > 0 && known == 0 {
        // Not one id in common: this is an assessment against another catalogue, and
        // scoring it against this one would only report everything as missing.
        problems.push((
            "catalogue.id".into(),
            false,
            format!(
                "this is an assessment for catalogue `{}`; not one of its {listed} requirement ids is in `{}`",
                raw.catalogue.id, catalogue.id
            ),
            Some("pass the catalogue it was made with: --catalogue PATH".into()),
        ));
        warn.clear();
    } else if !unknown.is_empty() {
        let movable = unknown
            .iter()
            .filter(|id| !catalogue.successors(id).is_empty())
            .count();
        warn.push((
            "answers".into(),
            format!(
                "{} answer(s) for requirements the catalogue does not know, kept as they are: {}",
                unknown.len(),
                unknown.join(", ")
            ),
            Some(if movable > 0 {
                format!(
                    "they are not scored; {movable} of them are to requirements retired in a later catalogue version: `iso20k migrate FILE` moves them to their successors"
                )
            } else {
                "they are not scored; rename them if the catalogue renumbered them".into()
            }),
        ));
    }

    let place = |key: &str, on_key: bool, map: &crate::source::SourceMap| {
        if on_key {
            map.key_position(key)
        } else {
            map.position(key)
        }
    };
    let map = (!problems.is_empty() || !warn.is_empty()).then(|| source.map());
    if let Some(map) = &map
        && !problems.is_empty()
    {
        let mut list: Vec<Diagnostic> = problems
            .into_iter()
            .map(|(key, on_key, message, help)| {
                let mut d = Diagnostic::file(&source.name, message)
                    .at(place(&key, on_key, map))
                    .at_key(key);
                d.help = help;
                d
            })
            .collect();
        list.sort_by_key(|d| d.position);
        return Err(Error::Invalid(list));
    }
    let warnings = warn
        .into_iter()
        .map(|(key, message, help)| {
            let mut d = Diagnostic::file(&source.name, message);
            if let Some(map) = &map {
                d = d.at(map.position(&key));
            }
            d = d.at_key(key);
            d.help = help;
            d
        })
        .collect();
    Ok(Loaded {
        assessment: Assessment {
            catalogue: raw.catalogue,
            organization: raw.organization,
            scope: raw.scope,
            assessor: raw.assessor,
            as_of: raw.as_of,
            operating_since: raw.operating_since,
            answers,
        },
        warnings,
    })
}

type Problem = (String, bool, String, Option<String>);

fn convert(
    id: &str,
    ra: RawAnswer,
    catalogue: &Catalogue,
    key: &str,
) -> std::result::Result<Answer, Vec<Problem>> {
    let mut problems = Vec::new();
    let rating = parse_rating(catalogue, &ra.rating);
    if rating.is_none() {
        let hint = crate::error::closest(&ra.rating, catalogue.scale.iter().map(|l| l.id.as_str()))
            .map(|c| format!("did you mean `{c}`? "))
            .unwrap_or_default();
        problems.push((
            join(key, "rating"),
            false,
            format!("unknown rating `{}`", ra.rating),
            Some(format!(
                "{hint}valid ratings: {}",
                catalogue.rating_choices()
            )),
        ));
    }
    if rating == Some(Rating::NotApplicable)
        && ra.note.as_deref().is_none_or(|n| n.trim().is_empty())
    {
        problems.push((
            join(key, "note"),
            false,
            "`not-applicable` needs a justification in `note`".into(),
            None,
        ));
    }
    if let Some(p) = &ra.operated_by {
        if !catalogue.parties.iter().any(|x| &x.id == p) {
            problems.push((
                join(key, "operated_by"),
                false,
                format!("unknown party `{p}`"),
                Some(format!(
                    "valid parties: {}",
                    catalogue
                        .parties
                        .iter()
                        .map(|x| x.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            ));
        } else if let Some(r) = catalogue.requirement(id)
            && !catalogue.allows_other_parties(r.clause)
        {
            problems.push((
                join(key, "operated_by"),
                false,
                format!("requirement `{id}` is one the organization must meet itself; it cannot be operated by another party"),
                Some("remove `operated_by` here".into()),
            ));
        }
    }
    let mut action = None;
    if let Some(a) = ra.action {
        let target = match &a.target {
            None => None,
            Some(t) => match catalogue.level_position(t) {
                Some(l) => Some(l),
                None => {
                    problems.push((
                        join(&join(key, "action"), "target"),
                        false,
                        format!("unknown target rating `{t}`"),
                        Some(format!("valid ratings: {}", catalogue.rating_choices())),
                    ));
                    None
                }
            },
        };
        if a.what.trim().is_empty() {
            problems.push((
                join(&join(key, "action"), "what"),
                false,
                "an action needs a `what`".into(),
                None,
            ));
        }
        action = Some(Action {
            what: clean(a.what),
            owner: a.owner.map(clean),
            due: a.due,
            status: a.status,
            target,
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Answer {
        rating: rating.unwrap_or(Rating::Level(0)),
        note: ra.note.map(clean),
        evidence: ra
            .evidence
            .into_iter()
            .map(|e| match e {
                RawEvidence::Plain(reference) => Evidence {
                    reference: clean(reference),
                    reviewed: None,
                },
                RawEvidence::Dated(d) => Evidence {
                    reference: clean(d.reference),
                    reviewed: d.reviewed,
                },
            })
            .collect(),
        finding: ra.finding,
        operated_by: ra.operated_by,
        action,
        answered: ra.answered,
        assessor: ra.assessor.map(clean),
        interviewees: ra.interviewees.into_iter().map(clean).collect(),
        method: ra.method,
        gap: ra.gap.map(clean),
        recommendation: ra.recommendation.map(clean),
        review: ra.review.map(clean),
    })
}

#[derive(Serialize)]
struct Head<'a> {
    format: u32,
    catalogue: CatalogueRef,
    organization: &'a str,
    scope: &'a str,
    assessor: &'a str,
    as_of: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    operating_since: Option<Date>,
}

/// Renders the file's text: deterministic, in catalogue order.
pub fn render(a: &Assessment, catalogue: &Catalogue) -> String {
    let head = Head {
        format: FORMAT,
        catalogue: CatalogueRef {
            id: catalogue.id.clone(),
            version: catalogue.version.clone(),
        },
        organization: &a.organization,
        scope: &a.scope,
        assessor: &a.assessor,
        as_of: a.as_of,
        operating_since: a.operating_since,
    };
    let mut out = String::with_capacity(256 + catalogue.requirements.len() * 200);
    out.push_str(HEADER);
    out.push('\n');
    out.push_str(&to_yaml(&head));
    out.push_str("answers:\n");
    for r in &catalogue.requirements {
        out.push('\n');
        entry(&mut out, &r.id, a.answers.get(&r.id), catalogue);
    }
    for id in a.unknown_ids(catalogue) {
        out.push('\n');
        entry(&mut out, id, a.answers.get(id), catalogue);
    }
    out
}

fn entry(out: &mut String, id: &str, answer: Option<&Answer>, catalogue: &Catalogue) {
    let Some(a) = answer else {
        let mut one = BTreeMap::new();
        one.insert(id, ());
        push_indented(out, &to_yaml(&one).replace(": null", ": ~"));
        return;
    };
    let raw = RawAnswer {
        rating: rating_id(catalogue, a.rating).to_string(),
        note: a.note.clone().map(clean),
        evidence: a
            .evidence
            .iter()
            .map(|e| match e.reviewed {
                None => RawEvidence::Plain(clean(e.reference.clone())),
                Some(d) => RawEvidence::Dated(DatedEvidence {
                    reference: clean(e.reference.clone()),
                    reviewed: Some(d),
                }),
            })
            .collect(),
        finding: a.finding,
        operated_by: a.operated_by.clone(),
        action: a.action.as_ref().map(|x| RawAction {
            what: clean(x.what.clone()),
            owner: x.owner.clone().map(clean),
            due: x.due,
            status: x.status,
            target: x.target.map(|t| catalogue.scale[t].id.clone()),
        }),
        gap: a.gap.clone(),
        recommendation: a.recommendation.clone(),
        assessor: a.assessor.clone(),
        interviewees: a.interviewees.clone(),
        method: a.method,
        review: a.review.clone(),
        answered: a.answered,
    };
    let mut one = BTreeMap::new();
    one.insert(id, raw);
    push_indented(out, &to_yaml(&one));
}

fn push_indented(out: &mut String, text: &str) {
    for line in text.lines() {
        if !line.is_empty() {
            out.push_str("  ");
        }
        out.push_str(line);
        out.push('\n');
    }
}

fn to_yaml<T: Serialize>(value: &T) -> String {
    // Serializing plain data (strings, dates, numbers) into YAML cannot fail.
    serde_yaml::to_string(value).unwrap_or_else(|e| format!("# unserializable: {e}\n"))
}

/// Writes the assessment to `path` atomically.
pub fn save(path: &Path, a: &Assessment, catalogue: &Catalogue) -> Result<()> {
    write_atomic(path, render(a, catalogue).as_bytes())
}

/// The folder `path` is in (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

const TEMP_SUFFIX: &str = ".iso20k-tmp";

/// Temporary files for `path` are named `.NAME.<random>.iso20k-tmp`, beside it.
fn temp_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".{name}.")
}

/// Removes temporary files that a killed writer left beside `path`.
///
/// Only call this while holding the file's [`Lock`](super::lock::Lock): then no other
/// iso20k is writing `path`, so every such file is stale. Failures are ignored; a stale
/// temporary file is clutter, never a danger to the assessment itself.
pub fn remove_stale_temps(path: &Path) {
    let dir = folder_of(path);
    let prefix = temp_prefix(path);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix) && name.ends_with(TEMP_SUFFIX) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Writes bytes to `path` atomically: a temporary file in the same folder, flushed and
/// synced, then renamed over the target, keeping the target's permissions. A crash at any
/// moment leaves either the old file or the new one, never a partial one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |w| {
        w.write_all(bytes)
            .map_err(|e| Error::io("cannot write", path, e))
    })
}

/// Like [`write_atomic`], for output produced piece by piece: `produce` writes into a
/// buffered temporary file, which replaces `path` only if it returns `Ok`. On an error
/// nothing at `path` changes and the temporary file is removed.
pub fn write_atomic_with(
    path: &Path,
    produce: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let dir = folder_of(path);
    let refuse = |message: String, help: &str| {
        Error::Invalid(vec![
            crate::error::Diagnostic::file(path.display().to_string(), message).with_help(help),
        ])
    };
    if path.is_dir() {
        return Err(refuse(
            "is a directory".into(),
            "give a file name inside it, e.g. report.html",
        ));
    }
    if !dir.is_dir() {
        return Err(refuse(
            format!("cannot write: the folder {} does not exist", dir.display()),
            "create the folder first, or write somewhere else",
        ));
    }
    let tmp = tempfile::Builder::new()
        .prefix(&temp_prefix(path))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(|e| Error::io("cannot create a temporary file beside", path, e))?;
    let mut w = std::io::BufWriter::with_capacity(256 * 1024, tmp);
    produce(&mut w)?;
    let tmp = w
        .into_inner()
        .map_err(|e| Error::io("cannot write", path, e.into_error()))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io("cannot flush", path, e))?;
    if let Ok(meta) = std::fs::metadata(path) {
        // Keep the permissions the user gave the file.
        let _ = std::fs::set_permissions(tmp.path(), meta.permissions());
    }
    tmp.persist(path)
        .map_err(|e| Error::io("cannot replace", path, e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat() -> Catalogue {
        Catalogue::built_in().unwrap()
    }

    #[test]
    fn render_then_parse_round_trips_to_the_same_bytes() {
        let c = cat();
        let mut a = Assessment::new(
            &c,
            "Acme: \"Hosting\"".into(),
            "All\nservices".into(),
            "yes".into(),
            Date::constant(2026, 11, 30),
        );
        let mut ans = Answer::rated(Rating::Level(2));
        ans.note = Some("line one\nline two: with colon".into());
        ans.evidence = vec![
            Evidence {
                reference: "Policy v2".into(),
                reviewed: None,
            },
            Evidence {
                reference: "#123".into(),
                reviewed: Some(Date::constant(2026, 1, 2)),
            },
        ];
        ans.action = Some(Action {
            what: "Write it".into(),
            owner: Some("Ann".into()),
            due: Some(Date::constant(2027, 1, 31)),
            status: ActionStatus::InProgress,
            target: Some(4),
        });
        ans.answered = Some("2026-11-30T10:00:00Z".parse().unwrap());
        a.answers.insert("4.1-4".into(), ans);
        a.answers
            .insert("99.9-1".into(), Answer::rated(Rating::Level(0)));
        let text = render(&a, &c);
        let back = parse(&Source::new("t.yaml", text.clone()), &c).unwrap();
        assert_eq!(back.assessment, a);
        assert_eq!(render(&back.assessment, &c), text);
        assert_eq!(back.warnings.len(), 1, "unknown id is warned about");
    }

    #[test]
    fn unknown_rating_names_line_and_choices() {
        let c = cat();
        let text = format!(
            "{HEADER}\nformat: 1\ncatalogue: {{id: iso-iec-20000-1-2018, version: 1.0.0}}\norganization: X\nas_of: 2026-11-30\nanswers:\n  4.1-4:\n    rating: largly\n"
        );
        let err = parse(&Source::new("a.yaml", text), &c)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("a.yaml:8:13: answers.4.1-4.rating: unknown rating `largly`"),
            "{err}"
        );
        assert!(err.contains("did you mean `largely`?"), "{err}");
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        fn text() -> impl Strategy<Value = String> {
            // Any printable text, including YAML's special characters, quotes and newlines.
            "[ -~\\n\u{e9}\u{2013}]{0,40}"
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(48))]

            #[test]
            fn any_written_assessment_reads_back_identical(
                org in text(), scope in text(), note in proptest::option::of(text()),
                evidence in proptest::collection::vec(text(), 0..3), pick in 0usize..236, level in 0usize..5,
                what in proptest::option::of("[a-z][ -~]{0,30}"),
            ) {
                let c = cat();
                let mut a = Assessment::new(&c, org, scope, String::new(), Date::constant(2026, 11, 30));
                let (note, evidence) = (note.map(clean), evidence.into_iter().map(clean).collect::<Vec<_>>());
                let mut ans = Answer::rated(Rating::Level(level));
                ans.note = note;
                ans.evidence = evidence.into_iter().map(|reference| Evidence { reference, reviewed: None }).collect();
                ans.action = what.map(|what| Action { what, owner: None, due: None, status: ActionStatus::Open, target: None });
                a.answers.insert(c.requirements[pick].id.clone(), ans);
                let text = render(&a, &c);
                let back = parse(&Source::new("p.yaml", text.clone()), &c);
                prop_assert!(back.is_ok(), "{:?}", back.err().map(|e| e.to_string()));
                let back = back.unwrap();
                prop_assert_eq!(&back.assessment, &a);
                prop_assert_eq!(render(&back.assessment, &c), text);
            }
        }
    }
}
