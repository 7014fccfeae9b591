//! `iso20k report`: the gap report, or the built-in templates written out.

use crate::catalogue::Catalogue;
use crate::cli::{ReportArgs, ReportFormat};
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
        refuse_overwriting_inputs(o, file, args.template.as_deref())?;
    }
    let judging = super::judging(&args.judging)?;
    let template = match &args.template {
        Some(p) => Some(Source::read(p)?),
        None => None,
    };
    let a = crate::assessment::load(c, file, out)?;
    let s = score(c, &a);
    let p = progress(c, &a, &s, judging);
    let ctx = context::build(c, &a, &s, &p);
    let format = args
        .format
        .or_else(|| output.and_then(format_of))
        .unwrap_or(ReportFormat::Md);
    if template.is_some() || format != ReportFormat::Csv {
        super::csv_only(&args.csv)?;
    }
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
    };
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
        "csv" => Some(ReportFormat::Csv),
        "json" => Some(ReportFormat::Json),
        "xlsx" => Some(ReportFormat::Xlsx),
        _ => None,
    }
}

/// `-o` must not name the assessment or the template being read.
fn refuse_overwriting_inputs(output: &Path, file: &Path, template: Option<&Path>) -> Result<()> {
    let same = |input: &Path| match (output.canonicalize(), input.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    };
    for (what, input) in [("the assessment", Some(file)), ("the template", template)] {
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
