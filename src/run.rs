//! From the command line to work done and an exit code.

use crate::catalogue::Catalogue;
use crate::cli::{Cli, Command};
use crate::commands;
use crate::error::{EXIT_INPUT, Result};
use crate::output::Output;
use crate::source::Source;
use clap::Parser;
use std::ffi::OsString;
use std::path::Path;
use std::process::ExitCode;

/// Runs iso20k with these arguments on the real terminal and returns the exit code.
pub fn main(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let mut out = Output::terminal();
    ExitCode::from(run(args, &mut out))
}

/// Runs iso20k with these arguments, writing through `out`; returns the exit code.
pub fn run(args: impl IntoIterator<Item = OsString>, out: &mut Output) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_INPUT } else { 0 };
            if e.use_stderr() {
                // An error can quote the arguments given: it goes through the filter, so
                // plainly.
                out.note(e.render().to_string().trim_end());
            } else if out.color {
                // Help and version are iso20k's own text, in clap's colours.
                out.own(&e.render().ansi().to_string());
            } else {
                out.own(&e.render().to_string());
            }
            return code;
        }
    };
    match dispatch(cli, out) {
        Ok(code) => code,
        Err(e) => {
            let label = out.paint(&console::Style::new().red().bold(), "error");
            // Messages echo names and values from inputs: Output shows their controls.
            out.note(&crate::error::clip_long_runs(&format!("{label}: {e}")));
            e.exit_code()
        }
    }
}

/// Loads the catalogue named by `--catalogue`, or the built-in one.
pub fn load_catalogue(path: Option<&Path>) -> Result<Catalogue> {
    match path {
        None => Catalogue::built_in(),
        Some(p) => crate::catalogue::load(&Source::read(p)?),
    }
}

fn dispatch(cli: Cli, out: &mut Output) -> Result<u8> {
    if let Command::Catalogue(crate::cli::CatalogueCommand::Validate { path }) = &cli.command {
        return commands::catalogue::validate(path, out);
    }
    if let Command::Schema(a) = &cli.command {
        return commands::schema::run(a, out);
    }
    let catalogue = &load_catalogue(cli.catalogue.as_deref())?;
    match cli.command {
        Command::Catalogue(c) => commands::catalogue::run(catalogue, c, out),
        Command::Init(a) => commands::init::run(catalogue, a, out),
        Command::Answer(a) => commands::answer::run(catalogue, *a, out),
        Command::Capability(a) => commands::capability::run(catalogue, a, out),
        Command::Assess(a) => commands::assess::run(catalogue, a, out),
        Command::Score(a) => commands::score::run(catalogue, a, out),
        Command::Check(a) => commands::check::run(catalogue, a, out),
        Command::Report(a) => commands::report::run(catalogue, a, out),
        Command::Diff(a) => commands::diff::run(catalogue, a, out),
        Command::Actions(a) => commands::actions::run(catalogue, a, out),
        Command::Migrate(a) => commands::migrate::run(catalogue, a, out),
        Command::Merge(a) => commands::merge::run(catalogue, a, out),
        Command::History(a) => commands::history::run(catalogue, a, out),
        Command::Schema(a) => commands::schema::run(&a, out),
        Command::Import(a) => commands::import::run(catalogue, a, out),
    }
}
