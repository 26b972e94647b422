//! Behaviour checks (`checks/*.toml`): declarative assertions on model output — values at a year
//! or over a period, monotonic trends, signs of differences between scenarios, non-negative and
//! constant stocks, agreement between solvers, calendar-year statistics.
//!
//! A check runs a scenario (with optional `--set`-style forced inputs, and optionally from the
//! analytic steady state) and, for comparisons, a second scenario. Failures say what was
//! expected, what happened and when. The shipped battery (checks/validity.toml) is the
//! Sterman/Barlas validity suite and runs in CI.

use std::path::{Path, PathBuf};

use toml::de::DeTable;

use crate::diagnostics::{get, read_spec_file, Diagnostics, Value};
use crate::error::{Error, IssueKind, SpecKind};
use crate::model::indicators::MEASURED_ON_STOCK;
use crate::model::{Balance, Model};
use crate::results::{run_model, RunResult};
use crate::scenario::{apply_override, load, Scenario};
use crate::solver::NEGATIVE_TOLERANCE;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    /// <
    Less,
    /// <=
    LessEq,
    /// >
    Greater,
    /// >=
    GreaterEq,
    /// within a relative tolerance
    Approx(f64),
}

impl Op {
    fn holds(self, x: f64, v: f64) -> bool {
        match self {
            Op::Less => x < v,
            Op::LessEq => x <= v,
            Op::Greater => x > v,
            Op::GreaterEq => x >= v,
            Op::Approx(tol) => (x - v).abs() <= tol * v.abs().max(f64::MIN_POSITIVE),
        }
    }

    fn text(self) -> String {
        match self {
            Op::Less => "<".into(),
            Op::LessEq => "<=".into(),
            Op::Greater => ">".into(),
            Op::GreaterEq => ">=".into(),
            Op::Approx(t) => format!("≈ (±{}%)", t * 100.0),
        }
    }
}

/// What an expectation asserts.
#[derive(Debug, Clone, PartialEq)]
pub enum Assertion {
    /// The value at a year (`op` against `value`, or against `start_times` × the start value).
    At {
        /// Year.
        year: f64,
        /// Operator.
        op: Op,
        /// Threshold.
        value: Reference,
    },
    /// At every reporting time in [from, to].
    Over {
        /// Start.
        from: f64,
        /// End.
        to: f64,
        /// Operator.
        op: Op,
        /// Threshold.
        value: Reference,
    },
    /// Increasing (or decreasing) over [from, to], allowing a relative wiggle of 1e-9 for rounding.
    Monotonic {
        /// Start.
        from: f64,
        /// End.
        to: f64,
        /// Increasing if true.
        increasing: bool,
    },
    /// (scenario − comparison) op value, at a year.
    Difference {
        /// Year.
        year: f64,
        /// Operator.
        op: Op,
        /// Threshold.
        value: f64,
    },
    /// A calendar-year statistic (annual.csv) op value.
    Annual {
        /// Year.
        year: i32,
        /// Operator.
        op: Op,
        /// Threshold.
        value: f64,
    },
    /// Every stock is ≥ 0 (to rounding) at every reporting time.
    NeverNegative,
    /// Every stock stays within `tolerance` (relative) of its start value.
    Constant {
        /// Relative tolerance.
        tolerance: f64,
    },
    /// Every reported variable agrees with the comparison run within rtol (and an absolute floor
    /// of rtol × 1e-2 of the series' peak).
    Agrees {
        /// Relative tolerance.
        rtol: f64,
    },
}

/// A threshold: a number, or a multiple of the series' start value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reference {
    /// A number.
    Value(f64),
    /// This multiple of the value at the start.
    StartTimes(f64),
}

/// One expectation of a check.
#[derive(Debug, Clone, PartialEq)]
pub struct Expectation {
    /// Variable (empty for whole-state assertions).
    pub variable: String,
    /// Category.
    pub category: String,
    /// Sector id or None.
    pub sector: Option<String>,
    /// The assertion.
    pub assertion: Assertion,
}

/// One check.
#[derive(Debug, Clone)]
pub struct Check {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// The scenario, with its forced inputs applied.
    pub scenario: Scenario,
    /// Re-derive the constants of the balanced start from the checked scenario itself
    /// (`init = "rebalance"`) instead of using the stored ones.
    pub rebalance: bool,
    /// The scenario compared with, if any.
    pub compare: Option<Scenario>,
    /// Expectations.
    pub expect: Vec<Expectation>,
}

/// The result of one expectation.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Check name.
    pub check: String,
    /// What was expected, in words.
    pub expected: String,
    /// Whether it held.
    pub passed: bool,
    /// What happened (and when, for failures).
    pub detail: String,
}

/// Reads a checks file; scenario paths are relative to it.
pub fn load_checks(path: &Path) -> Result<Vec<Check>, Error> {
    read_spec_file(path, SpecKind::Checks, read_checks)
}

fn read_checks(
    ctx: &mut Diagnostics,
    root: &DeTable<'_>,
    path: &Path,
) -> Result<Option<Vec<Check>>, Error> {
    ctx.check_keys(root, &["check"], "");
    let Some(list) = ctx.required(root, "check", 0..0, "", "[[check]] entries") else {
        return Ok(None);
    };
    let Some(items) = ctx.array(list, "check", "an array of tables ([[check]])") else {
        return Ok(None);
    };
    let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
    let mut checks = Vec::new();
    for (k, item) in items.iter().enumerate() {
        if let Some(c) = read_check(ctx, item, &format!("check[{k}]"), &dir)? {
            checks.push(c);
        }
    }
    Ok(Some(checks))
}

fn scenario_with(
    ctx: &mut Diagnostics,
    dir: &Path,
    file: &str,
    sets: &[(String, std::ops::Range<usize>)],
    path: &str,
) -> Result<Option<Scenario>, Error> {
    let file: PathBuf = dir.join(file);
    if !file.is_file() {
        ctx.issue(
            IssueKind::MissingParent,
            0..0,
            path,
            format!(
                "scenario {} not found (relative to the checks file)",
                file.display()
            ),
        );
        return Ok(None);
    }
    let mut s = load(&file)?;
    for (assignment, span) in sets {
        match apply_override(&s, assignment) {
            Ok(next) => s = next,
            Err(e) => {
                for i in e.issues {
                    ctx.issue(
                        i.kind,
                        span.clone(),
                        path,
                        format!("{}: {}", assignment, i.message),
                    );
                }
                return Ok(None);
            }
        }
    }
    Ok(Some(s))
}

fn string_list(
    ctx: &mut Diagnostics,
    t: &DeTable<'_>,
    key: &str,
    path: &str,
) -> Vec<(String, std::ops::Range<usize>)> {
    let path = format!("{path}.{key}");
    let Some(items) =
        get(t, key).and_then(|v| ctx.array(v, &path, "an array of \"key=value\" strings"))
    else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|x| ctx.string(x, &path).map(|s| (s, x.span())))
        .collect()
}

fn read_check(
    ctx: &mut Diagnostics,
    item: &Value<'_>,
    path: &str,
    dir: &Path,
) -> Result<Option<Check>, Error> {
    let Some(t) = ctx.table(item, path) else {
        return Ok(None);
    };
    ctx.check_keys(
        t,
        &[
            "name",
            "description",
            "scenario",
            "set",
            "init",
            "compare",
            "compare_set",
            "expect",
        ],
        path,
    );
    let text = |ctx: &mut Diagnostics, key: &str| {
        get(t, key).and_then(|v| ctx.string(v, &format!("{path}.{key}")))
    };
    let name = text(ctx, "name").unwrap_or_else(|| path.to_string());
    let description = text(ctx, "description").unwrap_or_default();
    let Some(file) = text(ctx, "scenario") else {
        ctx.missing(
            item.span(),
            &format!("{path}.scenario"),
            "the scenario file, relative to this file",
        );
        return Ok(None);
    };
    let sets = string_list(ctx, t, "set", path);
    let rebalance = get(t, "init").and_then(|v| {
        ctx.choice(
            v,
            &format!("{path}.init"),
            "initialisation",
            &["stored", "rebalance"],
        )
    }) == Some("rebalance");
    let scenario = scenario_with(ctx, dir, &file, &sets, path)?;
    let compare_sets = string_list(ctx, t, "compare_set", path);
    let compare = match text(ctx, "compare") {
        Some(f) => scenario_with(ctx, dir, &f, &compare_sets, path)?,
        None if !compare_sets.is_empty() => scenario_with(
            ctx,
            dir,
            &file,
            &[sets.clone(), compare_sets].concat(),
            path,
        )?,
        None => None,
    };
    let spans = Spans {
        run: scenario.as_ref().map(|s| (s.time.start, s.time.end)),
        compare: compare.as_ref().map(|s| (s.time.start, s.time.end)),
    };
    let expect = match get(t, "expect") {
        Some(v) => read_expectations(ctx, v, &format!("{path}.expect"), spans),
        None => {
            ctx.missing(
                item.span(),
                &format!("{path}.expect"),
                "[[check.expect]] assertions",
            );
            Vec::new()
        }
    };
    let needs_compare = expect.iter().any(|e| {
        matches!(
            e.assertion,
            Assertion::Difference { .. } | Assertion::Agrees { .. }
        )
    });
    if needs_compare && compare.is_none() && ctx.issues.is_empty() {
        ctx.issue(
            IssueKind::MissingKey,
            item.span(),
            &format!("{path}.compare"),
            "a difference or agreement needs `compare` (a scenario) or `compare_set`".into(),
        );
    }
    Ok(scenario.map(|scenario| Check {
        name,
        description,
        scenario,
        rebalance,
        compare,
        expect,
    }))
}

fn read_op(
    ctx: &mut Diagnostics,
    t: &DeTable<'_>,
    span: std::ops::Range<usize>,
    path: &str,
) -> Option<Op> {
    // Without an operator the expectation asserts nothing; it used to be dropped silently.
    let v = ctx.required(t, "op", span, path, "one of <, <=, >, >= or approx")?;
    Some(
        match ctx.choice(
            v,
            &format!("{path}.op"),
            "operator",
            &["<", "<=", ">", ">=", "approx"],
        )? {
            "<" => Op::Less,
            "<=" => Op::LessEq,
            ">" => Op::Greater,
            ">=" => Op::GreaterEq,
            _approx => {
                let tol = ctx
                    .required(
                        t,
                        "tolerance",
                        v.span(),
                        path,
                        "a relative tolerance for approx",
                    )
                    .and_then(|x| ctx.number_in(x, &format!("{path}.tolerance"), 0.0, 10.0, ""))?;
                Op::Approx(tol)
            }
        },
    )
}

/// The assertion kinds of `[[check.expect]]`.
const KINDS: &[&str] = &[
    "at",
    "over",
    "monotonic",
    "difference",
    "annual",
    "never_negative",
    "constant",
    "agrees",
];

/// The time spans [start, end] of a check's run and of its comparison run (None when that
/// scenario could not be read, which is reported already).
#[derive(Debug, Clone, Copy)]
struct Spans {
    run: Option<(f64, f64)>,
    compare: Option<(f64, f64)>,
}

/// Reports each year of `assertion` (read from `t` at `p`) that lies outside the run it is
/// read from: the run reports nothing there, and a value taken at the nearest end would make
/// the check pass or fail for a year it never simulated.
fn check_years(
    ctx: &mut Diagnostics,
    t: &DeTable<'_>,
    p: &str,
    assertion: &Assertion,
    spans: Spans,
) -> bool {
    let Some((mut start, mut end)) = spans.run else {
        return true;
    };
    let mut which = "the run";
    if let (Assertion::Difference { .. }, Some((s, e))) = (assertion, spans.compare) {
        (start, end) = (start.max(s), end.min(e));
        which = "both runs";
    }
    let mut ok = true;
    let mut refuse = |ctx: &mut Diagnostics, key: &str, message: String| {
        let span = get(t, key).map_or(0..0, |v| v.span());
        ctx.issue(IssueKind::OutOfRange, span, &format!("{p}.{key}"), message);
        ok = false;
    };
    let inside = |y: f64| y >= start - 1e-9 && y <= end + 1e-9;
    let outside = |y: f64| {
        format!(
            "{y} lies outside {which} ({start} to {end}), so the check would test a value the run \
             never reached; allowed: a year in [{start}, {end}]"
        )
    };
    match *assertion {
        Assertion::At { year, .. } | Assertion::Difference { year, .. } if !inside(year) => {
            refuse(ctx, "year", outside(year));
        }
        Assertion::Over { from, to, .. } | Assertion::Monotonic { from, to, .. } => {
            for (key, y) in [("from", from), ("to", to)] {
                if !inside(y) {
                    refuse(ctx, key, outside(y));
                }
            }
            let monotonic = matches!(assertion, Assertion::Monotonic { .. });
            if to < from || (monotonic && to == from) {
                let need = if monotonic { ">" } else { "≥" };
                refuse(ctx, "to", format!("must be {need} from ({from}), got {to}"));
            }
        }
        Assertion::Annual { year, .. } => {
            // A calendar-year statistic integrates over [year, year + 1).
            let given = get(t, "year")
                .and_then(|v| ctx.number(v, &format!("{p}.year")))
                .unwrap_or(f64::from(year));
            let last = (end + 1e-9).floor() - 1.0;
            if given.fract() != 0.0 || !inside(given) || given > last {
                refuse(
                    ctx,
                    "year",
                    format!(
                        "{given} is not a whole calendar year inside the run ({start} to {end}); \
                         allowed: {} to {last}",
                        start.ceil()
                    ),
                );
            }
        }
        _ => {}
    }
    ok
}

fn read_expectations(
    ctx: &mut Diagnostics,
    v: &Value<'_>,
    path: &str,
    spans: Spans,
) -> Vec<Expectation> {
    let Some(items) = ctx.array(v, path, "an array of tables ([[check.expect]])") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, item) in items.iter().enumerate() {
        let p = format!("{path}[{k}]");
        let Some(t) = ctx.table(item, &p) else {
            continue;
        };
        ctx.check_keys(
            t,
            &[
                "variable",
                "category",
                "sector",
                "kind",
                "year",
                "from",
                "to",
                "op",
                "value",
                "start_times",
                "tolerance",
                "direction",
                "rtol",
            ],
            &p,
        );
        let text = |ctx: &mut Diagnostics, key: &str| {
            get(t, key).and_then(|x| ctx.string(x, &format!("{p}.{key}")))
        };
        let num = |ctx: &mut Diagnostics, key: &str| ctx.required_number(t, key, item.span(), &p);
        let reference = |ctx: &mut Diagnostics| -> Option<Reference> {
            match (get(t, "value"), get(t, "start_times")) {
                (Some(x), None) => ctx.number(x, &format!("{p}.value")).map(Reference::Value),
                (None, Some(x)) => ctx
                    .number(x, &format!("{p}.start_times"))
                    .map(Reference::StartTimes),
                _ => {
                    ctx.issue(
                        IssueKind::MissingKey,
                        item.span(),
                        &p,
                        "give exactly one of `value` or `start_times`".into(),
                    );
                    None
                }
            }
        };
        let kind = ctx
            .required(t, "kind", item.span(), &p, "the kind of assertion")
            .and_then(|k| ctx.choice(k, &format!("{p}.kind"), "kind", KINDS));
        let assertion = match kind.unwrap_or_default() {
            "at" => match (
                num(ctx, "year"),
                read_op(ctx, t, item.span(), &p),
                reference(ctx),
            ) {
                (Some(year), Some(op), Some(value)) => Some(Assertion::At { year, op, value }),
                _ => None,
            },
            "over" => match (
                num(ctx, "from"),
                num(ctx, "to"),
                read_op(ctx, t, item.span(), &p),
                reference(ctx),
            ) {
                (Some(from), Some(to), Some(op), Some(value)) => Some(Assertion::Over {
                    from,
                    to,
                    op,
                    value,
                }),
                _ => None,
            },
            "monotonic" => {
                let increasing = ctx
                    .required(t, "direction", item.span(), &p, "increasing or decreasing")
                    .and_then(|d| {
                        ctx.choice(
                            d,
                            &format!("{p}.direction"),
                            "direction",
                            &["increasing", "decreasing"],
                        )
                    })
                    .map(|d| d == "increasing");
                match (num(ctx, "from"), num(ctx, "to"), increasing) {
                    (Some(from), Some(to), Some(increasing)) => Some(Assertion::Monotonic {
                        from,
                        to,
                        increasing,
                    }),
                    _ => None,
                }
            }
            "difference" => match (
                num(ctx, "year"),
                read_op(ctx, t, item.span(), &p),
                num(ctx, "value"),
            ) {
                (Some(year), Some(op), Some(value)) => {
                    Some(Assertion::Difference { year, op, value })
                }
                _ => None,
            },
            "annual" => match (
                num(ctx, "year"),
                read_op(ctx, t, item.span(), &p),
                num(ctx, "value"),
            ) {
                (Some(year), Some(op), Some(value)) => Some(Assertion::Annual {
                    year: year as i32,
                    op,
                    value,
                }),
                _ => None,
            },
            "never_negative" => Some(Assertion::NeverNegative),
            "constant" => num(ctx, "tolerance").map(|tolerance| Assertion::Constant { tolerance }),
            "agrees" => num(ctx, "rtol").map(|rtol| Assertion::Agrees { rtol }),
            // A missing or unknown kind was reported above.
            _ => None,
        };
        let whole_state = matches!(
            assertion,
            Some(Assertion::NeverNegative | Assertion::Constant { .. } | Assertion::Agrees { .. })
        );
        let variable = text(ctx, "variable").unwrap_or_default();
        if variable.is_empty() && !whole_state && assertion.is_some() {
            ctx.missing(
                item.span(),
                &format!("{p}.variable"),
                "an indicator (a variable of \
                timeseries.csv, or of annual.csv for kind = \"annual\")",
            );
            continue;
        }
        if let Some(assertion) = assertion {
            if !check_years(ctx, t, &p, &assertion, spans) {
                continue;
            }
            out.push(Expectation {
                variable,
                category: text(ctx, "category").unwrap_or_default(),
                sector: text(ctx, "sector"),
                assertion,
            });
        }
    }
    out
}

fn simulate(s: &Scenario, rebalance: bool) -> Result<RunResult, Error> {
    let balance = if rebalance {
        Balance::Rederive
    } else {
        Balance::Stored
    };
    let model = Model::compile_with(s, balance)?;
    run_model(&model, s)
}

fn describe(e: &Expectation) -> String {
    let var = match (&e.category[..], &e.sector) {
        ("", None) => e.variable.clone(),
        (c, None) => format!("{}[{c}]", e.variable),
        ("", Some(s)) => format!("{}@{s}", e.variable),
        (c, Some(s)) => format!("{}[{c}]@{s}", e.variable),
    };
    let reference = |r: &Reference| match r {
        Reference::Value(v) => format!("{v}"),
        Reference::StartTimes(f) => format!("{f} × its start value"),
    };
    match &e.assertion {
        Assertion::At { year, op, value } => {
            format!("{var} at {year} {} {}", op.text(), reference(value))
        }
        Assertion::Over {
            from,
            to,
            op,
            value,
        } => format!("{var} {} {} over {from}–{to}", op.text(), reference(value)),
        Assertion::Monotonic {
            from,
            to,
            increasing,
        } => format!(
            "{var} {} over {from}–{to}",
            if *increasing {
                "increasing"
            } else {
                "decreasing"
            }
        ),
        Assertion::Difference { year, op, value } => {
            format!("{var} minus comparison at {year} {} {value}", op.text())
        }
        Assertion::Annual { year, op, value } => {
            format!("annual {var} in {year} {} {value}", op.text())
        }
        Assertion::NeverNegative => "every stock ≥ 0 at every reporting time".into(),
        Assertion::Constant { tolerance } => {
            format!("every stock constant within {tolerance:e} (relative)")
        }
        Assertion::Agrees { rtol } => {
            format!("every reported variable agrees with the comparison within {rtol:e} (relative)")
        }
    }
}

fn evaluate(e: &Expectation, r: &RunResult, cmp: Option<&RunResult>) -> (bool, String) {
    let column = || r.column(&e.variable, &e.category, e.sector.as_deref());
    let missing = || {
        (
            false,
            format!("no variable {}[{}] in the results", e.variable, e.category),
        )
    };
    let threshold = |reference: &Reference, series: &[f64]| match reference {
        Reference::Value(v) => *v,
        Reference::StartTimes(f) => f * series[0],
    };
    match &e.assertion {
        Assertion::At { year, op, value } => {
            let Some(c) = column() else { return missing() };
            let series = r.series(c);
            let (x, v) = (r.at(c, *year), threshold(value, &series));
            (
                op.holds(x, v),
                format!("{x:.6} at {year} (threshold {v:.6})"),
            )
        }
        Assertion::Over {
            from,
            to,
            op,
            value,
        } => {
            let Some(c) = column() else { return missing() };
            let series = r.series(c);
            let v = threshold(value, &series);
            let mut tested = 0;
            for (t, x) in r.times.iter().zip(&series) {
                if *t >= from - 1e-9 && *t <= to + 1e-9 {
                    if !op.holds(*x, v) {
                        return (false, format!("{x:.6} at {t} breaks it (threshold {v:.6})"));
                    }
                    tested += 1;
                }
            }
            // A window between reporting times tests nothing: that is not a pass.
            if tested == 0 {
                return (false, format!("no reporting time in {from}–{to}"));
            }
            (
                true,
                format!("held at every reporting time (threshold {v:.6})"),
            )
        }
        Assertion::Monotonic {
            from,
            to,
            increasing,
        } => {
            let Some(c) = column() else { return missing() };
            let points: Vec<(f64, f64)> = r
                .times
                .iter()
                .copied()
                .zip(r.series(c))
                .filter(|(t, _)| *t >= from - 1e-9 && *t <= to + 1e-9)
                .collect();
            if points.len() < 2 {
                return (
                    false,
                    format!("fewer than two reporting times in {from}–{to}: nothing to compare"),
                );
            }
            for w in points.windows(2) {
                let step = w[1].1 - w[0].1;
                let wiggle = 1e-9 * w[0].1.abs().max(1.0);
                if (*increasing && step < -wiggle) || (!*increasing && step > wiggle) {
                    return (
                        false,
                        format!(
                            "{:.6} at {} then {:.6} at {}",
                            w[0].1, w[0].0, w[1].1, w[1].0
                        ),
                    );
                }
            }
            (true, "held".into())
        }
        Assertion::Difference { year, op, value } => {
            let (Some(c), Some(cmp)) = (column(), cmp) else {
                return missing();
            };
            let Some(cc) = cmp.column(&e.variable, &e.category, e.sector.as_deref()) else {
                return missing();
            };
            let d = r.at(c, *year) - cmp.at(cc, *year);
            (op.holds(d, *value), format!("difference {d:.6} at {year}"))
        }
        Assertion::Annual { year, op, value } => match r.annual_value(&e.variable, *year) {
            Some(x) => (op.holds(x, *value), format!("{x:.6} in {year}")),
            None => (false, format!("no annual {} for {year}", e.variable)),
        },
        Assertion::NeverNegative => {
            // Model stocks may dip within the solver's floor (10⁻⁴ of their scale: integration
            // error, model.md §8); accumulators, which start at 0, by 10⁻⁶ at most.
            let layout = crate::model::StateLayout::new(r.sector_ids.len());
            let floor = crate::model::negative_floor(&layout, &r.trajectory.states[0]);
            let depth = |k: usize| floor.get(k).copied().unwrap_or(NEGATIVE_TOLERANCE);
            for (t, state) in r.trajectory.times.iter().zip(&r.trajectory.states) {
                if let Some((k, v)) = state.iter().enumerate().find(|&(k, v)| *v < -depth(k)) {
                    return (false, format!("{} = {v:e} at {t}", r.slot_names[k]));
                }
            }
            (true, "no stock below zero".into())
        }
        Assertion::Constant { tolerance } => {
            let start = &r.trajectory.states[0];
            let mut worst = (0.0f64, 0usize, 0.0f64);
            // Accumulators (costs, integrals) grow by design; only model stocks are checked.
            let stocks = r.trajectory.states[0].len() - crate::model::layout::N_ACCUMULATORS;
            for (t, state) in r.trajectory.times.iter().zip(&r.trajectory.states) {
                for k in 0..stocks {
                    let rel = (state[k] - start[k]).abs() / start[k].abs().max(1.0);
                    if rel > worst.0 {
                        worst = (rel, k, *t);
                    }
                }
            }
            (
                worst.0 <= *tolerance,
                format!(
                    "largest relative drift {:.2e} (slot {} at {})",
                    worst.0, worst.1, worst.2
                ),
            )
        }
        Assertion::Agrees { rtol } => {
            let Some(cmp) = cmp else { return missing() };
            if cmp.columns != r.columns || cmp.times != r.times {
                return (
                    false,
                    "the two runs report different variables or times (sectors or \
                    report step differ); compare like with like"
                        .into(),
                );
            }
            let mut worst = (0.0f64, String::new());
            // Errors are measured on the scale of the variable in the whole system (its largest
            // |value| over every sector, the city total and the run), not of each value: a
            // sector's gap or rationed hires near a kink (max, min) are small differences of stocks
            // thousands large, and their integration error is on the scale of those stocks.
            let mut scale = std::collections::HashMap::<(&str, &str), f64>::new();
            for (k, col) in r.columns.iter().enumerate() {
                let peak = r.values.iter().fold(0.0f64, |m, row| m.max(row[k].abs()));
                let entry = scale.entry((col.variable, col.category)).or_insert(0.0);
                *entry = entry.max(peak);
            }
            for (k, col) in r.columns.iter().enumerate() {
                let own = (col.variable, col.category);
                let stock = MEASURED_ON_STOCK
                    .iter()
                    .find(|(v, _)| *v == own)
                    .map_or(own, |(_, s)| *s);
                let peak = scale[&own].max(scale.get(&stock).copied().unwrap_or(0.0));
                for (row_a, row_b) in r.values.iter().zip(&cmp.values) {
                    let (x, y) = (row_a[k], row_b[k]);
                    let excess = (x - y).abs() / (rtol * x.abs().max(y.abs()).max(peak).max(1.0));
                    if excess > worst.0 {
                        worst = (
                            excess,
                            format!(
                                "{}[{}]{}: {x} vs {y}",
                                col.variable,
                                col.category,
                                col.sector
                                    .map(|i| format!(" in {}", r.sector_ids[i]))
                                    .unwrap_or_default()
                            ),
                        );
                    }
                }
            }
            (
                worst.0 <= 1.0,
                if worst.0 <= 1.0 {
                    format!("largest difference {:.2} of the bound", worst.0)
                } else {
                    worst.1
                },
            )
        }
    }
}

/// Runs every check and returns one outcome per expectation.
pub fn run_checks(checks: &[Check]) -> Vec<Outcome> {
    use rayon::prelude::*;
    checks
        .par_iter()
        .flat_map_iter(|c| {
            let main = simulate(&c.scenario, c.rebalance);
            let cmp = c.compare.as_ref().map(|s| simulate(s, c.rebalance));
            c.expect
                .iter()
                .map(|e| {
                    let expected = describe(e);
                    let (passed, detail) = match (&main, &cmp) {
                        (Err(err), _) => (false, format!("the run failed: {err}")),
                        (_, Some(Err(err))) => (false, format!("the comparison run failed: {err}")),
                        (Ok(r), cmp) => evaluate(e, r, cmp.as_ref().and_then(|c| c.as_ref().ok())),
                    };
                    Outcome {
                        check: c.name.clone(),
                        expected,
                        passed,
                        detail,
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect()
}
