//! Writes a calibration: `calibration.json` (fitted values, payoff, termination, per-series
//! RMSE, R², Theil U_M/U_S/U_C before and after), `fit.csv` (series, year, data, model before,
//! model after) and `<scenario>_calibrated.toml`, a scenario that `extends` the original and sets
//! the fitted values (tagged `derived`, with a note naming the data), and `charts/backtest`
//! (PNG and SVG): each fitted series' model path against the statistics, the hold-out shaded.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::json;

use super::atomic;
use super::chart::{BacktestPanel, Chart, Plot, Size};
use super::csv::{number, BOM};
use super::layer;
use super::manifest::seal;
use super::plots::write_charts;
use crate::analysis::calibrate::{
    pooled_error, Calibration, CalibrationSpec, Part, SeriesFit, MIN_POINTS_FOR_R2,
};
use crate::analysis::sweep::spec::{Mode, Target};
use crate::error::Error;

/// The calibration's summary and manifest (lists the folder's other files).
pub const CALIBRATION: &str = "calibration.json";

/// The calibrated scenario's TOML text.
pub fn calibrated_scenario(spec: &CalibrationSpec, c: &Calibration, out_dir: &Path) -> String {
    let fitted = spec.apply(&c.values);
    let parent = layer::relative_to(out_dir, &spec.scenario_path);
    let note = format!(
        "fitted by talentloop calibrate to {} (weighted relative least squares; payoff {:.3e})",
        spec.history_path.display(),
        c.payoff
    )
    .replace('"', "'");
    let mut out = format!(
        "# Calibrated from {} by `talentloop calibrate {}`.\nextends = {:?}\n\n[scenario]\nname = \
            \"{}_calibrated\"\ntitle_zh = \"{}（校准）\"\n",
        spec.scenario.file.display(),
        spec.file.display(),
        parent.display().to_string(),
        spec.scenario.name,
        spec.scenario.title_zh
    );
    let targets: Vec<Target> = spec.parameters.iter().map(|p| p.target).collect();
    out.push('\n');
    out.push_str(&layer::entries(&fitted, &targets, "derived", &note));
    out
}

fn fit_json(f: &[SeriesFit]) -> serde_json::Value {
    let pooled = |part: Part| {
        pooled_error(f, part)
            .map(|(n, e)| json!({"part": part.name(), "points": n, "rms_relative_error": e}))
    };
    let pooled: Vec<serde_json::Value> = [pooled(Part::Fit), pooled(Part::Holdout)]
        .into_iter()
        .flatten()
        .collect();
    json!({
        "series": f
            .iter()
            .map(|s| json!({
                "series": s.series, "part": s.part.name(), "points": s.points.len(),
                "unused_outside_run": s.unused,
                "residuals": s.points.iter().map(|&(year, data, model)| json!({
                    "year": year, "data": data, "model": model, "residual": model - data,
                })).collect::<Vec<_>>(),
                "rmse": s.rmse, "r2": s.r2,
                "theil": s.theil.map(|(m, v, c)| json!({"U_M": m, "U_S": v, "U_C": c})),
            }))
            .collect::<Vec<_>>(),
        "pooled": pooled,
        "r2_and_theil_need_points": MIN_POINTS_FOR_R2,
    })
}

/// Writes every output of a calibration as the folder `dir`, in one transaction
/// ([`atomic::OutputDir`]). Refuses a non-empty `dir` unless `force`.
pub fn write_calibration(
    dir: &Path,
    force: bool,
    spec: &CalibrationSpec,
    c: &Calibration,
) -> Result<Vec<PathBuf>, Error> {
    atomic::write_folder(dir, force, "talentloop calibrate", |tmp| {
        write_calibration_files(tmp, spec, c)
    })
}

/// Writes every output of a calibration into the existing folder `dir` (a transaction's, beside
/// the target, so relative paths are the target's): `fit.csv`, the calibrated scenario and last
/// `calibration.json`, which lists the other files. Returns the file names.
pub fn write_calibration_files(
    dir: &Path,
    spec: &CalibrationSpec,
    c: &Calibration,
) -> Result<Vec<PathBuf>, Error> {
    let mut csv = String::from(BOM);
    csv.push_str("series,part,year,data,model_start,model_fitted,residual\n");
    for (after, before) in c.fit.iter().zip(&c.start_fit) {
        for (p, q) in after.points.iter().zip(&before.points) {
            let _ = writeln!(
                csv,
                "{},{},{},{},{},{},{}",
                after.series,
                after.part.name(),
                p.0,
                number(p.1),
                number(q.2),
                number(p.2),
                number(p.2 - p.1)
            );
        }
    }
    atomic::write(&dir.join("fit.csv"), csv.as_bytes())?;
    let scenario = format!("{}_calibrated.toml", spec.scenario.name);
    atomic::write(
        &dir.join(&scenario),
        calibrated_scenario(spec, c, dir).as_bytes(),
    )?;
    let summary = json!({
        "spec": spec.file.display().to_string(),
        "scenario": spec.scenario.file.display().to_string(),
        "history": spec.history_path.display().to_string(),
        "parameters": spec.parameters.iter().zip(&c.values).map(|(p, v)| json!({
            "key": p.key, "mode": if p.mode == Mode::Value { "value" } else { "scale" },
            "start": p.start, "fitted": v, "lower": p.lower, "upper": p.upper, "from": p.from,
        })).collect::<Vec<_>>(),
        "payoff": c.payoff, "start_payoff": c.start_payoff,
        "termination": c.termination, "model_evaluations": c.evaluations,
        "fit": fit_json(&c.fit), "fit_at_start": fit_json(&c.start_fit),
    });
    let charts = write_charts(
        &dir.join("charts"),
        &[("backtest".to_string(), backtest_chart(spec, c))],
        Size::default(),
    )?;
    seal(dir, CALIBRATION, &summary)?;
    let mut files = vec![
        PathBuf::from(CALIBRATION),
        PathBuf::from("fit.csv"),
        PathBuf::from(scenario),
    ];
    files.extend(
        charts
            .iter()
            .filter_map(|f| f.strip_prefix(dir).ok().map(Path::to_path_buf)),
    );
    Ok(files)
}

/// The Chinese caption of a history series and its model counterpart (charts, reports).
pub fn series_title(series: &str) -> &str {
    match series {
        "gdp_growth" => "GDP实际增速",
        "industrial_va_growth" => "规上工业增加值增速（模型：制造业增加值）",
        "high_level_hires" => "项目与事业单位高层次人才引进（人/年）",
        "population" => "常住人口（人）",
        "gdp" => "地区生产总值（亿元）",
        "high_tech_share_bound" => "高新技术制造业占比（上限）",
        other => other,
    }
}

/// Model against statistics per fitted series, the years after `fit_until` shaded.
pub fn backtest_chart(spec: &CalibrationSpec, c: &Calibration) -> Chart {
    let panels = c
        .paths
        .iter()
        .map(|(series, path)| BacktestPanel {
            title: series_title(series).to_string(),
            model: path.iter().map(|&(y, v)| (f64::from(y), v)).collect(),
            data: c
                .fit
                .iter()
                .filter(|f| &f.series == series)
                .flat_map(|f| {
                    f.points
                        .iter()
                        .map(move |&(y, data, _)| (f64::from(y), data, f.part == Part::Holdout))
                })
                .collect(),
        })
        .collect();
    let title = match spec.fit_until {
        Some(last) => format!(
            "回测：{} 模型与统计数据（拟合至{last}年，阴影为检验期）",
            spec.scenario.name
        ),
        None => format!("校准：{} 模型与统计数据", spec.scenario.name),
    };
    Chart {
        title,
        x_label: "年份".into(),
        y_label: String::new(),
        plot: Plot::Backtest {
            panels,
            holdout_from: spec.fit_until.map(|y| f64::from(y) + 0.5),
            labels: [
                "模型".to_string(),
                "统计数据（拟合）".to_string(),
                "统计数据（检验期，未用于拟合）".to_string(),
            ],
        },
    }
}
