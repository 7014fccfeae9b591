//! The Word report (`report --format docx`): the sections of the HTML report for the chosen
//! audience, built with docx-rs from the same context, never recomputed.
//!
//! - Section titles are Word's own `heading 1` and `heading 2` styles (with their outline
//!   levels), so Word's navigation pane and the table-of-contents field after the cover
//!   find them; requirements in the appendix are `heading 3`, below the contents' depth.
//! - The readiness and findings charts are tables whose bars are small PNG images
//!   ([`super::png`]): the labels stay text that Word can search and read aloud.
//! - Every page's footer has "Page N of M" (fields) and the confidentiality marking, which
//!   is in the header too.
//! - The bytes are deterministic: docx-rs's identifiers count from one in each process,
//!   the archive is written here with every entry dated at the assessment's as-of date,
//!   and `docProps/core.xml` takes its dates from the assessment, never from the clock.

use super::Audience;
use super::context::{Context, RequirementView};
use crate::catalogue::Severity;
use docx_rs::{
    AlignmentType, BreakType, Docx, FieldCharType, Footer, Header, InstrText, InstrToC,
    LineSpacing, NumPages, PageMargin, PageNum, Paragraph, Pic, Run, RunFonts, Shading, Style,
    StyleType, Table, TableCell, TableRow, WidthType,
};
use std::io::Write;

/// The text width of an A4 page with 2 cm margins, in twentieths of a point.
const TEXT_WIDTH: usize = 9638;
/// The accent colour of the HTML report.
const ACCENT: &str = "23457A";
/// The muted text colour.
const MUTED: &str = "5C6577";
/// The fill of table header rows.
const HEAD_FILL: &str = "EEF2F8";

/// Renders the Word report.
pub fn render(ctx: &Context<'_>) -> std::io::Result<Vec<u8>> {
    let docx = Builder::new(ctx).build();
    let created = format!("{}T00:00:00Z", ctx.assessment.as_of);
    // The latest answer, else the as-of day (RFC 3339 in UTC compares as text).
    let modified = ctx
        .requirements
        .iter()
        .filter_map(|r| r.answered_at.as_deref())
        .max()
        .map_or_else(|| created.clone(), str::to_string)
        .max(created.clone());
    let author = ctx
        .brand
        .and_then(|b| b.firm.as_deref())
        .unwrap_or(ctx.assessment.assessor);
    let core = core_xml(
        &format!("Gap assessment: {}", ctx.assessment.organization),
        author,
        &created,
        &modified,
    );
    pack(docx, &ctx.assessment.as_of, &core)
}

/// `docProps/core.xml`: the title, the author (the firm, else the assessor) and the dates,
/// all from the assessment.
fn core_xml(title: &str, author: &str, created: &str, modified: &str) -> String {
    let e = |s: &str| {
        xml_text(s)
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator>",
            "<cp:lastModifiedBy>{author}</cp:lastModifiedBy>",
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{modified}</dcterms:modified>"#,
            "<cp:revision>1</cp:revision></cp:coreProperties>"
        ),
        title = e(title),
        author = e(author),
        created = e(created),
        modified = e(modified),
    )
}

/// Writes the package parts docx-rs built into a zip archive with fixed timestamps (the
/// as-of day, or 1980-01-01 where the zip format cannot date it) and deflate.
fn pack(docx: Docx, as_of: &str, core: &str) -> std::io::Result<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    let x = docx.build();
    let day = |s: &str| -> Option<zip::DateTime> {
        let d: jiff::civil::Date = s.parse().ok()?;
        zip::DateTime::from_date_and_time(
            u16::try_from(d.year()).ok()?,
            u8::try_from(d.month()).ok()?,
            u8::try_from(d.day()).ok()?,
            0,
            0,
            0,
        )
        .ok()
    };
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(day(as_of).unwrap_or_default())
        .unix_permissions(0o644);
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let io = std::io::Error::other;
    let mut put = |name: &str, bytes: &[u8]| -> std::io::Result<()> {
        z.start_file(name, opts).map_err(io)?;
        z.write_all(bytes)
    };
    // docx-rs names every image `.png`; a JPEG logo is renamed so that its content type
    // (declared for `.jpeg`) is right.
    let mut rels = String::from_utf8_lossy(&x.document_rels).into_owned();
    let mut media = Vec::new();
    for (id, bytes) in &x.media {
        let ext = if bytes.starts_with(&[0xff, 0xd8]) {
            rels = rels.replace(&format!("media/{id}.png\""), &format!("media/{id}.jpeg\""));
            "jpeg"
        } else {
            "png"
        };
        media.push((format!("word/media/{id}.{ext}"), bytes));
    }
    put("[Content_Types].xml", &x.content_type)?;
    put("_rels/.rels", &x.rels)?;
    put("docProps/app.xml", &x.doc_props.app)?;
    put("docProps/core.xml", core.as_bytes())?;
    put("docProps/custom.xml", &x.doc_props.custom)?;
    put("word/_rels/document.xml.rels", rels.as_bytes())?;
    put("word/document.xml", &x.document)?;
    // docx-rs writes Normal without marking it the default paragraph style, so a reader
    // (python-docx, LibreOffice) finds no style for a paragraph that names none.
    let styles = String::from_utf8_lossy(&x.styles).replacen(
        "<w:style w:type=\"paragraph\" w:styleId=\"Normal\">",
        "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">",
        1,
    );
    put("word/styles.xml", styles.as_bytes())?;
    put("word/settings.xml", &x.settings)?;
    put("word/fontTable.xml", &x.font_table)?;
    put("word/comments.xml", &x.comments)?;
    put("word/numbering.xml", &x.numberings)?;
    put("word/commentsExtended.xml", &x.comments_extended)?;
    put("word/footnotes.xml", &x.footnotes)?;
    for (i, h) in x.headers.iter().enumerate() {
        put(&format!("word/header{}.xml", i + 1), h)?;
        if let Some(r) = x.header_rels.get(i) {
            put(&format!("word/_rels/header{}.xml.rels", i + 1), r)?;
        }
    }
    for (i, f) in x.footers.iter().enumerate() {
        put(&format!("word/footer{}.xml", i + 1), f)?;
        if let Some(r) = x.footer_rels.get(i) {
            put(&format!("word/_rels/footer{}.xml.rels", i + 1), r)?;
        }
    }
    for (name, bytes) in media {
        put(&name, bytes)?;
    }
    z.finish().map(|c| c.into_inner()).map_err(io)
}

/// Text as XML 1.0 can hold it: a control character a person could not have meant (and
/// that would make Word refuse the file) is shown visibly, as `\x1b` is on a terminal.
fn xml_text(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' | '\n' => c.to_string(),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {
                format!("\\x{:02x}", c as u32)
            }
            c => c.to_string(),
        })
        .collect()
}

/// A run of text; line breaks in it become line breaks in Word.
fn run(text: &str) -> Run {
    let text = xml_text(text);
    let mut r = Run::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        r = r.add_text(line.trim_end_matches('\r'));
    }
    r
}

fn para(text: &str) -> Paragraph {
    Paragraph::new().add_run(run(text))
}

fn muted(text: &str) -> Paragraph {
    Paragraph::new().add_run(run(text).color(MUTED).size(18))
}

/// A paragraph with a bold label, then text.
fn labelled(label: &str, text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(&format!("{label}: ")).bold())
        .add_run(run(text))
}

fn bullet(text: &str) -> Paragraph {
    Paragraph::new()
        .style("ListBullet")
        .add_run(run(&format!("• {text}")))
}

/// A heading; a section (level 1) starts a page, as in the printed HTML report.
fn heading(level: usize, text: &str) -> Paragraph {
    Paragraph::new()
        .style(&format!("Heading{level}"))
        .page_break_before(level == 1)
        .keep_next(true)
        .add_run(run(text))
}

/// A cell holding lines of text.
fn cell(text: &str) -> TableCell {
    TableCell::new().add_paragraph(para(text))
}

fn head_cell(text: &str) -> TableCell {
    TableCell::new()
        .shading(Shading::new().fill(HEAD_FILL))
        .add_paragraph(Paragraph::new().add_run(run(text).bold().size(18)))
}

/// A table without a header row (the cover's facts); `widths` as for [`table`].
fn grid(widths: &[usize], rows: Vec<Vec<TableCell>>) -> Table {
    let total: usize = widths.iter().sum::<usize>().max(1);
    let grid: Vec<usize> = widths.iter().map(|w| w * TEXT_WIDTH / total).collect();
    Table::new(rows.into_iter().map(TableRow::new).collect())
        .set_grid(grid)
        .width(TEXT_WIDTH, WidthType::Dxa)
}

/// A table with a header row; `widths` are shares of the text width (they need not add up
/// to anything in particular).
fn table(head: &[&str], widths: &[usize], rows: Vec<Vec<TableCell>>) -> Table {
    let total: usize = widths.iter().sum::<usize>().max(1);
    let grid: Vec<usize> = widths.iter().map(|w| w * TEXT_WIDTH / total).collect();
    let mut all = vec![TableRow::new(head.iter().map(|h| head_cell(h)).collect())];
    all.extend(rows.into_iter().map(TableRow::new));
    Table::new(all)
        .set_grid(grid)
        .width(TEXT_WIDTH, WidthType::Dxa)
}

fn percent(p: f64) -> String {
    crate::percent::Percent(p).to_string()
}

fn date(s: &str) -> String {
    match s.parse::<jiff::civil::Date>() {
        Ok(d) => d.strftime("%-d %B %Y").to_string(),
        Err(_) => s.to_string(),
    }
}

fn status(s: &str) -> &'static str {
    match s {
        "open" => "Open",
        "in-progress" => "In progress",
        "done" => "Done",
        _ => "Unknown",
    }
}

/// Findings of one severity, majors without the systemic ones (as the HTML report).
fn count(f: &crate::score::FindingCounts, s: Severity) -> usize {
    match s {
        Severity::Major => f.major,
        Severity::Minor => f.minor,
        Severity::Observation => f.observation,
        Severity::None => 0,
    }
}

fn severity_label(s: Severity) -> String {
    super::template::capitalized(s.label())
}

/// The RGB of a readiness band (below 50, below 75, else), as in the HTML report.
fn band(readiness: f64) -> [u8; 3] {
    if readiness < 50.0 {
        [0xd1, 0x49, 0x3f]
    } else if readiness < 75.0 {
        [0xe0, 0xa0, 0x20]
    } else {
        [0x2f, 0x9a, 0x62]
    }
}

/// A bar as an inline image: `share` of 0-1 filled, in `colour`; `id` names its image
/// part (see [`Builder::pic_id`]).
fn bar(id: String, share: f64, colour: [u8; 3]) -> Run {
    const W: u32 = 300;
    const H: u32 = 14;
    let filled = (share.clamp(0.0, 1.0) * f64::from(W)).round() as u32;
    let png = super::png::bar(W, H, filled, colour, [0xec, 0xef, 0xf4]);
    // 300 x 14 pixels shown at 7.5 x 0.35 cm (EMU: 360,000 per cm).
    Run::new().add_image(
        Pic::new_with_dimensions(png, W, H)
            .id(id)
            .size(2_700_000, 126_000),
    )
}

/// The trend as a line chart: 600 x 220 pixels shown at 15 x 5.5 cm, each point placed as
/// the HTML chart places it (its position on the time axis, its readiness).
fn trend_chart(id: String, t: &super::context::TrendView) -> Run {
    use super::png::Canvas;
    const W: u32 = 600;
    const H: u32 = 220;
    const PAD: f64 = 10.0;
    let (pw, ph) = (f64::from(W) - 2.0 * PAD, f64::from(H) - 2.0 * PAD);
    let at = |position: f64, readiness: f64| {
        (
            PAD + position.clamp(0.0, 1.0) * pw,
            PAD + (100.0 - readiness.clamp(0.0, 100.0)) * ph / 100.0,
        )
    };
    let ink = [0x1f, 0x2a, 0x37];
    let mut c = Canvas::new(W, H, [0xff, 0xff, 0xff]);
    for g in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let colour = if g == 0.0 {
            [0x9a, 0xa3, 0xad]
        } else {
            [0xdd, 0xe1, 0xe6]
        };
        c.line(at(0.0, g), at(1.0, g), 1, None, colour);
    }
    if let Some(x) = t.ready_by_position {
        c.line(at(x, 100.0), at(x, 0.0), 1, Some(5), [0x3d, 0x78, 0xb8]);
    }
    let points: Vec<(f64, f64)> = t
        .points
        .iter()
        .map(|p| at(p.position, p.readiness.0))
        .collect();
    for w in points.windows(2) {
        c.line(w[0], w[1], 2, None, ink);
    }
    for (p, xy) in t.points.iter().zip(&points) {
        let fill = if p.verdict == crate::verdict::NOT_READY {
            [0xb4, 0x23, 0x18]
        } else {
            [0x3d, 0x78, 0xb8]
        };
        c.dot(*xy, 5.0, ink);
        c.dot(*xy, 3.5, fill);
    }
    Run::new().add_image(
        Pic::new_with_dimensions(c.png(), W, H)
            .id(id)
            .size(5_400_000, 1_980_000),
    )
}

struct Builder<'c, 'a> {
    ctx: &'c Context<'a>,
    client: bool,
    d: Docx,
    /// Images placed so far.
    pics: usize,
}

impl<'c, 'a> Builder<'c, 'a> {
    fn new(ctx: &'c Context<'a>) -> Self {
        Builder {
            ctx,
            client: ctx.audience == Audience::Client,
            d: Docx::new(),
            pics: 0,
        }
    }

    /// The id of the next image: numbered in the document, not by docx-rs's counter for
    /// the whole process, so that a second report rendered by the same process is the
    /// same bytes too.
    fn pic_id(&mut self) -> String {
        self.pics += 1;
        format!("rIdImage{}", self.pics)
    }

    fn p(&mut self, p: Paragraph) {
        self.d = std::mem::take(&mut self.d).add_paragraph(p);
    }

    fn t(&mut self, t: Table) {
        self.d = std::mem::take(&mut self.d).add_table(t);
        // Word joins two tables that touch; a small paragraph keeps them apart.
        self.p(Paragraph::new().size(8));
    }

    /// A sentence of the scoring as this audience reads it: with labels instead of level
    /// and verdict ids for a client.
    fn words(&self, text: &str) -> String {
        if !self.client {
            return text.to_string();
        }
        super::words::client_words(
            text,
            self.ctx
                .scale
                .iter()
                .map(|l| (l.id.as_str(), l.label.as_str())),
            self.ctx.stages.iter().map(|s| (s.verdict, s.label)),
        )
    }

    fn level_label(&self, id: &str) -> String {
        self.ctx
            .scale
            .iter()
            .find(|l| l.id == id)
            .map_or_else(|| id.to_string(), |l| l.label.clone())
    }

    fn stage_label(&self, verdict: &str) -> String {
        self.ctx
            .stages
            .iter()
            .find(|s| s.verdict == verdict)
            .map_or_else(|| verdict.to_string(), |s| s.label.to_string())
    }

    fn build(mut self) -> Docx {
        self.setup();
        self.cover();
        self.summary();
        self.readiness();
        self.trend();
        self.findings();
        self.documented();
        self.other_parties();
        self.actions();
        self.evidence();
        self.scoring();
        if self.client {
            self.limitations();
        } else {
            self.appendix();
        }
        self.d
    }

    fn setup(&mut self) {
        let c = self.ctx;
        let font = RunFonts::new()
            .ascii("Calibri")
            .hi_ansi("Calibri")
            .cs("Calibri")
            .east_asia("Calibri");
        let heading_style = |level: usize, size: usize| {
            Style::new(format!("Heading{level}"), StyleType::Paragraph)
                .name(format!("heading {level}"))
                .based_on("Normal")
                .next("Normal")
                .q_format(true)
                .ui_priority(9)
                .outline_lvl(level - 1)
                .size(size)
                .bold()
                .color(ACCENT)
                .line_spacing(LineSpacing::new().before(240).after(120))
        };
        let marking = c.brand.and_then(|b| b.confidentiality.as_deref());
        let mut footer = Paragraph::new()
            .align(AlignmentType::Right)
            .add_run(Run::new().add_text("Page ").size(16).color(MUTED))
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(" of ").size(16).color(MUTED))
            .add_num_pages(NumPages::new());
        if let Some(m) = marking {
            footer = Paragraph::new()
                .add_run(run(m).size(16).color(MUTED))
                .add_run(Run::new().add_tab().size(16))
                .add_run(Run::new().add_text("Page ").size(16).color(MUTED))
                .add_page_num(PageNum::new())
                .add_run(Run::new().add_text(" of ").size(16).color(MUTED))
                .add_num_pages(NumPages::new());
        }
        let mut d = std::mem::take(&mut self.d)
            .page_size(11906, 16838)
            .page_margin(
                PageMargin::new()
                    .top(1134)
                    .bottom(1134)
                    .left(1134)
                    .right(1134)
                    .header(567)
                    .footer(567),
            )
            .default_fonts(font)
            .default_size(20)
            .default_line_spacing(LineSpacing::new().after(60))
            .add_style(heading_style(1, 32))
            .add_style(heading_style(2, 26))
            .add_style(heading_style(3, 22))
            .add_style(
                Style::new("Title", StyleType::Paragraph)
                    .name("Title")
                    .based_on("Normal")
                    .q_format(true)
                    .size(48)
                    .bold()
                    .color("1D2433"),
            )
            .add_style(
                Style::new("ListBullet", StyleType::Paragraph)
                    .name("List Bullet")
                    .based_on("Normal")
                    .indent(
                        Some(360),
                        Some(docx_rs::SpecialIndentType::Hanging(200)),
                        None,
                        None,
                    ),
            )
            .footer(Footer::new().add_paragraph(footer));
        if let Some(m) = marking {
            d = d.header(
                Header::new().add_paragraph(
                    Paragraph::new()
                        .align(AlignmentType::Center)
                        .add_run(run(m).size(16).color(MUTED)),
                ),
            );
        }
        self.d = d;
    }

    fn cover(&mut self) {
        let c = self.ctx;
        let brand = c.brand;
        if let Some(logo) = brand.and_then(|b| b.logo.as_ref())
            && let (Some(w), Some(h)) = (logo.width, logo.height)
        {
            // At most 5 cm wide and 2.5 cm high, in proportion.
            let (w, h) = (f64::from(w), f64::from(h));
            let scale = (1_800_000.0 / w).min(900_000.0 / h);
            let pic = Pic::new_with_dimensions(logo.bytes.clone(), w as u32, h as u32)
                .id(self.pic_id())
                .size((w * scale) as u32, (h * scale) as u32);
            self.p(Paragraph::new().add_run(Run::new().add_image(pic)));
        }
        if let Some(firm) = brand.and_then(|b| b.firm.as_deref()) {
            self.p(Paragraph::new().add_run(run(firm).bold().color(ACCENT).size(24)));
        }
        self.p(Paragraph::new().add_run(
            Run::new()
                .add_text("GAP ASSESSMENT REPORT")
                .bold()
                .color(ACCENT)
                .size(18),
        ));
        self.p(Paragraph::new()
            .style("Title")
            .add_run(run(c.assessment.organization)));
        self.p(Paragraph::new().add_run(
            run(&format!("Readiness against {}", c.catalogue.title))
                .color(MUTED)
                .size(26),
        ));
        if let Some(m) = brand.and_then(|b| b.confidentiality.as_deref()) {
            self.p(Paragraph::new().add_run(run(m).bold().color("B42318")));
        }
        let mut rows = vec![
            ("Organization", c.assessment.organization.to_string()),
            ("Scope", c.assessment.scope.to_string()),
            ("Assessor", c.assessment.assessor.to_string()),
            ("Assessed as of", date(&c.assessment.as_of)),
            (
                "Standard",
                format!(
                    "{} (edition {}, catalogue version {})",
                    c.catalogue.title, c.catalogue.edition, c.catalogue.version
                ),
            ),
            ("Actions and evidence judged on", date(&c.report.as_of)),
        ];
        if let Some(v) = brand.and_then(|b| b.document_version.as_deref()) {
            rows.push(("Document version", v.to_string()));
        }
        if let Some(b) = brand
            && !b.distribution.is_empty()
        {
            rows.push(("Distribution", b.distribution.join("\n")));
        }
        if !self.client {
            rows.push(("Report", format!("{} {}", c.report.tool, c.report.version)));
        }
        let rows = rows
            .into_iter()
            .map(|(k, v)| {
                vec![
                    TableCell::new()
                        .shading(Shading::new().fill(HEAD_FILL))
                        .add_paragraph(Paragraph::new().add_run(run(k).bold())),
                    cell(&v),
                ]
            })
            .collect();
        self.t(grid(&[3, 7], rows));
        if let Some(b) = brand
            && !b.sign_off.is_empty()
        {
            self.p(Paragraph::new().add_run(Run::new().add_text("Sign-off").bold()));
            let rows = b
                .sign_off
                .iter()
                .map(|s| {
                    vec![
                        cell(&s.name),
                        cell(&s.role),
                        cell(&s.date.as_deref().map(date).unwrap_or_default()),
                        cell(""),
                    ]
                })
                .collect();
            self.t(table(
                &["Name", "Role", "Date", "Signature"],
                &[3, 3, 2, 3],
                rows,
            ));
        }
        self.p(Paragraph::new().add_run(Run::new().add_text("Contents").bold().size(24)));
        // A table-of-contents field over the heading 1 and 2 styles, marked dirty: Word
        // builds the contents from the headings when the document is opened (it asks first),
        // LibreOffice when it loads it; until then the field shows how to fill it in.
        self.p(Paragraph::new()
            .add_run(Run::new().add_field_char(FieldCharType::Begin, true))
            .add_run(Run::new().add_instr_text(InstrText::TOC(
                InstrToC::new().heading_styles_range(1, 2).hyperlink(),
            )))
            .add_run(Run::new().add_field_char(FieldCharType::Separate, false))
            .add_run(
                Run::new()
                    .add_text(
                        "Update this field (F9 in Word) to list the sections and their pages.",
                    )
                    .color(MUTED),
            )
            .add_run(Run::new().add_field_char(FieldCharType::End, false)));
    }

    fn summary(&mut self) {
        let c = self.ctx;
        let s = &c.summary;
        self.p(heading(1, "Executive summary"));
        self.p(Paragraph::new().add_run(
            run(&format!("Verdict: {}", s.verdict_label))
                .bold()
                .size(30),
        ));
        let mut text = format!(
            "Overall readiness is {}, with {} of {} requirements assessed (coverage {}).",
            percent(s.readiness.0),
            s.answered,
            s.total,
            percent(s.coverage.0)
        );
        let interim = s.coverage.0 < 100.0;
        if interim && let Some(ar) = s.assessed_readiness {
            text.push_str(&format!(
                " The requirements assessed so far reach {}: an interim figure, not a forecast for the rest.",
                percent(ar.0)
            ));
        }
        self.p(para(&text));
        let mut figures = vec![vec![
            cell("Overall readiness"),
            cell(&percent(s.readiness.0)),
            cell("weighted mean score of all requirements"),
        ]];
        if self.client
            && interim
            && let Some(ar) = s.assessed_readiness
        {
            figures.push(vec![
                cell("Readiness of the assessed scope"),
                cell(&percent(ar.0)),
                cell(&format!("the {} requirements assessed so far", s.answered)),
            ]);
        }
        figures.push(vec![
            cell("Coverage"),
            cell(&percent(s.coverage.0)),
            cell(&format!(
                "{} of {} requirements assessed",
                s.answered, s.total
            )),
        ]);
        figures.push(vec![
            cell("Overdue actions"),
            cell(&s.overdue_actions.to_string()),
            cell(&format!(
                "of {} actions, on {}",
                c.actions.counts.total,
                date(&c.report.as_of)
            )),
        ]);
        figures.push(vec![
            cell("Stale evidence"),
            cell(&s.stale_evidence_count.to_string()),
            cell(&format!(
                "references last reviewed more than {} ago",
                c.report.evidence_max_age
            )),
        ]);
        for g in &c.findings_register {
            figures.push(vec![cell(&g.plural), cell(&g.count.to_string()), cell("")]);
        }
        self.t(table(&["Figure", "Value", ""], &[4, 2, 5], figures));

        if let Some(next) = s.next_stage {
            self.p(heading(2, "Next stage"));
            self.p(para(&format!(
                "What holds the organization back from {next}:"
            )));
            for r in &s.reasons {
                self.p(bullet(&self.words(r.text)));
            }
        } else {
            self.p(para(
                "The organization meets every rule of every readiness stage.",
            ));
        }
        let reasons: Vec<&str> = s.reasons.iter().map(|r| r.text).collect();
        let fresh: Vec<&str> = s
            .concerns
            .iter()
            .map(|r| r.text)
            .filter(|t| !reasons.contains(t))
            .collect();
        if !fresh.is_empty() {
            self.p(heading(2, "Areas of concern"));
            self.p(para(
                "What the Stage 1 audit would raise as areas of concern: each would become a \
                 nonconformity at the Stage 2 audit unless corrected.",
            ));
            for t in fresh {
                self.p(bullet(&self.words(t)));
            }
        }
        if !s.systemic_findings.is_empty() {
            self.p(heading(2, "Systemic findings"));
            self.p(para(
                "Several minor nonconformities in one process are judged together as one major \
                 nonconformity, as a certification body grades a breakdown of a process.",
            ));
            for x in &s.systemic_findings {
                self.p(bullet(&format!(
                    "{} {}: {} minor nonconformities ({})",
                    x.clause,
                    x.title,
                    x.requirement_ids.len(),
                    x.requirement_ids.join(", ")
                )));
            }
        }
        if s.last_stage_reached {
            self.p(para(
                "Ready for the Stage 2 audit is not certified. At the audit every major \
                 nonconformity must be corrected and the correction verified before a \
                 certificate is issued, and every minor one needs a corrective-action plan the \
                 certification body accepts.",
            ));
        }
        self.forecast();
    }

    fn forecast(&mut self) {
        let c = self.ctx;
        let f = &c.forecast;
        self.p(heading(2, "Forecast"));
        let Some(target) = f.target else {
            self.p(para(
                "The catalogue defines no readiness stage to forecast.",
            ));
            return;
        };
        let target = self.stage_label(target);
        if f.reached {
            self.p(para(&format!(
                "The organization already meets every rule of {target}."
            )));
            return;
        }
        if f.open_actions == 0 {
            self.p(para(&format!(
                "No remediation action is open, so the forecast is today's position: readiness {}, verdict {}.",
                percent(f.readiness.0),
                f.verdict_label
            )));
        } else {
            self.p(para(&format!(
                "Once the {} unfinished actions (open or in progress) are done, readiness rises to {} and the verdict becomes {}.",
                f.open_actions,
                percent(f.readiness.0),
                f.verdict_label
            )));
            let mut rows = vec![
                vec![
                    cell("Verdict"),
                    cell(c.summary.verdict_label),
                    cell(f.verdict_label),
                ],
                vec![
                    cell("Readiness"),
                    cell(&percent(c.summary.readiness.0)),
                    cell(&percent(f.readiness.0)),
                ],
            ];
            for g in &c.findings_register {
                rows.push(vec![
                    cell(&g.plural),
                    cell(&count(&c.summary.findings, g.severity).to_string()),
                    cell(&count(&f.findings, g.severity).to_string()),
                ]);
            }
            self.t(table(
                &["", "Today", "Once unfinished actions are done"],
                &[3, 3, 4],
                rows,
            ));
        }
        if let Some(by) = &f.ready_by {
            self.p(para(&format!(
                "If every action finishes on its due date, {target} is reached on {}.",
                date(by)
            )));
        } else if f.blockers.is_empty() {
            self.p(para(&format!(
                "{target} is reached once the actions without a due date are done: {}.",
                f.undated.join(", ")
            )));
        } else {
            self.p(para(&format!(
                "{target} stays out of reach until new actions or answers address:"
            )));
            for b in &f.blockers {
                self.p(bullet(&self.words(b.text)));
            }
        }
    }

    fn readiness(&mut self) {
        let c = self.ctx;
        self.p(heading(1, "Readiness by clause"));
        let rows = c
            .clauses
            .iter()
            .filter(|x| x.depth == 1)
            .map(|x| {
                vec![
                    cell(&format!("{} {}", x.figures.id, x.figures.title)),
                    TableCell::new().add_paragraph(Paragraph::new().add_run(bar(
                        self.pic_id(),
                        x.figures.readiness.0 / 100.0,
                        band(x.figures.readiness.0),
                    ))),
                    cell(&percent(x.figures.readiness.0)),
                ]
            })
            .collect();
        self.t(table(&["Clause", "Readiness", ""], &[4, 5, 1], rows));
        self.p(muted(
            "Bars: red below 50 %, amber from 50 % to below 75 %, green 75 % or more.",
        ));
        let mut rows: Vec<Vec<TableCell>> = c
            .clauses
            .iter()
            .filter(|x| x.depth <= 2)
            .map(|x| {
                let id = if x.depth == 1 {
                    Paragraph::new().add_run(run(x.figures.id).bold())
                } else {
                    para(x.figures.id)
                };
                vec![
                    TableCell::new().add_paragraph(id),
                    cell(x.figures.title),
                    cell(&percent(x.figures.readiness.0)),
                    cell(&format!("{}/{}", x.figures.answered, x.figures.total)),
                    cell(&x.figures.findings.major.to_string()),
                    cell(&x.figures.findings.minor.to_string()),
                    cell(&x.figures.findings.observation.to_string()),
                ]
            })
            .collect();
        let s = &c.summary;
        rows.push(vec![
            cell(""),
            cell("Overall"),
            cell(&percent(s.readiness.0)),
            cell(&format!("{}/{}", s.answered, s.total)),
            cell(&s.findings.major.to_string()),
            cell(&s.findings.minor.to_string()),
            cell(&s.findings.observation.to_string()),
        ]);
        self.t(table(
            &[
                "Clause",
                "Title",
                "Readiness",
                "Answered",
                "Major",
                "Minor",
                "Obs.",
            ],
            &[3, 11, 4, 4, 2, 2, 2],
            rows,
        ));
        self.p(muted(
            "Readiness is the weighted mean score of the requirements under each clause; an \
             unanswered requirement scores 0. Answered counts the requirements rated so far.",
        ));
    }

    /// Readiness over the committed versions of the file: the line chart the HTML report
    /// draws, as a picture (docx-rs writes no chart parts), and under it the same points
    /// as a table.
    fn trend(&mut self) {
        let c = self.ctx;
        let Some(t) = &c.trend else {
            return;
        };
        self.p(heading(2, "Readiness over time"));
        let id = self.pic_id();
        self.p(Paragraph::new().add_run(trend_chart(id, t)));
        let mut caption = format!(
            "Overall readiness of each of the {} versions of the assessment in git, from {} \
             (left) to {} (right), on a scale from 0 % (bottom) to 100 % (top), gridlines \
             every 25 %; a red point is a version that was not ready",
            t.points.len(),
            date(&t.from),
            date(&t.to)
        );
        if let Some(d) = &t.ready_by {
            caption.push_str(&format!(
                "; the dashed line is the forecast's ready-by day, {}",
                date(d)
            ));
        }
        caption.push('.');
        self.p(muted(&caption));
        let rows = t
            .points
            .iter()
            .map(|p| {
                vec![
                    cell(&date(&p.date)),
                    cell(&p.version),
                    cell(&percent(p.readiness.0)),
                    cell(&p.verdict_label),
                ]
            })
            .collect();
        self.t(table(
            &["Date", "Version", "Readiness", "Verdict"],
            &[4, 4, 3, 6],
            rows,
        ));
        if let Some(d) = &t.ready_by {
            self.p(muted(&format!(
                "If every open action finishes on its due date, the last stage is reached by {}.",
                date(d)
            )));
        }
    }

    fn findings(&mut self) {
        let c = self.ctx;
        self.p(heading(1, "Findings"));
        let most = c
            .findings_register
            .iter()
            .map(|g| g.count)
            .max()
            .unwrap_or(0)
            .max(1);
        let rows = c
            .findings_register
            .iter()
            .map(|g| {
                let colour = match g.severity {
                    Severity::Major => [0xb4, 0x23, 0x18],
                    Severity::Minor => [0xe0, 0x7a, 0x16],
                    _ => [0x3d, 0x78, 0xb8],
                };
                vec![
                    cell(&g.plural),
                    TableCell::new().add_paragraph(Paragraph::new().add_run(bar(
                        self.pic_id(),
                        g.count as f64 / most as f64,
                        colour,
                    ))),
                    cell(&g.count.to_string()),
                ]
            })
            .collect();
        self.t(table(&["Findings by severity", "", ""], &[4, 5, 1], rows));
        if self.client {
            self.p(para(
                "Each nonconformity with what is missing, what we recommend and the action \
                 agreed, most severe first; observations follow in one table.",
            ));
        } else {
            self.p(para(
                "Every requirement whose rating (or the assessor's override) gives a finding, \
                 most severe first. A full list of answers is in the appendix.",
            ));
        }
        for g in &c.findings_register {
            self.p(heading(2, &format!("{} ({})", g.plural, g.count)));
            if g.items.is_empty() {
                self.p(muted("None."));
                continue;
            }
            if self.client {
                self.client_findings(g.severity, &g.items);
            } else {
                for r in &g.items {
                    self.finding_card(r);
                }
            }
        }
    }

    /// The client's register: gap, recommendation and action side by side.
    fn client_findings(&mut self, severity: Severity, items: &[std::rc::Rc<RequirementView<'_>>]) {
        let requirement = |r: &RequirementView<'_>| {
            TableCell::new()
                .add_paragraph(Paragraph::new().add_run(run(r.id).bold()))
                .add_paragraph(
                    Paragraph::new().add_run(
                        run(&format!("{} {}", r.clause, r.clause_title))
                            .size(16)
                            .color(MUTED),
                    ),
                )
                .add_paragraph(para(r.question))
                .add_paragraph(
                    Paragraph::new().add_run(
                        run(r.rating_label.unwrap_or("Not assessed"))
                            .italic()
                            .size(16),
                    ),
                )
        };
        if severity == Severity::Observation {
            let rows = items
                .iter()
                .map(|r| {
                    vec![
                        requirement(r),
                        cell(r.gap.or(r.note).unwrap_or("")),
                        cell(r.recommendation.unwrap_or("")),
                    ]
                })
                .collect();
            self.t(table(
                &["Requirement", "Observation", "Recommendation"],
                &[4, 4, 3],
                rows,
            ));
            return;
        }
        let rows = items
            .iter()
            .map(|r| {
                let action = match &r.action {
                    None => "No action recorded.".to_string(),
                    Some(a) => format!(
                        "{}\nOwner: {}\nDue: {}\nStatus: {}",
                        a.what,
                        a.owner.unwrap_or("none"),
                        a.due.as_deref().map(date).unwrap_or_else(|| "none".into()),
                        status(a.status)
                    ),
                };
                vec![
                    requirement(r),
                    cell(r.gap.or(r.note).unwrap_or("")),
                    cell(r.recommendation.unwrap_or("")),
                    cell(&action),
                ]
            })
            .collect();
        self.t(table(
            &["Requirement", "Gap", "Recommendation", "Action"],
            &[3, 3, 3, 3],
            rows,
        ));
    }

    /// One finding of the full report, as the HTML report's card.
    fn finding_card(&mut self, r: &RequirementView<'_>) {
        let mut head = format!("{}  {} {}", r.id, r.clause, r.clause_title);
        if let Some(l) = r.rating_label {
            head.push_str(&format!("  ({l})"));
        }
        if r.finding_overridden {
            head.push_str("  finding set by the assessor");
        }
        let mut cells = TableCell::new()
            .add_paragraph(Paragraph::new().add_run(run(&head).bold()))
            .add_paragraph(para(r.question));
        if let Some(n) = r.note {
            cells = cells.add_paragraph(labelled("Note", n));
        }
        if let Some(g) = r.gap {
            cells = cells.add_paragraph(labelled("Gap", g));
        }
        if let Some(x) = r.recommendation {
            cells = cells.add_paragraph(labelled("Recommendation", x));
        }
        for e in &r.evidence {
            cells = cells.add_paragraph(labelled("Evidence", &evidence(e)));
        }
        self.t(Table::new(vec![TableRow::new(vec![cells])])
            .set_grid(vec![TEXT_WIDTH])
            .width(TEXT_WIDTH, WidthType::Dxa));
    }

    fn documented(&mut self) {
        let c = self.ctx;
        self.p(heading(1, "Documented information"));
        self.p(para(
            "Documents (policies, plans, procedures, the scope) are examined at the Stage 1 \
             audit; records, the evidence that a process ran, are sampled at the Stage 2 audit.",
        ));
        for (title, what, d) in [
            (
                "Documents",
                "a document",
                &c.documented_information.documents,
            ),
            ("Records", "records", &c.documented_information.records),
        ] {
            self.p(heading(2, title));
            let text = match d.required_level {
                Some(l) => format!(
                    "{} of {} requirements for {what} are rated {} or better{}.",
                    d.met,
                    d.total,
                    self.level_label(l),
                    if d.evidence_required {
                        " and cite evidence"
                    } else {
                        ""
                    }
                ),
                None => format!(
                    "{} of {} requirements for {what} are assessed.",
                    d.met, d.total
                ),
            };
            self.p(para(&text));
            let items: Vec<_> = d
                .items
                .iter()
                .filter(|i| !self.client || i.entry.is_answered)
                .collect();
            if self.client && items.len() < d.items.len() {
                self.p(muted(&format!(
                    "{} not yet assessed {} left out.",
                    d.items.len() - items.len(),
                    if d.items.len() - items.len() == 1 {
                        "is"
                    } else {
                        "are"
                    }
                )));
            }
            if items.is_empty() {
                continue;
            }
            let rows = items
                .into_iter()
                .map(|i| {
                    let r = &i.entry;
                    vec![
                        cell(r.id),
                        cell(&format!("{} {}", r.clause, r.clause_title)),
                        cell(r.rating_label.unwrap_or("Not assessed")),
                        cell(if i.meets { "Meets" } else { "Below" }),
                    ]
                })
                .collect();
            self.t(table(
                &["Requirement", "Clause", "Rating", "Status"],
                &[2, 6, 3, 2],
                rows,
            ));
        }
    }

    fn other_parties(&mut self) {
        let c = self.ctx;
        self.p(heading(1, "Other-party register"));
        if c.other_parties.is_empty() {
            self.p(para("No answer records another party operating a process."));
            return;
        }
        self.p(para("Answers that record who operates the process."));
        let rows = c
            .other_parties
            .iter()
            .map(|o| {
                let r = &o.entry;
                vec![
                    cell(r.id),
                    cell(&format!("{} {}", r.clause, r.clause_title)),
                    cell(o.party_label),
                    cell(r.rating_label.unwrap_or("Not assessed")),
                ]
            })
            .collect();
        self.t(table(
            &["Requirement", "Clause", "Operated by", "Rating"],
            &[2, 6, 3, 3],
            rows,
        ));
    }

    fn actions(&mut self) {
        let c = self.ctx;
        let n = &c.actions.counts;
        self.p(heading(1, "Action plan"));
        if c.actions.items.is_empty() {
            self.p(para("No remediation actions are recorded."));
            return;
        }
        self.p(para(&format!(
            "{} actions: {} open, {} in progress, {} done; {} overdue on {}; {} without an owner or a due date.",
            n.total,
            n.open,
            n.in_progress,
            n.done,
            n.overdue,
            date(&c.report.as_of),
            n.unplanned
        )));
        let rows = c
            .actions
            .items
            .iter()
            .map(|a| {
                let finding = if a.finding == Severity::None {
                    "No finding".to_string()
                } else {
                    severity_label(a.finding)
                };
                vec![
                    cell(a.requirement),
                    cell(&finding),
                    cell(&format!(
                        "{}\nTarget: {}",
                        a.what,
                        self.level_label(a.target)
                    )),
                    cell(a.owner.unwrap_or("no owner")),
                    cell(
                        &a.due
                            .as_deref()
                            .map(date)
                            .unwrap_or_else(|| "no due date".into()),
                    ),
                    cell(status(a.status)),
                    cell(
                        &a.days_overdue
                            .map(|d| format!("{d} days"))
                            .unwrap_or_default(),
                    ),
                ]
            })
            .collect();
        self.t(table(
            &[
                "Requirement",
                "Finding",
                "Action",
                "Owner",
                "Due",
                "Status",
                "Overdue",
            ],
            &[2, 2, 5, 2, 2, 2, 2],
            rows,
        ));
    }

    fn evidence(&mut self) {
        let c = self.ctx;
        let items = c.stale_evidence;
        let max_age = &c.report.evidence_max_age;
        self.p(heading(1, "Evidence freshness"));
        if items.is_empty() {
            self.p(para(&format!(
                "No evidence reference was last reviewed more than {} before {}.",
                max_age,
                date(&c.report.as_of)
            )));
            return;
        }
        self.p(para(&format!(
            "{} evidence references were last reviewed more than {} before {}:",
            items.len(),
            max_age,
            date(&c.report.as_of)
        )));
        let rows = items
            .iter()
            .map(|x| {
                vec![
                    cell(&x.requirement_id),
                    cell(&x.reference),
                    cell(&x.reviewed.to_string()),
                    cell(&x.age_days.to_string()),
                ]
            })
            .collect();
        self.t(table(
            &["Requirement", "Evidence", "Reviewed", "Age (days)"],
            &[2, 6, 2, 2],
            rows,
        ));
    }

    fn scoring(&mut self) {
        let c = self.ctx;
        self.p(heading(1, "Scoring method"));
        self.p(para(
            "Each answer rates one requirement on this scale; the level gives its score and, \
             unless the assessor overrides it, its finding:",
        ));
        let rows = c
            .scale
            .iter()
            .map(|l| {
                let finding = if l.finding == Severity::None {
                    "None".to_string()
                } else {
                    severity_label(l.finding)
                };
                vec![
                    cell(&l.label),
                    cell(&l.description),
                    cell(&l.score.to_string()),
                    cell(&finding),
                ]
            })
            .collect();
        self.t(table(
            &["Level", "Meaning", "Score", "Finding"],
            &[3, 6, 1, 3],
            rows,
        ));
        self.p(bullet(
            "Readiness of a clause is the weighted mean of the scores of every requirement \
             under it, sum(weight × score) / sum(weight); an unanswered requirement scores 0. \
             Overall readiness is the same mean over all requirements.",
        ));
        self.p(bullet("Coverage is the share of requirements answered."));
        self.p(bullet(
            "The verdict is the highest readiness stage whose rules all hold:",
        ));
        for st in &c.stages {
            self.p(Paragraph::new()
                .indent(Some(720), None, None, None)
                .add_run(run(&format!("{} ", st.label)).bold())
                .add_run(run(&format!(
                    "({}): {}.",
                    if st.passed { "reached" } else { "not reached" },
                    self.words(&st.rules.join("; "))
                ))));
        }
        self.p(bullet(&format!(
            "Evidence is stale when its last review is more than {} old; an action is overdue \
             when it is not done by its due date. Both are judged on {}.",
            c.report.evidence_max_age,
            date(&c.report.as_of)
        )));
        self.p(bullet(
            "The forecast raises each requirement with an unfinished action (open or in \
             progress) to the action's target level (full conformity when it names none) and \
             scores again.",
        ));
    }

    /// The client report's method and limitations.
    fn limitations(&mut self) {
        let c = self.ctx;
        let m = &c.method_summary;
        let s = &c.summary;
        self.p(heading(1, "Method and limitations"));
        self.p(heading(2, "How the assessment was done"));
        self.p(labelled(
            "Assessors",
            &if m.assessors.is_empty() {
                "not recorded".to_string()
            } else {
                m.assessors.join(", ")
            },
        ));
        if m.people_interviewed.is_empty() {
            self.p(labelled("Interviewed", "no interviewee is recorded"));
        } else {
            self.p(Paragraph::new().add_run(run("Interviewed:").bold()));
            for i in &m.people_interviewed {
                self.p(bullet(&format!(
                    "{} ({} answer{})",
                    i.name,
                    i.answers,
                    if i.answers == 1 { "" } else { "s" }
                )));
            }
        }
        let mut methods: Vec<String> = m
            .methods
            .iter()
            .map(|x| format!("{} ({})", x.label, x.count))
            .collect();
        if m.method_unrecorded > 0 {
            methods.push(format!("not recorded ({})", m.method_unrecorded));
        }
        self.p(labelled(
            "Methods, by number of answers",
            &if methods.is_empty() {
                "none".to_string()
            } else {
                methods.join(", ")
            },
        ));
        self.p(labelled(
            "What was sampled",
            &format!(
                "{} evidence references cited, by {} of the {} answers.",
                m.evidence_references, m.answers_with_evidence, s.answered
            ),
        ));
        self.p(heading(2, "Limitations"));
        self.p(para(&format!(
            "{} of {} requirements were assessed (coverage {}).",
            s.answered,
            s.total,
            percent(s.coverage.0)
        )));
        let open: Vec<_> = c
            .clauses
            .iter()
            .filter(|x| x.depth == 2 && x.figures.answered < x.figures.total)
            .collect();
        if open.is_empty() {
            self.p(para("Every requirement of the catalogue was assessed."));
        } else {
            self.p(para("Not yet assessed:"));
            for x in open {
                self.p(bullet(&format!(
                    "{} {}: {} of {} requirements",
                    x.figures.id,
                    x.figures.title,
                    x.figures.total - x.figures.answered,
                    x.figures.total
                )));
            }
        }
        self.p(para(
            "A gap assessment samples evidence and relies on what the people interviewed \
             said and showed; it is not a certification audit, and a certification body may \
             judge differently.",
        ));
        self.p(muted(&format!(
            "Assessed against {} (edition {}, catalogue {} version {}); prepared with {} {}.",
            c.catalogue.title,
            c.catalogue.edition,
            c.catalogue.id,
            c.catalogue.version,
            c.report.tool,
            c.report.version
        )));
    }

    fn appendix(&mut self) {
        let c = self.ctx;
        self.p(heading(1, "Appendix: every requirement"));
        self.p(muted(
            "Every requirement of the catalogue in its order, with its answer.",
        ));
        let mut section = "";
        for r in &c.requirements {
            if r.section != section {
                self.p(heading(2, &format!("{} {}", r.section, r.section_title)));
                section = r.section;
            }
            self.requirement(r);
        }
        if !c.unknown_answers.is_empty() {
            self.p(muted(&format!(
                "Answers kept in the file for requirements this catalogue does not know: {}.",
                c.unknown_answers.join(", ")
            )));
        }
    }

    /// One requirement of the appendix: its heading, then two paragraphs (what it asks,
    /// and the answer's facts, one per line). Few paragraphs per requirement keep the
    /// document tree of a large catalogue small (docx-rs holds it whole until it is written).
    fn requirement(&mut self, r: &RequirementView<'_>) {
        self.p(heading(
            3,
            &format!("{}  {} {}", r.id, r.clause, r.clause_title),
        ));
        let mut state = match (r.is_answered, r.rating_label) {
            (false, _) => "Not assessed".to_string(),
            (true, l) => l.unwrap_or("Rated").to_string(),
        };
        if r.is_answered && r.finding != Severity::None {
            state.push_str(&format!(" · {}", severity_label(r.finding)));
        }
        if r.finding_overridden {
            state.push_str(" · finding set by the assessor");
        }
        if let Some(d) = r.documented {
            state.push_str(match d {
                crate::catalogue::Documented::Document => " · document",
                crate::catalogue::Documented::Record => " · records",
            });
        }
        let mut asks = Paragraph::new()
            .keep_next(true)
            .add_run(run(&state).italic())
            .add_run(Run::new().add_break(BreakType::TextWrapping))
            .add_run(run(r.question));
        if !r.interview.is_empty() {
            asks = asks
                .add_run(Run::new().add_break(BreakType::TextWrapping))
                .add_run(
                    run(&format!("Interview: {}", r.interview.join(", ")))
                        .color(MUTED)
                        .size(18),
                );
        }
        self.p(asks);

        let mut facts: Vec<(&str, String)> = Vec::new();
        if let Some(n) = r.note {
            facts.push(("Note", n.to_string()));
        }
        if let Some(g) = r.gap {
            facts.push(("Gap", g.to_string()));
        }
        if let Some(x) = r.recommendation {
            facts.push(("Recommendation", x.to_string()));
        }
        if let Some(x) = r.review {
            facts.push(("To review", x.to_string()));
        }
        for e in &r.evidence {
            facts.push(("Evidence", evidence(e)));
        }
        if let Some(party) = r.operated_by {
            let label = self
                .ctx
                .parties
                .iter()
                .find(|p| p.id == party)
                .map_or(party, |p| p.label.as_str());
            facts.push(("Operated by", label.to_string()));
        }
        if let Some(a) = &r.action {
            let mut text = format!(
                "{} (owner {}, due {}, {})",
                a.what,
                a.owner.unwrap_or("none"),
                a.due.as_deref().map(date).unwrap_or_else(|| "none".into()),
                status(a.status).to_lowercase()
            );
            if let Some(d) = a.days_overdue {
                text.push_str(&format!(", {d} days overdue"));
            }
            facts.push(("Action", text));
        }
        if !r.interviewees.is_empty() {
            facts.push(("Interviewed", r.interviewees.join(", ")));
        }
        if let Some(m) = r.method {
            facts.push(("Method", m.label().to_string()));
        }
        if let Some(a) = r.assessor
            && a != self.ctx.assessment.assessor
        {
            facts.push(("Assessor", a.to_string()));
        }
        if facts.is_empty() {
            return;
        }
        let mut p = Paragraph::new();
        for (i, (label, text)) in facts.iter().enumerate() {
            if i > 0 {
                p = p.add_run(Run::new().add_break(BreakType::TextWrapping));
            }
            p = p
                .add_run(run(&format!("{label}: ")).bold())
                .add_run(run(text));
        }
        self.p(p);
    }
}

fn evidence(e: &super::context::EvidenceView<'_>) -> String {
    let mut s = e.reference.to_string();
    if let Some(d) = &e.reviewed {
        s.push_str(&format!(" (reviewed {d})"));
    }
    if e.stale {
        s.push_str(" [stale]");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;
    use crate::progress::{Judging, freshness::MaxAge, progress};
    use crate::source::Source;

    #[test]
    fn the_same_context_gives_the_same_bytes_in_one_process() {
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
        let ctx = crate::report::context::build(&c, &a, &s, &p);
        let one = render(&ctx).unwrap();
        assert_eq!(
            one,
            render(&ctx).unwrap(),
            "image ids are the document's own"
        );
        assert!(one.starts_with(b"PK\x03\x04"));
    }

    #[test]
    fn text_xml_cannot_hold_is_shown_visibly() {
        assert_eq!(xml_text("a\u{1b}b\tc\nd\u{0}"), "a\\x1bb\tc\nd\\x00");
        assert_eq!(xml_text("é <&> ✓"), "é <&> ✓");
        let core = core_xml("Gap <1> & \"2\"", "A\u{7}", "2026-11-30T00:00:00Z", "x");
        assert!(
            core.contains("<dc:title>Gap &lt;1&gt; &amp; \"2\"</dc:title>"),
            "{core}"
        );
        assert!(core.contains("<dc:creator>A\\x07</dc:creator>"), "{core}");
    }
}
