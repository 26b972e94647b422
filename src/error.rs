//! The library's error type: one enum whose variants say which stage failed and carry the numbers.
//!
//! Scenario problems are collected (not fail-first) so a user sees every mistake in a file at once;
//! each carries the file, line, column and key path. Solver failures carry the simulated time and
//! the
//! stocks that went wrong. Every variant has a stable snake_case [`Error::code`] that tests assert
//! on.

use std::fmt;
use std::path::PathBuf;

/// Where in a scenario file a problem was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, as the user named it.
    pub file: PathBuf,
    /// 1-based line (0 when the problem has no single place, such as a missing key).
    pub line: usize,
    /// 1-based column (in characters).
    pub col: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.file.display())
        } else {
            write!(f, "{}:{}:{}", self.file.display(), self.line, self.col)
        }
    }
}

/// What kind of scenario problem was found; [`ScenarioIssue::code`] is stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum IssueKind {
    /// The file is not valid TOML.
    Syntax,
    /// A key that the schema does not know.
    UnknownKey,
    /// A required key is absent.
    MissingKey,
    /// A value of the wrong TOML type.
    WrongType,
    /// A number outside its allowed range, or not finite.
    OutOfRange,
    /// The unit written in the file differs from the unit the model uses.
    WrongUnit,
    /// An unknown provenance tag, or a derived value without a note.
    BadSource,
    /// Sector list empty, ids duplicated or malformed.
    BadSectors,
    /// Allocation shares that do not sum to one.
    BadShares,
    /// Inconsistent time settings (horizon before start, report step).
    BadTime,
    /// A malformed time path or lookup table.
    BadPath,
    /// Initial conditions that cannot be reconciled (e.g. labour demand above the labour force).
    Inconsistent,
    /// `extends` chains back to a file already in the chain.
    ExtendsCycle,
    /// The file named by `extends` does not exist.
    MissingParent,
    /// The same thing given twice where the second would silently replace the first (a swept
    /// parameter listed twice).
    Duplicate,
}

impl IssueKind {
    /// Stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            IssueKind::Syntax => "toml_syntax",
            IssueKind::UnknownKey => "unknown_key",
            IssueKind::MissingKey => "missing_key",
            IssueKind::WrongType => "wrong_type",
            IssueKind::OutOfRange => "out_of_range",
            IssueKind::WrongUnit => "wrong_unit",
            IssueKind::BadSource => "bad_source",
            IssueKind::BadSectors => "bad_sectors",
            IssueKind::BadShares => "bad_shares",
            IssueKind::BadTime => "bad_time",
            IssueKind::BadPath => "bad_path",
            IssueKind::Inconsistent => "inconsistent",
            IssueKind::ExtendsCycle => "extends_cycle",
            IssueKind::MissingParent => "missing_parent",
            IssueKind::Duplicate => "duplicate",
        }
    }
}

/// One problem in a scenario file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioIssue {
    /// What went wrong, as a class.
    pub kind: IssueKind,
    /// Where.
    pub location: Location,
    /// Dotted key path, e.g. `levers.housing_subsidy.value`.
    pub key: String,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl ScenarioIssue {
    /// Stable snake_case code of this issue.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }
}

impl fmt::Display for ScenarioIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            write!(f, "{}: {}", self.location, self.message)
        } else {
            write!(f, "{}: {}: {}", self.location, self.key, self.message)
        }
    }
}

/// Every problem found in one scenario file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioError {
    /// The problems, in file order.
    pub issues: Vec<ScenarioIssue>,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_issues(f, "", &self.issues)
    }
}

impl std::error::Error for ScenarioError {}

/// `N problems in <what><file>`, then one line per issue with its code.
fn write_issues(f: &mut fmt::Formatter<'_>, what: &str, issues: &[ScenarioIssue]) -> fmt::Result {
    let n = issues.len();
    let file = issues.first().map_or_else(String::new, |i| {
        format!(" in {what}{}", i.location.file.display())
    });
    write!(f, "{} problem{}{file}", n, if n == 1 { "" } else { "s" })?;
    for issue in issues {
        write!(f, "\n  {issue} [{}]", issue.code())?;
    }
    Ok(())
}

/// Which kind of analysis spec file a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SpecKind {
    /// A sweep specification (`sweeps/*.toml`).
    Sweep,
    /// A behaviour-checks file (`checks/*.toml`).
    Checks,
    /// A calibration specification (`calibrations/*.toml`).
    Calibration,
    /// An optimisation specification (`optimizations/*.toml`).
    Optimization,
}

impl SpecKind {
    /// What the file is called in messages.
    pub fn noun(self) -> &'static str {
        match self {
            SpecKind::Sweep => "sweep spec",
            SpecKind::Checks => "checks file",
            SpecKind::Calibration => "calibration spec",
            SpecKind::Optimization => "optimisation spec",
        }
    }
}

/// Every problem found in one analysis spec file, each located like a scenario problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// Which kind of spec.
    pub kind: SpecKind,
    /// The problems, in file order.
    pub issues: Vec<ScenarioIssue>,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_issues(f, &format!("{} ", self.kind.noun()), &self.issues)
    }
}

impl std::error::Error for SpecError {}

/// Errors of the library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The scenario file has one or more problems.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// A sweep, checks or calibration spec has one or more problems (its base scenario's own
    /// problems are [`Error::Scenario`]).
    #[error(transparent)]
    Spec(#[from] SpecError),
    /// Reading or writing a file failed.
    #[error("{}: {cause}", path.display())]
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// The operating system's error (not a `source`, so `{:#}` does not print it twice).
        cause: std::io::Error,
    },
    /// An input path that is not a regular file (a named pipe would block the read forever; a
    /// directory or device is not an input file).
    #[error("{}: is {what}, not a regular file; give the path of a file", path.display())]
    NotAFile {
        /// The path given.
        path: PathBuf,
        /// What it is instead, e.g. "a named pipe (FIFO)".
        what: &'static str,
    },
    /// A command-line request that does not fit its inputs (a `--baseline` or `--rank-by` naming
    /// nothing, two compared scenarios with the same name).
    #[error("{message}")]
    Invalid {
        /// What is wrong and what to do.
        message: String,
    },
    /// Sweep shards that do not make one sweep (different specs, overlapping or missing runs).
    #[error("cannot merge the shards: {message}")]
    InconsistentShards {
        /// What does not fit and what to do.
        message: String,
    },
    /// A row of the calibration history (data/history.csv) that cannot be read.
    #[error("{}:{line}: {message}", path.display())]
    BadHistory {
        /// The history file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong with the row.
        message: String,
    },
    /// No row of the calibration history can be compared with the run (no weighted series has
    /// a row inside the simulated years), so there is nothing to fit.
    #[error("{}: {message}", path.display())]
    UnusableHistory {
        /// The history file.
        path: PathBuf,
        /// Which series were looked for and why none of their rows is usable.
        message: String,
    },
    /// The optimiser of a calibration could not be set up or gave no result.
    #[error("calibration failed: {message}")]
    CalibrationFailed {
        /// What the optimiser reported.
        message: String,
    },
    /// The integrator gave up (step-size underflow, too many steps, stiffness).
    #[error("solver failed at t = {t:.4}: {reason}")]
    SolverFailed {
        /// Simulated time (years) where it failed.
        t: f64,
        /// What the integrator reported.
        reason: String,
    },
    /// A state variable became NaN or infinite.
    #[error("solver failed at t = {t:.4}: non-finite value in {}", stocks.join(", "))]
    NonFinite {
        /// Simulated time (years) at the end of the failed interval.
        t: f64,
        /// The stocks that are not finite, e.g. `K[energy_chem]`.
        stocks: Vec<String>,
    },
    /// A state outside the model's plausibility bounds (more talent than the labour force, a share
    /// outside [0, 1], capacity beyond a stated multiple of the start): the parameters have taken
    /// the model out of its domain, and no numbers are written.
    #[error(
        "implausible result at t = {t:.4}: {variable} = {value:.6e} exceeds {bound}; the \
        parameters have taken the model outside its domain (docs/model.md §8, Plausibility)"
    )]
    Implausible {
        /// Simulated time (years).
        t: f64,
        /// The variable.
        variable: String,
        /// Its value.
        value: f64,
        /// The bound, in words with its value.
        bound: String,
    },
    /// A stock went below zero by more than rounding.
    #[error("solver failed at t = {t:.4}: negative stock {stock} = {value:.6e}")]
    NegativeStock {
        /// Simulated time (years).
        t: f64,
        /// Which stock, e.g. `S[food_bev]`.
        stock: String,
        /// Its value.
        value: f64,
    },
    /// The output directory exists and is not empty, and overwriting was not asked for.
    #[error("{} exists and is not empty; pass --force to overwrite it, or choose another \
        --out", path.display())]
    OutputExists {
        /// The directory.
        path: PathBuf,
    },
    /// `--force` was asked to replace a non-empty folder that talentloop did not write.
    #[error("{} is not empty and holds no manifest.json or calibration.json, so talentloop did \
        not write it; --force replaces only a talentloop output folder (as a whole): remove it \
        yourself or choose another --out", path.display())]
    NotOutputFolder {
        /// The directory.
        path: PathBuf,
    },
    /// Another command is writing the output directory: its lock file exists and the process
    /// that made it is running.
    #[error("{} is being written by another talentloop command ({holder}); its lock file is {}. \
        Wait for it to finish, or remove the lock file if no such command runs", target.display(),
        lock.display())]
    Locked {
        /// The output directory.
        target: PathBuf,
        /// Its lock file.
        lock: PathBuf,
        /// The writer recorded in the lock: pid and command line.
        holder: String,
    },
    /// A file of an output directory differs from the list in its manifest (missing, changed,
    /// or not listed): the directory was changed after talentloop wrote it.
    #[error("{}: {message}", path.display())]
    OutputChanged {
        /// The file.
        path: PathBuf,
        /// What differs and what to do.
        message: String,
    },
    /// A file that `plot` or `report` reads back is missing, damaged or not one talentloop wrote.
    #[error("{}: {message}", path.display())]
    BadOutput {
        /// The file.
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
    /// A chart could not be drawn (the plotting backend failed, or its data are not finite).
    #[error("chart {chart}: {message}")]
    ChartFailed {
        /// The chart's title or file.
        chart: String,
        /// What went wrong.
        message: String,
    },
    /// A sweep or run whose estimated size is over the limit, refused before it starts (so that
    /// a design the schema allows does not abort hours or gigabytes later with nothing written).
    #[error("{what} refused before it starts: {estimate} is over the limit of {limit}; {advice}")]
    TooLarge {
        /// What was refused (`sweep`, `run`).
        what: String,
        /// The estimate, e.g. `10,000,000 runs, ≈ 2.9 GB, ≈ 2.5 h on 2 threads`.
        estimate: String,
        /// The limit exceeded, e.g. `2 GB of memory`.
        limit: String,
        /// How to go ahead anyway or make it smaller.
        advice: String,
    },
    /// Serialising results (JSON, CSV) failed.
    #[error("could not serialise {what}: {message}")]
    Serialise {
        /// What was being written.
        what: String,
        /// The serialiser's message.
        message: String,
    },
}

impl Error {
    /// Stable snake_case code of this error (for tests and scripts).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Scenario(e) => e.issues.first().map_or("scenario", |i| i.code()),
            // The first issue's code, as for scenarios: the codes name what is wrong.
            Error::Spec(e) => e.issues.first().map_or("spec", |i| i.code()),
            Error::Io { .. } => "io",
            Error::NotAFile { .. } => "not_a_file",
            Error::Invalid { .. } => "invalid",
            Error::InconsistentShards { .. } => "inconsistent_shards",
            Error::BadHistory { .. } => "bad_history",
            Error::UnusableHistory { .. } => "unusable_history",
            Error::CalibrationFailed { .. } => "calibration_failed",
            Error::SolverFailed { .. } => "solver_failed",
            Error::NonFinite { .. } => "non_finite",
            Error::NegativeStock { .. } => "negative_stock",
            Error::Implausible { .. } => "implausible",
            Error::OutputExists { .. } => "output_exists",
            Error::BadOutput { .. } => "bad_output",
            Error::NotOutputFolder { .. } => "not_output_folder",
            Error::Locked { .. } => "locked",
            Error::OutputChanged { .. } => "output_changed",
            Error::ChartFailed { .. } => "chart_failed",
            Error::TooLarge { .. } => "too_large",
            Error::Serialise { .. } => "serialise",
        }
    }

    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, cause: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            cause,
        }
    }
}

/// Result alias for the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
