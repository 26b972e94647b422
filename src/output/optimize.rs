//! Writes an optimisation: `pareto.csv` (the final first front: levers, objective scores,
//! constraint values, robust statistics), `archive.csv` (every candidate evaluated),
//! `convergence.csv` (hypervolume and feasible share per generation), `futures.csv` (robust
//! mode: each front point's objectives in every future), `best_under_budget.toml`, `knee.toml`
//! and `refined.toml` (scenario files that extend the base and that `talentloop run`
//! reproduces), charts (the front against cost with the budget, the baseline and the compared
//! packages; the front's levers in parallel coordinates; convergence) and `manifest.json` last.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::json;

use super::atomic;
use super::chart::{Chart, Plot, Series, Size};
use super::csv::{field, number, BOM};
use super::layer;
use super::manifest::{seal, MANIFEST};
use super::plots::{legend_name, write_charts, Lang};
use crate::analysis::optimize::nsga2::Member;
use crate::analysis::optimize::refine::Refined;
use crate::analysis::optimize::spec::{
    Aggregate, Measure, OptimizeSpec, Quantity, SearchLever, Source, Statistic,
};
use crate::analysis::optimize::{Optimum, Problem};
use crate::error::Error;
use crate::model::annual::annual_label;
use crate::model::indicator_registry::find;
use crate::scenario::address::Target;
use crate::units::unit_zh;

/// The points worth a scenario file: the best feasible point on the primary objective and the
/// knee of the front (closest to the ideal point once each objective is scaled to [0, 1]).
#[derive(Debug, Clone)]
pub struct Picks {
    /// Index into the front of the best feasible point on the first objective.
    pub best: Option<usize>,
    /// Index into the front of the knee.
    pub knee: Option<usize>,
}

/// The feasible members of the final first front, in population order, each candidate once (a
/// population may hold the same candidate twice).
pub fn front<'o>(opt: &'o Optimum<'_>) -> Vec<&'o Member> {
    let mut out: Vec<&Member> = Vec::new();
    for m in opt
        .outcome
        .population
        .iter()
        .filter(|m| m.rank == 0 && m.eval.feasible())
    {
        if !out.iter().any(|o| o.x == m.x) {
            out.push(m);
        }
    }
    out
}

/// The best and knee points of `front`.
pub fn picks(front: &[&Member]) -> Picks {
    let best = (0..front.len()).min_by(|&a, &b| {
        front[a].eval.objectives[0]
            .total_cmp(&front[b].eval.objectives[0])
            .then(a.cmp(&b))
    });
    let m = front.first().map_or(0, |p| p.eval.objectives.len());
    let lo: Vec<f64> = (0..m)
        .map(|k| {
            front
                .iter()
                .map(|p| p.eval.objectives[k])
                .fold(f64::INFINITY, f64::min)
        })
        .collect();
    let hi: Vec<f64> = (0..m)
        .map(|k| {
            front
                .iter()
                .map(|p| p.eval.objectives[k])
                .fold(f64::NEG_INFINITY, f64::max)
        })
        .collect();
    let distance = |p: &Member| {
        p.eval
            .objectives
            .iter()
            .enumerate()
            .map(|(k, v)| ((v - lo[k]) / (hi[k] - lo[k]).max(1e-12)).powi(2))
            .sum::<f64>()
    };
    let knee = (0..front.len()).min_by(|&a, &b| {
        distance(front[a])
            .total_cmp(&distance(front[b]))
            .then(a.cmp(&b))
    });
    Picks { best, knee }
}

/// The scenario file of candidate `x`.
pub fn scenario_file(
    problem: &Problem<'_>,
    x: &[f64],
    name: &str,
    dir: &Path,
    what: &str,
) -> String {
    let spec = problem.spec;
    let scenario = problem.scenario(x);
    // Only what the candidate changes: a lever left at its base keeps the base file's entry
    // (and its provenance tag).
    let targets: Vec<_> = spec
        .levers
        .iter()
        .map(|l| l.target)
        .filter(|t| t.param(&scenario) != t.param(&spec.scenario))
        .collect();
    let parent = layer::relative_to(dir, &spec.scenario_path);
    let header = format!(
        "# {what}, found by `talentloop optimize {}`.\n# `talentloop run` of this file \
         reproduces the candidate.\nextends = {:?}\n\n[scenario]\nname = \"{name}\"\ntitle_zh = \
         \"{}：优化 {}\"\ndescription = {:?}\n\n",
        spec.file.display(),
        parent.display().to_string(),
        what_zh(name),
        spec.name,
        format!("{what} of {}", spec.name),
    );
    let note = format!("chosen by talentloop optimize {}", spec.file.display());
    header + &layer::entries(&scenario, &targets, "assumption", &note)
}

/// A chosen point of the front as its files, charts and the report name it.
#[derive(Debug, Clone, Copy)]
pub struct Pick {
    /// File stem (`best_under_budget.toml`) and key in the manifest's `picked`.
    pub name: &'static str,
    /// Chinese name (the scenario title before the colon, chart legends, the report).
    pub zh: &'static str,
    /// Short English name (the English report).
    pub en: &'static str,
    /// What it is, for the file's header.
    pub what: &'static str,
}

/// The best point on the primary objective among those meeting every constraint.
pub const BEST: Pick = Pick {
    name: "best_under_budget",
    zh: "预算内最优",
    en: "best under the constraints",
    what: "The best point under the constraints",
};

/// The front point closest to the ideal point.
pub const KNEE: Pick = Pick {
    name: "knee",
    zh: "帕累托拐点",
    en: "knee",
    what: "The knee of the Pareto front",
};

/// The best point polished by Nelder–Mead.
pub const REFINED: Pick = Pick {
    name: "refined",
    zh: "局部精修",
    en: "refined",
    what: "The best point refined by Nelder–Mead",
};

/// Every chosen point, in the order the report shows them.
pub const PICKS: [Pick; 3] = [BEST, KNEE, REFINED];

fn what_zh(name: &str) -> &'static str {
    PICKS
        .iter()
        .find(|p| p.name == name)
        .map_or("帕累托前沿点", |p| p.zh)
}

/// Lever columns of a CSV header.
fn lever_header(problem: &Problem<'_>) -> String {
    problem
        .spec
        .levers
        .iter()
        .map(|l| field(&l.key))
        .collect::<Vec<_>>()
        .join(",")
}

fn numbers(values: impl IntoIterator<Item = f64>) -> String {
    values.into_iter().map(number).collect::<Vec<_>>().join(",")
}

/// The scenario file of front point `k`.
pub fn point_file(k: usize) -> String {
    format!("front/point_{k:03}.toml")
}

/// `pareto.csv`: one row per front point.
fn pareto_csv(problem: &Problem<'_>, front: &[&Member]) -> String {
    let spec = problem.spec;
    let robust = spec.robust.is_some();
    let mut head = vec![
        "point".to_string(),
        "file".to_string(),
        lever_header(problem),
    ];
    head.extend(
        spec.objectives
            .iter()
            .map(|o| field(&format!("objective: {}", o.quantity.label))),
    );
    head.extend(
        spec.constraints
            .iter()
            .map(|c| field(&format!("constraint: {}", c.quantity.label))),
    );
    if robust {
        for o in &spec.objectives {
            for stat in ["mean", "tail", "regret", "satisficing"] {
                head.push(field(&format!("{} {stat}", o.quantity.label)));
            }
        }
    }
    let mut out = String::from(BOM);
    let _ = writeln!(out, "{}", head.join(","));
    for (k, p) in front.iter().enumerate() {
        let m = problem.measured(&p.x).expect("a front point ran");
        let (objectives, constraints) = problem.scores(&m);
        let mut row = vec![k.to_string(), point_file(k), numbers(p.x.iter().copied())];
        row.push(numbers(objectives));
        if !constraints.is_empty() {
            row.push(numbers(constraints));
        }
        if robust {
            let stats = problem.stats(&m);
            row.push(numbers(
                stats
                    .iter()
                    .flat_map(|s| [s.mean, s.tail, s.regret, s.satisficing]),
            ));
        }
        let _ = writeln!(out, "{}", row.join(","));
    }
    out
}

/// `futures.csv` (robust mode): each front point's measured objectives in every future.
fn futures_csv(problem: &Problem<'_>, front: &[&Member]) -> String {
    let mut out = String::from(BOM);
    out.push_str("point,future,objective,value\n");
    for (k, p) in front.iter().enumerate() {
        let m = problem.measured(&p.x).expect("a front point ran");
        for (f, future) in m.iter().enumerate() {
            for (o, v) in problem.spec.objectives.iter().zip(future) {
                let _ = writeln!(out, "{k},{f},{},{}", field(&o.quantity.label), number(*v));
            }
        }
    }
    out
}

/// `archive.csv`: every candidate evaluated, in order.
fn archive_csv(opt: &Optimum<'_>) -> String {
    let problem = &opt.problem;
    let spec = problem.spec;
    let mut out = String::from(BOM);
    let objectives: Vec<String> = spec
        .objectives
        .iter()
        .map(|o| field(&o.quantity.label))
        .collect();
    let _ = writeln!(
        out,
        "candidate,generation,{},{},violation,feasible",
        lever_header(problem),
        objectives.join(",")
    );
    for (k, a) in opt.outcome.archive.iter().enumerate() {
        // The archive keeps each objective as NSGA-II minimised it; written in its own sense.
        let scores =
            a.eval.objectives.iter().enumerate().map(
                |(j, &v)| {
                    if problem.minimises(j) {
                        v
                    } else {
                        -v
                    }
                },
            );
        let _ = writeln!(
            out,
            "{k},{},{},{},{},{}",
            a.generation,
            numbers(a.x.iter().copied()),
            numbers(scores),
            number(a.eval.violation),
            a.eval.feasible()
        );
    }
    out
}

/// A searched lever in Chinese with its sector and range, e.g.
/// 先进材料·产业专项计划新增名额（0–60 人/年）.
fn lever_zh(spec: &OptimizeSpec, l: &SearchLever) -> String {
    let def = l.target.def();
    let sector = match l.target {
        Target::Sector {
            sector: Some(k), ..
        } => format!("{}·", spec.scenario.sectors[k].name_zh),
        _ => String::new(),
    };
    let unit = match unit_zh(def.unit) {
        u if u == "1" => String::new(),
        u => format!(" {u}"),
    };
    format!("{sector}{}（{}–{}{unit}）", def.zh, l.lower, l.upper)
}

/// A searched lever in English: its key and range, e.g.
/// sectors.adv_materials.programme_quota (0–60 person/yr).
fn lever_en(l: &SearchLever) -> String {
    let unit = match l.target.def().unit {
        "1" => String::new(),
        u => format!(" {u}"),
    };
    format!("{} ({}–{}{unit})", l.key, l.lower, l.upper)
}

/// A searched lever as the lever chart names it, in the charts' language.
fn lever_label(spec: &OptimizeSpec, l: &SearchLever, lang: Lang) -> String {
    match lang {
        Lang::Zh => lever_zh(spec, l),
        Lang::En => lever_en(l),
    }
}

/// A quantity in Chinese for an axis: the indicator's label and unit, when, and how it is
/// compared with the base scenario.
fn quantity_zh(q: &Quantity) -> String {
    let (name, unit) = match &q.source {
        Source::Indicator { variable, category } => find(variable, category)
            .map_or((variable.clone(), String::new()), |d| {
                (d.zh.to_string(), unit_zh(d.unit))
            }),
        Source::Annual(name) => (
            annual_label(name)
                .map_or(name.as_str(), |l| l.0)
                .to_string(),
            String::new(),
        ),
    };
    let when = match q.aggregate {
        Aggregate::At(year) => format!("{year}年"),
        Aggregate::Integral => "运行期累计".into(),
        Aggregate::Max => "最大值".into(),
        Aggregate::Min => "最小值".into(),
        Aggregate::Mean => "平均值".into(),
    };
    let measure = match q.measure {
        Measure::Value => "",
        Measure::Change => "，相对基准情景的增加",
        Measure::Ratio => "，与基准情景之比",
    };
    let unit = if unit.is_empty() || q.measure == Measure::Ratio || unit == "1" {
        String::new()
    } else {
        format!("（{unit}）")
    };
    format!("{name}{unit}，{when}{measure}")
}

/// What the search scored objective `k` by, in Chinese: the quantity, and in robust mode the
/// statistic over the futures (the bad tail of a cost is its 90th percentile).
fn score_zh(spec: &OptimizeSpec, k: usize) -> String {
    let o = &spec.objectives[k];
    let quantity = quantity_zh(&o.quantity);
    match spec.robust.as_ref().map(|r| r.statistic) {
        None => quantity,
        Some(Statistic::Mean) => format!("{quantity}（各未来情景平均）"),
        Some(Statistic::P10) if o.maximise => format!("{quantity}（未来情景第10百分位）"),
        Some(Statistic::P10) => format!("{quantity}（未来情景第90百分位）"),
        Some(Statistic::Regret) => format!("{quantity}（最大遗憾值）"),
        Some(Statistic::Satisficing) => format!("{quantity}（达标的未来情景比例）"),
    }
}

/// What the search scored objective `k` by, in English: the quantity as the spec labels it, and
/// in robust mode the statistic over the futures.
fn score_en(spec: &OptimizeSpec, k: usize) -> String {
    let o = &spec.objectives[k];
    let quantity = &o.quantity.label;
    match spec.robust.as_ref().map(|r| r.statistic) {
        None => quantity.clone(),
        Some(Statistic::Mean) => format!("{quantity} (mean over the futures)"),
        Some(Statistic::P10) if o.maximise => {
            format!("{quantity} (10th percentile of the futures)")
        }
        Some(Statistic::P10) => format!("{quantity} (90th percentile of the futures)"),
        Some(Statistic::Regret) => format!("{quantity} (largest regret)"),
        Some(Statistic::Satisficing) => format!("{quantity} (share of futures meeting the target)"),
    }
}

/// Objective `k`'s score as an axis names it, in the charts' language.
fn score_label(spec: &OptimizeSpec, k: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => score_zh(spec, k),
        Lang::En => score_en(spec, k),
    }
}

/// Charts of a two-objective search (x: the second objective, y: the first), the front's levers
/// and the convergence.
fn charts(opt: &Optimum<'_>, front: &[&Member], picks: &Picks, lang: Lang) -> Vec<(String, Chart)> {
    let problem = &opt.problem;
    let spec = problem.spec;
    let mut out = Vec::new();
    let score = |x: &[f64]| problem.measured(x).map(|m| problem.scores(&m).0);
    if spec.objectives.len() >= 2 {
        let points: Vec<(f64, f64)> = front
            .iter()
            .filter_map(|p| score(&p.x).map(|s| (s[1], s[0])))
            .collect();
        let mut marked: Vec<(String, f64, f64)> = Vec::new();
        if let Some(m) = problem.measure_scenario(&spec.scenario) {
            let (s, _) = problem.scores(&m);
            let base = legend_name(&spec.scenario.name, &spec.scenario.title_zh, lang);
            marked.push((base, s[1], s[0]));
        }
        for package in &spec.compare {
            if let Some(m) = problem.measure_scenario(package) {
                let (s, _) = problem.scores(&m);
                let name = legend_name(&package.name, &package.title_zh, lang);
                marked.push((name, s[1], s[0]));
            }
        }
        // The budget: an upper bound on the quantity drawn on the x axis.
        let budget = spec
            .constraints
            .iter()
            .find(|c| c.quantity.label == spec.objectives[1].quantity.label)
            .and_then(|c| c.max);
        out.push((
            "front".to_string(),
            Chart {
                title: match lang {
                    Lang::Zh => format!("帕累托前沿：{}（圆点为搜索到的措施组合）", spec.name),
                    Lang::En => format!(
                        "Pareto front: {} (dots are the packages the search found)",
                        spec.name
                    ),
                },
                x_label: score_label(spec, 1, lang),
                y_label: score_label(spec, 0, lang),
                plot: Plot::Front {
                    front: points,
                    marked,
                    budget,
                    labels: [
                        lang.pick("帕累托前沿", "Pareto front").into(),
                        lang.pick("预算上限", "budget").into(),
                    ],
                },
            },
        ));
    }
    let scale = |x: &[f64]| -> Vec<f64> {
        spec.levers
            .iter()
            .zip(x)
            .map(|(l, v)| (v - l.lower) / (l.upper - l.lower))
            .collect()
    };
    let mut highlight = Vec::new();
    if let Some(b) = picks.best {
        highlight.push((lang.pick(BEST.zh, BEST.en).to_string(), scale(&front[b].x)));
    }
    if let Some(k) = picks.knee {
        highlight.push((lang.pick(KNEE.zh, KNEE.en).to_string(), scale(&front[k].x)));
    }
    out.push((
        "levers".to_string(),
        Chart {
            title: match lang {
                Lang::Zh => format!("前沿方案的措施组合：{}", spec.name),
                Lang::En => format!("The levers of the front's packages: {}", spec.name),
            },
            x_label: lang
                .pick(
                    "取值在搜索范围中的位置（0 = 下限，1 = 上限）",
                    "position in the searched range (0 = lower bound, 1 = upper bound)",
                )
                .into(),
            y_label: String::new(),
            plot: Plot::Parallel {
                axes: spec
                    .levers
                    .iter()
                    .map(|l| lever_label(spec, l, lang))
                    .collect(),
                lines: front.iter().map(|p| scale(&p.x)).collect(),
                highlight,
            },
        },
    ));
    out.push((
        "convergence".to_string(),
        Chart {
            title: match lang {
                Lang::Zh => format!("收敛过程：{}", spec.name),
                Lang::En => format!("Convergence: {}", spec.name),
            },
            x_label: lang.pick("代数", "generation").into(),
            y_label: lang
                .pick("超体积（归一化）", "hypervolume (normalised)")
                .into(),
            plot: Plot::Line {
                series: vec![Series {
                    name: lang.pick("超体积", "hypervolume").into(),
                    points: opt
                        .convergence
                        .iter()
                        .map(|g| (g.generation as f64, g.hypervolume))
                        .collect(),
                    emphasis: false,
                }],
                bands: Vec::new(),
                y_range: None,
            },
        },
    ));
    out
}

/// Writes every output of an optimisation as the folder `dir`, in one transaction.
pub fn write_optimization(
    dir: &Path,
    force: bool,
    opt: &Optimum<'_>,
    refined: Option<&Refined>,
    charts: Option<(Size, Lang)>,
) -> Result<Vec<PathBuf>, Error> {
    atomic::write_folder(dir, force, "talentloop optimize", |tmp| {
        write_files(tmp, dir, opt, refined, charts)
    })
}

fn write_files(
    tmp: &Path,
    target: &Path,
    opt: &Optimum<'_>,
    refined: Option<&Refined>,
    chart_options: Option<(Size, Lang)>,
) -> Result<Vec<PathBuf>, Error> {
    let problem = &opt.problem;
    let spec = problem.spec;
    let front = front(opt);
    let picks = picks(&front);
    let mut files = vec![
        PathBuf::from("pareto.csv"),
        PathBuf::from("archive.csv"),
        PathBuf::from("convergence.csv"),
    ];
    atomic::write(
        &tmp.join("pareto.csv"),
        pareto_csv(problem, &front).as_bytes(),
    )?;
    atomic::write(&tmp.join("archive.csv"), archive_csv(opt).as_bytes())?;
    let mut convergence = String::from(BOM);
    convergence.push_str("generation,hypervolume,feasible_share,front_size\n");
    for g in &opt.convergence {
        let _ = writeln!(
            convergence,
            "{},{},{},{}",
            g.generation,
            number(g.hypervolume),
            number(g.feasible_share),
            g.front
        );
    }
    atomic::write(&tmp.join("convergence.csv"), convergence.as_bytes())?;
    if spec.robust.is_some() {
        atomic::write(
            &tmp.join("futures.csv"),
            futures_csv(problem, &front).as_bytes(),
        )?;
        files.push("futures.csv".into());
    }
    let point_json = |x: &[f64]| {
        let (objectives, constraints) = problem
            .measured(x)
            .map(|m| problem.scores(&m))
            .unwrap_or_default();
        json!({
            "levers": spec.levers.iter().zip(x).map(|(l, v)| json!({"key": l.key, "value": v}))
                .collect::<Vec<_>>(),
            "objectives": spec.objectives.iter().zip(&objectives)
                .map(|(o, v)| json!({"quantity": o.quantity.label, "score": v}))
                .collect::<Vec<_>>(),
            "constraints": spec.constraints.iter().zip(&constraints)
                .map(|(c, v)| json!({"quantity": c.quantity.label, "value": v}))
                .collect::<Vec<_>>(),
        })
    };
    std::fs::create_dir_all(tmp.join("front")).map_err(|e| Error::io(tmp.join("front"), e))?;
    for (k, p) in front.iter().enumerate() {
        let file = point_file(k);
        let text = scenario_file(
            problem,
            &p.x,
            &format!("front_point_{k:03}"),
            &target.join("front"),
            "A point of the Pareto front",
        );
        atomic::write(&tmp.join(&file), text.as_bytes())?;
        files.push(file.into());
    }
    let mut picked = serde_json::Map::new();
    let mut write_pick = |pick: Pick, x: &[f64]| -> Result<(), Error> {
        let file = format!("{}.toml", pick.name);
        atomic::write(
            &tmp.join(&file),
            scenario_file(problem, x, pick.name, target, pick.what).as_bytes(),
        )?;
        files.push(file.into());
        picked.insert(pick.name.to_string(), point_json(x));
        Ok(())
    };
    if let Some(b) = picks.best {
        write_pick(BEST, &front[b].x)?;
    }
    if let Some(k) = picks.knee {
        write_pick(KNEE, &front[k].x)?;
    }
    if let Some(r) = refined {
        write_pick(REFINED, &r.x)?;
    }
    if let Some((size, lang)) = chart_options {
        let charts = charts(opt, &front, &picks, lang);
        for f in write_charts(&tmp.join("charts"), &charts, size)? {
            if let Ok(rel) = f.strip_prefix(tmp) {
                files.push(rel.to_path_buf());
            }
        }
    }
    let question = json!({
        "levers": spec.levers.iter().map(|l| json!({
            "key": l.key, "label_zh": lever_zh(spec, l),
            "lower": l.lower, "upper": l.upper, "step": l.step, "from": l.from,
        })).collect::<Vec<_>>(),
        "objectives": spec.objectives.iter().map(|o| json!({
            "quantity": o.quantity.label, "quantity_zh": quantity_zh(&o.quantity),
            "sense": if o.maximise { "max" } else { "min" }, "satisfy": o.satisfy,
        })).collect::<Vec<_>>(),
        "constraints": spec.constraints.iter().map(|c| json!({
            "quantity": c.quantity.label, "quantity_zh": quantity_zh(&c.quantity),
            "min": c.min, "max": c.max,
        })).collect::<Vec<_>>(),
        "robust": spec.robust.as_ref().map(|r| json!({
            "sweep": r.spec.file.display().to_string(), "futures": r.futures,
            "statistic": format!("{:?}", r.statistic).to_lowercase(),
        })),
    });
    let summary = json!({
        "name": spec.name,
        "question": question,
        "spec": spec.file.display().to_string(),
        "scenario": spec.scenario_path.display().to_string(),
        "population": spec.population,
        "generations": spec.generations,
        "generations_done": opt.outcome.generations,
        "interrupted": opt.interrupted,
        "seed": spec.seed,
        "futures": problem.futures(),
        "candidates_evaluated": opt.outcome.archive.len(),
        "model_runs": opt.outcome.archive.len() * problem.futures(),
        "front_size": front.len(),
        "seeded_with": opt.seeded,
        "picked": picked,
        "refinement": refined.map(|r| json!({
            "iterations": r.iterations, "feasible": r.feasible,
            "start_score": r.start_score, "score": r.score,
            "note": "scores as NSGA-II minimises them (a maximised objective negated)",
        })),
    });
    seal(tmp, MANIFEST, &summary)?;
    files.push(MANIFEST.into());
    Ok(files)
}
