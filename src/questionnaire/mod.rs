//! The questionnaire behind `iso20k assess`: requirement by requirement, in catalogue order,
//! saving each confirmed answer at once.
//!
//! The flow is written once against the [`Prompter`] trait; [`terminal`] drives it with
//! keys in a real terminal, [`lines`] with plain lines from any reader (scripts, tests).

pub mod lines;
pub mod terminal;

use crate::assessment::{Action, ActionStatus, Answer, Assessment, Evidence, Rating};
use crate::catalogue::{Catalogue, Requirement};
use crate::error::Result;
use jiff::civil::Date;

/// What the person chose on a requirement's screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// A rating (confirmed).
    Rate(Rating),
    /// Go back to the previous requirement shown.
    Back,
    /// Leave this one unanswered for now.
    Skip,
    /// Jump to the first requirement of a clause.
    Jump(String),
    /// Save and quit.
    Quit,
}

/// Everything a screen shows about one requirement.
#[derive(Debug)]
pub struct Screen<'a> {
    /// The catalogue.
    pub catalogue: &'a Catalogue,
    /// The requirement asked.
    pub requirement: &'a Requirement,
    /// `4 Context of the organization > 4.1 Understanding ...`.
    pub clause_path: String,
    /// The answer already given, if any.
    pub current: Option<&'a Answer>,
    /// Answered requirements.
    pub answered: usize,
    /// All requirements.
    pub total: usize,
    /// Position of this requirement (from 1).
    pub position: usize,
    /// The file being edited, for the header.
    pub file: &'a str,
}

/// The details asked after a rating.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Details {
    /// The note (None: none).
    pub note: Option<String>,
    /// Evidence references.
    pub evidence: Vec<Evidence>,
    /// The action, if one is given.
    pub action: Option<Action>,
}

/// How the questionnaire talks to a person.
pub trait Prompter {
    /// Shows a requirement and returns what the person chose.
    fn choose(&mut self, screen: &Screen<'_>) -> Result<Choice>;
    /// Asks for one line of text, starting from the current value; `None` means none.
    fn text(&mut self, label: &str, current: Option<&str>) -> Result<Option<String>>;
    /// Tells the person something.
    fn say(&mut self, text: &str);
}

/// Asks for the note, the evidence and (when `wants_action`) an action with its owner and
/// due date, starting from the current answer's values.
pub fn ask_details(
    p: &mut dyn Prompter,
    current: Option<&Answer>,
    wants_action: bool,
    today: Date,
) -> Result<Details> {
    let note = p.text(
        "Note (what was seen or missing)",
        current.and_then(|c| c.note.as_deref()),
    )?;
    let shown = current
        .map(|c| format_evidence_list(&c.evidence))
        .filter(|e| !e.is_empty());
    let evidence = p
        .text(
            "Evidence (; between references, REF@YYYY-MM-DD for a review date)",
            shown.as_deref(),
        )?
        .map(|e| parse_evidence_list(&e))
        .unwrap_or_default();
    let mut action = None;
    if wants_action {
        let prev = current.and_then(|c| c.action.clone());
        let what = p.text(
            "Action (what is to be done; empty for none)",
            prev.as_ref().map(|a| a.what.as_str()),
        )?;
        if let Some(what) = what {
            let owner = p.text("Owner", prev.as_ref().and_then(|a| a.owner.as_deref()))?;
            let mut shown = prev.as_ref().and_then(|a| a.due).map(|d| d.to_string());
            let due = loop {
                match p.text("Due date (YYYY-MM-DD)", shown.as_deref())? {
                    None => break None,
                    Some(d) => match d.parse::<Date>() {
                        Ok(d) => {
                            if d < today {
                                p.say(&format!("Note: {d} is already past (today is {today})."));
                            }
                            break Some(d);
                        }
                        Err(_) => {
                            p.say(&format!("`{d}` is not a date; write YYYY-MM-DD."));
                            shown = None;
                        }
                    },
                }
            };
            let mut a = new_action(what, owner, due);
            if let Some(prev) = prev {
                a.status = prev.status;
                a.target = prev.target;
            }
            action = Some(a);
        }
    }
    Ok(Details {
        note,
        evidence,
        action,
    })
}

/// The settings of one run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Start at this clause.
    pub clause: Option<usize>,
    /// Walk answered requirements too.
    pub review: bool,
    /// The file name for the header.
    pub file: String,
    /// Today, for due-date checks.
    pub today: Date,
}

/// Saves requirement `id`, settling a conflict with the person; false when nothing of
/// theirs was saved (the file could not be read, or they took the other version), and then
/// the assessment holds what the file holds for `id`.
fn save_one(
    a: &mut Assessment,
    id: &str,
    mut base: Option<Answer>,
    prompter: &mut dyn Prompter,
    save: &mut Save<'_>,
    c: &Catalogue,
) -> bool {
    loop {
        match save(a, id, base.as_ref()) {
            Ok(Saved::Done) => return true,
            Ok(Saved::Conflict(theirs)) => {
                let shown = theirs.as_ref().map_or("no answer".to_string(), |t| {
                    let rating = crate::assessment::rating_id(c, t.rating);
                    match &t.note {
                        Some(n) => format!("{rating} — {}", n.lines().next().unwrap_or("")),
                        None => rating.to_string(),
                    }
                });
                prompter.say(&format!(
                    "{id} was changed in the file since this screen was shown; it now says: {shown}."
                ));
                let keep = prompter
                    .text("Keep yours (y) or take the file's (n)", Some("y"))
                    .ok()
                    .flatten();
                if keep
                    .as_deref()
                    .is_some_and(|k| k.trim().eq_ignore_ascii_case("n"))
                {
                    match theirs {
                        Some(t) => a.answers.insert(id.to_string(), *t),
                        None => a.answers.remove(id),
                    };
                    return false;
                }
                // Yours, over theirs: theirs is the base now.
                base = theirs.map(|t| *t);
            }
            Err(e) => {
                prompter.say(&format!(
                    "Not saved: {e}. Fix the file, then give this answer again."
                ));
                match base {
                    Some(b) => a.answers.insert(id.to_string(), b),
                    None => a.answers.remove(id),
                };
                return false;
            }
        }
    }
}

/// What saving one answer found.
#[derive(Debug, Clone, PartialEq)]
pub enum Saved {
    /// Written, together with whatever else the file held by then (which the assessment
    /// now holds too: an answer given from another shell, a hand edit, a `git pull`).
    Done,
    /// The same requirement was changed elsewhere since its screen was shown; nothing was
    /// written. Theirs is attached (`None`: they removed it).
    Conflict(Option<Box<Answer>>),
}

/// Saves one change: requirement `id` is now as the assessment holds it; `base` is what it
/// was when its screen was shown, to tell a change made elsewhere meanwhile.
pub type Save<'s> = dyn FnMut(&mut Assessment, &str, Option<&Answer>) -> Result<Saved> + 's;

/// Runs the questionnaire. `save` is called after every confirmed answer. Returns how many
/// answers were confirmed.
pub fn run(
    c: &Catalogue,
    a: &mut Assessment,
    settings: &Settings,
    prompter: &mut dyn Prompter,
    save: &mut Save<'_>,
    now: &dyn Fn() -> jiff::Timestamp,
) -> Result<usize> {
    let n = c.requirements.len();
    let answered = |a: &Assessment, i: usize| a.answers.contains_key(&c.requirements[i].id);
    let skip_answered = |a: &Assessment, mut i: usize| {
        while !settings.review && i < n && answered(a, i) {
            i += 1;
        }
        i
    };
    let mut i = match settings.clause {
        Some(cl) => c.clauses[cl].requirements.start,
        None => skip_answered(a, 0),
    };
    if i >= n {
        prompter.say(&format!(
            "All {n} requirements are answered. Use --review to walk them again, or --clause C to revisit one clause."
        ));
        return Ok(0);
    }
    let mut confirmed = 0;
    while i < n {
        let r = &c.requirements[i];
        let count = c
            .requirements
            .iter()
            .filter(|x| a.answers.contains_key(&x.id))
            .count();
        let screen = Screen {
            catalogue: c,
            requirement: r,
            clause_path: c
                .ancestry(r.clause)
                .iter()
                .map(|&x| format!("{} {}", c.clauses[x].id, c.clauses[x].title))
                .collect::<Vec<_>>()
                .join(" › "),
            current: a.answers.get(&r.id),
            answered: count,
            total: n,
            position: i + 1,
            file: &settings.file,
        };
        match prompter.choose(&screen)? {
            Choice::Rate(rating) => {
                let top = c.scale.len() - 1;
                let wants_action = matches!(rating, Rating::Level(l) if l < top);
                prompter.say(&format!(
                    "Rated {}: {}",
                    r.id,
                    crate::assessment::rating_id(c, rating)
                ));
                let d = ask_details(prompter, screen.current, wants_action, settings.today)?;
                let previous = a.answers.get(&r.id).cloned();
                let base = previous.clone();
                let mut ans = previous.unwrap_or_else(|| Answer::rated(rating));
                ans.rating = rating;
                ans.note = d.note;
                ans.evidence = d.evidence;
                ans.action = d.action;
                // Answered again: a review asked for by a migration is done.
                ans.review = None;
                ans.answered = Some(now());
                let over = crate::limits::check(&ans);
                if !over.is_empty() {
                    // Saved, the file could not be read back: ask again instead.
                    let list: Vec<String> = over.iter().map(|(k, m)| format!("{k}: {m}")).collect();
                    prompter.say(&format!("Not saved ({}); answer again.", list.join("; ")));
                    continue;
                }
                a.answers.insert(r.id.clone(), ans);
                if !save_one(a, &r.id, base, prompter, save, c) {
                    continue;
                }
                confirmed += 1;
                i = skip_answered(a, i + 1);
            }
            Choice::Skip => i = skip_answered(a, i + 1),
            // Back walks the catalogue, answered or not, wherever this run started.
            Choice::Back => match i.checked_sub(1) {
                Some(prev) => i = prev,
                None => prompter.say("This is the first requirement of the catalogue."),
            },
            Choice::Jump(id) => match c.clause_position(id.trim()) {
                Some(cl) => i = c.clauses[cl].requirements.start,
                None => {
                    let hint =
                        crate::error::closest(id.trim(), c.clauses.iter().map(|x| x.id.as_str()))
                            .map(|s| format!(" Did you mean {s}?"))
                            .unwrap_or_default();
                    prompter.say(&format!(
                        "No clause `{}`.{hint} Clause numbers look like 8.5.1.",
                        id.trim()
                    ));
                }
            },
            Choice::Quit => break,
        }
    }
    let left = c
        .requirements
        .iter()
        .filter(|x| !a.answers.contains_key(&x.id))
        .count();
    prompter.say(&format!(
        "{confirmed} answer(s) saved to {}. {} of {n} answered{}.",
        settings.file,
        n - left,
        if left > 0 {
            format!("; run `iso20k assess {}` to continue", settings.file)
        } else {
            String::new()
        }
    ));
    Ok(confirmed)
}

/// Parses `REF` or `REF@YYYY-MM-DD` items separated by `;`.
pub fn parse_evidence_list(text: &str) -> Vec<Evidence> {
    text.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            match s
                .rsplit_once('@')
                .and_then(|(r, d)| d.trim().parse::<Date>().ok().map(|d| (r, d)))
            {
                Some((r, d)) => Evidence {
                    reference: r.trim().to_string(),
                    reviewed: Some(d),
                },
                None => Evidence {
                    reference: s.to_string(),
                    reviewed: None,
                },
            }
        })
        .collect()
}

/// Shows an evidence list the way [`parse_evidence_list`] reads it.
pub fn format_evidence_list(list: &[Evidence]) -> String {
    list.iter()
        .map(|e| match e.reviewed {
            Some(d) => format!("{}@{d}", e.reference),
            None => e.reference.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A new open action.
pub fn new_action(what: String, owner: Option<String>, due: Option<Date>) -> Action {
    Action {
        what,
        owner,
        due,
        status: ActionStatus::Open,
        target: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;

    /// A scripted prompter: the choices and details to give, in order.
    struct Script {
        choices: Vec<Choice>,
        said: Vec<String>,
    }

    impl Prompter for Script {
        fn choose(&mut self, _: &Screen<'_>) -> Result<Choice> {
            Ok(if self.choices.is_empty() {
                Choice::Quit
            } else {
                self.choices.remove(0)
            })
        }
        fn text(&mut self, label: &str, _: Option<&str>) -> Result<Option<String>> {
            Ok(match label.split_whitespace().next() {
                Some("Note") => Some("a note".into()),
                Some("Action") => Some("fix".into()),
                Some("Owner") => Some("Ann".into()),
                _ => None,
            })
        }
        fn say(&mut self, t: &str) {
            self.said.push(t.to_string());
        }
    }

    #[test]
    fn rate_back_skip_jump_and_resume() {
        let c = Catalogue::built_in().unwrap();
        let mut a = Assessment::new(
            &c,
            "O".into(),
            "S".into(),
            "A".into(),
            Date::constant(2026, 1, 1),
        );
        let settings = Settings {
            clause: None,
            review: false,
            file: "f.yaml".into(),
            today: Date::constant(2026, 1, 1),
        };
        let mut saves = 0;
        let mut p = Script {
            choices: vec![
                Choice::Rate(Rating::Level(4)),
                Choice::Rate(Rating::Level(1)),
                Choice::Back,
                Choice::Rate(Rating::Level(2)),
                Choice::Skip,
                Choice::Jump("9.2".into()),
                Choice::Rate(Rating::Level(3)),
                Choice::Jump("nope".into()),
                Choice::Quit,
            ],
            said: vec![],
        };
        let now = || jiff::Timestamp::UNIX_EPOCH;
        let n = run(
            &c,
            &mut a,
            &settings,
            &mut p,
            &mut |_, _, _| {
                saves += 1;
                Ok(Saved::Done)
            },
            &now,
        )
        .unwrap();
        assert_eq!(n, 4);
        assert_eq!(saves, 4);
        let first = &c.requirements[0].id;
        let second = &c.requirements[1].id;
        assert_eq!(a.answers[first].rating, Rating::Level(4));
        assert!(
            a.answers[first].action.is_none(),
            "no action at full conformity"
        );
        assert_eq!(
            a.answers[second].rating,
            Rating::Level(2),
            "back re-answers the second"
        );
        assert!(a.answers[second].action.is_some());
        assert!(!a.answers.contains_key(&c.requirements[2].id), "skipped");
        assert_eq!(a.answers["9.2-8"].rating, Rating::Level(3));
        assert!(p.said.iter().any(|s| s.contains("No clause `nope`")));

        // A second run starts at the first unanswered requirement (the skipped one).
        struct Peek(Option<String>);
        impl Prompter for Peek {
            fn choose(&mut self, s: &Screen<'_>) -> Result<Choice> {
                self.0 = Some(s.requirement.id.clone());
                Ok(Choice::Quit)
            }
            fn text(&mut self, _: &str, _: Option<&str>) -> Result<Option<String>> {
                Ok(None)
            }
            fn say(&mut self, _: &str) {}
        }
        let mut peek = Peek(None);
        run(
            &c,
            &mut a,
            &settings,
            &mut peek,
            &mut |_, _, _| Ok(Saved::Done),
            &now,
        )
        .unwrap();
        assert_eq!(peek.0.as_deref(), Some(c.requirements[2].id.as_str()));
    }
}
