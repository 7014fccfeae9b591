//! The Excel workbook: the report's figures for reading, and a questionnaire that process
//! owners fill in and `iso20k import` reads back.
//!
//! Sheets: `Summary`, `Clauses` (readiness coloured by a scale), `Questionnaire` (one row
//! per requirement; only the answer columns can be edited), `Actions`, `Evidence`, and the
//! hidden `iso20k`: the catalogue's id, version and content hash, the organization, and
//! every answer cell as it was written, so that `import` applies only what was edited
//! in the workbook and sees what changed in the file meanwhile.
//!
//! The same assessment gives the same bytes: the document's creation time is the
//! assessment's as-of date, and the archive's entries carry a fixed time.

use super::context::Context;
use crate::assessment::Assessment;
use crate::assessment::cells::{self, Field, Layout};
use crate::catalogue::{Catalogue, NOT_APPLICABLE, Severity};
use crate::error::{Diagnostic, Error, Result};
use rust_xlsxwriter::{
    Color, ConditionalFormat3ColorScale, ConditionalFormatDataBar, ConditionalFormatType,
    DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

/// The sheet the answers are in.
pub const QUESTIONNAIRE: &str = "Questionnaire";
/// The hidden sheet `import` checks the workbook against.
pub const META: &str = "iso20k";
/// The version of the hidden sheet's layout.
pub const META_FORMAT: &str = "1";
/// The header row of the answers as written, in the hidden sheet (1-based).
pub const BASE_HEADER_ROW: u32 = 9;
/// The most characters (UTF-16 units, as Excel counts) one cell holds.
pub const MAX_CELL: usize = 32_767;

/// The rows of the hidden sheet above the answers as written: key, value.
pub const META_KEYS: [&str; 5] = [
    "format",
    "catalogue",
    "catalogue_version",
    "catalogue_hash",
    "organization",
];

/// The columns of the Questionnaire, left to right: `id`, `clause`, `question`, the answer
/// columns of [`Field::WORKBOOK`], then what is shown but not read back.
pub fn questionnaire_headers() -> Vec<&'static str> {
    let mut h = vec!["id", "clause", "question"];
    h.extend(Field::WORKBOOK.iter().map(|f| f.name()));
    h.extend([
        "review",
        "answered",
        "clause_title",
        "documented",
        "guidance",
        "typical_evidence",
    ]);
    h
}

/// The 0-based column of the first answer field.
const FIRST_ANSWER: u16 = 3;

/// What the workbook is written from.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The catalogue.
    pub catalogue: &'a Catalogue,
    /// The assessment.
    pub assessment: &'a Assessment,
}

struct Styles {
    title: Format,
    header: Format,
    locked: Format,
    wrap: Format,
    answer: Format,
    percent: Format,
    key: Format,
}

impl Styles {
    fn new() -> Self {
        let top = Format::new().set_align(FormatAlign::Top);
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border_bottom(FormatBorder::Thin),
            locked: top.clone().set_text_wrap(),
            wrap: top.clone().set_text_wrap(),
            // Text, so that Excel keeps what is typed as it is typed (no dates made of
            // `1-2`, no leading zeros lost); unlocked, so that it can be edited.
            answer: top
                .clone()
                .set_text_wrap()
                .set_num_format("@")
                .set_unlocked()
                .set_background_color(Color::RGB(0xFFFDE7)),
            percent: top.clone().set_num_format("0.0%"),
            key: top.set_bold(),
        }
    }
}

fn xlsx(e: XlsxError) -> Error {
    Error::io(
        "cannot write the workbook",
        std::path::Path::new("<workbook>"),
        std::io::Error::other(e.to_string()),
    )
}

/// Writes the workbook.
pub fn render_to(ctx: &Context<'_>, input: Input<'_>, w: &mut dyn std::io::Write) -> Result<()> {
    let bytes = render(ctx, input)?;
    w.write_all(&bytes).map_err(|e| {
        Error::io(
            "cannot write the report to",
            std::path::Path::new("<output>"),
            e,
        )
    })
}

/// The workbook's bytes.
pub fn render(ctx: &Context<'_>, input: Input<'_>) -> Result<Vec<u8>> {
    let Input {
        catalogue: c,
        assessment: a,
    } = input;
    check_cells(c, a)?;
    let st = Styles::new();
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(
        a.as_of.year().clamp(1900, 9999) as u16,
        a.as_of.month() as u8,
        a.as_of.day() as u8,
    )
    .map_err(xlsx)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("{} gap assessment", ctx.catalogue.title))
            .set_subject(ctx.assessment.organization)
            .set_author(ctx.assessment.assessor)
            .set_comment("Written by iso20k; fill in the Questionnaire and read it back with `iso20k import`")
            .set_creation_datetime(&created),
    );
    summary(wb.add_worksheet(), ctx, &st).map_err(xlsx)?;
    clauses(wb.add_worksheet(), ctx, &st).map_err(xlsx)?;
    questionnaire(wb.add_worksheet(), c, a, &st).map_err(xlsx)?;
    actions(wb.add_worksheet(), ctx, &st).map_err(xlsx)?;
    evidence(wb.add_worksheet(), ctx, &st).map_err(xlsx)?;
    meta(wb.add_worksheet(), c, a, &st).map_err(xlsx)?;
    wb.save_to_buffer().map_err(xlsx)
}

/// Refuses an answer with a cell longer than Excel holds: the workbook would cut it, and
/// the import would then shorten the answer.
fn check_cells(c: &Catalogue, a: &Assessment) -> Result<()> {
    let mut wrong = Vec::new();
    for r in &c.requirements {
        let answer = a.answer(&r.id);
        for f in Field::WORKBOOK {
            let t = cells::text(c, a, r, answer, f, Layout::Workbook);
            let n = t.encode_utf16().count();
            if n > MAX_CELL {
                wrong.push(
                    Diagnostic::file(
                        "<workbook>",
                        format!(
                            "{} {}: {n} characters, over the {MAX_CELL} one Excel cell holds",
                            r.id,
                            f.name()
                        ),
                    )
                    .with_help("shorten it, or report it as CSV or JSON, which have no such limit"),
                );
            }
        }
    }
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(wrong))
    }
}

/// Writes `text` unless it is empty (an empty cell keeps the column's format).
fn put(ws: &mut Worksheet, row: u32, col: u16, text: &str, f: &Format) -> Result<(), XlsxError> {
    if !text.is_empty() {
        // Always a string, never a formula: a note starting with `=` stays a note.
        ws.write_string_with_format(row, col, text, f)?;
    }
    Ok(())
}

fn headers(ws: &mut Worksheet, row: u32, names: &[&str], st: &Styles) -> Result<(), XlsxError> {
    for (i, h) in names.iter().enumerate() {
        ws.write_string_with_format(row, i as u16, *h, &st.header)?;
    }
    Ok(())
}

fn read_only() -> ProtectionOptions {
    ProtectionOptions {
        format_columns: true,
        format_rows: true,
        use_autofilter: true,
        sort: true,
        ..ProtectionOptions::default()
    }
}

/// A percentage as the fraction a `0.0%` cell shows: rounded once to one decimal of a
/// percent, as every report rounds it (`0.676`, not `0.6759999999999999`).
fn fraction(p: crate::percent::Percent) -> f64 {
    (p.rounded(1) * 10.0).round() / 1000.0
}

fn summary(ws: &mut Worksheet, ctx: &Context<'_>, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name("Summary")?;
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 80)?;
    let s = &ctx.summary;
    ws.write_string_with_format(
        0,
        0,
        format!("{} gap assessment", ctx.catalogue.title),
        &st.title,
    )?;
    let mut row = 2;
    let mut line = |ws: &mut Worksheet, key: &str, value: &str| -> Result<(), XlsxError> {
        ws.write_string_with_format(row, 0, key, &st.key)?;
        put(ws, row, 1, value, &st.wrap)?;
        row += 1;
        Ok(())
    };
    let m = &ctx.assessment;
    line(ws, "Organization", m.organization)?;
    line(ws, "Scope", m.scope)?;
    line(ws, "Assessor", m.assessor)?;
    line(ws, "As of", &m.as_of)?;
    if let Some(d) = &m.operating_since {
        line(ws, "Operating since", d)?;
    }
    line(
        ws,
        "Catalogue",
        &format!(
            "{} ({}), {} version {}",
            ctx.catalogue.title, ctx.catalogue.edition, ctx.catalogue.id, ctx.catalogue.version
        ),
    )?;
    line(ws, "Verdict", s.verdict_label)?;
    if let Some(next) = s.next_stage {
        line(ws, "Next stage", next)?;
    }
    let mut percent = |ws: &mut Worksheet, key: &str, p: f64| -> Result<(), XlsxError> {
        ws.write_string_with_format(row, 0, key, &st.key)?;
        // The figure every report shows, rounded once to one decimal.
        ws.write_number_with_format(row, 1, fraction(crate::percent::Percent(p)), &st.percent)?;
        row += 1;
        Ok(())
    };
    percent(ws, "Readiness", s.readiness.0)?;
    if let Some(x) = s.assessed_readiness
        && s.answered < s.total
    {
        percent(ws, "Readiness of the answered requirements", x.0)?;
    }
    percent(ws, "Coverage", s.coverage.0)?;
    let mut line = |ws: &mut Worksheet, key: &str, value: String| -> Result<(), XlsxError> {
        ws.write_string_with_format(row, 0, key, &st.key)?;
        put(ws, row, 1, &value, &st.wrap)?;
        row += 1;
        Ok(())
    };
    line(ws, "Answered", format!("{} of {}", s.answered, s.total))?;
    let f = &s.findings;
    line(ws, "Major nonconformities", f.major.to_string())?;
    line(ws, "Minor nonconformities", f.minor.to_string())?;
    line(ws, "Observations", f.observation.to_string())?;
    line(ws, "Systemic findings", f.systemic.to_string())?;
    line(ws, "Overdue actions", s.overdue_actions.to_string())?;
    line(ws, "Stale evidence", s.stale_evidence_count.to_string())?;
    let reasons = |list: &[crate::present::score::ReasonView<'_>]| {
        list.iter()
            .map(|r| format!("- {}", r.text))
            .collect::<Vec<_>>()
            .join("\n")
    };
    line(ws, "Holding the verdict back", reasons(&s.reasons))?;
    line(ws, "Areas of concern", reasons(&s.concerns))?;
    let fc = &ctx.forecast;
    line(ws, "Forecast: open actions", fc.open_actions.to_string())?;
    line(
        ws,
        "Forecast: readiness once they are done",
        fc.readiness.show(1),
    )?;
    line(ws, "Forecast: verdict then", fc.verdict_label.to_string())?;
    if let Some(t) = fc.target {
        // The stage's words, not its id.
        let t = ctx
            .stages
            .iter()
            .find(|x| x.verdict == t)
            .map_or(t, |x| x.label);
        let when = match (&fc.ready_by, fc.reached) {
            (Some(d), true) => format!("{t}: reached by {d}"),
            (None, true) => format!("{t}: reached once the actions are done"),
            (_, false) => format!("{t}: not reached by the open actions alone"),
        };
        line(ws, "Forecast: stage", when)?;
    }
    line(ws, "Forecast: still holding back", reasons(&fc.blockers))?;
    row += 1;
    ws.write_string_with_format(
        row,
        0,
        "Fill in the answer columns of the Questionnaire sheet (shaded), then read them back with `iso20k import ASSESSMENT.yaml THIS.xlsx`. The other sheets are for reading.",
        &st.wrap,
    )?;
    ws.protect_with_options(&read_only());
    Ok(())
}

fn clauses(ws: &mut Worksheet, ctx: &Context<'_>, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name("Clauses")?;
    headers(
        ws,
        0,
        &[
            "clause",
            "title",
            "depth",
            "readiness",
            "coverage",
            "answered",
            "total",
            "major",
            "minor",
            "observation",
        ],
        st,
    )?;
    ws.set_column_width(0, 10)?;
    ws.set_column_width(1, 60)?;
    ws.set_column_width(3, 11)?;
    ws.set_column_width(4, 11)?;
    for (i, cl) in ctx.clauses.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, cl.figures.id)?;
        let indent = Format::new().set_indent(cl.depth.saturating_sub(1).min(15) as u8);
        ws.write_string_with_format(row, 1, cl.figures.title, &indent)?;
        ws.write_number(row, 2, cl.depth as f64)?;
        ws.write_number_with_format(row, 3, fraction(cl.figures.readiness), &st.percent)?;
        ws.write_number_with_format(row, 4, fraction(cl.figures.coverage), &st.percent)?;
        ws.write_number(row, 5, cl.figures.answered as f64)?;
        ws.write_number(row, 6, cl.figures.total as f64)?;
        ws.write_number(row, 7, cl.figures.findings.major as f64)?;
        ws.write_number(row, 8, cl.figures.findings.minor as f64)?;
        ws.write_number(row, 9, cl.figures.findings.observation as f64)?;
    }
    let last = ctx.clauses.len().max(1) as u32;
    // Red at 0 %, amber at 50 %, green at 100 %: the same for every assessment, so that
    // two workbooks compare by colour.
    let scale = ConditionalFormat3ColorScale::new()
        .set_minimum(ConditionalFormatType::Number, 0)
        .set_midpoint(ConditionalFormatType::Number, 0.5)
        .set_maximum(ConditionalFormatType::Number, 1)
        .set_minimum_color(Color::RGB(0xF8696B))
        .set_midpoint_color(Color::RGB(0xFFEB84))
        .set_maximum_color(Color::RGB(0x63BE7B));
    ws.add_conditional_format(1, 3, last, 3, &scale)?;
    let bar = ConditionalFormatDataBar::new()
        .set_minimum(ConditionalFormatType::Number, 0)
        .set_maximum(ConditionalFormatType::Number, 1);
    ws.add_conditional_format(1, 4, last, 4, &bar)?;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, last, 9)?;
    ws.protect_with_options(&read_only());
    Ok(())
}

fn questionnaire(
    ws: &mut Worksheet,
    c: &Catalogue,
    a: &Assessment,
    st: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name(QUESTIONNAIRE)?;
    let names = questionnaire_headers();
    headers(ws, 0, &names, st)?;
    let widths: [(u16, f64); 3] = [(0, 11.0), (1, 9.0), (2, 60.0)];
    for (col, w) in widths {
        ws.set_column_width(col, w)?;
    }
    for (i, f) in Field::WORKBOOK.iter().enumerate() {
        let col = FIRST_ANSWER + i as u16;
        let width = match f {
            Field::Note | Field::Gap | Field::Recommendation | Field::Action => 40.0,
            Field::Evidence | Field::Interviewees => 30.0,
            _ => 13.0,
        };
        ws.set_column_width(col, width)?;
        // The whole column, blank cells too: anyone may fill in an empty answer.
        ws.set_column_format(col, &st.answer)?;
    }
    let rest = FIRST_ANSWER + Field::WORKBOOK.len() as u16;
    for (i, w) in [30.0, 20.0, 30.0, 11.0, 60.0, 40.0].into_iter().enumerate() {
        ws.set_column_width(rest + i as u16, w)?;
    }
    for (i, r) in c.requirements.iter().enumerate() {
        let row = i as u32 + 1;
        let answer = a.answer(&r.id);
        let cl = &c.clauses[r.clause];
        put(ws, row, 0, &r.id, &st.locked)?;
        put(ws, row, 1, &cl.id, &st.locked)?;
        put(ws, row, 2, &r.question, &st.locked)?;
        for (j, f) in Field::WORKBOOK.iter().enumerate() {
            let t = cells::text(c, a, r, answer, *f, Layout::Workbook);
            put(ws, row, FIRST_ANSWER + j as u16, &t, &st.answer)?;
        }
        let shown = [
            answer.and_then(|x| x.review.clone()).unwrap_or_default(),
            answer
                .and_then(|x| x.answered)
                .map(|t| t.to_string())
                .unwrap_or_default(),
            cl.title.clone(),
            r.documented.map(|d| d.id().to_string()).unwrap_or_default(),
            r.guidance.clone(),
            r.evidence.join("\n"),
        ];
        for (j, t) in shown.iter().enumerate() {
            put(ws, row, rest + j as u16, t, &st.locked)?;
        }
    }
    let last = c.requirements.len().max(1) as u32;
    let mut ratings: Vec<&str> = c.scale.iter().map(|l| l.id.as_str()).collect();
    if c.not_applicable {
        ratings.push(NOT_APPLICABLE);
    }
    let levels: Vec<&str> = c.scale.iter().map(|l| l.id.as_str()).collect();
    let findings: Vec<&str> = Severity::ALL.iter().map(|x| x.id()).collect();
    let statuses: Vec<&str> = crate::assessment::ActionStatus::ALL
        .iter()
        .map(|x| x.id())
        .collect();
    let methods: Vec<&str> = crate::assessment::Method::ALL
        .iter()
        .map(|x| x.id())
        .collect();
    let parties: Vec<&str> = c.parties.iter().map(|p| p.id.as_str()).collect();
    for (field, list) in [
        (Field::Rating, &ratings),
        (Field::Target, &levels),
        (Field::Status, &statuses),
        (Field::Finding, &findings),
        (Field::Method, &methods),
        (Field::OperatedBy, &parties),
    ] {
        let Some(j) = Field::WORKBOOK.iter().position(|f| *f == field) else {
            continue;
        };
        // A list Excel cannot hold as literal text (over 255 characters, or with a comma)
        // is left without a drop-down; `import` checks every value all the same.
        if list.is_empty() || list.iter().any(|s| s.contains(',') || s.contains('"')) {
            continue;
        }
        let Ok(v) = DataValidation::new().allow_list_strings(list) else {
            continue;
        };
        let v = v
            .set_error_style(DataValidationErrorStyle::Stop)
            .set_error_title(format!("Not a valid {}", field.name()))?
            .set_error_message(format!("Choose one of: {}", list.join(", ")))?;
        let col = FIRST_ANSWER + j as u16;
        ws.add_data_validation(1, col, last, col, &v)?;
    }
    ws.set_freeze_panes(1, 1)?;
    ws.autofilter(0, 0, last, names.len() as u16 - 1)?;
    ws.protect_with_options(&read_only());
    Ok(())
}

fn actions(ws: &mut Worksheet, ctx: &Context<'_>, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name("Actions")?;
    headers(
        ws,
        0,
        &[
            "requirement",
            "clause",
            "finding",
            "action",
            "owner",
            "due",
            "status",
            "target",
            "days_overdue",
            "planned",
        ],
        st,
    )?;
    for (col, w) in [
        (0, 11.0),
        (1, 9.0),
        (2, 12.0),
        (3, 60.0),
        (4, 20.0),
        (5, 11.0),
    ] {
        ws.set_column_width(col, w)?;
    }
    for (i, x) in ctx.actions.items.iter().enumerate() {
        let row = i as u32 + 1;
        put(ws, row, 0, x.requirement, &st.locked)?;
        put(ws, row, 1, x.clause, &st.locked)?;
        put(ws, row, 2, x.finding.id(), &st.locked)?;
        put(ws, row, 3, x.what, &st.wrap)?;
        put(ws, row, 4, x.owner.unwrap_or_default(), &st.wrap)?;
        put(ws, row, 5, x.due.as_deref().unwrap_or_default(), &st.locked)?;
        put(ws, row, 6, x.status, &st.locked)?;
        put(ws, row, 7, x.target, &st.locked)?;
        if let Some(d) = x.days_overdue {
            ws.write_number(row, 8, d as f64)?;
        }
        put(ws, row, 9, if x.planned { "yes" } else { "no" }, &st.locked)?;
    }
    let last = ctx.actions.items.len().max(1) as u32;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, last, 9)?;
    ws.protect_with_options(&read_only());
    Ok(())
}

fn evidence(ws: &mut Worksheet, ctx: &Context<'_>, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name("Evidence")?;
    headers(
        ws,
        0,
        &["requirement", "clause", "reference", "reviewed", "stale"],
        st,
    )?;
    ws.set_column_width(2, 80)?;
    ws.set_column_width(3, 11)?;
    let mut row = 1;
    for r in &ctx.requirements {
        for e in &r.evidence {
            put(ws, row, 0, r.id, &st.locked)?;
            put(ws, row, 1, r.clause, &st.locked)?;
            put(ws, row, 2, e.reference, &st.wrap)?;
            put(
                ws,
                row,
                3,
                e.reviewed.as_deref().unwrap_or_default(),
                &st.locked,
            )?;
            put(ws, row, 4, if e.stale { "yes" } else { "" }, &st.locked)?;
            row += 1;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, row.max(2) - 1, 4)?;
    ws.protect_with_options(&read_only());
    Ok(())
}

fn meta(ws: &mut Worksheet, c: &Catalogue, a: &Assessment, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name(META)?;
    ws.write_string_with_format(
        0,
        0,
        "Written by iso20k for `iso20k import`: what the workbook is for, and every answer cell as it was written. Do not edit.",
        &st.key,
    )?;
    let values = [
        META_FORMAT.to_string(),
        c.id.clone(),
        c.version.clone(),
        c.content_hash(),
        a.organization.clone(),
    ];
    for (i, (k, v)) in META_KEYS.iter().zip(&values).enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, *k)?;
        put(ws, row, 1, v, &st.locked)?;
    }
    let header_row = BASE_HEADER_ROW - 1;
    ws.write_string(header_row, 0, "id")?;
    for (j, f) in Field::WORKBOOK.iter().enumerate() {
        ws.write_string(header_row, j as u16 + 1, f.name())?;
    }
    for (i, r) in c.requirements.iter().enumerate() {
        let row = header_row + 1 + i as u32;
        let answer = a.answer(&r.id);
        ws.write_string(row, 0, &r.id)?;
        for (j, f) in Field::WORKBOOK.iter().enumerate() {
            let t = cells::text(c, a, r, answer, *f, Layout::Workbook);
            put(ws, row, j as u16 + 1, &t, &st.locked)?;
        }
    }
    ws.set_hidden(true);
    ws.protect();
    Ok(())
}
