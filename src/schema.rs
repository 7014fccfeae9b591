//! JSON Schemas (2020-12) of the files iso20k reads and of every JSON it prints, generated
//! from the Rust types that read and write them (schemars), so that they cannot drift.
//!
//! The catalogue and assessment schemas describe what the loaders accept (the raw serde
//! types, deserialization contract); the output schemas describe what the views serialize.
//! `iso20k schema NAME` prints one; the repository publishes each as
//! `schemas/NAME.schema.json`.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

/// The schemas iso20k knows, by the name `iso20k schema NAME` takes (the variants' words
/// are the command's help).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Name {
    /// A catalogue file (YAML), and `catalogue list --format json`.
    Catalogue,
    /// An assessment file (YAML).
    Assessment,
    /// The report context: `report --format json`, what templates receive.
    Report,
    /// `score --format json`.
    Score,
    /// `check --format json`.
    Check,
    /// `diff --format json`.
    Diff,
    /// `actions --format json`.
    Actions,
    /// `migrate --format json`.
    Migrate,
    /// `history --format json`.
    History,
}

impl Name {
    /// Every schema.
    pub const ALL: [Name; 9] = [
        Name::Catalogue,
        Name::Assessment,
        Name::Report,
        Name::Score,
        Name::Check,
        Name::Diff,
        Name::Actions,
        Name::Migrate,
        Name::History,
    ];

    /// The name on the command line and in `schemas/NAME.schema.json`.
    pub fn id(self) -> &'static str {
        match self {
            Name::Catalogue => "catalogue",
            Name::Assessment => "assessment",
            Name::Report => "report",
            Name::Score => "score",
            Name::Check => "check",
            Name::Diff => "diff",
            Name::Actions => "actions",
            Name::Migrate => "migrate",
            Name::History => "history",
        }
    }

    /// The schema's title.
    fn title(self) -> &'static str {
        match self {
            Name::Catalogue => "iso20k catalogue file",
            Name::Assessment => "iso20k assessment file",
            Name::Report => "iso20k report context (report --format json)",
            Name::Score => "iso20k score --format json",
            Name::Check => "iso20k check --format json",
            Name::Diff => "iso20k diff --format json",
            Name::Actions => "iso20k actions --format json",
            Name::Migrate => "iso20k migrate --format json",
            Name::History => "iso20k history --format json",
        }
    }
}

/// The schema of `name`.
pub fn schema(name: Name) -> Schema {
    use crate::present;
    let files = SchemaSettings::draft2020_12().for_deserialize();
    let outputs = SchemaSettings::draft2020_12().for_serialize();
    let mut s = match name {
        Name::Catalogue => lenient(root::<crate::catalogue::RawCatalogue>(files)),
        Name::Assessment => lenient(root::<crate::assessment::RawFile>(files)),
        Name::Report => root::<crate::report::context::Context<'static>>(outputs),
        Name::Score => root::<present::score::ScoreView<'static>>(outputs),
        Name::Check => root::<present::check::CheckView<'static>>(outputs),
        Name::Diff => root::<present::diff::DiffView<'static>>(outputs),
        Name::Actions => root::<present::actions::PlanView<'static>>(outputs),
        Name::Migrate => root::<present::migrate::MigrateView<'static>>(outputs),
        Name::History => root::<present::history::HistoryView<'static>>(outputs),
    };
    s.insert("title".into(), name.title().into());
    s
}

/// The schema of `name` as the text `iso20k schema NAME` prints (and `schemas/` holds).
pub fn text(name: Name) -> String {
    let mut t = serde_json::to_string_pretty(&schema(name)).unwrap_or_default();
    t.push('\n');
    t
}

fn root<T: JsonSchema>(settings: SchemaSettings) -> Schema {
    settings.into_generator().into_root_schema_for::<T>()
}

/// A file schema that accepts what the YAML reader accepts: it reads any plain scalar where
/// it expects text (`id: 4`, `edition: 2018`), which a YAML editor sees as a number or a
/// boolean. Dates and ids from a fixed list stay strings.
fn lenient(mut s: Schema) -> Schema {
    fn walk(v: &mut serde_json::Value) {
        use serde_json::Value;
        match v {
            Value::Object(m) => {
                let fixed =
                    m.contains_key("const") || m.contains_key("enum") || m.contains_key("format");
                if !fixed && let Some(t) = m.get_mut("type") {
                    let text = |x: &Value| x.as_str() == Some("string");
                    let widen = match t {
                        Value::String(_) => text(t),
                        Value::Array(a) => a.iter().any(text),
                        _ => false,
                    };
                    if widen {
                        let null = matches!(t, Value::Array(a) if a.iter().any(|x| x == "null"));
                        let mut types = vec!["string", "number", "boolean"];
                        if null {
                            types.push("null");
                        }
                        *t = types.into();
                    }
                }
                m.values_mut().for_each(walk);
            }
            Value::Array(a) => a.iter_mut().for_each(walk),
            _ => {}
        }
    }
    s.ensure_object().values_mut().for_each(walk);
    s
}

/// A calendar date, `YYYY-MM-DD`.
pub fn date(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "string",
        "format": "date"
    })
}

/// A calendar date or null.
pub fn optional_date(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": ["string", "null"],
        "format": "date"
    })
}

/// An instant, RFC 3339 (`2026-11-30T12:00:00Z`), or null.
pub fn optional_timestamp(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": ["string", "null"],
        "format": "date-time"
    })
}
