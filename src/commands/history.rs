//! `iso20k history`: readiness, coverage, findings and verdict of every committed version
//! of an assessment file, oldest first.

use crate::catalogue::Catalogue;
use crate::cli::{HistoryArgs, HistoryFormat};
use crate::error::{Diagnostic, Error, Result};
use crate::git::{self, Batch};
use crate::output::Output;
use crate::present::history::{CatalogueView, HistoryView, markdown, table};
use crate::progress::history::{Origin, Outcome, Version, score_version};
use crate::source::Source;

/// The most commits read: some two centuries of weekly commits.
pub const MAX_VERSIONS: usize = 10_000;

/// Runs `history`.
pub fn run(c: &Catalogue, args: HistoryArgs, out: &mut Output) -> Result<u8> {
    let shown = args.file.display().to_string();
    let mut commits = git::log_follow(&args.file, MAX_VERSIONS)?;
    commits.reverse();
    let mut versions = Vec::with_capacity(commits.len() + 1);
    let mut newest: Option<String> = None;
    if !commits.is_empty() {
        let mut batch = Batch::start_in(&git::home_of(&args.file).0).map_err(|e| {
            Error::Invalid(vec![Diagnostic::file(
                &shown,
                format!("git could not be run to read its history: {e}"),
            )])
        })?;
        for commit in commits {
            let name = format!("{}:{}", &commit.id[..commit.id.len().min(10)], commit.path);
            let text = batch.read(&format!("{}:{}", commit.id, commit.path));
            let outcome = match &text {
                Ok(Some(t)) => score_version(c, &name, t),
                Ok(None) => Outcome::Unreadable {
                    error: format!("{name}: git has no such file"),
                },
                Err(e) => Outcome::Unreadable {
                    error: format!("{name}: {e}"),
                },
            };
            newest = text.ok().flatten();
            versions.push(Version {
                origin: Origin {
                    commit: Some(commit.id),
                    date: Some(commit.date),
                    author: Some(commit.author),
                    path: commit.path,
                },
                outcome,
            });
        }
    }
    // The working tree, when it holds something the last commit does not.
    if std::fs::symlink_metadata(&args.file).is_ok() {
        let source = Source::read(&args.file)?;
        if newest.as_deref() != Some(source.text.as_str()) {
            versions.push(Version {
                origin: Origin {
                    commit: None,
                    date: None,
                    author: None,
                    path: shown.clone(),
                },
                outcome: score_version(c, &shown, &source.text),
            });
        }
    }
    if versions.is_empty() {
        return Err(Error::Invalid(vec![
            Diagnostic::file(&shown, "has no history: git has no commit of it, and there is no such file".to_string())
                .with_help("history reads the commits of an assessment file in a git repository; commit it first"),
        ]));
    }
    match args.format {
        HistoryFormat::Table => out.text(&table(&shown, &versions, out))?,
        HistoryFormat::Md => out.text(&markdown(&shown, &versions))?,
        HistoryFormat::Json => out.json(
            &serde_json::to_string_pretty(&HistoryView {
                file: &shown,
                catalogue: CatalogueView {
                    id: &c.id,
                    version: &c.version,
                },
                versions: &versions,
            })
            .unwrap_or_default(),
        )?,
    }
    Ok(0)
}
