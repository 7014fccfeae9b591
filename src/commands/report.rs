//! `iso20k report`: the gap report, or the built-in templates written out.

use crate::catalogue::Catalogue;
use crate::cli::{Audience, ReportArgs, ReportFormat};
use crate::error::{Diagnostic, Error, Result};
use crate::output::Output;
use crate::progress::progress;
use crate::report::{self, Format, context};
use crate::score::score;
use crate::source::Source;
use std::path::Path;

/// Runs `report`.
pub fn run(c: &Catalogue, args: ReportArgs, out: &mut Output) -> Result<u8> {
    if let Some(dir) = &args.init_templates {
        return init_templates(dir, out);
    }
    let Some(file) = &args.file else {
        return Err(Error::Usage("report needs an assessment FILE".into()));
    };
    // `-o -` is stdout, as with most tools.
    let output = args.output.as_deref().filter(|o| o.as_os_str() != "-");
    if let Some(o) = output {
        refuse_overwriting_inputs(o, file, args.template.as_deref(), args.brand.as_deref())?;
    }
    let judging = super::judging(&args.judging)?;
    let template = match &args.template {
        Some(p) => Some(Source::read(p)?),
        None => None,
    };
    let format = args
        .format
        .or_else(|| output.and_then(format_of))
        .unwrap_or(ReportFormat::Md);
    if template.is_some() || format != ReportFormat::Csv {
        super::csv_only(&args.csv)?;
    }
    let audience = match args.audience {
        Audience::Full => report::Audience::Full,
        Audience::Client => report::Audience::Client,
    };
    if template.is_none()
        && matches!(
            format,
            ReportFormat::Md | ReportFormat::Csv | ReportFormat::Oscal
        )
        && (args.brand.is_some() || audience != report::Audience::Full)
    {
        return Err(Error::Usage(
            "--brand and --audience client are for the HTML and Word reports (--format html \
             or docx), the JSON context and --template; the Markdown, CSV and OSCAL outputs \
             have one audience"
                .into(),
        ));
    }
    if format == ReportFormat::Docx && template.is_none() && output.is_none() {
        return Err(Error::Usage(
            "the Word report is a binary file: write it with -o FILE.docx".into(),
        ));
    }
    let brand = match &args.brand {
        Some(path) => Some(report::brand::load(path)?),
        None => None,
    };
    let a = crate::assessment::load(c, file, out)?;
    let s = score(c, &a);
    let p = progress(c, &a, &s, judging);
    let mut ctx = context::build(c, &a, &s, &p);
    ctx.audience = audience;
    ctx.brand = brand.as_ref();
    // Readiness over time, when git has versions of the file (none outside a repository).
    ctx.trend = crate::progress::history::collect(c, file)
        .ok()
        .and_then(|v| context::trend(&v, judging.as_of, ctx.forecast.ready_by.as_deref()));
    let kind = match (&template, format) {
        (Some(t), _) => Format::Custom {
            shown: &t.name,
            source: &t.text,
        },
        (None, ReportFormat::Md) => Format::Markdown,
        (None, ReportFormat::Html) => Format::Html,
        (None, ReportFormat::Csv) => Format::Csv(super::csv_style(&args.csv)),
        (None, ReportFormat::Json) => Format::Json,
        (None, ReportFormat::Oscal) => Format::Oscal,
        (None, ReportFormat::Xlsx) => Format::Xlsx(report::xlsx::Input {
            catalogue: c,
            assessment: &a,
        }),
        (None, ReportFormat::Docx) => Format::Docx,
    };
    if matches!(kind, Format::Docx)
        && let (Some(path), Some(logo)) = (&args.brand, ctx.brand.and_then(|b| b.logo.as_ref()))
        && logo.kind == report::brand::ImageKind::Svg
    {
        out.warning(
            &Diagnostic::file(
                path.display().to_string(),
                "the logo is SVG, which the Word report cannot hold; its cover shows the firm without it",
            )
            .at_key("logo")
            .with_help("give a PNG or JPEG logo for the Word report (the HTML report shows SVG)"),
        );
    }
    if matches!(kind, Format::Oscal) {
        // Named with the file before anything is written.
        report::oscal::representable(&ctx).map_err(|u| {
            Error::invalid(
                Diagnostic::file(file.display().to_string(), u.reason())
                    .at_key(u.key)
                    .with_help("correct the date, or choose another --format"),
            )
        })?;
    }
    match output {
        Some(o) => {
            crate::fs::write_output(o, |w| report::render_to(&ctx, kind, w))?;
            out.note(&format!("wrote {}", o.display()));
        }
        None => {
            // All or nothing on stdout too: a template that fails halfway prints nothing.
            match kind {
                Format::Json | Format::Oscal => out.json(&report::render(&ctx, kind)?)?,
                Format::Xlsx(input) => out.binary(&report::xlsx::render(&ctx, input)?)?,
                // The byte order mark goes straight out, not through the printing filter.
                Format::Csv(style) => out.csv(
                    &report::render(
                        &ctx,
                        Format::Csv(report::csv::Style {
                            bom: false,
                            ..style
                        }),
                    )?,
                    style.bom,
                )?,
                _ => out.text(&report::render(&ctx, kind)?)?,
            }
        }
    }
    Ok(0)
}

/// The format a file name asks for by its extension, in any case: `*.oscal.json` is
/// OSCAL, any other `*.json` the template context.
fn format_of(path: &Path) -> Option<ReportFormat> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if name.ends_with(".oscal.json") {
        return Some(ReportFormat::Oscal);
    }
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "md" | "markdown" => Some(ReportFormat::Md),
        "html" | "htm" => Some(ReportFormat::Html),
        "docx" => Some(ReportFormat::Docx),
        "csv" => Some(ReportFormat::Csv),
        "json" => Some(ReportFormat::Json),
        "xlsx" => Some(ReportFormat::Xlsx),
        _ => None,
    }
}

/// `-o` must not name the assessment, the template or the brand file being read.
fn refuse_overwriting_inputs(
    output: &Path,
    file: &Path,
    template: Option<&Path>,
    brand: Option<&Path>,
) -> Result<()> {
    let same = |input: &Path| match (output.canonicalize(), input.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    };
    for (what, input) in [
        ("the assessment", Some(file)),
        ("the template", template),
        ("the brand file", brand),
    ] {
        if let Some(input) = input
            && same(input)
        {
            return Err(Error::Invalid(vec![
                Diagnostic::file(
                    output.display().to_string(),
                    format!("-o would overwrite {what} it reads"),
                )
                .with_help("write the report to another file, e.g. report.html"),
            ]));
        }
    }
    Ok(())
}

fn init_templates(dir: &Path, out: &mut Output) -> Result<u8> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io("cannot create the folder", dir, e))?;
    let existing: Vec<String> = report::BUILT_IN
        .iter()
        .map(|(name, _)| dir.join(name))
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if !existing.is_empty() {
        return Err(Error::Usage(format!(
            "{} already exist(s); nothing was written. Move them away or choose another folder",
            existing.join(", ")
        )));
    }
    for (name, text) in report::BUILT_IN {
        let path = dir.join(name);
        crate::fs::write_atomic(&path, text.as_bytes())?;
        out.note(&format!("wrote {}", path.display()));
    }
    out.note(&format!(
        "render one with: iso20k report FILE --template {}",
        dir.join(report::BUILT_IN[0].0).display()
    ));
    Ok(0)
}
