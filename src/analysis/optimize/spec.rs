//! Optimisation specs (`optimizations/*.toml`): the base scenario, the levers to search (bounds,
//! grid step, start year), the objectives and constraints (an indicator at a year or over the
//! run, or a calendar-year statistic; its value, its change from the base scenario or its ratio
//! to it), the search's size and seed, and an optional `[robust]` table. Validated like every
//! other input: each problem with file, line, key and what is allowed.

use std::path::{Path, PathBuf};

use toml::de::DeTable;

use crate::analysis::sweep::spec::{load_spec, read_from, resolve, SweepSpec, Target};
use crate::diagnostics::{get, read_spec_file, Diagnostics};
use crate::error::{Error, IssueKind, SpecKind};
use crate::model::annual::ANNUAL_LABELS;
use crate::model::indicator_registry::INDICATORS;
use crate::scenario::schema::{Cost, Role};
use crate::scenario::{load, Scenario};

/// One lever searched.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchLever {
    /// Its key.
    pub key: String,
    /// Where it lives.
    pub target: Target,
    /// Lower bound.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
    /// Grid step (None: continuous).
    pub step: Option<f64>,
    /// Year the searched value takes effect (a step from the base value); None: from the start.
    pub from: Option<f64>,
}

/// What a quantity is read from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// A city-wide indicator by id (`talent_firms[H]`).
    Indicator {
        /// Variable.
        variable: String,
        /// Category (may be empty).
        category: String,
    },
    /// A calendar-year statistic (`spending`, `gdp_growth`).
    Annual(String),
}

/// How a series becomes one number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Aggregate {
    /// The value at a year (an indicator at 1 January of it; a statistic of that calendar year).
    At(f64),
    /// The integral over the run (indicator, in unit·yr) or the sum over the years (statistic).
    Integral,
    /// The largest value.
    Max,
    /// The smallest value.
    Min,
    /// The mean.
    Mean,
}

/// Whether the number is the value or is compared with the base scenario's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// The value itself.
    Value,
    /// The value minus the base scenario's (in the same future).
    Change,
    /// The value divided by the base scenario's.
    Ratio,
}

/// A number read off a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// Its label, as written (`talent_firms[H] at 2035, change`).
    pub label: String,
    /// Source series.
    pub source: Source,
    /// Aggregation.
    pub aggregate: Aggregate,
    /// Value, change or ratio.
    pub measure: Measure,
}

/// How a robust search scores an objective over the futures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Statistic {
    /// The mean over the futures.
    Mean,
    /// The 10th percentile of the outcome (the bad tail: the 90th of a quantity minimised).
    P10,
    /// The largest regret: in each future, the gap to the best candidate evaluated in that future.
    Regret,
    /// The share of futures in which the objective meets its `satisfy` threshold.
    Satisficing,
}

/// One objective.
#[derive(Debug, Clone, PartialEq)]
pub struct Objective {
    /// The quantity.
    pub quantity: Quantity,
    /// Maximise (else minimise).
    pub maximise: bool,
    /// The threshold of a satisficing robust score (at least for a maximised objective, at most
    /// for a minimised one).
    pub satisfy: Option<f64>,
}

/// One constraint: lower and/or upper bound on a quantity.
#[derive(Debug, Clone, PartialEq)]
pub struct Constraint {
    /// The quantity.
    pub quantity: Quantity,
    /// Lower bound.
    pub min: Option<f64>,
    /// Upper bound.
    pub max: Option<f64>,
}

/// The robust mode: each candidate runs in every future of a fixed sample of a sweep spec.
#[derive(Debug, Clone)]
pub struct Robust {
    /// The sweep spec whose parameters are sampled.
    pub spec: SweepSpec,
    /// Number of futures (a Latin hypercube with the spec's seed).
    pub futures: usize,
    /// The score of each objective over the futures.
    pub statistic: Statistic,
}

/// A validated optimisation spec.
#[derive(Debug, Clone)]
pub struct OptimizeSpec {
    /// The spec file.
    pub file: PathBuf,
    /// Name (output folder).
    pub name: String,
    /// The base scenario.
    pub scenario: Scenario,
    /// Its file.
    pub scenario_path: PathBuf,
    /// Levers searched.
    pub levers: Vec<SearchLever>,
    /// Objectives (the first is the primary one: "best under budget" is best on it).
    pub objectives: Vec<Objective>,
    /// Constraints.
    pub constraints: Vec<Constraint>,
    /// Population size.
    pub population: usize,
    /// Generations.
    pub generations: usize,
    /// Seed.
    pub seed: u64,
    /// The robust mode, if any.
    pub robust: Option<Robust>,
    /// Scenarios to compare with (shipped packages): seeds of the search where their levers
    /// are the searched ones, and labelled points on the front's chart.
    pub compare: Vec<Scenario>,
}

impl OptimizeSpec {
    /// The searched levers as NSGA-II's decision variables.
    pub fn variables(&self) -> Vec<super::nsga2::Variable> {
        self.levers
            .iter()
            .map(|l| super::nsga2::Variable {
                lower: l.lower,
                upper: l.upper,
                step: l.step,
            })
            .collect()
    }
}

/// Reads an optimisation spec.
pub fn load_optimization(path: &Path) -> Result<OptimizeSpec, Error> {
    read_spec_file(path, SpecKind::Optimization, read_optimization)
}

/// The keys that say which quantity an objective or a constraint reads.
const QUANTITY_KEYS: [&str; 5] = ["indicator", "annual", "year", "stat", "measure"];

const STATISTICS: [&str; 4] = ["mean", "p10", "regret", "satisficing"];

fn read_optimization(
    ctx: &mut Diagnostics,
    root: &DeTable<'_>,
    path: &Path,
) -> Result<Option<OptimizeSpec>, Error> {
    ctx.check_keys(
        root,
        &["optimize", "levers", "objectives", "constraints", "robust"],
        "",
    );
    let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
    let what = "an [optimize] table with scenario, population, generations and seed";
    let Some(head) = ctx
        .required(root, "optimize", 0..0, "", what)
        .and_then(|v| ctx.table(v, "optimize"))
    else {
        return Ok(None);
    };
    ctx.check_keys(
        head,
        &[
            "name",
            "scenario",
            "population",
            "generations",
            "seed",
            "compare",
        ],
        "optimize",
    );
    let Some(scenario_rel) = ctx
        .required(
            head,
            "scenario",
            0..0,
            "optimize",
            "a path relative to this file",
        )
        .and_then(|v| ctx.string(v, "optimize.scenario"))
    else {
        return Ok(None);
    };
    let count =
        |ctx: &mut Diagnostics, key: &str, default: u64, min: f64, max: f64| match get(head, key) {
            Some(v) => ctx
                .whole_in(v, &format!("optimize.{key}"), min, max)
                .unwrap_or(default),
            None => default,
        };
    let population = count(ctx, "population", 96, 8.0, 10_000.0) as usize;
    if population % 2 == 1 {
        let v = get(head, "population").map_or(0..0, |v| v.span());
        ctx.issue(
            IssueKind::OutOfRange,
            v,
            "optimize.population",
            format!("{population} is odd; allowed: an even number (parents pair up)"),
        );
    }
    let generations = count(ctx, "generations", 150, 1.0, 100_000.0) as usize;
    let seed = count(ctx, "seed", 1, 0.0, 9e15);
    let name = get(head, "name")
        .and_then(|v| ctx.string(v, "optimize.name"))
        .unwrap_or_else(|| {
            path.file_stem()
                .map_or("optimize".into(), |s| s.to_string_lossy().into_owned())
        });
    let scenario_path = dir.join(&scenario_rel);
    let scenario = load(&scenario_path)?;
    let levers = read_levers(ctx, root, &scenario);
    let mut compare = Vec::new();
    if let Some(v) = get(head, "compare") {
        let what = "an array of scenario paths relative to this file";
        for (k, item) in ctx
            .array(v, "optimize.compare", what)
            .into_iter()
            .flatten()
            .enumerate()
        {
            if let Some(rel) = ctx.string(item, &format!("optimize.compare[{k}]")) {
                compare.push(load(&dir.join(rel))?);
            }
        }
    }
    let objectives = read_list(ctx, root, "objectives", |ctx, t, p| {
        read_objective(ctx, t, p, &scenario)
    });
    let constraints = read_list(ctx, root, "constraints", |ctx, t, p| {
        read_constraint(ctx, t, p, &scenario)
    });
    if objectives.is_empty() {
        ctx.issue(
            IssueKind::MissingKey,
            get(root, "objectives").map_or(0..0, |v| v.span()),
            "objectives",
            "no objective: add [[objectives]] with indicator (or annual), year or stat, and \
             sense = \"max\" or \"min\""
                .into(),
        );
    }
    let robust = match get(root, "robust").and_then(|v| ctx.table(v, "robust")) {
        None => None,
        Some(t) => read_robust(ctx, t, &dir, &scenario, &objectives)?,
    };
    Ok(Some(OptimizeSpec {
        file: path.to_path_buf(),
        name,
        scenario,
        scenario_path,
        levers,
        objectives,
        constraints,
        population,
        generations,
        seed,
        robust,
        compare,
    }))
}

/// The entries of an array of tables `name`, each read by `read` (None: reported, skipped).
fn read_list<T>(
    ctx: &mut Diagnostics,
    root: &DeTable<'_>,
    name: &str,
    mut read: impl FnMut(&mut Diagnostics, &DeTable<'_>, &str) -> Option<T>,
) -> Vec<T> {
    let mut out = Vec::new();
    let items = get(root, name)
        .and_then(|v| ctx.array(v, name, &format!("an array of tables ([[{name}]])")));
    for (k, item) in items.into_iter().flatten().enumerate() {
        let p = format!("{name}[{k}]");
        if let Some(t) = ctx.table(item, &p) {
            if let Some(x) = read(ctx, t, &p) {
                out.push(x);
            }
        }
    }
    out
}

fn read_levers(ctx: &mut Diagnostics, root: &DeTable<'_>, scenario: &Scenario) -> Vec<SearchLever> {
    let levers = read_list(ctx, root, "levers", |ctx, t, p| {
        ctx.check_keys(t, &["key", "lower", "upper", "step", "from"], p);
        let kv = ctx.required(t, "key", 0..0, p, "a lever's key")?;
        let key = ctx.string(kv, &format!("{p}.key"))?;
        let target = resolve(ctx, &key, kv.span(), &format!("{p}.key"), scenario)?;
        let def = target.def();
        // An optimiser pushes a free lever to its bound: it must know what the lever costs, or
        // that it is an administrative measure (the registry says so for every lever).
        match def.role {
            Role::Lever(Cost::Line(_) | Cost::Administrative(..), _) => {}
            _ => {
                ctx.issue(
                    IssueKind::WrongType,
                    kv.span(),
                    &format!("{p}.key"),
                    format!(
                        "{key} is not a policy lever with a cost line or an administrative \
                         declaration (its role is {}); allowed: the levers `talentloop params \
                         --role lever` lists",
                        def.role.name()
                    ),
                );
                return None;
            }
        }
        if matches!(target, Target::Sector { sector: None, .. }) {
            ctx.issue(
                IssueKind::WrongType,
                kv.span(),
                &format!("{p}.key"),
                format!("{key}: name one sector (sectors.<id>.{})", def.key),
            );
            return None;
        }
        let from = read_from(ctx, t, p, &key, def, scenario).ok()?;
        let lower = ctx.required_number(t, "lower", 0..0, p)?;
        let upper = ctx.required_number(t, "upper", 0..0, p)?;
        let step = match get(t, "step") {
            Some(v) => Some(ctx.number_in(v, &format!("{p}.step"), 1e-12, 1e12, def.unit)?),
            None => None,
        };
        if !(def.min <= lower && lower < upper && upper <= def.max) {
            ctx.issue(
                IssueKind::OutOfRange,
                t.get("lower").map_or(0..0, |v| v.span()),
                p,
                format!(
                    "need {} ≤ lower < upper ≤ {} {} (the lever's allowed range), got [{lower}, \
                     {upper}]",
                    def.min, def.max, def.unit
                ),
            );
            return None;
        }
        Some(SearchLever {
            key,
            target,
            lower,
            upper,
            step,
            from,
        })
    });
    if levers.is_empty() {
        ctx.issue(
            IssueKind::MissingKey,
            get(root, "levers").map_or(0..0, |v| v.span()),
            "levers",
            "no lever to search: add [[levers]] with key, lower, upper (and step, from)".into(),
        );
    }
    for (k, l) in levers.iter().enumerate() {
        if levers[..k].iter().any(|m| m.target == l.target) {
            ctx.issue(
                IssueKind::UnknownKey,
                0..0,
                &format!("levers[{k}].key"),
                format!("{} is searched twice; give each lever once", l.key),
            );
        }
        if l.from.is_some_and(|y| y >= scenario.time.end) {
            ctx.issue(
                IssueKind::OutOfRange,
                0..0,
                &format!("levers[{k}].from"),
                format!(
                    "{} would take effect at the end of the run ({}); allowed: a year before it",
                    l.key, scenario.time.end
                ),
            );
        }
    }
    levers
}

fn read_quantity(
    ctx: &mut Diagnostics,
    t: &DeTable<'_>,
    p: &str,
    scenario: &Scenario,
) -> Option<Quantity> {
    let source = match (get(t, "indicator"), get(t, "annual")) {
        (Some(v), None) => {
            let id = ctx.string(v, &format!("{p}.indicator"))?;
            let (variable, category) = match id.split_once('[') {
                Some((v, c)) => (v.to_string(), c.trim_end_matches(']').to_string()),
                None => (id.clone(), String::new()),
            };
            if !INDICATORS
                .iter()
                .any(|d| d.variable == variable && d.category == category)
            {
                let ids: Vec<String> = INDICATORS.iter().map(|d| d.id()).collect();
                let hint =
                    crate::diagnostics::did_you_mean("", &id, ids.iter().map(|s| s.as_str()));
                ctx.issue(
                    IssueKind::UnknownKey,
                    v.span(),
                    &format!("{p}.indicator"),
                    format!("no city-wide indicator `{id}`{hint}"),
                );
                return None;
            }
            Source::Indicator { variable, category }
        }
        (None, Some(v)) => {
            let names: Vec<&str> = ANNUAL_LABELS.iter().map(|l| l.0).collect();
            let name = ctx.choice(v, &format!("{p}.annual"), "statistic", &names)?;
            Source::Annual(name.to_string())
        }
        _ => {
            ctx.issue(
                IssueKind::MissingKey,
                0..0,
                p,
                "give exactly one of `indicator` (an indicator id) or `annual` (a calendar-year \
                 statistic)"
                    .into(),
            );
            return None;
        }
    };
    let (start, end) = (scenario.time.start, scenario.time.end);
    // A calendar-year statistic needs the whole year inside the run.
    let last = if matches!(source, Source::Annual(_)) {
        end - 1.0
    } else {
        end
    };
    let aggregate = match (get(t, "year"), get(t, "stat")) {
        (Some(v), None) => {
            Aggregate::At(ctx.number_in(v, &format!("{p}.year"), start, last, "")?)
        }
        (None, Some(v)) => {
            let all = ["integral", "max", "min", "mean"];
            match ctx.choice(v, &format!("{p}.stat"), "statistic", &all)? {
                "integral" => Aggregate::Integral,
                "max" => Aggregate::Max,
                "min" => Aggregate::Min,
                _ => Aggregate::Mean,
            }
        }
        _ => {
            ctx.issue(
                IssueKind::MissingKey,
                0..0,
                p,
                "give exactly one of `year` or `stat` (integral, max, min, mean)".into(),
            );
            return None;
        }
    };
    let measure = match get(t, "measure") {
        None => Measure::Value,
        Some(v) => match ctx.choice(
            v,
            &format!("{p}.measure"),
            "measure",
            &["value", "change", "ratio"],
        )? {
            "change" => Measure::Change,
            "ratio" => Measure::Ratio,
            _ => Measure::Value,
        },
    };
    let name = match &source {
        Source::Indicator { variable, category } if category.is_empty() => variable.clone(),
        Source::Indicator { variable, category } => format!("{variable}[{category}]"),
        Source::Annual(name) => name.clone(),
    };
    let when = match aggregate {
        Aggregate::At(y) => format!("{y}"),
        Aggregate::Integral => "integral".into(),
        Aggregate::Max => "max".into(),
        Aggregate::Min => "min".into(),
        Aggregate::Mean => "mean".into(),
    };
    let suffix = match measure {
        Measure::Value => "",
        Measure::Change => " change",
        Measure::Ratio => " ratio",
    };
    Some(Quantity {
        label: format!("{name}@{when}{suffix}"),
        source,
        aggregate,
        measure,
    })
}

fn read_objective(
    ctx: &mut Diagnostics,
    t: &DeTable<'_>,
    p: &str,
    scenario: &Scenario,
) -> Option<Objective> {
    ctx.check_keys(
        t,
        &[QUANTITY_KEYS.as_slice(), &["sense", "satisfy"]].concat(),
        p,
    );
    let quantity = read_quantity(ctx, t, p, scenario)?;
    let sense = ctx.required(t, "sense", 0..0, p, "\"max\" or \"min\"")?;
    let maximise = ctx.choice(sense, &format!("{p}.sense"), "sense", &["max", "min"])? == "max";
    let satisfy = match get(t, "satisfy") {
        Some(v) => Some(ctx.number(v, &format!("{p}.satisfy"))?),
        None => None,
    };
    Some(Objective {
        quantity,
        maximise,
        satisfy,
    })
}

fn read_constraint(
    ctx: &mut Diagnostics,
    t: &DeTable<'_>,
    p: &str,
    scenario: &Scenario,
) -> Option<Constraint> {
    ctx.check_keys(t, &[QUANTITY_KEYS.as_slice(), &["min", "max"]].concat(), p);
    let quantity = read_quantity(ctx, t, p, scenario)?;
    let bound = |ctx: &mut Diagnostics, key: &str| match get(t, key) {
        Some(v) => ctx.number(v, &format!("{p}.{key}")).map(Some),
        None => Some(None),
    };
    let (min, max) = (bound(ctx, "min")?, bound(ctx, "max")?);
    if min.is_none() && max.is_none() {
        ctx.issue(
            IssueKind::MissingKey,
            0..0,
            p,
            "a constraint needs `min`, `max` or both".into(),
        );
        return None;
    }
    Some(Constraint { quantity, min, max })
}

fn read_robust(
    ctx: &mut Diagnostics,
    t: &DeTable<'_>,
    dir: &Path,
    scenario: &Scenario,
    objectives: &[Objective],
) -> Result<Option<Robust>, Error> {
    ctx.check_keys(t, &["sweep", "futures", "statistic"], "robust");
    let Some(rel) = ctx
        .required(
            t,
            "sweep",
            0..0,
            "robust",
            "a sweep spec path relative to this file",
        )
        .and_then(|v| ctx.string(v, "robust.sweep"))
    else {
        return Ok(None);
    };
    let futures = match get(t, "futures") {
        Some(v) => ctx
            .whole_in(v, "robust.futures", 2.0, 10_000.0)
            .unwrap_or(50),
        None => 50,
    } as usize;
    let statistic = match get(t, "statistic") {
        None => Statistic::Mean,
        Some(v) => match ctx.choice(v, "robust.statistic", "statistic", &STATISTICS) {
            Some("p10") => Statistic::P10,
            Some("regret") => Statistic::Regret,
            Some("satisficing") => Statistic::Satisficing,
            _ => Statistic::Mean,
        },
    };
    if statistic == Statistic::Satisficing && objectives.iter().any(|o| o.satisfy.is_none()) {
        ctx.issue(
            IssueKind::MissingKey,
            get(t, "statistic").map_or(0..0, |v| v.span()),
            "robust.statistic",
            "satisficing needs `satisfy = <threshold>` on every objective".into(),
        );
    }
    let spec = load_spec(&dir.join(rel))?;
    for p in spec
        .parameters
        .iter()
        .filter(|p| matches!(p.target.def().role, Role::Lever(..)))
    {
        ctx.issue(
            IssueKind::WrongType,
            get(t, "sweep").map_or(0..0, |v| v.span()),
            "robust.sweep",
            format!(
                "{} samples the lever `{}`: every future would overwrite what the search sets; \
                 allowed: a sweep of assumptions only",
                spec.file.display(),
                p.key
            ),
        );
    }
    let ids = |s: &Scenario| s.sectors.iter().map(|x| x.id.clone()).collect::<Vec<_>>();
    if ids(&spec.scenario) != ids(scenario) {
        ctx.issue(
            IssueKind::OutOfRange,
            0..0,
            "robust.sweep",
            "the sweep's scenario has other sectors than the optimisation's".into(),
        );
    }
    Ok(Some(Robust {
        spec,
        futures,
        statistic,
    }))
}
