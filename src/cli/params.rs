//! `talentloop params`: print the assumption register, optionally filtered by source tag and role.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use talentloop::output::register;
use talentloop::scenario::schema::Role;
use talentloop::scenario::{self, Source};

use super::out::{out, outln, Out};

/// Output format of the register.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// Aligned text.
    Table,
    /// CSV (UTF-8 with BOM), for Excel, pandas or R.
    Csv,
}

/// Provenance tag filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Tag {
    /// The research report.
    Seed,
    /// Government statistics.
    Official,
    /// Press quoting an official body.
    Press,
    /// A cited paper or model.
    Literature,
    /// Arithmetic on tagged figures.
    Derived,
    /// No source: to be swept.
    Assumption,
}

impl Tag {
    fn source(self) -> Source {
        match self {
            Tag::Seed => Source::Seed,
            Tag::Official => Source::Official,
            Tag::Press => Source::Press,
            Tag::Literature => Source::Literature,
            Tag::Derived => Source::Derived,
            Tag::Assumption => Source::Assumption,
        }
    }
}

/// The roles `--role` takes: the parameters' and `lookup`, the role the register gives the
/// graphical functions.
const ROLES: [&str; 7] = [
    Role::NAMES[0],
    Role::NAMES[1],
    Role::NAMES[2],
    Role::NAMES[3],
    Role::NAMES[4],
    Role::NAMES[5],
    "lookup",
];

/// Arguments of `params`.
#[derive(Debug, Args)]
pub struct ParamsArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// Show only parameters with this source tag (repeatable).
    #[arg(long, value_enum)]
    pub tag: Vec<Tag>,
    /// Show only parameters with this role (repeatable): lever, driver, efficacy, behaviour,
    /// initial, structural, or lookup (the graphical functions).
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(ROLES))]
    pub role: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Language of the table (and of the CSV's header, sources and roles): Chinese with `zh`.
    #[arg(long, value_enum, default_value_t = super::plot::LangArg::En)]
    pub lang: super::plot::LangArg,
}

pub fn run(args: ParamsArgs) -> anyhow::Result<ExitCode> {
    let scenario = scenario::load(&args.scenario)?;
    let wanted: Vec<Source> = args.tag.iter().map(|t| t.source()).collect();
    let rows: Vec<_> = register::rows(&scenario)
        .into_iter()
        .filter(|r| wanted.is_empty() || wanted.contains(&r.source))
        .filter(|r| args.role.is_empty() || args.role.iter().any(|role| role == r.role))
        .collect();
    let text = match args.format {
        Format::Table if matches!(args.lang, super::plot::LangArg::Zh) => {
            register::to_table_zh(&rows)
        }
        Format::Table => register::to_table(&rows),
        Format::Csv => register::to_csv(&rows, matches!(args.lang, super::plot::LangArg::Zh)),
    };
    let mut stdout = Out::stdout();
    out!(stdout, "{text}")?;
    if matches!(args.format, Format::Table) {
        let mut counts = std::collections::BTreeMap::new();
        for r in &rows {
            *counts.entry(r.source.as_str()).or_insert(0usize) += 1;
        }
        let parts: Vec<String> = counts.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        outln!(stdout, "\n{} parameters ({})", rows.len(), parts.join(", "))?;
    }
    Ok(ExitCode::SUCCESS)
}
