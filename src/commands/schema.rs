//! `iso20k schema NAME`: the JSON Schema of a file iso20k reads or of a JSON output.

use crate::cli::{SchemaArgs, SchemaName};
use crate::error::Result;
use crate::output::Output;
use crate::schema::{Name, text};

/// Runs `schema`: needs no catalogue, since every schema is the same for all of them.
pub fn run(args: &SchemaArgs, out: &mut Output) -> Result<u8> {
    let name = match args.name {
        SchemaName::Catalogue => Name::Catalogue,
        SchemaName::Assessment => Name::Assessment,
        SchemaName::Report => Name::Report,
        SchemaName::Score => Name::Score,
        SchemaName::Check => Name::Check,
        SchemaName::Diff => Name::Diff,
        SchemaName::Actions => Name::Actions,
        SchemaName::Migrate => Name::Migrate,
        SchemaName::History => Name::History,
    };
    out.json(&text(name))?;
    Ok(0)
}
