//! `iso20k import`: a filled-in workbook or CSV back into an assessment.
//!
//! A reader ([`xlsx`], [`csv`]) turns the file into a [`Table`]: one [`Row`] per
//! requirement, each cell's text with its place (`Questionnaire!D7`, `row 7, column
//! rating`). [`plan`] then finds the edited cells, puts them into the answers by the rules
//! every answer obeys ([`crate::assessment::cells`], [`crate::assessment::fields`]), and
//! lists each change; a bad cell stops it with nothing applied.
//!
//! A cell counts as edited when its text differs from what was written. The workbook
//! carries what was written in its hidden sheet, so a cell nobody touched never undoes a
//! change made to the file since; where both changed one field, that is a conflict. A CSV
//! carries no such record: its cells are compared with the file as it is now.

pub mod csv;
pub mod xlsx;

use crate::assessment::cells::{self, Edit, Field, Layout};
use crate::assessment::{Answer, Assessment};
use crate::catalogue::Catalogue;
use crate::error::{Diagnostic, Error, Result, closest};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

/// Where a cell is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A workbook cell: the sheet, the 0-based column and row.
    Cell {
        /// The sheet's name.
        sheet: String,
        /// The column, from 0.
        column: u32,
        /// The row, from 0.
        row: u32,
    },
    /// A CSV cell: the row (the header is row 1) and the column's header.
    Csv {
        /// The row, from 1.
        row: usize,
        /// The column's header.
        column: String,
    },
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Cell { sheet, column, row } => {
                write!(f, "{sheet}!{}{}", column_letters(*column), row + 1)
            }
            Place::Csv { row, column } => write!(f, "row {row}, column {column}"),
        }
    }
}

/// `A`, `B` ... `Z`, `AA` ...: a 0-based column as a spreadsheet names it.
pub fn column_letters(column: u32) -> String {
    let mut n = column + 1;
    let mut out = Vec::new();
    while n > 0 {
        out.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// One cell's text and place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The text (a formula as its text, `=...`; a date as `YYYY-MM-DD`).
    pub text: String,
    /// Where it is.
    pub place: Place,
}

/// One row: the requirement id it is for, and its answer cells.
#[derive(Debug, Clone)]
pub struct Row {
    /// The id cell.
    pub id: Cell,
    /// The answer cells present in the file, in column order.
    pub cells: Vec<(Field, Cell)>,
}

/// What a workbook says about itself in its hidden sheet.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// Key (`catalogue`, `catalogue_version` ...) -> the value cell.
    pub values: HashMap<String, Cell>,
    /// The answer cells as written: requirement id -> field -> text.
    pub base: HashMap<String, HashMap<Field, String>>,
}

/// A file read for import.
#[derive(Debug, Clone)]
pub struct Table {
    /// The file as the user named it.
    pub file: String,
    /// Workbook or CSV.
    pub layout: Layout,
    /// Every row with an id.
    pub rows: Vec<Row>,
    /// Headers that name no answer column and are not read (the id, question and the
    /// other columns shown for reading are known and not listed).
    pub ignored: Vec<String>,
    /// The workbook's hidden sheet; none for a CSV.
    pub meta: Option<Meta>,
}

/// Which side wins where the workbook and the file both changed a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefer {
    /// The workbook's cell.
    Workbook,
    /// The file's value.
    File,
}

/// One change to one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The requirement id.
    pub requirement: String,
    /// The column's header (`rating`, `note` ...), or `review` when answering again
    /// clears a review a migration asked for.
    pub field: &'static str,
    /// The text before (empty when there was none).
    pub old: String,
    /// The text after.
    pub new: String,
    /// Where the new value came from.
    pub place: String,
}

/// A field that both the workbook and the file changed since the workbook was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// The requirement id.
    pub requirement: String,
    /// The column's header.
    pub field: &'static str,
    /// What the workbook was written with.
    pub written: String,
    /// What the file holds now.
    pub file: String,
    /// What the workbook holds now.
    pub workbook: String,
    /// The cell.
    pub place: String,
}

/// What importing a table does.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Plan {
    /// Every change, by requirement in catalogue order, then by column.
    pub changes: Vec<Change>,
    /// Every conflict, and which side was taken (`--prefer`).
    pub conflicts: Vec<Conflict>,
    /// The answers changed, to put into the assessment.
    #[serde(skip)]
    pub answers: Vec<(String, Answer)>,
}

impl Plan {
    /// Puts the changed answers into the assessment.
    pub fn apply_to(&self, a: &mut Assessment) {
        for (id, answer) in &self.answers {
            a.answers.insert(id.clone(), answer.clone());
        }
    }
}

fn refusal(table: &Table, place: &Place, message: String, help: String) -> Diagnostic {
    let mut d = Diagnostic::file(&table.file, message).at_key(place.to_string());
    if !help.is_empty() {
        d = d.with_help(help);
    }
    d
}

/// Checks what the workbook says it was written for against the catalogue and the
/// assessment: another catalogue, version or text of it, or another organization, is
/// refused with the cell that says so.
fn check_meta(table: &Table, meta: &Meta, c: &Catalogue, a: &Assessment) -> Result<()> {
    let rewrite = "write a new workbook from this assessment: `iso20k report FILE -o answers.xlsx`";
    let get = |key: &str| meta.values.get(key);
    let missing = |key: &str| {
        Error::invalid(
            Diagnostic::file(
                &table.file,
                format!(
                    "the hidden sheet `{}` has no `{key}`: this is not a workbook iso20k wrote, or it was edited",
                    crate::report::xlsx::META
                ),
            )
            .with_help(rewrite),
        )
    };
    let format = get("format").ok_or_else(|| missing("format"))?;
    if format.text != crate::report::xlsx::META_FORMAT {
        return Err(Error::invalid(refusal(
            table,
            &format.place,
            format!(
                "the workbook's layout is format `{}`; this iso20k reads format {}",
                format.text,
                crate::report::xlsx::META_FORMAT
            ),
            rewrite.into(),
        )));
    }
    let hash = c.content_hash();
    let checks: [(&str, &str, &str); 4] = [
        (
            "catalogue",
            &c.id,
            "pass the catalogue it was written with: --catalogue PATH",
        ),
        (
            "catalogue_version",
            &c.version,
            "pass the catalogue it was written with (--catalogue PATH), or write a new workbook; `iso20k migrate` carries an assessment to a new version",
        ),
        ("catalogue_hash", &hash, rewrite),
        (
            "organization",
            &a.organization,
            "import it into the assessment it was written from",
        ),
    ];
    for (key, want, help) in checks {
        let cell = get(key).ok_or_else(|| missing(key))?;
        if cell.text == want {
            continue;
        }
        let found = &cell.text;
        let message = match key {
            "catalogue" => format!(
                "the workbook was written for catalogue `{found}`; the catalogue loaded is `{want}`"
            ),
            "catalogue_version" => format!(
                "the workbook was written for catalogue version {found}; the catalogue loaded is version {want}"
            ),
            "catalogue_hash" => format!(
                "the workbook was written from another text of catalogue `{}` version {} (content hash {found}, the loaded one's is {want})",
                c.id, c.version
            ),
            _ => format!(
                "the workbook was written for organization `{found}`; this assessment is of `{want}`"
            ),
        };
        return Err(Error::invalid(refusal(
            table,
            &cell.place,
            message,
            help.to_string(),
        )));
    }
    Ok(())
}

/// Finds the edited cells of `table`, applies them to copies of the answers of `a`, and
/// lists every change. `now` is when the changed answers count as answered. Conflicts are
/// listed; without `prefer` they stop the import (exit 2), with it the side it names wins.
pub fn plan(
    c: &Catalogue,
    a: &Assessment,
    table: &Table,
    prefer: Option<Prefer>,
    now: jiff::Timestamp,
) -> Result<Plan> {
    if let Some(meta) = &table.meta {
        check_meta(table, meta, c, a)?;
    }
    let layout = table.layout;
    let mut wrong: Vec<Diagnostic> = Vec::new();
    let mut seen: HashMap<&str, &Place> = HashMap::new();
    let mut plan = Plan::default();
    let mut by_position: BTreeMap<usize, (Vec<Change>, Answer)> = BTreeMap::new();
    for row in &table.rows {
        let id = row.id.text.as_str();
        let Some(position) = c.requirement_position(id) else {
            let hint = closest(id, c.requirements.iter().map(|r| r.id.as_str()))
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            wrong.push(refusal(
                table,
                &row.id.place,
                format!("no requirement `{id}` in catalogue `{}`", c.id),
                format!("{hint}ids look like 8.6.1-2; rows are matched by their id"),
            ));
            continue;
        };
        if let Some(first) = seen.insert(id, &row.id.place) {
            wrong.push(refusal(
                table,
                &row.id.place,
                format!("requirement `{id}` has a second row (the first is {first})"),
                "keep one row per requirement".into(),
            ));
            continue;
        }
        let r = &c.requirements[position];
        let current = a.answer(id);
        let base = table.meta.as_ref().map(|m| m.base.get(id));
        let mut edits: Vec<(Edit, &Place)> = Vec::new();
        for (field, cell) in &row.cells {
            let given = cells::normalized(*field, &cell.text);
            let now_text = cells::text(c, a, r, current, *field, layout);
            let written = match base {
                // The workbook knows what it was written with.
                Some(b) => b.and_then(|m| m.get(field)).cloned().unwrap_or_default(),
                None => now_text.clone(),
            };
            if given == written || given == now_text {
                continue;
            }
            if now_text != written {
                plan.conflicts.push(Conflict {
                    requirement: id.to_string(),
                    field: field.name(),
                    written,
                    file: now_text,
                    workbook: given.clone(),
                    place: cell.place.to_string(),
                });
                if prefer != Some(Prefer::Workbook) {
                    continue;
                }
            }
            edits.push((
                Edit {
                    field: *field,
                    text: given,
                },
                &cell.place,
            ));
        }
        if edits.is_empty() {
            continue;
        }
        // The CSV's references and their dates are read together: give both.
        if layout == Layout::Csv {
            for f in [Field::Evidence, Field::EvidenceReviewed] {
                if !edits.iter().any(|(e, _)| e.field == f)
                    && let Some((_, cell)) = row.cells.iter().find(|(g, _)| *g == f)
                {
                    edits.push((
                        Edit {
                            field: f,
                            text: cells::normalized(f, &cell.text),
                        },
                        &cell.place,
                    ));
                }
            }
        }
        let just: Vec<Edit> = edits.iter().map(|(e, _)| e.clone()).collect();
        let place_of = |f: Field| {
            edits
                .iter()
                .find(|(e, _)| e.field == f)
                .map(|(_, p)| (*p).clone())
                .or_else(|| {
                    row.cells
                        .iter()
                        .find(|(g, _)| *g == f)
                        .map(|(_, cell)| cell.place.clone())
                })
                .unwrap_or_else(|| row.id.place.clone())
        };
        match cells::apply(c, r, current, &just, layout) {
            Err(list) => {
                for (f, x) in list {
                    wrong.push(refusal(
                        table,
                        &place_of(f),
                        format!("{id} {}: {}", f.name(), x.message),
                        x.help,
                    ));
                }
            }
            Ok(mut answer) => {
                let fields: &[Field] = match layout {
                    Layout::Workbook => &Field::WORKBOOK,
                    Layout::Csv => &Field::CSV,
                };
                let mut changes = Vec::new();
                for f in fields {
                    let old = cells::text(c, a, r, current, *f, layout);
                    let new = cells::text(c, a, r, Some(&answer), *f, layout);
                    if old != new {
                        changes.push(Change {
                            requirement: id.to_string(),
                            field: f.name(),
                            old,
                            new,
                            place: place_of(*f).to_string(),
                        });
                    }
                }
                if changes.is_empty() {
                    continue;
                }
                // Answered again, as `iso20k answer` does: now, and any review is done.
                if let Some(why) = answer.review.take() {
                    changes.push(Change {
                        requirement: id.to_string(),
                        field: "review",
                        old: why,
                        new: String::new(),
                        place: row.id.place.to_string(),
                    });
                }
                answer.answered = Some(now);
                by_position.insert(position, (changes, answer));
            }
        }
    }
    if !wrong.is_empty() {
        return Err(Error::Invalid(capped(table, wrong)));
    }
    if !plan.conflicts.is_empty() && prefer.is_none() {
        return Err(conflicts(table, &plan.conflicts));
    }
    for (position, (changes, answer)) in by_position {
        plan.changes.extend(changes);
        plan.answers
            .push((c.requirements[position].id.clone(), answer));
    }
    Ok(plan)
}

/// The most bad cells listed one by one; a file with more is likely not the right file.
pub const MAX_LISTED: usize = 50;

fn capped(table: &Table, mut list: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if list.len() > MAX_LISTED {
        let more = list.len() - MAX_LISTED;
        list.truncate(MAX_LISTED);
        list.push(
            Diagnostic::file(&table.file, format!("and {more} more"))
                .with_help("is this the workbook or CSV written for this assessment?"),
        );
    }
    list
}

fn conflicts(table: &Table, list: &[Conflict]) -> Error {
    Error::Invalid(capped(table, list.iter()
            .map(|x| {
                Diagnostic::file(
                    &table.file,
                    format!(
                        "{} {}: changed in the file since the workbook was written ({} -> {}) and in the workbook ({})",
                        x.requirement,
                        x.field,
                        shown(&x.written),
                        shown(&x.file),
                        shown(&x.workbook)
                    ),
                )
                .at_key(x.place.clone())
                .with_help("nothing was written; run again with --prefer workbook or --prefer file to choose, or make the two agree")
            })
            .collect()))
}

/// A value as a change list shows it: quoted, on one line, long ones shortened;
/// `(empty)` for nothing.
pub fn shown(s: &str) -> String {
    if s.is_empty() {
        return "(empty)".into();
    }
    const LONGEST: usize = 60;
    let one_line: String = s
        .chars()
        .map(|ch| if ch == '\n' { '⏎' } else { ch })
        .collect();
    let n = one_line.chars().count();
    if n > LONGEST {
        let head: String = one_line.chars().take(LONGEST).collect();
        format!("\"{head}…\" ({n} characters)")
    } else {
        format!("\"{one_line}\"")
    }
}

/// Headers a file may have that are not answer columns but are known: shown for reading,
/// never read back.
pub fn is_known_column(name: &str) -> bool {
    let shown: HashSet<&str> = crate::report::xlsx::questionnaire_headers()
        .into_iter()
        .chain([
            "clause",
            "clause_title",
            "id",
            "question",
            "documented",
            "score",
            "finding_overridden",
            "answered",
        ])
        .collect();
    shown.contains(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::{Action, ActionStatus, Evidence, Rating};
    use crate::progress::{Judging, freshness::MaxAge, progress};
    use jiff::civil::Date;

    fn workbook(c: &Catalogue, a: &Assessment) -> Vec<u8> {
        let s = crate::score::score(c, a);
        let p = progress(
            c,
            a,
            &s,
            Judging {
                as_of: a.as_of,
                max_age: MaxAge::default(),
            },
        );
        let ctx = crate::report::context::build(c, a, &s, &p);
        crate::report::xlsx::render(
            &ctx,
            crate::report::xlsx::Input {
                catalogue: c,
                assessment: a,
            },
        )
        .unwrap()
    }

    fn csv_of(c: &Catalogue, a: &Assessment) -> String {
        let s = crate::score::score(c, a);
        let p = progress(
            c,
            a,
            &s,
            Judging {
                as_of: a.as_of,
                max_age: MaxAge::default(),
            },
        );
        let ctx = crate::report::context::build(c, a, &s, &p);
        crate::report::render(&ctx, crate::report::Format::Csv(Default::default())).unwrap()
    }

    /// `s` in every text field of one answer each, and as the organization.
    fn with(c: &Catalogue, strings: &[String]) -> Assessment {
        let mut a = Assessment::new(
            c,
            "Org".into(),
            String::new(),
            "Dana".into(),
            Date::constant(2026, 11, 30),
        );
        for (r, s) in c.requirements.iter().zip(strings) {
            let s = crate::assessment::fields::text(s).unwrap_or_else(|| "x".into());
            let mut ans = Answer::rated(Rating::Level(2));
            ans.note = Some(s.clone());
            ans.gap = Some(s.clone());
            ans.recommendation = Some(s.clone());
            ans.assessor = Some(s.clone());
            // One reference a line in the workbook: a reference of its own with a line
            // break could not be told from two.
            if !s.contains([
                '\n', '\r', '\u{85}', '\u{2028}', '\u{2029}', '\u{b}', '\u{c}',
            ]) {
                ans.evidence = vec![Evidence {
                    reference: s.trim().to_string(),
                    reviewed: None,
                }];
            }
            ans.action = Some(Action {
                what: s.clone(),
                owner: Some(s.clone()),
                due: None,
                status: ActionStatus::Open,
                target: None,
            });
            a.answers.insert(r.id.clone(), ans);
        }
        a
    }

    #[test]
    fn every_awkward_string_survives_the_workbook_and_the_csv_unchanged() {
        let c = Catalogue::built_in().unwrap();
        let all: Vec<String> =
            serde_json::from_str(include_str!("../../tests/fixtures/awkward-strings.json"))
                .unwrap();
        assert!(all.len() <= c.requirements.len());
        let a = with(&c, &all);
        let now = jiff::Timestamp::UNIX_EPOCH;
        let table = xlsx::read("a.xlsx", workbook(&c, &a)).unwrap();
        let plan = plan(&c, &a, &table, None, now).unwrap();
        assert_eq!(
            plan.changes,
            Vec::new(),
            "an unedited workbook changes nothing"
        );
        // Read back cell by cell: the text of every cell is the text written.
        for row in &table.rows {
            let r = c.requirement(&row.id.text).unwrap();
            for (f, cell) in &row.cells {
                let want = cells::text(&c, &a, r, a.answer(&r.id), *f, Layout::Workbook);
                assert_eq!(cells::normalized(*f, &cell.text), want, "{}", cell.place);
            }
        }
        let table = csv::read("a.csv", &csv_of(&c, &a)).unwrap();
        let plan = super::plan(&c, &a, &table, None, now).unwrap();
        assert_eq!(plan.changes, Vec::new(), "an unedited CSV changes nothing");
    }

    /// The example assessment, its workbook read back, and a way to edit a cell of it.
    fn example() -> (Catalogue, Assessment, Table) {
        let c = Catalogue::built_in().unwrap();
        let text = include_str!("../../examples/acme-hosting.yaml");
        let a = crate::assessment::file::parse(&crate::source::Source::new("acme", text), &c)
            .unwrap()
            .assessment;
        let table = xlsx::read("a.xlsx", workbook(&c, &a)).unwrap();
        (c, a, table)
    }

    fn set(t: &mut Table, id: &str, field: Field, text: &str) {
        let row = t.rows.iter_mut().find(|r| r.id.text == id).unwrap();
        let cell = row.cells.iter_mut().find(|(f, _)| *f == field).unwrap();
        cell.1.text = text.to_string();
    }

    fn changes(p: &Plan) -> Vec<String> {
        p.changes
            .iter()
            .map(|c| {
                format!(
                    "{} {} {} -> {} at {}",
                    c.requirement, c.field, c.old, c.new, c.place
                )
            })
            .collect()
    }

    #[test]
    fn edited_workbook_cells_become_exactly_those_changes() {
        let (c, a, mut t) = example();
        let now = jiff::Timestamp::UNIX_EPOCH;
        set(&mut t, "4.2-3", Field::Rating, "3");
        set(
            &mut t,
            "4.2-3",
            Field::Evidence,
            "Register v3@2026-11-20\n\n  Minutes  ",
        );
        set(&mut t, "4.1-3", Field::Finding, "observation");
        set(&mut t, "4.1-4", Field::Note, "line\nnext\n");
        let p = plan(&c, &a, &t, None, now).unwrap();
        assert_eq!(
            changes(&p),
            vec![
                "4.1-4 note ".to_string()
                    + a.answers["4.1-4"].note.as_deref().unwrap()
                    + " -> line\nnext at Questionnaire!E2",
                // Answered again: the review a migration asked for is done.
                "4.1-4 review ".to_string()
                    + a.answers["4.1-4"].review.as_deref().unwrap()
                    + " ->  at Questionnaire!A2",
                "4.1-3 finding minor -> observation at Questionnaire!N3".into(),
                "4.2-3 rating initial -> largely at Questionnaire!D5".into(),
                "4.2-3 evidence Tender response Northbridge Retail (sustainability annex)@2026-06-03\nSMS-REG-003 Interested parties register v1.2@2026-03-18 -> Register v3@2026-11-20\nMinutes at Questionnaire!H5".into(),
            ]
        );
        let (_, x) = p.answers.iter().find(|(id, _)| id == "4.1-3").unwrap();
        assert_eq!(x.finding, Some(crate::catalogue::Severity::Observation));
        assert_eq!(x.answered, Some(now));
        // The finding set back to what the rating implies is no override; nor is one the
        // requirement's cap makes the same (4.2-3 is capped at observation).
        set(&mut t, "4.1-3", Field::Finding, "minor");
        set(&mut t, "4.2-3", Field::Finding, "major");
        let p = plan(&c, &a, &t, None, now).unwrap();
        for id in ["4.1-3", "4.2-3"] {
            let x = p
                .answers
                .iter()
                .find(|(i, _)| i == id)
                .map(|(_, x)| x.finding);
            assert!(matches!(x, None | Some(None)), "{id}: {x:?}");
        }
    }

    #[test]
    fn an_emptied_action_goes_and_an_emptied_rating_is_refused() {
        let (c, a, mut t) = example();
        let now = jiff::Timestamp::UNIX_EPOCH;
        for f in [
            Field::Action,
            Field::Owner,
            Field::Due,
            Field::Status,
            Field::Target,
        ] {
            set(&mut t, "4.3-4", f, "");
        }
        let p = plan(&c, &a, &t, None, now).unwrap();
        assert_eq!(p.answers.len(), 1);
        assert_eq!(p.answers[0].1.action, None);
        // Half an action is not one.
        let (c, a, mut t) = example();
        set(&mut t, "4.3-4", Field::Action, "");
        set(&mut t, "4.1-4", Field::Rating, "");
        let err = plan(&c, &a, &t, None, now).unwrap_err().to_string();
        assert!(
            err.contains("a.xlsx: Questionnaire!D2: 4.1-4 rating: the rating was emptied"),
            "{err}"
        );
        assert!(
            err.contains("Questionnaire!I6: 4.3-4 action: an action needs a `what`"),
            "{err}"
        );
    }

    #[test]
    fn a_field_changed_in_the_file_and_the_workbook_is_a_conflict() {
        let (c, mut a, mut t) = example();
        let now = jiff::Timestamp::UNIX_EPOCH;
        // The file changes after the workbook was written ...
        a.answers.get_mut("4.2-3").unwrap().rating = crate::assessment::Rating::Level(4);
        // ... an untouched cell keeps that change; an edited one conflicts with it.
        assert!(plan(&c, &a, &t, None, now).unwrap().changes.is_empty());
        set(&mut t, "4.2-3", Field::Rating, "partial");
        let err = plan(&c, &a, &t, None, now).unwrap_err().to_string();
        assert!(err.contains("changed in the file since the workbook was written (\"initial\" -> \"full\") and in the workbook (\"partial\")"), "{err}");
        assert!(
            plan(&c, &a, &t, Some(Prefer::File), now)
                .unwrap()
                .changes
                .is_empty()
        );
        let p = plan(&c, &a, &t, Some(Prefer::Workbook), now).unwrap();
        assert_eq!(
            changes(&p),
            vec![
                "4.2-3 rating full -> partial at Questionnaire!D5",
                "4.2-3 finding none -> observation at Questionnaire!N5"
            ]
        );
        assert_eq!(p.conflicts.len(), 1);
    }

    #[test]
    fn column_letters_go_past_z() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16383), "XFD");
    }

    #[test]
    fn a_workbook_for_another_catalogue_text_or_organization_is_refused_at_its_cell() {
        let (c, a, t) = example();
        let now = jiff::Timestamp::UNIX_EPOCH;
        for (key, value, said) in [
            (
                "catalogue",
                "other",
                "a.xlsx: iso20k!B3: the workbook was written for catalogue `other`",
            ),
            (
                "catalogue_hash",
                "fnv1a64:0",
                "a.xlsx: iso20k!B5: the workbook was written from another text of catalogue",
            ),
            (
                "organization",
                "Beta",
                "a.xlsx: iso20k!B6: the workbook was written for organization `Beta`; this assessment is of `Acme Hosting Ltd`",
            ),
        ] {
            let mut t = t.clone();
            if let Some(m) = t.meta.as_mut() {
                m.values.get_mut(key).unwrap().text = value.into();
            }
            let err = plan(&c, &a, &t, None, now).unwrap_err().to_string();
            assert!(err.starts_with(said), "{err}");
        }
        let mut t = t.clone();
        if let Some(m) = t.meta.as_mut() {
            m.values.remove("format");
        }
        let err = plan(&c, &a, &t, None, now).unwrap_err().to_string();
        assert!(err.contains("has no `format`"), "{err}");
    }
}
