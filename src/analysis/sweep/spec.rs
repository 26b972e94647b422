//! Sweep specifications (`sweeps/*.toml`): the base scenario, the parameters to vary and their
//! distributions, the outputs of interest, the method, the seed and the sample size.
//!
//! Validation is as strict as for scenarios: every problem is reported with file, line, column,
//! key and what is allowed; parameter keys are checked against the base scenario with
//! did-you-mean suggestions.

use std::path::{Path, PathBuf};

use statrs::distribution::{ContinuousCDF, LogNormal, Normal};
use toml::de::DeTable;

use crate::diagnostics::{get, join, read_spec_file, Diagnostics, Value};
use crate::error::{Error, IssueKind, SpecKind};
use crate::scenario::load::read_source;
use crate::scenario::schema::{self, ParamDef, Variation};
use crate::scenario::{self, Scenario, TimePath};

// Addresses are parsed by the scenario's addressing module; `Target` is re-exported here because
// sweep and calibration outputs name it by this path.
pub use crate::scenario::address::Target;

/// How a sampled number is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The number replaces the parameter's value.
    Value,
    /// The number multiplies the parameter (its whole time path, or each sector's value).
    Scale,
}

/// A probability distribution of one parameter (or a list of values).
#[derive(Debug, Clone, PartialEq)]
pub enum Distribution {
    /// Uniform on [lower, upper].
    Uniform {
        /// Lower bound.
        lower: f64,
        /// Upper bound.
        upper: f64,
    },
    /// Triangular on [lower, upper] with its peak at `mode`.
    Triangular {
        /// Lower bound.
        lower: f64,
        /// Peak.
        mode: f64,
        /// Upper bound.
        upper: f64,
    },
    /// Normal, optionally truncated to [lower, upper].
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        sd: f64,
        /// Truncation.
        lower: f64,
        /// Truncation.
        upper: f64,
    },
    /// Lognormal (`mu`, `sigma` of the logarithm), optionally truncated.
    LogNormal {
        /// Mean of ln x.
        mu: f64,
        /// Standard deviation of ln x.
        sigma: f64,
        /// Truncation.
        lower: f64,
        /// Truncation.
        upper: f64,
    },
    /// Equally likely values.
    Discrete(Vec<f64>),
}

/// Unbounded distributions are evaluated within these quantiles where a design needs end points
/// (OAT, grids, Morris levels at 0 and 1).
const TAIL: f64 = 0.001;

impl Distribution {
    /// The value at quantile `u` in [0, 1].
    pub fn quantile(&self, u: f64) -> f64 {
        let u = u.clamp(0.0, 1.0);
        match self {
            Distribution::Uniform { lower, upper } => lower + u * (upper - lower),
            Distribution::Triangular { lower, mode, upper } => {
                let (a, c, b) = (*lower, *mode, *upper);
                if b <= a {
                    return a;
                }
                let fc = (c - a) / (b - a);
                if u < fc {
                    a + (u * (b - a) * (c - a)).sqrt()
                } else {
                    b - ((1.0 - u) * (b - a) * (b - c)).sqrt()
                }
            }
            Distribution::Normal {
                mean,
                sd,
                lower,
                upper,
            } => match Normal::new(*mean, *sd) {
                Ok(d) => truncated(|x| d.cdf(x), |p| d.inverse_cdf(p), *lower, *upper, u),
                Err(_) => *mean,
            },
            Distribution::LogNormal {
                mu,
                sigma,
                lower,
                upper,
            } => match LogNormal::new(*mu, *sigma) {
                Ok(d) => truncated(|x| d.cdf(x), |p| d.inverse_cdf(p), *lower, *upper, u),
                Err(_) => mu.exp(),
            },
            Distribution::Discrete(values) => {
                let n = values.len();
                let k = ((u * n as f64).floor() as usize).min(n.saturating_sub(1));
                values.get(k).copied().unwrap_or(f64::NAN)
            }
        }
    }

    /// Low and high end used by one-at-a-time designs.
    pub fn ends(&self) -> (f64, f64) {
        match self {
            Distribution::Discrete(values) => (
                values.iter().copied().fold(f64::INFINITY, f64::min),
                values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            ),
            _ => (self.quantile(0.0), self.quantile(1.0)),
        }
    }
}

/// Inverse CDF restricted to [lower, upper]; an infinite bound is replaced by the TAIL quantile so
/// that u = 0 and u = 1 stay finite.
fn truncated(
    cdf: impl Fn(f64) -> f64,
    inverse: impl Fn(f64) -> f64,
    lower: f64,
    upper: f64,
    u: f64,
) -> f64 {
    let p_lo = if lower.is_finite() { cdf(lower) } else { TAIL };
    let p_hi = if upper.is_finite() {
        cdf(upper)
    } else {
        1.0 - TAIL
    };
    // max/min, not clamp: clamp panics on crossed bounds, and a quantile must never panic
    // (the spec reader refuses lower > upper before any quantile is taken).
    inverse(p_lo + u * (p_hi - p_lo)).max(lower).min(upper)
}

/// One varied parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepParam {
    /// The key as written (e.g. `params.high_level.quit_rate_new`).
    pub key: String,
    /// Where it lives.
    pub target: Target,
    /// How the sampled number is applied.
    pub mode: Mode,
    /// Its distribution.
    pub distribution: Distribution,
    /// Levels in a grid design.
    pub levels: usize,
    /// The base scenario's value (1 in scale mode).
    pub base: f64,
    /// The year from which the sampled value applies (a step from the base path); None: from
    /// the start, which also changes the start-year state derived from the lever.
    pub from: Option<f64>,
}

/// The scalar summary of an output series.
#[derive(Debug, Clone, PartialEq)]
pub enum Stat {
    /// Value at a year.
    At(f64),
    /// Largest value.
    Max,
    /// Smallest value.
    Min,
    /// Mean over the reporting times.
    Mean,
    /// First reporting time at which the series is at or beyond a threshold (empty if never).
    Crossing {
        /// Threshold.
        threshold: f64,
        /// Crossing upwards (true) or downwards.
        above: bool,
    },
}

/// One scalar output of interest.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputSpec {
    /// Column name in samples.csv.
    pub name: String,
    /// Indicator variable.
    pub variable: String,
    /// Category (`H`, `S`, `G` or empty).
    pub category: String,
    /// Sector id, or None for a city-wide value.
    pub sector: Option<String>,
    /// Summary.
    pub stat: Stat,
}

/// A series whose percentile bands are reported: (variable, category, sector).
#[derive(Debug, Clone, PartialEq)]
pub struct BandSpec {
    /// Variable.
    pub variable: String,
    /// Category.
    pub category: String,
    /// Sector id, or None.
    pub sector: Option<String>,
}

/// The design method.
#[derive(Debug, Clone, PartialEq)]
pub enum Method {
    /// One at a time: the base run, then each parameter at its low and its high end.
    Oat,
    /// Full factorial over each parameter's levels.
    Grid,
    /// Independent random samples.
    MonteCarlo {
        /// Runs.
        samples: usize,
    },
    /// Latin hypercube.
    Lhs {
        /// Runs.
        samples: usize,
    },
    /// Saltelli sampling on an Owen-scrambled Sobol sequence.
    Sobol {
        /// Base samples N (runs = N·(D + 2), or N·(2D + 2) with second order).
        samples: usize,
        /// Also estimate second-order indices.
        second_order: bool,
        /// Bootstrap resamples for confidence intervals.
        bootstrap: usize,
    },
    /// Morris elementary effects.
    Morris {
        /// Trajectories r (runs = r·(D + 1)).
        trajectories: usize,
        /// Grid levels p.
        levels: usize,
    },
}

impl Method {
    /// Name as written in specs.
    pub fn as_str(&self) -> &'static str {
        match self {
            Method::Oat => "oat",
            Method::Grid => "grid",
            Method::MonteCarlo { .. } => "mc",
            Method::Lhs { .. } => "lhs",
            Method::Sobol { .. } => "sobol",
            Method::Morris { .. } => "morris",
        }
    }
}

/// A validated sweep specification.
#[derive(Debug, Clone)]
pub struct SweepSpec {
    /// The spec file.
    pub file: PathBuf,
    /// SHA-256 of the spec file.
    pub sha256: String,
    /// Sweep name (output directory).
    pub name: String,
    /// The base scenario.
    pub scenario: Scenario,
    /// Method.
    pub method: Method,
    /// Seed of every random choice.
    pub seed: u64,
    /// Varied parameters.
    pub parameters: Vec<SweepParam>,
    /// Scalar outputs.
    pub outputs: Vec<OutputSpec>,
    /// Series with percentile bands.
    pub bands: Vec<BandSpec>,
}

/// The optional `from` year of a sampled or fitted parameter: inside the run, and only for a
/// parameter that may follow a time path (a structural constant cannot switch at a date).
/// `Err` when an issue was reported.
pub(crate) fn read_from(
    ctx: &mut Diagnostics,
    t: &DeTable<'_>,
    path: &str,
    key: &str,
    def: &ParamDef,
    scenario: &Scenario,
) -> Result<Option<f64>, ()> {
    let Some(v) = get(t, "from") else {
        return Ok(None);
    };
    let year = ctx
        .number_in(
            v,
            &format!("{path}.from"),
            scenario.time.start,
            scenario.time.end,
            "yr",
        )
        .ok_or(())?;
    if def.variation != Variation::TimePath {
        let what = if key.starts_with("lookups.") {
            "is a lookup's strength, which applies to the whole run and"
        } else {
            "is a structural parameter and"
        };
        ctx.issue(
            IssueKind::WrongType,
            v.span(),
            &format!("{path}.from"),
            format!("{key} {what} cannot switch at a date; `from` applies to levers and drivers"),
        );
        return Err(());
    }
    Ok(Some(year))
}

/// Sets one parameter of `scenario` to `value` (value mode) or multiplies it by `value` (scale
/// mode), in every sector for `sectors.*` targets. Shared by sweeps and calibration.
pub fn set_target(scenario: &mut Scenario, target: Target, mode: Mode, value: f64) {
    set_target_from(scenario, target, mode, value, None);
}

/// As [`set_target`], but with `from = Some(year)` the change applies only from that year: the
/// path keeps its start-year value (so the initial state is the base scenario's) and steps to
/// the sampled value (value mode) or to the scaled path's value at that year (scale mode).
pub fn set_target_from(
    scenario: &mut Scenario,
    target: Target,
    mode: Mode,
    value: f64,
    from: Option<f64>,
) {
    let start = scenario.time.start;
    let set = |path: &mut TimePath| {
        let changed = match mode {
            Mode::Value => TimePath::Constant(value),
            Mode::Scale => path.scaled(value),
        };
        *path = match from {
            Some(year) => TimePath::Step {
                year,
                before: path.at(start),
                after: changed.at(year),
            },
            None => changed,
        };
    };
    if let Some(k) = target.lookup() {
        // A lookup is only ever scaled, by its strength (schema::LOOKUP_STRENGTH): each point's
        // distance from 1 is multiplied, so the balanced start keeps its value 1. Written as
        // y + (s − 1)·(y − 1) so that strength 1 leaves every point bit for bit.
        for (_, y) in &mut scenario.lookups[k].points {
            *y += (value - 1.0) * (*y - 1.0);
        }
        return;
    }
    for param in target.params_mut(scenario) {
        set(&mut param.value);
    }
}

impl SweepSpec {
    /// Applies sampled values (one per parameter, in order) to a copy of the base scenario.
    pub fn apply(&self, values: &[f64]) -> Scenario {
        let mut s = self.scenario.clone();
        for (p, &x) in self.parameters.iter().zip(values) {
            set_target_from(&mut s, p.target, p.mode, x, p.from);
        }
        s
    }
}

/// Reads and validates a sweep spec; the base scenario path is relative to the spec file.
pub fn load_spec(path: &Path) -> Result<SweepSpec, Error> {
    read_spec_file(path, SpecKind::Sweep, read_spec)
}

fn read_spec(
    ctx: &mut Diagnostics,
    root: &DeTable<'_>,
    path: &Path,
) -> Result<Option<SweepSpec>, Error> {
    ctx.check_keys(root, &["sweep", "parameters", "outputs", "bands"], "");
    let Some(sweep_v) = get(root, "sweep") else {
        ctx.missing(
            0..0,
            "sweep",
            "a [sweep] table with scenario, method, samples and seed",
        );
        return Ok(None);
    };
    let Some(sweep) = ctx.table(sweep_v, "sweep") else {
        return Ok(None);
    };
    ctx.check_keys(
        sweep,
        &[
            "name",
            "scenario",
            "method",
            "samples",
            "seed",
            "second_order",
            "bootstrap",
            "levels",
        ],
        "sweep",
    );
    let name = get(sweep, "name")
        .and_then(|v| ctx.string(v, "sweep.name"))
        .unwrap_or_else(|| {
            path.file_stem()
                .map_or("sweep".into(), |s| s.to_string_lossy().into_owned())
        });
    let scenario = match get(sweep, "scenario").and_then(|v| ctx.string(v, "sweep.scenario")) {
        Some(rel) => {
            let scenario_path = path.parent().unwrap_or(Path::new("")).join(&rel);
            if !scenario_path.is_file() {
                let span = get(sweep, "scenario").map_or(0..0, |v| v.span());
                ctx.issue(
                    IssueKind::MissingParent,
                    span,
                    "sweep.scenario",
                    format!(
                        "scenario {} not found (the path is relative to this spec's directory)",
                        scenario_path.display()
                    ),
                );
                None
            } else {
                Some(scenario::load(&scenario_path)?)
            }
        }
        None => {
            if get(sweep, "scenario").is_none() {
                ctx.missing(
                    sweep_v.span(),
                    "sweep.scenario",
                    "the base scenario's path, relative to this file",
                );
            }
            None
        }
    };
    let count = |ctx: &mut Diagnostics, key: &str, default: Option<usize>, max: f64| match get(
        sweep, key,
    ) {
        Some(v) => ctx
            .whole_in(v, &format!("sweep.{key}"), 1.0, max)
            .map(|n| n as usize),
        None => default,
    };
    let seed = ctx
        .required(
            sweep,
            "seed",
            sweep_v.span(),
            "sweep",
            "a whole number: the same seed gives the same samples",
        )
        .and_then(|v| ctx.whole_in(v, "sweep.seed", 0.0, 9.0e15));
    let method_name = ctx
        .required(
            sweep,
            "method",
            sweep_v.span(),
            "sweep",
            "oat, grid, mc, lhs, sobol or morris",
        )
        .and_then(|v| {
            ctx.choice(
                v,
                "sweep.method",
                "method",
                &["oat", "grid", "mc", "lhs", "sobol", "morris"],
            )
        });
    let needs_samples = |ctx: &mut Diagnostics| {
        ctx.required(
            sweep,
            "samples",
            sweep_v.span(),
            "sweep",
            "the number of samples",
        );
    };
    let method = match method_name {
        Some("oat") => Some(Method::Oat),
        Some("grid") => Some(Method::Grid),
        Some("mc") => {
            needs_samples(ctx);
            count(ctx, "samples", None, 1e7).map(|samples| Method::MonteCarlo { samples })
        }
        Some("lhs") => {
            needs_samples(ctx);
            count(ctx, "samples", None, 1e7).map(|samples| Method::Lhs { samples })
        }
        Some("sobol") => {
            needs_samples(ctx);
            let samples = count(ctx, "samples", None, 65536.0);
            let bootstrap = count(ctx, "bootstrap", Some(500), 1e5);
            let second_order = match get(sweep, "second_order") {
                Some(v) => ctx.boolean(v, "sweep.second_order"),
                None => Some(false),
            };
            match (samples, bootstrap, second_order) {
                (Some(samples), Some(bootstrap), Some(second_order)) => Some(Method::Sobol {
                    samples,
                    second_order,
                    bootstrap,
                }),
                _ => None,
            }
        }
        Some("morris") => {
            needs_samples(ctx);
            let trajectories = count(ctx, "samples", None, 1e6);
            let levels = count(ctx, "levels", Some(4), 100.0);
            match (trajectories, levels) {
                (Some(trajectories), Some(levels)) if levels >= 2 && levels % 2 == 0 => {
                    Some(Method::Morris {
                        trajectories,
                        levels,
                    })
                }
                (_, Some(levels)) if levels < 2 || levels % 2 == 1 => {
                    ctx.issue(
                        IssueKind::OutOfRange,
                        get(sweep, "levels").map_or(0..0, |v| v.span()),
                        "sweep.levels",
                        format!(
                            "Morris needs an even number of levels ≥ 2 (only then does the \
                            step Δ = p/(2(p−1)) stay on the grid), got {levels}"
                        ),
                    );
                    None
                }
                _ => None,
            }
        }
        _ => None,
    };
    let Some(scenario) = scenario else {
        return Ok(None);
    };
    let parameters = match get(root, "parameters") {
        Some(v) => read_parameters(ctx, v, &scenario),
        None => {
            ctx.missing(
                0..0,
                "parameters",
                "[[parameters]] entries: key and distribution",
            );
            None
        }
    };
    let outputs = match get(root, "outputs") {
        Some(v) => read_outputs(ctx, v),
        None => {
            ctx.missing(
                0..0,
                "outputs",
                "[[outputs]] entries: name, variable and stat",
            );
            None
        }
    };
    let bands = match get(root, "bands") {
        Some(v) => read_bands(ctx, v),
        None => Some(Vec::new()),
    };
    let parameters = parameters.unwrap_or_default();
    if let Some(Method::Sobol { .. }) = &method {
        if 2 * parameters.len() > sobol_burley::NUM_DIMENSIONS as usize {
            ctx.issue(
                IssueKind::OutOfRange,
                0..0,
                "parameters",
                format!(
                    "Sobol sampling supports at most {} parameters, got {}",
                    sobol_burley::NUM_DIMENSIONS / 2,
                    parameters.len()
                ),
            );
        }
    }
    if let Some(Method::Grid) = &method {
        let runs: f64 = parameters.iter().map(|p| p.levels as f64).product();
        if runs > 1e7 {
            ctx.issue(
                IssueKind::OutOfRange,
                0..0,
                "parameters",
                format!(
                    "the grid would need \
                {runs:.0} runs; use fewer levels or parameters (at most 10,000,000)"
                ),
            );
        }
    }
    let sha256 = {
        use sha2::{Digest, Sha256};
        // The text read is the file's bytes (it is UTF-8, or reading would have failed).
        Sha256::digest(ctx.text().as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    Ok(match (method, seed, outputs, bands) {
        (Some(method), Some(seed), Some(outputs), Some(bands)) if !parameters.is_empty() => {
            Some(SweepSpec {
                file: path.to_path_buf(),
                sha256,
                name,
                scenario,
                method,
                seed,
                parameters,
                outputs,
                bands,
            })
        }
        _ => None,
    })
}

/// Parses the parameter key `key` written at `span` (reported as `path`) against `scenario`.
pub(crate) fn resolve(
    ctx: &mut Diagnostics,
    key: &str,
    span: std::ops::Range<usize>,
    path: &str,
    scenario: &Scenario,
) -> Option<Target> {
    Target::parse(key, scenario)
        .map_err(|e| ctx.issue(IssueKind::UnknownKey, span, path, e.to_string()))
        .ok()
}

/// The base value of a single constant parameter; None for time paths and `sectors.*`.
pub(crate) fn base_value(scenario: &Scenario, target: Target) -> Option<f64> {
    target.param(scenario)?.value.as_constant()
}

fn read_parameters(
    ctx: &mut Diagnostics,
    v: &Value<'_>,
    scenario: &Scenario,
) -> Option<Vec<SweepParam>> {
    let items = ctx.array(v, "parameters", "an array of tables ([[parameters]])")?;
    let mut out = Vec::new();
    // The line that introduced each entry of `out`, to name both places of a duplicate.
    let mut lines: Vec<usize> = Vec::new();
    let mut ok = true;
    for (k, item) in items.iter().enumerate() {
        let path = format!("parameters[{k}]");
        let Some(t) = ctx.table(item, &path) else {
            ok = false;
            continue;
        };
        ctx.check_keys(
            t,
            &[
                "key",
                "select",
                "mode",
                "distribution",
                "lower",
                "upper",
                "mode_value",
                "mean",
                "sd",
                "mu",
                "sigma",
                "values",
                "percent",
                "levels",
                "from",
            ],
            &path,
        );
        // `select = "assumption"` expands to every constant parameter with that tag.
        if let Some(sel) = get(t, "select") {
            let Some(source) = read_source(ctx, sel, &join(&path, "select")) else {
                ok = false;
                continue;
            };
            let Some(percent) = ctx
                .required(
                    t,
                    "percent",
                    item.span(),
                    &path,
                    "the ±percent range around each selected parameter",
                )
                .and_then(|p| ctx.number_in(p, &join(&path, "percent"), 0.0, 100.0, "%"))
            else {
                ok = false;
                continue;
            };
            for (g, group) in schema::GROUPS.iter().enumerate() {
                for (p, def) in group.params.iter().enumerate() {
                    let param = &scenario.globals[g][p];
                    if param.source != source || def.variation != Variation::Constant {
                        continue;
                    }
                    let Some(base) = param.value.as_constant() else {
                        continue;
                    };
                    if base == 0.0 {
                        continue;
                    }
                    let (lo, hi) = percent_range(base, percent, def);
                    let target = Target::Global { group: g, param: p };
                    if !once(ctx, &out, &lines, target, sel.span(), &path, scenario) {
                        ok = false;
                        continue;
                    }
                    lines.push(ctx.line(&sel.span()));
                    out.push(SweepParam {
                        key: target.key(scenario),
                        target,
                        mode: Mode::Value,
                        distribution: Distribution::Uniform {
                            lower: lo,
                            upper: hi,
                        },
                        levels: 3,
                        base,
                        from: None,
                    });
                }
            }
            continue;
        }
        let Some(key_v) = ctx.required(
            t,
            "key",
            item.span(),
            &path,
            "params.<group>.<key>, sectors.<id>.<key> or sectors.*.<key> (or select = \
                \"assumption\")",
        ) else {
            ok = false;
            continue;
        };
        let Some(key) = ctx.string(key_v, &format!("{path}.key")) else {
            ok = false;
            continue;
        };
        let Some(target) = resolve(ctx, &key, key_v.span(), &format!("{path}.key"), scenario)
        else {
            ok = false;
            continue;
        };
        if !once(ctx, &out, &lines, target, key_v.span(), &path, scenario) {
            ok = false;
            continue;
        }
        let def = target.def();
        let base = base_value(scenario, target);
        let Some(mode) = read_mode(ctx, t, &path, &key, base) else {
            ok = false;
            continue;
        };
        let base = if mode == Mode::Value {
            base.unwrap_or(1.0)
        } else {
            1.0
        };
        let Some(distribution) = read_distribution(ctx, t, item.span(), &path, base, def, mode)
        else {
            ok = false;
            continue;
        };
        // A structural option is one of its forms: a discrete factor of whole numbers in range.
        if def.variation == Variation::Switch {
            let forms_ok = matches!(&distribution, Distribution::Discrete(values)
                if mode == Mode::Value
                    && values
                        .iter()
                        .all(|v| v.fract() == 0.0 && (def.min..=def.max).contains(v)));
            if !forms_ok {
                ctx.issue(
                    IssueKind::OutOfRange,
                    item.span(),
                    &path,
                    format!(
                        "{key} is a structural option: sample its forms as `distribution = \
                         \"discrete\"` with whole `values` in [{}, {}] (no `scale` mode)",
                        def.min, def.max
                    ),
                );
                ok = false;
                continue;
            }
        }
        let levels = match get(t, "levels") {
            Some(l) => match ctx.number_in(l, &format!("{path}.levels"), 1.0, 1000.0, "") {
                Some(n) => n as usize,
                None => {
                    ok = false;
                    continue;
                }
            },
            None => match &distribution {
                Distribution::Discrete(values) => values.len(),
                _ => 5,
            },
        };
        let from = match read_from(ctx, t, &path, &key, def, scenario) {
            Ok(from) => from,
            Err(()) => {
                ok = false;
                continue;
            }
        };
        lines.push(ctx.line(&key_v.span()));
        out.push(SweepParam {
            key,
            target,
            mode,
            distribution,
            levels,
            base,
            from,
        });
    }
    if ok && out.is_empty() {
        ctx.issue(
            IssueKind::MissingKey,
            v.span(),
            "parameters",
            "no parameter to vary".into(),
        );
        return None;
    }
    ok.then_some(out)
}

/// Whether `a` and `b` write the same parameter somewhere (`sectors.*.k` and `sectors.x.k` do).
fn overlap(a: Target, b: Target) -> bool {
    match (a, b) {
        (Target::Global { .. }, Target::Global { .. }) => a == b,
        (
            Target::Sector {
                sector: s,
                param: p,
            },
            Target::Sector {
                sector: t,
                param: q,
            },
        ) => p == q && (s.is_none() || t.is_none() || s == t),
        (Target::Lookup { .. }, Target::Lookup { .. }) => a == b,
        _ => false,
    }
}

/// True when `target` (given at `span`) writes no parameter that an entry of `seen` (read from
/// `lines`) writes; else reports both places. Applying both would let the later value silently
/// replace the earlier one, so the sweep would vary less than its spec says.
fn once(
    ctx: &mut Diagnostics,
    seen: &[SweepParam],
    lines: &[usize],
    target: Target,
    span: std::ops::Range<usize>,
    path: &str,
    scenario: &Scenario,
) -> bool {
    let Some(k) = seen.iter().position(|p| overlap(p.target, target)) else {
        return true;
    };
    let (here, there) = (ctx.line(&span), lines.get(k).copied().unwrap_or(0));
    ctx.issue(
        IssueKind::Duplicate,
        span,
        &join(path, "key"),
        format!(
            "{} is varied twice: at line {there} as {} and at line {here}; the second would \
             silently replace the first, so list each parameter once",
            target.key(scenario),
            seen[k].key
        ),
    );
    false
}

/// `mode = "value"` or `"scale"` of the entry `t` at `path` varying `key`; the default is value
/// mode when the parameter has one constant (`base`), else scale mode. Shared with calibration.
pub(crate) fn read_mode(
    ctx: &mut Diagnostics,
    t: &DeTable<'_>,
    path: &str,
    key: &str,
    base: Option<f64>,
) -> Option<Mode> {
    let mode = match get(t, "mode") {
        Some(m) => match ctx.choice(m, &join(path, "mode"), "mode", &["value", "scale"])? {
            "value" => Mode::Value,
            _ => Mode::Scale,
        },
        None if base.is_some() => Mode::Value,
        None => Mode::Scale,
    };
    if mode == Mode::Value && base.is_none() {
        ctx.issue(
            IssueKind::WrongType,
            get(t, "mode").map_or(0..0, |m| m.span()),
            &join(path, "mode"),
            format!(
                "{key} is a time path, a lookup or spans several sectors: use mode = \"scale\" \
                to multiply it (a lookup's strength)"
            ),
        );
        return None;
    }
    Some(mode)
}

/// Refuses a truncation window [lower, upper] that holds (almost) none of the distribution's
/// probability (`cdf` at the bounds): every sample would be a bound, which is not the
/// distribution the spec names.
fn has_mass(
    ctx: &mut Diagnostics,
    t: &DeTable<'_>,
    span: std::ops::Range<usize>,
    path: &str,
    (lower, upper): (f64, f64),
    cdf: impl Fn(f64) -> f64,
) -> Option<()> {
    let (p_lo, p_hi) = (cdf(lower), cdf(upper));
    // Equal bounds are a deliberate point; a window needs some probability.
    if lower == upper || p_hi - p_lo >= 1e-9 {
        return Some(());
    }
    ctx.issue(
        IssueKind::OutOfRange,
        get(t, "lower")
            .or_else(|| get(t, "upper"))
            .map_or(span, |v| v.span()),
        &join(path, "lower"),
        format!(
            "the truncation [lower, upper] holds a probability of {:.1e} of the distribution; \
             allowed: bounds around its bulk (P ≥ 1e-9)",
            (p_hi - p_lo).max(0.0)
        ),
    );
    None
}

/// ±percent around `base`, clamped to the parameter's allowed range.
fn percent_range(base: f64, percent: f64, def: &ParamDef) -> (f64, f64) {
    let a = base * (1.0 - percent / 100.0);
    let b = base * (1.0 + percent / 100.0);
    (
        a.min(b).clamp(def.min, def.max),
        a.max(b).clamp(def.min, def.max),
    )
}

fn read_distribution(
    ctx: &mut Diagnostics,
    t: &DeTable<'_>,
    span: std::ops::Range<usize>,
    path: &str,
    base: f64,
    def: &ParamDef,
    mode: Mode,
) -> Option<Distribution> {
    let num = |ctx: &mut Diagnostics, key: &str| ctx.required_number(t, key, span.clone(), path);
    let opt = |ctx: &mut Diagnostics, key: &str, default: f64| -> Option<f64> {
        match get(t, key) {
            Some(v) => ctx.number(v, &format!("{path}.{key}")),
            None => Some(default),
        }
    };
    const DISTRIBUTIONS: &[&str] = &[
        "uniform",
        "triangular",
        "normal",
        "lognormal",
        "discrete",
        "percent",
    ];
    let name = match get(t, "distribution") {
        Some(v) => ctx.choice(
            v,
            &join(path, "distribution"),
            "distribution",
            DISTRIBUTIONS,
        )?,
        None if get(t, "percent").is_some() => "percent",
        None => {
            ctx.missing(
                span,
                &join(path, "distribution"),
                "uniform, triangular, normal, lognormal, discrete or percent",
            );
            return None;
        }
    };
    // Crossed bounds are reported at `upper`, naming what is allowed; for normal and lognormal
    // they would also make the truncated quantile meaningless.
    let ordered = |ctx: &mut Diagnostics, lower: f64, upper: f64| -> Option<()> {
        if lower <= upper {
            return Some(());
        }
        ctx.issue(
            IssueKind::OutOfRange,
            get(t, "upper").map_or(span.clone(), |v| v.span()),
            &join(path, "upper"),
            format!("must be ≥ lower ({lower}), got {upper}; allowed: lower ≤ upper"),
        );
        None
    };
    let dist = match name {
        "uniform" => {
            let (lower, upper) = (num(ctx, "lower")?, num(ctx, "upper")?);
            ordered(ctx, lower, upper)?;
            Distribution::Uniform { lower, upper }
        }
        "triangular" => {
            let (lower, mode_value, upper) = (
                num(ctx, "lower")?,
                num(ctx, "mode_value")?,
                num(ctx, "upper")?,
            );
            ordered(ctx, lower, upper)?;
            if !(lower <= mode_value && mode_value <= upper) {
                ctx.issue(
                    IssueKind::OutOfRange,
                    get(t, "mode_value").map_or(span, |v| v.span()),
                    &format!("{path}.mode_value"),
                    format!("need lower ≤ mode_value ≤ upper, got {lower}, {mode_value}, {upper}"),
                );
                return None;
            }
            Distribution::Triangular {
                lower,
                mode: mode_value,
                upper,
            }
        }
        "normal" => {
            let (mean, sd) = (num(ctx, "mean")?, num(ctx, "sd")?);
            let (lower, upper) = (
                opt(ctx, "lower", f64::NEG_INFINITY)?,
                opt(ctx, "upper", f64::INFINITY)?,
            );
            if sd <= 0.0 {
                ctx.issue(
                    IssueKind::OutOfRange,
                    get(t, "sd").map_or(span, |v| v.span()),
                    &format!("{path}.sd"),
                    format!("must be > 0, got {sd}"),
                );
                return None;
            }
            ordered(ctx, lower, upper)?;
            let d = Normal::new(mean, sd).ok()?;
            has_mass(ctx, t, span.clone(), path, (lower, upper), |x| d.cdf(x))?;
            Distribution::Normal {
                mean,
                sd,
                lower,
                upper,
            }
        }
        "lognormal" => {
            let (mu, sigma) = (num(ctx, "mu")?, num(ctx, "sigma")?);
            let (lower, upper) = (
                opt(ctx, "lower", f64::NEG_INFINITY)?,
                opt(ctx, "upper", f64::INFINITY)?,
            );
            if sigma <= 0.0 {
                ctx.issue(
                    IssueKind::OutOfRange,
                    get(t, "sigma").map_or(span, |v| v.span()),
                    &format!("{path}.sigma"),
                    format!("must be > 0, got {sigma}"),
                );
                return None;
            }
            ordered(ctx, lower, upper)?;
            let d = LogNormal::new(mu, sigma).ok()?;
            has_mass(ctx, t, span.clone(), path, (lower, upper), |x| d.cdf(x))?;
            Distribution::LogNormal {
                mu,
                sigma,
                lower,
                upper,
            }
        }
        "discrete" => {
            let v = ctx.required(t, "values", span.clone(), path, "[v1, v2, …]")?;
            let items = ctx.array(v, &join(path, "values"), "an array of numbers")?;
            let values: Option<Vec<f64>> = items
                .iter()
                .map(|x| ctx.number(x, &format!("{path}.values")))
                .collect();
            let values = values?;
            if values.is_empty() {
                ctx.issue(
                    IssueKind::OutOfRange,
                    v.span(),
                    &format!("{path}.values"),
                    "needs at least one value".into(),
                );
                return None;
            }
            Distribution::Discrete(values)
        }
        "percent" => {
            let v = ctx.required(t, "percent", span.clone(), path, "a number in [0, 100]")?;
            let percent = ctx.number_in(v, &join(path, "percent"), 0.0, 100.0, "%")?;
            let (lower, upper) = if mode == Mode::Value {
                percent_range(base, percent, def)
            } else {
                (1.0 - percent / 100.0, 1.0 + percent / 100.0)
            };
            Distribution::Uniform { lower, upper }
        }
        // `choice` admits only the names above.
        _ => unreachable!("distribution {name}"),
    };
    let (lo, hi) = dist.ends();
    if !(lo.is_finite() && hi.is_finite()) {
        ctx.issue(
            IssueKind::OutOfRange,
            span,
            path,
            format!("the distribution reaches [{lo}, {hi}]; its values must be finite numbers"),
        );
        return None;
    }
    if lo > hi {
        ctx.issue(
            IssueKind::OutOfRange,
            span,
            path,
            format!("lower ({lo}) must not exceed upper ({hi})"),
        );
        return None;
    }
    // In value mode the sampled values must be valid for the parameter.
    if mode == Mode::Value && (lo < def.min || hi > def.max) {
        ctx.issue(
            IssueKind::OutOfRange,
            span,
            path,
            format!(
                "the distribution reaches [{lo}, {hi}] but {} must stay in [{}, {}] {}",
                def.symbol, def.min, def.max, def.unit
            ),
        );
        return None;
    }
    if mode == Mode::Scale && lo < 0.0 {
        ctx.issue(
            IssueKind::OutOfRange,
            span,
            path,
            format!("scale factors must be ≥ 0, the distribution reaches {lo}"),
        );
        return None;
    }
    Some(dist)
}

fn read_outputs(ctx: &mut Diagnostics, v: &Value<'_>) -> Option<Vec<OutputSpec>> {
    let items = ctx.array(v, "outputs", "an array of tables ([[outputs]])")?;
    let mut out = Vec::new();
    let mut ok = true;
    for (k, item) in items.iter().enumerate() {
        let path = format!("outputs[{k}]");
        let Some(t) = ctx.table(item, &path) else {
            ok = false;
            continue;
        };
        ctx.check_keys(
            t,
            &[
                "name",
                "variable",
                "category",
                "sector",
                "stat",
                "year",
                "threshold",
                "direction",
            ],
            &path,
        );
        let text = |ctx: &mut Diagnostics, key: &str| {
            get(t, key).and_then(|x| ctx.string(x, &format!("{path}.{key}")))
        };
        let (Some(name), Some(variable)) = (text(ctx, "name"), text(ctx, "variable")) else {
            if get(t, "name").is_none() {
                ctx.missing(item.span(), &format!("{path}.name"), "a column name");
            }
            if get(t, "variable").is_none() {
                ctx.missing(
                    item.span(),
                    &format!("{path}.variable"),
                    "an indicator (a variable of timeseries.csv)",
                );
            }
            ok = false;
            continue;
        };
        let category = text(ctx, "category").unwrap_or_default();
        let sector = text(ctx, "sector");
        let stat_name = match get(t, "stat") {
            Some(x) => ctx.choice(
                x,
                &join(&path, "stat"),
                "stat",
                &["at", "max", "min", "mean", "crossing"],
            ),
            None => Some("at"),
        };
        let stat = match stat_name {
            Some("at") => ctx
                .required(t, "year", item.span(), &path, "the year of the value")
                .and_then(|y| ctx.number(y, &join(&path, "year")))
                .map(Stat::At),
            Some("max") => Some(Stat::Max),
            Some("min") => Some(Stat::Min),
            Some("mean") => Some(Stat::Mean),
            Some(_crossing) => {
                let threshold = ctx
                    .required(
                        t,
                        "threshold",
                        item.span(),
                        &path,
                        "the level whose crossing year is reported",
                    )
                    .and_then(|x| ctx.number(x, &join(&path, "threshold")));
                let above = match get(t, "direction") {
                    Some(d) => ctx
                        .choice(
                            d,
                            &join(&path, "direction"),
                            "direction",
                            &["above", "below"],
                        )
                        .map(|d| d == "above"),
                    None => Some(true),
                };
                match (threshold, above) {
                    (Some(threshold), Some(above)) => Some(Stat::Crossing { threshold, above }),
                    _ => None,
                }
            }
            None => None,
        };
        match stat {
            Some(stat) => out.push(OutputSpec {
                name,
                variable,
                category,
                sector,
                stat,
            }),
            None => ok = false,
        }
    }
    if ok && out.is_empty() {
        ctx.issue(
            IssueKind::MissingKey,
            v.span(),
            "outputs",
            "no output of interest".into(),
        );
        return None;
    }
    ok.then_some(out)
}

fn read_bands(ctx: &mut Diagnostics, v: &Value<'_>) -> Option<Vec<BandSpec>> {
    let t = ctx.table(v, "bands")?;
    ctx.check_keys(t, &["variables"], "bands");
    let Some(list) = get(t, "variables") else {
        return Some(Vec::new());
    };
    let items = ctx.array(
        list,
        "bands.variables",
        "an array of \"variable\", \"variable[H]\" or \"variable[H]@sector\" strings",
    )?;
    let mut out = Vec::new();
    for item in items {
        let text = ctx.string(item, "bands.variables")?;
        let (head, sector) = match text.split_once('@') {
            Some((h, s)) => (h.to_string(), Some(s.to_string())),
            None => (text.clone(), None),
        };
        let (variable, category) = match head.split_once('[') {
            Some((v, rest)) => (v.to_string(), rest.trim_end_matches(']').to_string()),
            None => (head, String::new()),
        };
        out.push(BandSpec {
            variable,
            category,
            sector,
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_match_their_distributions() {
        let u = Distribution::Uniform {
            lower: 2.0,
            upper: 4.0,
        };
        assert_eq!(u.quantile(0.5), 3.0);
        let t = Distribution::Triangular {
            lower: 0.0,
            mode: 1.0,
            upper: 2.0,
        };
        assert!((t.quantile(0.5) - 1.0).abs() < 1e-12);
        let n = Distribution::Normal {
            mean: 0.0,
            sd: 1.0,
            lower: f64::NEG_INFINITY,
            upper: f64::INFINITY,
        };
        assert!(n.quantile(0.5).abs() < 1e-9);
        assert!((n.quantile((0.975 - 0.001) / 0.998) - 1.959_964).abs() < 1e-5);
        let tn = Distribution::Normal {
            mean: 0.0,
            sd: 1.0,
            lower: 0.0,
            upper: 1.0,
        };
        assert!(tn.quantile(0.0) >= 0.0 && tn.quantile(1.0) <= 1.0);
        let l = Distribution::LogNormal {
            mu: 0.0,
            sigma: 0.5,
            lower: 0.0,
            upper: f64::INFINITY,
        };
        assert!((l.quantile(0.5) - 1.0).abs() < 1e-3);
        let d = Distribution::Discrete(vec![1.0, 2.0, 3.0]);
        assert_eq!(d.quantile(0.0), 1.0);
        assert_eq!(d.quantile(0.99), 3.0);
        assert_eq!(d.quantile(1.0), 3.0);
    }
}
