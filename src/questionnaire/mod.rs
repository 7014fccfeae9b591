//! The questionnaire behind `iso20k assess`: requirement by requirement, in catalogue order,
//! saving each confirmed answer at once.
//!
//! The flow is written once against the [`Prompter`] trait; [`terminal`] drives it with
//! keys in a real terminal, [`lines`] with plain lines from any reader (scripts, tests).

pub mod editor;
pub mod keys;
pub mod layout;
pub mod lines;
pub mod start;
pub mod terminal;

use crate::assessment::{
    Action, ActionStatus, Answer, Assessment, Evidence, Method, Rating, rules,
};
use crate::catalogue::{Catalogue, Requirement, Severity};
use crate::error::Result;
use jiff::civil::Date;

/// What the person chose on a requirement's screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// A rating (confirmed).
    Rate(Rating),
    /// Go back to the previous requirement in the catalogue.
    Back,
    /// Leave this one unanswered for now.
    Skip,
    /// Jump to the first requirement of a clause.
    Jump(String),
    /// Edit every other field of the answer on screen (finding, party, action, gap ...).
    Details,
    /// Undo the last save of this run.
    Undo,
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

/// What a prompt gave back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply<T> {
    /// The value given.
    Given(T),
    /// Escape: back to the rating screen, nothing saved.
    Back,
}

/// What a text field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One line (a name, a date).
    Line,
    /// Free text of any number of lines (a note, a gap, a recommendation).
    Lines,
    /// A list written on one line, `;` between items (a paste's lines become items).
    List,
}

/// A text field to ask for.
#[derive(Debug, Clone, Copy)]
pub struct Ask<'a> {
    /// What to type, and how.
    pub label: &'a str,
    /// The value now, offered for editing.
    pub current: Option<&'a str>,
    /// What the field holds.
    pub kind: Kind,
}

/// One entry of a [`Pick`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opt {
    /// The id written in the file (`in-progress`).
    pub id: String,
    /// What a person reads (`in progress`).
    pub label: String,
}

/// A choice among fixed values, each selected by its position from 0.
#[derive(Debug, Clone, Copy)]
pub struct Pick<'a> {
    /// What is chosen.
    pub label: &'a str,
    /// The values.
    pub options: &'a [Opt],
    /// What choosing none means (`default: minor nonconformity`); `None` when one value
    /// must be chosen.
    pub none: Option<&'a str>,
    /// The value now.
    pub current: Option<usize>,
}

/// How the questionnaire talks to a person.
pub trait Prompter {
    /// Shows a requirement and returns what the person chose.
    fn choose(&mut self, screen: &Screen<'_>) -> Result<Choice>;
    /// Asks for text, starting from the current value; `Given(None)` means none.
    fn text(&mut self, ask: &Ask<'_>) -> Result<Reply<Option<String>>>;
    /// Asks for one of several values; `Given(None)` means none of them.
    fn pick(&mut self, pick: &Pick<'_>) -> Result<Reply<Option<usize>>>;
    /// Tells the person something.
    fn say(&mut self, text: &str);
}

/// The value of a reply, or, on Escape, `Ok(None)` out of the function: nothing saved.
macro_rules! given {
    ($e:expr) => {
        match $e? {
            Reply::Given(v) => v,
            Reply::Back => return Ok(None),
        }
    };
}

/// Asks for a due date until it is one (or empty); `Ok(None)` on Escape.
fn ask_due(
    p: &mut dyn Prompter,
    current: Option<Date>,
    today: Date,
) -> Result<Option<Option<Date>>> {
    let mut shown = current.map(|d| d.to_string());
    loop {
        let ask = Ask {
            label: "Due date (YYYY-MM-DD)",
            current: shown.as_deref(),
            kind: Kind::Line,
        };
        match given!(p.text(&ask)) {
            None => return Ok(Some(None)),
            Some(d) => match d.parse::<Date>() {
                Ok(d) => {
                    if d < today {
                        p.say(&format!("Note: {d} is already past (today is {today})."));
                    }
                    return Ok(Some(Some(d)));
                }
                Err(_) => {
                    p.say(&format!("`{d}` is not a date; write YYYY-MM-DD."));
                    shown = None;
                }
            },
        }
    }
}

/// Asks for the note, the evidence and (when `wants_action`) an action with its owner and
/// due date, starting from the current answer's values. `Ok(None)` when the person pressed
/// Escape: nothing is to be saved. Without `wants_action` the current action is kept.
pub fn ask_details(
    p: &mut dyn Prompter,
    current: Option<&Answer>,
    wants_action: bool,
    today: Date,
) -> Result<Option<Details>> {
    let note = given!(p.text(&Ask {
        label: "Note (what was seen or missing)",
        current: current.and_then(|c| c.note.as_deref()),
        kind: Kind::Lines,
    }));
    let shown = current
        .map(|c| format_evidence_list(&c.evidence))
        .filter(|e| !e.is_empty());
    let evidence = given!(p.text(&Ask {
        label: "Evidence (; between references, REF@YYYY-MM-DD for a review date)",
        current: shown.as_deref(),
        kind: Kind::List,
    }))
    .map(|e| parse_evidence_list(&e))
    .unwrap_or_default();
    let prev = current.and_then(|c| c.action.clone());
    let action = if wants_action {
        given!(ask_action(p, prev, today))
    } else {
        prev
    };
    Ok(Some(Details {
        note,
        evidence,
        action,
    }))
}

/// Asks for an action's what, owner and due date; `Given(None)`: no action.
fn ask_action(
    p: &mut dyn Prompter,
    prev: Option<Action>,
    today: Date,
) -> Result<Reply<Option<Action>>> {
    let back = Ok(Reply::Back);
    let what = match p.text(&Ask {
        label: "Action (what is to be done; empty for none)",
        current: prev.as_ref().map(|a| a.what.as_str()),
        kind: Kind::Line,
    })? {
        Reply::Given(w) => w,
        Reply::Back => return back,
    };
    let Some(what) = what else {
        return Ok(Reply::Given(None));
    };
    let owner = match p.text(&Ask {
        label: "Owner",
        current: prev.as_ref().and_then(|a| a.owner.as_deref()),
        kind: Kind::Line,
    })? {
        Reply::Given(o) => o,
        Reply::Back => return back,
    };
    let Some(due) = ask_due(p, prev.as_ref().and_then(|a| a.due), today)? else {
        return back;
    };
    let mut a = new_action(what, owner, due);
    if let Some(prev) = prev {
        a.status = prev.status;
        a.target = prev.target;
    }
    Ok(Reply::Given(Some(a)))
}

/// Whether `candidate` breaks no rule at the field `key` (or below it); says why when it
/// does, so the field is asked again.
fn field_ok(p: &mut dyn Prompter, c: &Catalogue, id: &str, candidate: &Answer, key: &str) -> bool {
    let bad: Vec<rules::Problem> = rules::problems(c, id, candidate)
        .into_iter()
        .filter(|x| {
            x.key == key
                || x.key.starts_with(&format!("{key}."))
                || x.key.starts_with(&format!("{key}["))
        })
        .collect();
    if bad.is_empty() {
        return true;
    }
    p.say(&format!("Not taken: {}.", rules::one_line(&bad)));
    false
}

/// Asks a free text field of the answer again until the rules hold for it.
fn ask_text_field(
    p: &mut dyn Prompter,
    c: &Catalogue,
    id: &str,
    ans: &mut Answer,
    key: &str,
    label: &str,
    get: fn(&mut Answer) -> &mut Option<String>,
) -> Result<Option<()>> {
    loop {
        let current = get(ans).clone();
        let v = given!(p.text(&Ask {
            label,
            current: current.as_deref(),
            kind: Kind::Lines,
        }));
        *get(ans) = v;
        if field_ok(p, c, id, ans, key) {
            return Ok(Some(()));
        }
        *get(ans) = current;
    }
}

/// Every field of an answer besides the rating, note and evidence, each starting from its
/// current value: the finding override, who operates the process (where the catalogue
/// lets another party), the gap, the recommendation, the action with its status and
/// target, the interviewees, the method and the assessor. `Ok(None)` on Escape. Each field
/// is checked by the loader's rules as it is given, so what is returned can be saved.
pub fn ask_more(
    p: &mut dyn Prompter,
    c: &Catalogue,
    r: &Requirement,
    current: &Answer,
    today: Date,
) -> Result<Option<Answer>> {
    let mut ans = current.clone();
    let id = r.id.as_str();

    let default = ans.finding_default(c, r);
    let findings: Vec<Opt> = Severity::ALL
        .iter()
        .map(|s| Opt {
            id: s.id().into(),
            label: s.label().into(),
        })
        .collect();
    let none = format!("the rating's default: {}", default.label());
    let picked = given!(
        p.pick(&Pick {
            label: "Finding",
            options: &findings,
            none: Some(&none),
            current: ans
                .finding
                .and_then(|f| Severity::ALL.iter().position(|x| *x == f)),
        })
    );
    ans.finding = picked.map(|i| Severity::ALL[i]).filter(|f| *f != default);
    if let Some(f) = ans.finding
        && r.cap(f) != f
    {
        p.say(&format!(
            "{id} never produces more than {}: the override counts as that.",
            r.cap(f).label()
        ));
    }

    if c.allows_other_parties(r.clause) && !c.parties.is_empty() {
        let parties: Vec<Opt> = c
            .parties
            .iter()
            .map(|x| Opt {
                id: x.id.clone(),
                label: x.label.clone(),
            })
            .collect();
        let picked = given!(
            p.pick(&Pick {
                label: "Operated by",
                options: &parties,
                none: Some("not recorded"),
                current: ans
                    .operated_by
                    .as_ref()
                    .and_then(|o| c.parties.iter().position(|x| &x.id == o)),
            })
        );
        ans.operated_by = picked.map(|i| c.parties[i].id.clone());
    }

    if ask_text_field(
        p,
        c,
        id,
        &mut ans,
        "gap",
        "Gap (what is missing, in a sentence)",
        |a| &mut a.gap,
    )?
    .is_none()
    {
        return Ok(None);
    }
    if ask_text_field(
        p,
        c,
        id,
        &mut ans,
        "recommendation",
        "Recommendation (what to do, apart from the tracked action)",
        |a| &mut a.recommendation,
    )?
    .is_none()
    {
        return Ok(None);
    }

    let prev = ans.action.clone();
    ans.action = match ask_action(p, prev, today)? {
        Reply::Given(a) => a,
        Reply::Back => return Ok(None),
    };
    if let Some(mut action) = ans.action.take() {
        let statuses: Vec<Opt> = ActionStatus::ALL
            .iter()
            .map(|s| Opt {
                id: s.id().into(),
                label: s.id().replace('-', " "),
            })
            .collect();
        let picked = given!(p.pick(&Pick {
            label: "Action status",
            options: &statuses,
            none: None,
            current: ActionStatus::ALL.iter().position(|s| *s == action.status),
        }));
        action.status = picked.map_or(action.status, |i| ActionStatus::ALL[i]);
        let levels: Vec<Opt> = c
            .scale
            .iter()
            .map(|l| Opt {
                id: l.id.clone(),
                label: l.label.clone(),
            })
            .collect();
        let top = format!(
            "the top level: {}",
            c.scale.last().map_or("", |l| l.label.as_str())
        );
        action.target = given!(p.pick(&Pick {
            label: "Action target (the rating once it is done)",
            options: &levels,
            none: Some(&top),
            current: action.target,
        }));
        ans.action = Some(action);
    }
    if !field_ok(p, c, id, &ans, "action") {
        ans.action = current.action.clone();
    }

    loop {
        let shown = ans.interviewees.join("; ");
        let v = given!(p.text(&Ask {
            label: "Interviewees (; between names)",
            current: (!shown.is_empty()).then_some(shown.as_str()),
            kind: Kind::List,
        }));
        let before = std::mem::replace(
            &mut ans.interviewees,
            v.as_deref()
                .unwrap_or("")
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        );
        if field_ok(p, c, id, &ans, "interviewees") {
            break;
        }
        ans.interviewees = before;
    }

    let methods: Vec<Opt> = Method::ALL
        .iter()
        .map(|m| Opt {
            id: m.id().into(),
            label: m.id().replace('-', " "),
        })
        .collect();
    let picked = given!(
        p.pick(&Pick {
            label: "Method",
            options: &methods,
            none: Some("not recorded"),
            current: ans
                .method
                .and_then(|m| Method::ALL.iter().position(|x| *x == m)),
        })
    );
    ans.method = picked.map(|i| Method::ALL[i]);

    loop {
        let current = ans.assessor.clone();
        ans.assessor = given!(p.text(&Ask {
            label: "Assessor of this answer (empty: the file's assessor)",
            current: current.as_deref(),
            kind: Kind::Line,
        }));
        if field_ok(p, c, id, &ans, "assessor") {
            break;
        }
        ans.assessor = current;
    }
    Ok(Some(ans))
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

/// Saves requirement `id`, settling a conflict with the person. Returns what the save
/// replaced (`Some(None)`: it was unanswered), or `None` when nothing of theirs was saved
/// (the file could not be read, or they took the other version; then the assessment holds
/// what the file holds for `id`).
fn save_one(
    a: &mut Assessment,
    id: &str,
    mut base: Option<Answer>,
    prompter: &mut dyn Prompter,
    save: &mut Save<'_>,
    c: &Catalogue,
) -> Result<Option<Option<Answer>>> {
    loop {
        match save(a, id, base.as_ref()) {
            Ok(Saved::Done) => return Ok(Some(base)),
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
                // Escape here, as everywhere after the rating, saves nothing of theirs.
                let keep = match prompter.text(&Ask {
                    label: "Keep yours (y) or take the file's (n)",
                    current: Some("y"),
                    kind: Kind::Line,
                })? {
                    Reply::Given(k) => !k
                        .as_deref()
                        .is_some_and(|k| k.trim().eq_ignore_ascii_case("n")),
                    Reply::Back => false,
                };
                if !keep {
                    match theirs {
                        Some(t) => a.answers.insert(id.to_string(), *t),
                        None => a.answers.remove(id),
                    };
                    return Ok(None);
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
                return Ok(None);
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

/// Puts `ans` in as requirement `id`'s answer and saves it, when the loader's rules hold
/// for it; returns what the save replaced, as [`save_one`] does.
fn put(
    a: &mut Assessment,
    id: &str,
    ans: Answer,
    prompter: &mut dyn Prompter,
    save: &mut Save<'_>,
    c: &Catalogue,
) -> Result<Option<Option<Answer>>> {
    let problems = rules::problems(c, id, &ans);
    if !problems.is_empty() {
        prompter.say(&format!(
            "Not saved ({}); answer again.",
            rules::one_line(&problems)
        ));
        return Ok(None);
    }
    let base = a.answers.insert(id.to_string(), ans);
    save_one(a, id, base, prompter, save, c)
}

/// Runs the questionnaire. `save` is called after every confirmed answer. Returns how many
/// answers were confirmed.
///
/// Undo (`u`) takes back the last save of this run, whichever requirement it was, and
/// shows that requirement: the answer goes back to what it was before (or to unanswered),
/// saved like any answer. Pressed again, it takes back the save before that.
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
    // The saves of this run, last on top: the requirement and what the save replaced.
    let mut undo: Vec<(String, Option<Answer>)> = Vec::new();
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
                let Some(d) = ask_details(prompter, screen.current, wants_action, settings.today)?
                else {
                    prompter.say(&format!("Nothing saved for {}.", r.id));
                    continue;
                };
                let mut ans = screen
                    .current
                    .cloned()
                    .unwrap_or_else(|| Answer::rated(rating));
                ans.rating = rating;
                ans.note = d.note;
                ans.evidence = d.evidence;
                ans.action = d.action;
                // Answered again: a review asked for by a migration is done.
                ans.review = None;
                ans.answered = Some(now());
                let Some(before) = put(a, &r.id, ans, prompter, save, c)? else {
                    continue;
                };
                undo.push((r.id.clone(), before));
                confirmed += 1;
                i = skip_answered(a, i + 1);
            }
            Choice::Details => {
                let Some(current) = screen.current else {
                    prompter.say(&format!(
                        "Rate {} first: the details belong to an answer.",
                        r.id
                    ));
                    continue;
                };
                let Some(mut ans) = ask_more(prompter, c, r, current, settings.today)? else {
                    prompter.say(&format!("Nothing saved for {}.", r.id));
                    continue;
                };
                if &ans == current {
                    prompter.say(&format!("{}: nothing changed.", r.id));
                    continue;
                }
                ans.answered = Some(now());
                if let Some(before) = put(a, &r.id, ans, prompter, save, c)? {
                    undo.push((r.id.clone(), before));
                    prompter.say(&format!("Saved the details of {}.", r.id));
                }
            }
            Choice::Undo => {
                let Some((id, before)) = undo.pop() else {
                    prompter.say("Nothing to undo: no answer was saved in this run yet.");
                    continue;
                };
                let shown = before.as_ref().map_or("unanswered".to_string(), |b| {
                    format!("{} as before", crate::assessment::rating_id(c, b.rating))
                });
                let base = match before.clone() {
                    Some(b) => a.answers.insert(id.clone(), b),
                    None => a.answers.remove(&id),
                };
                let kept = base.clone();
                if save_one(a, &id, base, prompter, save, c)?.is_some() {
                    prompter.say(&format!("Undone: {id} is {shown}."));
                    if let Some(at) = c.requirement_position(&id) {
                        i = at;
                    }
                } else if a.answers.get(&id) == kept.as_ref() {
                    // Not written (the file could not be read): it can be tried again.
                    undo.push((id, before));
                }
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

/// The fields an answer has set besides its rating, labelled, each value on one line (a
/// text of several lines shows its first and how many follow): what "Current answer"
/// lists.
pub fn fields(c: &Catalogue, a: &Answer) -> Vec<(&'static str, String)> {
    let text = |t: &str| {
        let mut lines = t.lines();
        let first = lines.next().unwrap_or("").to_string();
        match lines.count() {
            0 => first,
            n => format!("{first} (+{n} more line{})", if n == 1 { "" } else { "s" }),
        }
    };
    let mut out = Vec::new();
    if let Some(n) = &a.note {
        out.push(("Note", text(n)));
    }
    if !a.evidence.is_empty() {
        out.push(("Evidence", format_evidence_list(&a.evidence)));
    }
    if let Some(f) = a.finding {
        out.push(("Finding", format!("{} (override)", f.label())));
    }
    if let Some(o) = &a.operated_by {
        let label = c
            .parties
            .iter()
            .find(|x| &x.id == o)
            .map_or(o.as_str(), |x| x.label.as_str());
        out.push(("Operated by", label.to_string()));
    }
    if let Some(g) = &a.gap {
        out.push(("Gap", text(g)));
    }
    if let Some(r) = &a.recommendation {
        out.push(("Recommendation", text(r)));
    }
    if let Some(x) = &a.action {
        let mut parts = vec![text(&x.what)];
        if let Some(o) = &x.owner {
            parts.push(format!("owner {o}"));
        }
        if let Some(d) = x.due {
            parts.push(format!("due {d}"));
        }
        parts.push(x.status.id().to_string());
        if let Some(t) = x.target.and_then(|t| c.scale.get(t)) {
            parts.push(format!("target {}", t.id));
        }
        out.push(("Action", parts.join(" · ")));
    }
    if !a.interviewees.is_empty() {
        out.push(("Interviewees", a.interviewees.join("; ")));
    }
    if let Some(m) = a.method {
        out.push(("Method", m.id().to_string()));
    }
    if let Some(who) = &a.assessor {
        out.push(("Assessor", who.clone()));
    }
    out
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
        fn text(&mut self, ask: &Ask<'_>) -> Result<Reply<Option<String>>> {
            Ok(Reply::Given(match ask.label.split_whitespace().next() {
                Some("Note") => Some("a note".into()),
                Some("Action") => Some("fix".into()),
                Some("Owner") => Some("Ann".into()),
                _ => None,
            }))
        }
        fn pick(&mut self, _: &Pick<'_>) -> Result<Reply<Option<usize>>> {
            Ok(Reply::Given(None))
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
            fn text(&mut self, _: &Ask<'_>) -> Result<Reply<Option<String>>> {
                Ok(Reply::Given(None))
            }
            fn pick(&mut self, _: &Pick<'_>) -> Result<Reply<Option<usize>>> {
                Ok(Reply::Given(None))
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
