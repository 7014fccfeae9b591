//! `migrate`: the list of moves an assessment made to a newer catalogue version.

use crate::assessment::CatalogueRef;
use crate::assessment::migrate::{Migration, Move, MoveKind};
use crate::catalogue::Catalogue;
use schemars::JsonSchema;
use serde::Serialize;
use std::path::Path;

/// Every move in lines for people, then the counts.
pub fn text(file: &Path, c: &Catalogue, m: &Migration, dry_run: bool) -> String {
    let mut t = format!(
        "{}: catalogue {} version {} -> {}{}\n",
        file.display(),
        c.id,
        m.from_version,
        m.to_version,
        if dry_run {
            " (dry run: nothing written)"
        } else {
            ""
        }
    );
    for mv in &m.moves {
        let (word, detail) = match mv.kind {
            MoveKind::Moved => ("moved", format!("-> {}", mv.to.join(", "))),
            MoveKind::Split => (
                "split",
                format!("-> {} (each marked for review)", mv.to.join(", ")),
            ),
            MoveKind::Merged => (
                "merged",
                format!(
                    "-> {} (combined with others, marked for review)",
                    mv.to.join(", ")
                ),
            ),
            MoveKind::Conflict => ("kept", format!("({})", mv.why)),
            MoveKind::Dropped => (
                "kept",
                format!("(retired with no successor, not scored: {})", mv.why),
            ),
            MoveKind::Unknown => ("kept", "(not an id of this catalogue, not scored)".into()),
        };
        t.push_str(&format!("  {word:<7} {} {detail}\n", mv.from));
    }
    for id in &m.capability_kept {
        t.push_str(&format!(
            "  kept    capability of {id} (not a process this catalogue rates, not scored)\n"
        ));
    }
    let count = |k: MoveKind| m.moves.iter().filter(|x| x.kind == k).count();
    t.push_str(&format!(
        "{} answers moved, {} split, {} merged, {} kept under their old id\n",
        count(MoveKind::Moved),
        count(MoveKind::Split),
        count(MoveKind::Merged),
        count(MoveKind::Conflict) + count(MoveKind::Dropped) + count(MoveKind::Unknown)
    ));
    t
}

/// The stable JSON of `migrate --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct MigrateView<'a> {
    /// The assessment file.
    pub file: String,
    /// The catalogue the answers now follow (its id and the version migrated to).
    pub catalogue: CatalogueRef,
    /// The catalogue version the file named.
    pub from_version: &'a str,
    /// The version it names now.
    pub to_version: &'a str,
    /// Whether the file was rewritten (false with `--dry-run`).
    pub written: bool,
    /// Every answer that moved or could not, by old id.
    pub moves: &'a [Move],
    /// Processes whose capability ratings stay under an id this catalogue does not rate (not
    /// scored), in id order.
    pub capability_kept: &'a [String],
}

impl<'a> MigrateView<'a> {
    /// Builds the view.
    pub fn new(file: &Path, c: &Catalogue, m: &'a Migration, written: bool) -> Self {
        MigrateView {
            file: file.display().to_string(),
            catalogue: CatalogueRef {
                id: c.id.clone(),
                version: m.to_version.clone(),
            },
            from_version: &m.from_version,
            to_version: &m.to_version,
            written,
            moves: &m.moves,
            capability_kept: &m.capability_kept,
        }
    }
}
