//! Reading an assessment file: parsing, then checking every answer against the catalogue,
//! each problem with its place.

use super::raw::{RawAnswer, RawCapability, RawEvidence, RawFile, clean};
use super::{Action, Answer, Assessment, Evidence, FORMAT, ProcessCapability, Rating, fields};
use crate::capability::Achievement;
use crate::catalogue::Catalogue;
use crate::error::{Diagnostic, Result, closest};
use crate::problems::Problems;
use crate::source::{Source, join};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

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
    let mut p = Problems::new(source);
    if raw.format > FORMAT {
        p.error_at_value(
            "format",
            format!(
                "format {} was written by a newer iso20k; this one reads format {FORMAT}",
                raw.format
            ),
            Some("upgrade iso20k".into()),
        );
    }
    if raw.catalogue.id != catalogue.id {
        p.warn(
            "catalogue.id",
            format!(
                "the file was made for catalogue `{}`, but `{}` is loaded",
                raw.catalogue.id, catalogue.id
            ),
            Some(
                "pass the right one with --catalogue PATH; answers are matched by requirement id"
                    .into(),
            ),
        );
    } else if raw.catalogue.version != catalogue.version {
        p.warn("catalogue.version", format!(
                "the file was made with catalogue version {}, the loaded catalogue is version {}",
                raw.catalogue.version, catalogue.version
            ), Some(
                "answers are matched by requirement id; `iso20k migrate FILE` carries them to this version"
                    .into(),
            ));
    }

    let mut answers: HashMap<String, Answer> = HashMap::new();
    let mut unknown = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let (mut listed, mut known) = (0usize, 0usize);
    for (id, raw_answer) in raw.answers.0 {
        let key = join("answers", &id);
        if !seen.insert(id.clone()) {
            p.error_at_key(
                key,
                format!("requirement `{id}` is answered twice"),
                Some("keep one of the two entries".into()),
            );
            continue;
        }
        let known_id = catalogue.requirement(&id).is_some();
        listed += 1;
        known += usize::from(known_id);
        let Some(ra) = raw_answer else { continue };
        if !known_id {
            unknown.push(id.clone());
        }
        if let Some(a) = convert(&id, *ra, catalogue, &key, &mut p) {
            answers.insert(id, a);
        }
    }
    if raw.catalogue.id != catalogue.id && listed > 0 && known == 0 {
        // Not one id in common: this is an assessment against another catalogue, and
        // scoring it against this one would only report everything as missing.
        p.error_at_value("catalogue.id", format!(
                "this is an assessment for catalogue `{}`; not one of its {listed} requirement ids is in `{}`",
                raw.catalogue.id, catalogue.id
            ), Some("pass the catalogue it was made with: --catalogue PATH".into()));
        p.clear_warnings();
    } else if !unknown.is_empty() {
        let movable = unknown
            .iter()
            .filter(|id| !catalogue.successors(id).is_empty())
            .count();
        p.warn("answers", format!(
                "{} answer(s) for requirements the catalogue does not know, kept as they are: {}",
                unknown.len(),
                crate::util::shortened(unknown.iter().cloned(), unknown.len(), 20)
            ), Some(if movable > 0 {
                format!(
                    "they are not scored; {movable} of them are to requirements retired in a later catalogue version: `iso20k migrate FILE` moves them to their successors"
                )
            } else {
                "they are not scored; rename them if the catalogue renumbered them".into()
            }));
    }

    let capability = capability(raw.capability.unwrap_or_default(), catalogue, &mut p);
    let warnings = p.finish()?;
    Ok(Loaded {
        assessment: Assessment {
            catalogue: raw.catalogue,
            organization: raw.organization,
            scope: raw.scope,
            assessor: raw.assessor,
            as_of: raw.as_of,
            operating_since: raw.operating_since,
            answers,
            schema: schema_hint(&source.text),
            capability,
        },
        warnings,
    })
}

/// Checks the `capability` mapping: attribute ids of ISO/IEC 33020, ratings N/P/L/F and a
/// target of 0 to 5. A process the catalogue does not rate is kept with a warning.
fn capability(
    raw: BTreeMap<String, Option<RawCapability>>,
    catalogue: &Catalogue,
    p: &mut Problems<'_>,
) -> BTreeMap<String, ProcessCapability> {
    let mut out = BTreeMap::new();
    let processes = catalogue.processes();
    for (id, rc) in raw {
        let key = join("capability", &id);
        if !processes.iter().any(|c| c.id == id) {
            // Kept, as an answer to an id the catalogue does not know is: a later catalogue
            // version may have renumbered the process, and the ratings are the person's.
            let hint = match closest(&id, processes.iter().map(|c| c.id.as_str())) {
                Some(x) => format!("did you mean `{x}`? "),
                None => String::new(),
            };
            p.warn_at_key(
                key.clone(),
                format!(
                    "`{id}` is not a process whose capability this catalogue rates; its ratings are kept as they are, not scored"
                ),
                Some(if processes.is_empty() {
                    "this catalogue names no processes (its `capability.processes`)".into()
                } else {
                    format!(
                        "{hint}processes are the leaf clauses under {}: {}",
                        catalogue.capability_roots.join(", "),
                        crate::util::shortened(
                            processes.iter().map(|c| c.id.clone()),
                            processes.len(),
                            12
                        )
                    )
                }),
            );
        }
        let Some(rc) = rc else { continue };
        let mut pc = ProcessCapability::default();
        for (attr, rating) in rc.attributes {
            let at = join(&join(&key, "attributes"), &attr);
            if !crate::capability::is_attribute(&attr) {
                p.error_at_key(
                    at,
                    format!("`{attr}` is not a process attribute"),
                    Some(format!(
                        "the attributes of ISO/IEC 33020 are {}",
                        crate::capability::attribute_ids()
                    )),
                );
                continue;
            }
            match Achievement::parse(&rating) {
                Some(r) => {
                    pc.attributes.insert(attr, r);
                }
                None => p.error_at_value(
                    at,
                    format!("`{rating}` is not an attribute rating"),
                    Some(RATINGS_HELP.into()),
                ),
            }
        }
        if let Some(t) = rc.target {
            match u8::try_from(t) {
                Ok(t) if t <= crate::capability::MAX_LEVEL => pc.target = Some(t),
                _ => p.error_at_value(
                    join(&key, "target"),
                    format!("target {t} is not a capability level"),
                    Some(format!(
                        "a level from 0 to {}",
                        crate::capability::MAX_LEVEL
                    )),
                ),
            }
        }
        if !pc.is_empty() {
            out.insert(id, pc);
        }
    }
    out
}

/// What an attribute rating may be.
pub const RATINGS_HELP: &str = "rate N (not), P (partially), L (largely) or F (fully achieved)";

/// The `$schema` of an editor hint on the first line (`# yaml-language-server:
/// $schema=...`), if it is one iso20k can write back as it is (one word of at most 2,000
/// characters, no control character) and not the default.
fn schema_hint(text: &str) -> Option<String> {
    let first = text.lines().next()?;
    let rest = first.strip_prefix('#')?.trim_start();
    let rest = rest.strip_prefix("yaml-language-server")?.trim_start();
    let rest = rest.strip_prefix(':')?;
    let (_, value) = rest.split_once("$schema=")?;
    let value = value.split(char::is_whitespace).next()?;
    let fits = !value.is_empty()
        && value.chars().count() <= 2000
        && !value
            .chars()
            .any(|c| c.is_control() || crate::safe::is_unsafe(c));
    (fits && value != super::write::DEFAULT_SCHEMA).then(|| value.to_string())
}

fn convert(
    id: &str,
    ra: RawAnswer,
    catalogue: &Catalogue,
    key: &str,
    p: &mut Problems<'_>,
) -> Option<Answer> {
    let before = p.error_count();
    let refuse = |p: &mut Problems<'_>, field: &str, r: fields::Rejected| {
        p.error_at_value(join(key, field), r.message, Some(r.help));
    };
    let rating = match fields::rating(catalogue, &ra.rating) {
        Ok(r) => Some(r),
        Err(r) => {
            refuse(p, "rating", r);
            None
        }
    };
    // `operated_by` is checked with the whole answer (rules::problems), below.
    let mut action = None;
    if let Some(a) = ra.action {
        let target = match &a.target {
            None => None,
            Some(t) => match fields::target(catalogue, t) {
                Ok(l) => Some(l),
                Err(r) => {
                    refuse(p, "action.target", r);
                    None
                }
            },
        };
        action = Some(Action {
            what: clean(a.what),
            owner: a.owner.map(clean),
            due: a.due,
            status: a.status,
            target,
        });
    }
    if p.error_count() > before {
        return None;
    }
    let answer = Answer {
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
    };
    let wrong = fields::whole(catalogue, id, &answer);
    let fine = wrong.is_empty();
    for (field, r) in wrong {
        refuse(p, &field, r);
    }
    fine.then_some(answer)
}
