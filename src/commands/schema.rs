//! `iso20k schema NAME`: the JSON Schema of a file iso20k reads or of a JSON output.

use crate::cli::SchemaArgs;
use crate::error::Result;
use crate::output::Output;
use crate::schema::text;

/// Runs `schema`: needs no catalogue, since every schema is the same for all of them.
pub fn run(args: &SchemaArgs, out: &mut Output) -> Result<u8> {
    let name = args.name;
    out.json(&text(name))?;
    Ok(0)
}
