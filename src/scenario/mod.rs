//! Scenarios: the validated, provenance-tagged description of one policy run, read from TOML.
//!
//! [`load()`] reads a file, checks it against [`schema`] and returns a [`Scenario`] or a
//! [`ScenarioError`](crate::error::ScenarioError) listing every problem with file, line, column and
//! key. After loading, every parameter of the schema is present, finite, in range and tagged.

pub mod address;
pub(crate) mod load;
pub mod path;
pub mod registry;
pub mod schema;

pub use load::{apply_override, load, load_str};
pub use path::TimePath;

use std::fmt;
use std::path::PathBuf;

/// Where a number comes from. Every parameter carries one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    /// The research report in ../shared/seed.
    Seed,
    /// Government statistics.
    Official,
    /// Press or an official account quoting an official body (or a secondary aggregator citing
    /// one).
    Press,
    /// A cited paper or model.
    Literature,
    /// Arithmetic on tagged figures (the note shows it).
    Derived,
    /// No source: a modelling assumption, to be swept.
    Assumption,
}

impl Source {
    /// All tags, in documentation order.
    pub const ALL: [Source; 6] = [
        Source::Seed,
        Source::Official,
        Source::Press,
        Source::Literature,
        Source::Derived,
        Source::Assumption,
    ];

    /// The tag as written in scenario files.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Seed => "seed",
            Source::Official => "official",
            Source::Press => "press",
            Source::Literature => "literature",
            Source::Derived => "derived",
            Source::Assumption => "assumption",
        }
    }

    /// The tag as a Chinese reader sees it (reports, the explorer).
    pub fn zh(self) -> &'static str {
        match self {
            Source::Seed => "研究报告",
            Source::Official => "官方统计",
            Source::Press => "新闻报道",
            Source::Literature => "文献",
            Source::Derived => "推算",
            Source::Assumption => "假设",
        }
    }

    /// Parses a tag.
    pub fn parse(s: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One parameter value with its provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The value (constant or time path) in the schema's unit.
    pub value: TimePath,
    /// Provenance tag.
    pub source: Source,
    /// Free-text note (required for `derived`: the arithmetic).
    pub note: String,
    /// The file (or `--set` flag) that gave this value.
    pub file: PathBuf,
    /// Line in that file where it was given (0 for `--set`).
    pub line: usize,
}

/// One file or override in a scenario's inheritance chain.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    /// The file (or `--set …` label).
    pub file: PathBuf,
    /// SHA-256 of its text.
    pub sha256: String,
}

/// One sector of the industry system (data, never code).
#[derive(Debug, Clone, PartialEq)]
pub struct Sector {
    /// ASCII snake_case id, e.g. `adv_materials`.
    pub id: String,
    /// Chinese name, e.g. 先进材料.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// Group in the 5+2+3 system (`leading`, `advantage`, `support`, or another label).
    pub group: String,
    /// Whether the sector counts as manufacturing (for the high-tech share and industrial growth).
    pub manufacturing: bool,
    /// Parameters, in the order of [`schema::SECTOR_PARAMS`].
    pub params: Vec<Param>,
}

impl Sector {
    /// The parameter `key` of [`schema::SECTOR_PARAMS`].
    pub fn param(&self, key: &str) -> &Param {
        let index = schema::SECTOR_PARAMS
            .iter()
            .position(|d| d.key == key)
            .unwrap_or_else(|| unreachable!("unknown sector parameter {key}"));
        &self.params[index]
    }

    /// Mutable access to the parameter `key` (for sweeps and tests).
    pub fn param_mut(&mut self, key: &str) -> &mut Param {
        let index = schema::SECTOR_PARAMS
            .iter()
            .position(|d| d.key == key)
            .unwrap_or_else(|| unreachable!("unknown sector parameter {key}"));
        &mut self.params[index]
    }
}

/// A graphical function (piecewise linear, clamped outside its points).
#[derive(Debug, Clone, PartialEq)]
pub struct Lookup {
    /// Name, one of [`schema::LOOKUPS`].
    pub name: String,
    /// (x, y) points with strictly increasing x.
    pub points: Vec<(f64, f64)>,
    /// Provenance tag.
    pub source: Source,
    /// Note.
    pub note: String,
}

/// Normalisation of one coupling-coordination indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct CouplingBound {
    /// Value normalised to 0.
    pub lower: f64,
    /// Value normalised to 1.
    pub upper: f64,
    /// Weight within its subsystem.
    pub weight: f64,
    /// Provenance tag.
    pub source: Source,
    /// Note.
    pub note: String,
}

/// Integration method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Adaptive Dormand–Prince 5(4) with dense output.
    Dopri5,
    /// Classical fixed-step Runge–Kutta 4.
    Rk4,
}

impl Method {
    /// Name as written in scenario files.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Dopri5 => "dopri5",
            Method::Rk4 => "rk4",
        }
    }
}

/// Two times (years) closer than this (≈ 0.03 s) are the same date: breakpoints, segment ends,
/// reporting rows and milestone years are matched with it.
pub const TIME_EPSILON: f64 = 1e-9;

/// An optional fiscal budget (`[budget]`) for the talent programmes of a scenario: spending on
/// every cost line except the public salaries of 编制 posts (C13, the establishment's payroll),
/// from the start year (docs/scenarios.md §5a).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Budget {
    /// Most the programmes may spend over the whole run (亿元).
    pub max_total: Option<f64>,
    /// Most they may spend in any calendar year (亿元).
    pub max_per_year: Option<f64>,
}

impl Budget {
    /// Whether a budget is set at all.
    pub fn is_set(&self) -> bool {
        self.max_total.is_some() || self.max_per_year.is_some()
    }
}

/// Simulation time settings (years).
#[derive(Debug, Clone, PartialEq)]
pub struct TimeSettings {
    /// Start (a whole year; the initial state is that year's).
    pub start: f64,
    /// Horizon.
    pub end: f64,
    /// Reporting step, 1/k of a year.
    pub report_step: f64,
}

impl TimeSettings {
    /// Number of reporting intervals.
    pub fn n_intervals(&self) -> usize {
        ((self.end - self.start) / self.report_step).round() as usize
    }

    /// Reporting time of row `index` (computed from the index, never accumulated).
    pub fn time_at(&self, index: usize) -> f64 {
        self.start + index as f64 * self.report_step
    }

    /// Rows per year.
    pub fn rows_per_year(&self) -> usize {
        (1.0 / self.report_step).round() as usize
    }
}

/// Solver settings.
#[derive(Debug, Clone, PartialEq)]
pub struct SolverSettings {
    /// Method.
    pub method: Method,
    /// Relative tolerance (Dopri5).
    pub rtol: f64,
    /// Absolute tolerance (Dopri5).
    pub atol: f64,
    /// Step (RK4), years; at most the reporting step.
    pub rk4_step: f64,
}

impl Default for SolverSettings {
    fn default() -> Self {
        SolverSettings {
            method: Method::Dopri5,
            // At 1e-5 a small flow (returns of mismatched deployed staff) misses the stated
            // accuracy of 1e-4 of its scale; 3e-6 keeps every reported variable within it.
            rtol: 3e-6,
            atol: 3e-6,
            rk4_step: 1.0 / 64.0,
        }
    }
}

/// A validated scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// The file it was read from.
    pub file: PathBuf,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// Every layer, root parent first: the `extends` chain, then `--set` overrides.
    pub layers: Vec<Layer>,
    /// `--set` assignments applied, in order.
    pub overrides: Vec<String>,
    /// Short ASCII name (used for the default output directory).
    pub name: String,
    /// Title (Chinese).
    pub title_zh: String,
    /// Description.
    pub description: String,
    /// Time settings.
    pub time: TimeSettings,
    /// Solver settings.
    pub solver: SolverSettings,
    /// Global parameters: `globals[g][p]` is parameter `p` of group `g` of [`schema::GROUPS`].
    pub globals: Vec<Vec<Param>>,
    /// Sectors, in file order.
    pub sectors: Vec<Sector>,
    /// Lookups, in the order of [`schema::LOOKUPS`].
    pub lookups: Vec<Lookup>,
    /// Weight α of the talent subsystem in the coordination index (β = 1 − α).
    pub coupling_talent_weight: f64,
    /// Bounds in the order of [`schema::COUPLING_INDICATORS`].
    pub coupling: Vec<CouplingBound>,
    /// The fiscal budget the run is reported against (none by default).
    pub budget: Budget,
    /// Re-derive the constants of the balanced start (`params.balance`, the `derived` sector
    /// constants) from this scenario's own start year instead of using the stored values
    /// (`--rebalance`; docs/model.md §4).
    pub rebalance: bool,
}

impl Scenario {
    /// The global parameter `group.key`.
    pub fn global(&self, group: &str, key: &str) -> &Param {
        let (g, p) = global_index(group, key)
            .unwrap_or_else(|| unreachable!("unknown parameter params.{group}.{key}"));
        &self.globals[g][p]
    }

    /// Mutable access to the global parameter `group.key` (for sweeps and tests).
    pub fn global_mut(&mut self, group: &str, key: &str) -> &mut Param {
        let (g, p) = global_index(group, key)
            .unwrap_or_else(|| unreachable!("unknown parameter params.{group}.{key}"));
        &mut self.globals[g][p]
    }

    /// The lookup named `name`.
    pub fn lookup(&self, name: &str) -> &Lookup {
        self.lookups
            .iter()
            .find(|l| l.name == name)
            .unwrap_or_else(|| unreachable!("unknown lookup {name}"))
    }

    /// Every date inside the run where some path jumps or changes slope, sorted, deduplicated.
    pub fn breakpoints(&self) -> Vec<f64> {
        let mut dates: Vec<f64> = self
            .globals
            .iter()
            .flatten()
            .chain(self.sectors.iter().flat_map(|s| s.params.iter()))
            .flat_map(|p| p.value.breakpoints())
            .filter(|&d| d > self.time.start && d < self.time.end)
            .collect();
        dates.sort_by(f64::total_cmp);
        dates.dedup_by(|a, b| (*a - *b).abs() < TIME_EPSILON);
        dates
    }
}

/// Index (group, parameter) of a global parameter in [`schema::GROUPS`].
pub fn global_index(group: &str, key: &str) -> Option<(usize, usize)> {
    let g = schema::GROUPS.iter().position(|x| x.name == group)?;
    let p = schema::GROUPS[g].params.iter().position(|x| x.key == key)?;
    Some((g, p))
}
