//! The command line as clap sees it. [`crate::run`] turns these into settings and work.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// ISO/IEC 20000-1 gap assessment and certification readiness, in the terminal and in CI.
///
/// Exit codes: 0 success (gate passed); 1 gate failed or regression found; 2 bad usage or bad
/// input; 130 interrupted.
#[derive(Debug, Parser)]
#[command(name = "iso20k", version, about, max_term_width = 100)]
pub struct Cli {
    /// Catalogue to use instead of the built-in ISO/IEC 20000-1:2018 one.
    #[arg(long, global = true, value_name = "PATH")]
    pub catalogue: Option<PathBuf>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an assessment file.
    Init(InitArgs),
    /// Walk the questionnaire in the terminal, saving every answer as it is confirmed.
    Assess(AssessArgs),
    /// Set one answer without prompts (for scripts).
    Answer(Box<AnswerArgs>),
    /// Rate a process's capability (ISO/IEC 33020 attributes) and set its target level.
    Capability(CapabilityArgs),
    /// Readiness, coverage and findings per clause, and the verdict.
    Score(ScoreArgs),
    /// Gate a CI job on readiness thresholds or the verdict.
    Check(CheckArgs),
    /// The gap report: Markdown, HTML, CSV, JSON or your own template.
    Report(ReportArgs),
    /// Compare two assessments; a side may be REV:PATH, read from git.
    Diff(DiffArgs),
    /// The remediation plan: who owes what by when.
    Actions(ActionsArgs),
    /// Carry an assessment to the current catalogue version, listing every move.
    Migrate(MigrateArgs),
    /// Merge several assessors' files of one organization into one, listing conflicts.
    Merge(MergeArgs),
    /// Readiness, coverage, findings and verdict of every committed version of a file.
    History(HistoryArgs),
    /// Apply a filled-in workbook (.xlsx) or CSV to an assessment, listing every change.
    Import(ImportArgs),
    /// Browse and validate catalogues.
    #[command(subcommand)]
    Catalogue(CatalogueCommand),
    /// Print the JSON Schema (2020-12) of a file iso20k reads or of a JSON output.
    Schema(SchemaArgs),
}

/// `iso20k schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which schema.
    #[arg(value_enum)]
    pub name: crate::schema::Name,
}

/// `iso20k migrate`.
#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// The assessment file, rewritten in place.
    pub file: PathBuf,
    /// List what would move, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Output format of the list of moves.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
}

/// Output formats of `history`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum HistoryFormat {
    /// A table for people.
    Table,
    /// Markdown, for a CI job summary.
    Md,
    /// Stable JSON.
    Json,
}

/// `iso20k history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The assessment file, in a git repository (renames are followed).
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = HistoryFormat::Table)]
    pub format: HistoryFormat,
}

/// `iso20k merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The merged file to write: new, or one of the inputs (to merge the others into it).
    pub out: PathBuf,
    /// The assessors' files, of one catalogue version (`iso20k migrate` carries older ones).
    #[arg(required = true, num_args = 2.., value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Where the files disagree, keep this file's answer (one of the FILEs) instead of the
    /// one given last.
    #[arg(long, value_name = "FILE")]
    pub prefer: Option<PathBuf>,
    /// Exit 1, writing nothing, when the files disagree on any requirement.
    #[arg(long)]
    pub fail_on_conflict: bool,
    /// List what the merge would do, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `iso20k import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The assessment file, updated in place.
    pub file: PathBuf,
    /// The filled-in workbook (.xlsx, from `report -o FILE.xlsx`) or CSV (from `report -o
    /// FILE.csv`).
    pub source: PathBuf,
    /// List what would change, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Where both the workbook and the file changed a field since the workbook was written:
    /// take this side (without it, such conflicts stop the import).
    #[arg(long, value_enum, value_name = "SIDE")]
    pub prefer: Option<PreferSide>,
    /// Output format of the list of changes.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
}

/// The side `import --prefer` takes in a conflict.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum PreferSide {
    /// The workbook's cell.
    Workbook,
    /// The value in the assessment file.
    File,
}

/// Who and what an assessment is about.
#[derive(Debug, Args, Clone, Default)]
pub struct Identity {
    /// The organization assessed.
    #[arg(long)]
    pub org: Option<String>,
    /// The scope of its service management system.
    #[arg(long)]
    pub scope: Option<String>,
    /// Who assesses.
    #[arg(long)]
    pub assessor: Option<String>,
    /// The as-of date (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Since when the SMS has operated as designed (YYYY-MM-DD); Stage 2 needs a period of
    /// operation.
    #[arg(long, value_name = "DATE")]
    pub operating_since: Option<String>,
}

/// How CSV is written, for the spreadsheet that opens it.
#[derive(Debug, Args, Clone, Copy, Default)]
pub struct CsvArgs {
    /// CSV only: start with a UTF-8 byte order mark, so that Excel on Windows reads accents
    /// right.
    #[arg(long)]
    pub bom: bool,
    /// CSV only: the field separator, one of `,` (default), `;` (for locales whose decimal
    /// mark is a comma), `tab` or `|`.
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
}

fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "," => Ok(b','),
        ";" => Ok(b';'),
        "\t" | "\\t" | "tab" => Ok(b'\t'),
        "|" => Ok(b'|'),
        _ => Err("expected one of `,` `;` `tab` `|`".into()),
    }
}

/// The date that overdue actions and stale evidence are judged on.
#[derive(Debug, Args, Clone, Default)]
pub struct JudgingArgs {
    /// Judge overdue actions and stale evidence on this date (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Evidence reviewed longer ago than this is stale: 90d, 8w, 12m, 1y.
    #[arg(long, value_name = "AGE", default_value = "12m")]
    pub evidence_max_age: String,
}

/// `iso20k init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The assessment file to create.
    pub file: PathBuf,
    /// Who and what is assessed.
    #[command(flatten)]
    pub identity: Identity,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

/// `iso20k assess`.
#[derive(Debug, Args)]
pub struct AssessArgs {
    /// The assessment file (created if missing).
    pub file: PathBuf,
    /// Start at this clause (e.g. 8.5) instead of the first unanswered requirement.
    #[arg(long, value_name = "CLAUSE")]
    pub clause: Option<String>,
    /// Walk answered requirements too.
    #[arg(long)]
    pub review: bool,
    /// Who and what is assessed.
    #[command(flatten)]
    pub identity: Identity,
}

/// `iso20k capability`.
#[derive(Debug, Args)]
pub struct CapabilityArgs {
    /// The assessment file.
    pub file: PathBuf,
    /// The process: a leaf clause id under the catalogue's processes, e.g. 8.6.1.
    pub process: String,
    /// A process attribute rating ID=N|P|L|F (ID is 1.1, 2.1, 2.2 ... 5.2); repeat for
    /// more. Replaces that attribute's rating only.
    #[arg(long = "pa", value_name = "ID=RATING")]
    pub pa: Vec<String>,
    /// The capability level aimed at, 0 to 5.
    #[arg(long, value_name = "N")]
    pub target: Option<String>,
}

/// `iso20k answer`.
#[derive(Debug, Args)]
pub struct AnswerArgs {
    /// The assessment file.
    pub file: PathBuf,
    /// The requirement id, e.g. 8.6.1-2.
    pub id: String,
    /// A level id (e.g. largely) or its digit (0 = lowest).
    pub rating: String,
    /// What was seen, said or missing.
    #[arg(long)]
    pub note: Option<String>,
    /// An evidence reference; repeat for more; append @YYYY-MM-DD for its review date.
    /// Replaces the evidence list.
    #[arg(long, value_name = "REF")]
    pub evidence: Vec<String>,
    /// Override the finding the rating implies: major, minor, observation, none.
    #[arg(long)]
    pub finding: Option<String>,
    /// Who operates the process (a party of the catalogue).
    #[arg(long, value_name = "PARTY")]
    pub operated_by: Option<String>,
    /// The remediation action.
    #[arg(long, value_name = "WHAT")]
    pub action: Option<String>,
    /// The action's owner.
    #[arg(long)]
    pub owner: Option<String>,
    /// The action's due date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub due: Option<String>,
    /// The action's status: open, in-progress, done.
    #[arg(long)]
    pub status: Option<String>,
    /// The rating the action should reach (default: the top level).
    #[arg(long, value_name = "RATING")]
    pub target: Option<String>,
    /// What is missing, in a sentence.
    #[arg(long)]
    pub gap: Option<String>,
    /// What to do about it (advice, distinct from the tracked action).
    #[arg(long)]
    pub recommendation: Option<String>,
    /// How it was assessed: interview, document-review, observation, sampling, test.
    #[arg(long)]
    pub method: Option<String>,
    /// Someone interviewed for this answer; repeat for more. Replaces the list.
    #[arg(long, value_name = "NAME")]
    pub interviewee: Vec<String>,
    /// Who gives this answer, when not the assessment's assessor.
    #[arg(long, value_name = "NAME")]
    pub assessor: Option<String>,
}

/// Output formats of `score`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum TableOrJson {
    /// A table for people.
    Table,
    /// Stable JSON for programs.
    Json,
}

/// `iso20k score`.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// The assessment file.
    pub file: PathBuf,
    /// How deep to list clauses (1 = top-level only).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=8))]
    pub depth: u8,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
    pub format: TableOrJson,
    /// The day and the evidence age progress is judged by.
    #[command(flatten)]
    pub judging: JudgingArgs,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum CheckFormat {
    /// One line per condition.
    Text,
    /// Stable JSON.
    Json,
    /// JUnit XML, for CI test reports.
    Junit,
}

/// `iso20k check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The assessment file.
    pub file: PathBuf,
    /// Minimum overall readiness, in percent.
    #[arg(long, value_name = "P")]
    pub min_readiness: Option<f64>,
    /// Minimum coverage, in percent.
    #[arg(long, value_name = "P")]
    pub min_coverage: Option<f64>,
    /// Most major nonconformities allowed, systemic ones (several minors in one process)
    /// included.
    #[arg(long, value_name = "N")]
    pub max_major: Option<usize>,
    /// Most minor nonconformities allowed.
    #[arg(long, value_name = "N")]
    pub max_minor: Option<usize>,
    /// Require the readiness stage N of the catalogue (1 = Stage 1, 2 = Stage 2). Without any
    /// threshold, check gates on stage 1.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..))]
    pub stage: Option<u8>,
    /// Fail when any evidence is stale (see --evidence-max-age).
    #[arg(long)]
    pub fail_on_stale_evidence: bool,
    /// Fail when any process with a capability target (`iso20k capability --target`) is
    /// below it.
    #[arg(long)]
    pub capability_targets: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// The day and the evidence age progress is judged by.
    #[command(flatten)]
    pub judging: JudgingArgs,
}

/// Output formats of `report`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ReportFormat {
    /// Markdown, from the built-in template.
    Md,
    /// One self-contained HTML file, from the built-in template.
    Html,
    /// One row per requirement.
    Csv,
    /// The exact context templates receive.
    Json,
    /// OSCAL 1.2 assessment results (JSON), for GRC tools.
    Oscal,
    /// An Excel workbook whose Questionnaire sheet `iso20k import` reads back.
    Xlsx,
    /// A Word document (.docx), the same sections as the HTML report; needs -o FILE.
    Docx,
}

/// Who a report is written for.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
pub enum Audience {
    /// Everything, with the per-requirement appendix.
    #[default]
    Full,
    /// A client's management: findings with their gap, recommendation and action, the
    /// method and its limits, no appendix, client words instead of ids.
    Client,
}

/// `iso20k report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The assessment file.
    #[arg(required_unless_present = "init_templates")]
    pub file: Option<PathBuf>,
    /// Output format (ignored with --template); without it, the -o file's extension decides
    /// (.md, .html or .htm, .docx, .csv, .oscal.json, other .json, .xlsx), else md.
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// Who the report is for (HTML, DOCX, JSON and --template): `client` is what a
    /// client's management reads, `full` everything.
    #[arg(long, value_enum, default_value_t = Audience::Full)]
    pub audience: Audience,
    /// A YAML file with the consultancy's firm, logo, confidentiality marking, document
    /// version, distribution and sign-off, shown on the cover (HTML, DOCX, JSON and
    /// --template).
    #[arg(long, value_name = "FILE")]
    pub brand: Option<PathBuf>,
    /// Render this tera template instead of a built-in format.
    #[arg(long, value_name = "FILE", conflicts_with = "format")]
    pub template: Option<PathBuf>,
    /// Write the report to this file (atomically) instead of stdout; `-` is stdout. A FIFO
    /// or a device such as /dev/null is written into; a link is followed to its file.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// How CSV is written.
    #[command(flatten)]
    pub csv: CsvArgs,
    /// Write the built-in templates into DIR as a starting point, then stop.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["file", "template", "output"])]
    pub init_templates: Option<PathBuf>,
    /// The day and the evidence age progress is judged by.
    #[command(flatten)]
    pub judging: JudgingArgs,
}

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum DiffFormat {
    /// Tables for people.
    Table,
    /// Markdown, for a pull-request comment or a CI job summary.
    Md,
    /// Stable JSON.
    Json,
}

/// `iso20k diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old assessment: a file, or REV:PATH read from git (e.g. main:assessment.yaml).
    pub old: String,
    /// The new assessment: a file, or REV:PATH.
    pub new: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
    pub format: DiffFormat,
    /// Exit 1 when a requirement's score went down, a major nonconformity appeared or
    /// overall readiness fell.
    #[arg(long)]
    pub fail_on_regression: bool,
    /// Exit 1 when a process's capability level fell, or a process is below its capability
    /// target and was not before. Capability is a second axis: without this flag it is
    /// shown and never fails the command.
    #[arg(long)]
    pub fail_on_capability_regression: bool,
    /// When OLD does not exist (not on disk, or not in its git revision, as in the first
    /// pull request that adds the assessment), compare against an empty assessment instead
    /// of failing. A git revision that does not exist is still an error.
    #[arg(long)]
    pub old_missing_ok: bool,
}

/// Output formats of `actions`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ActionsFormat {
    /// A table for people.
    Table,
    /// Stable JSON.
    Json,
    /// One row per action.
    Csv,
}

/// `iso20k actions`.
#[derive(Debug, Args)]
pub struct ActionsArgs {
    /// The assessment file.
    pub file: PathBuf,
    /// Only actions past their due date.
    #[arg(long)]
    pub overdue: bool,
    /// Only actions of this owner.
    #[arg(long)]
    pub owner: Option<String>,
    /// Only actions in this status: open, in-progress, done.
    #[arg(long)]
    pub status: Option<String>,
    /// Judge overdue actions on this date (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ActionsFormat::Table)]
    pub format: ActionsFormat,
    /// How CSV is written.
    #[command(flatten)]
    pub csv: CsvArgs,
}

/// Output formats of `catalogue show`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum TextOrJson {
    /// Text for people.
    Text,
    /// Stable JSON.
    Json,
}

/// `iso20k catalogue ...`.
#[derive(Debug, Subcommand)]
pub enum CatalogueCommand {
    /// The clause tree with requirement counts.
    List {
        /// How deep to list clauses.
        #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u8).range(1..=8))]
        depth: u8,
        /// Output format; json prints the whole catalogue.
        #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
        format: TableOrJson,
    },
    /// One clause with its requirements, or one requirement in full.
    Show {
        /// A clause number (8.5.1) or requirement id (8.5.1.3-2).
        id: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
    },
    /// Check a catalogue file and report every problem with its place.
    Validate {
        /// The catalogue file.
        path: PathBuf,
    },
}

#[cfg(test)]
mod tests {
    #[test]
    fn clap_definition_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
