//! Writes sweep results: `samples.csv` streamed run by run, then `bands.csv`, `indices.csv`,
//! `manifest.json` (and `series.f32` for shards), and the sweep charts; `merge` combines shards
//! into exactly the files one machine would have written.
//!
//! - `samples.csv`: `run,label,status,<parameter keys…>,<output names…>` — one row per run, in run
//!   order; `status` is `ok` or the error code of a failed run (its outputs are empty).
//! - `bands.csv`: `variable,category,sector,time,n,mean,p5,p25,p50,p75,p95,min,max`.
//! - `indices.csv`: `output,parameter,statistic,value,conf95` — Sobol S1/ST(/S2) with bootstrap
//!   half-widths, Morris mu/mu_star/sigma, or OAT base/low/high/swing.
//! - `series.f32` (shards only): the band series of every run as little-endian f32, run-major,
//!   streamed as the runs finish.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::atomic;
use super::chart::{Chart, FanBand, Plot, Series, Size};
use super::csv::{field, number, BOM};
use super::manifest::{seal, MANIFEST};
use super::plots::{write_charts, Lang};
use crate::analysis::sweep::bands::EXACT_RUNS;
use crate::analysis::sweep::design::Design;
use crate::analysis::sweep::merge::ShardSet;
use crate::analysis::sweep::spec::{Distribution, Method, Mode, SweepSpec};
use crate::analysis::sweep::{
    complete_blocks, indices, BandRow, Bands, IndexRow, RunOutputs, RunSink, SweepResult,
};
use crate::error::Error;

/// A file streamed into a temporary file in its directory and renamed into place on
/// [`finish`](Self::finish), so a reader never sees half of it.
struct StreamedFile {
    file: std::io::BufWriter<tempfile::NamedTempFile>,
    target: PathBuf,
}

impl StreamedFile {
    fn create(target: PathBuf) -> Result<Self, Error> {
        let dir = target.parent().unwrap_or(Path::new("."));
        let tmp = tempfile::Builder::new()
            .prefix(".talentloop-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| Error::io(dir, e))?;
        Ok(StreamedFile {
            file: std::io::BufWriter::new(tmp),
            target,
        })
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.file
            .write_all(bytes)
            .map_err(|e| Error::io(&self.target, e))
    }

    fn finish(self) -> Result<(), Error> {
        let target = self.target;
        let tmp = self
            .file
            .into_inner()
            .map_err(|e| Error::io(&target, e.into_error()))?;
        tmp.as_file()
            .sync_all()
            .map_err(|e| Error::io(&target, e))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644));
        }
        tmp.persist(&target)
            .map_err(|e| Error::io(&target, e.error))?;
        Ok(())
    }
}

/// Streams `samples.csv` (and, for a shard, `series.f32`) run by run; the files appear on
/// [`finish`](Self::finish).
pub struct SamplesWriter {
    samples: StreamedFile,
    series: Option<StreamedFile>,
}

impl SamplesWriter {
    /// Starts `dir/samples.csv` with its header; with `keep_series` (a shard) also
    /// `dir/series.f32`, which `merge` reads back.
    pub fn create(dir: &Path, spec: &SweepSpec, keep_series: bool) -> Result<Self, Error> {
        let mut samples = StreamedFile::create(dir.join("samples.csv"))?;
        samples.write(format!("{BOM}{}\n", samples_header(spec)).as_bytes())?;
        let series = if keep_series {
            Some(StreamedFile::create(dir.join("series.f32"))?)
        } else {
            None
        };
        Ok(SamplesWriter { samples, series })
    }

    /// Flushes and renames into place.
    pub fn finish(self) -> Result<(), Error> {
        if let Some(series) = self.series {
            series.finish()?;
        }
        self.samples.finish()
    }
}

/// The header line of samples.csv (without BOM and newline).
pub fn samples_header(spec: &SweepSpec) -> String {
    let mut h = String::from("run,label,status");
    for p in &spec.parameters {
        h.push(',');
        h.push_str(&field(&p.key));
    }
    for o in &spec.outputs {
        h.push(',');
        h.push_str(&field(&o.name));
    }
    h
}

impl RunSink for SamplesWriter {
    fn record(&mut self, design: &Design, run: &RunOutputs) -> Result<(), Error> {
        let mut line = format!(
            "{},{},{}",
            run.index,
            field(&design.label(run.index)),
            run.error.as_deref().unwrap_or("ok")
        );
        for v in &design.values(run.index) {
            let _ = write!(line, ",{}", number(*v));
        }
        for v in &run.scalars {
            let _ = write!(line, ",{}", number(*v));
        }
        line.push('\n');
        self.samples.write(line.as_bytes())?;
        if let Some(series) = &mut self.series {
            let bytes: Vec<u8> = run.series.iter().flat_map(|v| v.to_le_bytes()).collect();
            series.write(&bytes)?;
        }
        Ok(())
    }
}

fn bands_csv(spec: &SweepSpec, rows: &[BandRow]) -> String {
    let mut out = String::from(BOM);
    out.push_str("variable,category,sector,time,n,mean,p5,p25,p50,p75,p95,min,max\n");
    for r in rows {
        let b = &spec.bands[r.band];
        let _ = write!(
            out,
            "{},{},{},{},{},{}",
            b.variable,
            b.category,
            b.sector.as_deref().unwrap_or(""),
            number(r.time),
            r.n,
            number(r.mean)
        );
        for p in r.percentiles {
            let _ = write!(out, ",{}", number(p));
        }
        let _ = writeln!(out, ",{},{}", number(r.min), number(r.max));
    }
    out
}

fn indices_csv(rows: &[IndexRow]) -> String {
    let mut out = String::from(BOM);
    out.push_str("output,parameter,statistic,value,conf95\n");
    for r in rows {
        let _ = writeln!(
            out,
            "{},{},{},{},{}",
            field(&r.output),
            field(&r.parameter),
            r.statistic,
            number(r.value),
            r.conf.map_or(String::new(), number)
        );
    }
    out
}

fn distribution_json(d: &Distribution) -> Value {
    match d {
        Distribution::Uniform { lower, upper } => {
            json!({"kind": "uniform", "lower": lower, "upper": upper})
        }
        Distribution::Triangular { lower, mode, upper } => {
            json!({"kind": "triangular", "lower": lower, "mode": mode, "upper": upper})
        }
        Distribution::Normal {
            mean,
            sd,
            lower,
            upper,
        } => {
            json!({
                "kind": "normal", "mean": mean, "sd": sd,
                "lower": finite(*lower), "upper": finite(*upper),
            })
        }
        Distribution::LogNormal {
            mu,
            sigma,
            lower,
            upper,
        } => {
            json!({
                "kind": "lognormal", "mu": mu, "sigma": sigma,
                "lower": finite(*lower), "upper": finite(*upper),
            })
        }
        Distribution::Discrete(v) => json!({"kind": "discrete", "values": v}),
    }
}

fn finite(v: f64) -> Value {
    if v.is_finite() {
        json!(v)
    } else {
        Value::Null
    }
}

/// Facts about a sweep's execution for its manifest.
#[derive(Debug, Clone, Default)]
pub struct SweepProvenance {
    /// Program version.
    pub version: String,
    /// Git commit of the build.
    pub git_commit: Option<String>,
    /// Shard (1-based index, count), if any.
    pub shard: Option<(usize, usize)>,
    /// Worker threads.
    pub threads: usize,
    /// Wall time, seconds.
    pub wall_seconds: f64,
}

fn manifest(spec: &SweepSpec, total: usize, result: &SweepResult, p: &SweepProvenance) -> Value {
    // An absolute path, so `merge` finds the spec from any directory.
    let spec_file = spec
        .file
        .canonicalize()
        .unwrap_or_else(|_| spec.file.clone());
    json!({
        "talentloop_version": p.version,
        "git_commit": p.git_commit,
        "spec_file": spec_file.display().to_string(),
        "spec_sha256": spec.sha256,
        "scenario_file": spec.scenario.file.display().to_string(),
        "scenario_sha256": spec.scenario.sha256,
        "method": spec.method.as_str(),
        "seed": spec.seed,
        "parameters": spec.parameters.iter().map(|q| json!({
            "key": q.key, "mode": if q.mode == Mode::Value { "value" } else { "scale" },
            "base": q.base, "distribution": distribution_json(&q.distribution),
        })).collect::<Vec<_>>(),
        "outputs": spec.outputs.iter().map(|o| json!({
            "name": o.name, "variable": o.variable, "category": o.category, "sector": o.sector,
        })).collect::<Vec<_>>(),
        "runs_in_design": total,
        "range": [result.range.start, result.range.end],
        "shard": p.shard.map(|(i, n)| json!({"index": i, "count": n})),
        "completed": result.completed,
        "interrupted": result.interrupted,
        "failures": result.failures,
        "threads": p.threads,
        "wall_seconds": p.wall_seconds,
        "band_statistics": if result.bands.exact() {
            "exact percentiles (linear interpolation) of f32 copies of each run's values; f32 \
                rounding ≤ 6e-8 relative".to_string()
        } else {
            format!("P² streaming estimates (Jain & Chlamtac 1985) after the first {EXACT_RUNS} \
                runs, started from their exact order statistics; mean, min and max exact")
        },
    })
}

/// Writes bands, indices and last the manifest (listing every file with its SHA-256, series.f32
/// of a shard included) into `dir` after the runs, and returns the files and the indices.
/// Indices are computed only for a whole, unsharded design (a shard's are computed by `merge`).
pub fn write_summaries(
    dir: &Path,
    spec: &SweepSpec,
    design: &Design,
    result: &SweepResult,
    provenance: &SweepProvenance,
) -> Result<(Vec<PathBuf>, Vec<IndexRow>), Error> {
    let mut files = Vec::new();
    let mut index_rows = Vec::new();
    let band_rows = result.bands.rows();
    let path = dir.join("bands.csv");
    atomic::write(&path, bands_csv(spec, &band_rows).as_bytes())?;
    files.push(path);
    if provenance.shard.is_none() {
        let usable = complete_blocks(spec, result.completed);
        index_rows = indices(spec, design, &result.scalars[..usable]);
        let path = dir.join("indices.csv");
        atomic::write(&path, indices_csv(&index_rows).as_bytes())?;
        files.push(path);
    } else {
        // Streamed run by run by the samples writer.
        files.push(dir.join("series.f32"));
    }
    let path = seal(
        dir,
        MANIFEST,
        &manifest(spec, design.len(), result, provenance),
    )?;
    files.push(path);
    Ok((files, index_rows))
}

/// An output as a chart title names it: its indicator's label and the output's name.
pub(super) fn output_title(
    output: &crate::analysis::sweep::spec::OutputSpec,
    lang: Lang,
) -> String {
    match crate::model::indicator_registry::find(&output.variable, &output.category) {
        Some(d) => format!("{}（{}）", d.label(lang == Lang::Zh), output.name),
        None => output.name.clone(),
    }
}

/// Whether a sampled parameter is a policy lever.
fn is_lever(p: &crate::analysis::sweep::spec::SweepParam) -> bool {
    matches!(
        p.target.def().role,
        crate::scenario::schema::Role::Lever(..)
    )
}

/// A sampled parameter's name in charts: its registry label (the lookup's name for a lookup's
/// strength, the sector for one sector's key), levers marked 措施 / lever.
pub(super) fn param_label(p: &crate::analysis::sweep::spec::SweepParam, lang: Lang) -> String {
    let def = p.target.def();
    let mut name = if lang == Lang::Zh { def.zh } else { def.en }.to_string();
    let parts: Vec<&str> = p.key.split('.').collect();
    match parts.as_slice() {
        ["lookups", lookup] => name = format!("{name}（{lookup}）"),
        ["sectors", sector, _] if *sector != "*" => name = format!("{name}（{sector}）"),
        _ => {}
    }
    if is_lever(p) {
        match lang {
            Lang::Zh => format!("措施：{name}"),
            Lang::En => format!("lever: {name}"),
        }
    } else {
        name
    }
}

/// The charts of a sweep: fan charts of the bands, and the method's index chart per output.
pub fn sweep_charts(
    spec: &SweepSpec,
    design: &Design,
    result: &SweepResult,
    lang: Lang,
) -> Vec<(String, Chart)> {
    let l = |a: &str, b: &str| {
        if lang == Lang::Zh {
            a.to_string()
        } else {
            b.to_string()
        }
    };
    let mut charts = Vec::new();
    let band_rows = result.bands.rows();
    for (b, band) in spec.bands.iter().enumerate() {
        let rows: Vec<&BandRow> = band_rows.iter().filter(|r| r.band == b).collect();
        let name = if band.category.is_empty() {
            band.variable.clone()
        } else {
            format!("{}[{}]", band.variable, band.category)
        };
        let fan = |label: &str, lo: usize, hi: usize| FanBand {
            label: label.to_string(),
            points: rows
                .iter()
                .map(|r| (r.time, r.percentiles[lo], r.percentiles[hi]))
                .collect(),
        };
        // An indicator's own name and unit; "不确定性" only when nothing but assumptions and
        // structure is sampled (a sampled lever makes it a range of policies, not uncertainty).
        let def = crate::model::indicator_registry::find(&band.variable, &band.category);
        let label = def.map_or_else(|| name.clone(), |d| d.label(lang == Lang::Zh).to_string());
        let unit = def.map_or("", |d| d.unit);
        let levers = spec.parameters.iter().any(|p| {
            matches!(
                p.target.def().role,
                crate::scenario::schema::Role::Lever(..)
            )
        });
        let kind = match (levers, lang) {
            (false, Lang::Zh) => "不确定性区间",
            (true, Lang::Zh) => "参数扫描区间",
            (false, Lang::En) => "uncertainty",
            (true, Lang::En) => "range over the sampled inputs",
        };
        let reference = result.base.get(b).map(|values| Series {
            // The swept scenario itself (not always the baseline): its short title.
            name: super::plots::legend_name(&spec.scenario.name, &spec.scenario.title_zh, lang),
            points: result
                .times
                .iter()
                .copied()
                .zip(values.iter().copied())
                .collect(),
            emphasis: true,
        });
        charts.push((
            format!("fan_{}", name.replace(['[', ']', '@'], "_")),
            Chart {
                title: match lang {
                    Lang::Zh => format!("{label}：{kind}（{} 次运行）", result.completed),
                    Lang::En => format!("{label}: {kind} ({} runs)", result.completed),
                },
                x_label: l("年份", "year"),
                y_label: match lang {
                    Lang::Zh => crate::units::unit_zh(unit),
                    Lang::En => unit.to_string(),
                },
                plot: Plot::Fan {
                    bands: vec![
                        FanBand {
                            label: l("全部", "all (min-max)"),
                            points: rows.iter().map(|r| (r.time, r.min, r.max)).collect(),
                        },
                        fan("90%", 0, 4),
                        fan("50%", 1, 3),
                    ],
                    median: Series {
                        name: l("中位数", "median"),
                        points: rows.iter().map(|r| (r.time, r.percentiles[2])).collect(),
                        emphasis: true,
                    },
                    reference,
                },
            },
        ));
    }
    let usable = complete_blocks(spec, result.completed);
    let idx = indices(spec, design, &result.scalars[..usable]);
    for output in &spec.outputs {
        let rows: Vec<&IndexRow> = idx.iter().filter(|r| r.output == output.name).collect();
        let stat = |p: &str, s: &str| rows.iter().find(|r| r.parameter == p && r.statistic == s);
        // Levers first, then assumptions and structure, so the two kinds stand apart.
        let mut params: Vec<&crate::analysis::sweep::spec::SweepParam> =
            spec.parameters.iter().collect();
        params.sort_by_key(|p| !is_lever(p));
        let keys: Vec<String> = params.iter().map(|p| p.key.clone()).collect();
        let names: Vec<String> = params.iter().map(|p| param_label(p, lang)).collect();
        let short = |k: &str| {
            keys.iter()
                .position(|x| x == k)
                .map_or_else(|| k.to_string(), |i| names[i].clone())
        };
        match &spec.method {
            Method::Oat => {
                let base = stat(&keys[0], "base").map_or(f64::NAN, |r| r.value);
                charts.push((
                    format!("tornado_{}", output.name),
                    Chart {
                        title: format!(
                            "{}{}",
                            l("单因素敏感性: ", "One-at-a-time: "),
                            output_title(output, lang)
                        ),
                        x_label: format!(
                            "{} {}",
                            output_title(output, lang),
                            l(
                                "（红色条纹：参数取低值；蓝色：取高值）",
                                "(red, striped: input low; blue: input high)"
                            )
                        ),
                        y_label: String::new(),
                        plot: Plot::Tornado {
                            base,
                            rows: keys
                                .iter()
                                .map(|k| {
                                    (
                                        short(k),
                                        stat(k, "low").map_or(base, |r| r.value),
                                        stat(k, "high").map_or(base, |r| r.value),
                                    )
                                })
                                .collect(),
                        },
                    },
                ));
            }
            Method::Sobol { .. } => {
                for (s, label) in [
                    ("S1", l("一阶指数 S1", "first-order S1")),
                    ("ST", l("总效应指数 ST", "total-order ST")),
                ] {
                    let values: Vec<&&IndexRow> = keys.iter().filter_map(|k| stat(k, s)).collect();
                    charts.push((
                        format!("sobol_{s}_{}", output.name),
                        Chart {
                            title: format!("{label}: {}", output_title(output, lang)),
                            x_label: l("参数", "parameter"),
                            y_label: label.clone(),
                            plot: Plot::Bars {
                                categories: names.clone(),
                                values: values.iter().map(|r| r.value).collect(),
                                errors: Some(
                                    values
                                        .iter()
                                        .map(|r| {
                                            (
                                                r.value - r.conf.unwrap_or(0.0),
                                                r.value + r.conf.unwrap_or(0.0),
                                            )
                                        })
                                        .collect(),
                                ),
                            },
                        },
                    ));
                }
            }
            Method::Morris { .. } => {
                charts.push((
                    format!("morris_{}", output.name),
                    Chart {
                        title: format!(
                            "{}{}",
                            l("Morris 筛选: ", "Morris screening: "),
                            output.name
                        ),
                        x_label: "μ*".into(),
                        y_label: "σ".into(),
                        plot: Plot::Scatter {
                            points: keys
                                .iter()
                                .map(|k| {
                                    (
                                        short(k),
                                        stat(k, "mu_star").map_or(0.0, |r| r.value),
                                        stat(k, "sigma").map_or(0.0, |r| r.value),
                                    )
                                })
                                .collect(),
                        },
                    },
                ));
            }
            Method::Grid if spec.parameters.len() == 2 => {
                let o = spec
                    .outputs
                    .iter()
                    .position(|x| x.name == output.name)
                    .unwrap_or(0);
                let (nx, ny) = (spec.parameters[1].levels, spec.parameters[0].levels);
                let xs: Vec<f64> = (0..nx).map(|c| design.values(c)[1]).collect();
                let ys: Vec<f64> = (0..ny).map(|r| design.values(r * nx)[0]).collect();
                if result.scalars.len() == nx * ny {
                    let values = (0..ny)
                        .map(|r| (0..nx).map(|c| result.scalars[r * nx + c][o]).collect())
                        .collect();
                    charts.push((
                        format!("grid_{}", output.name),
                        Chart {
                            title: format!("{}{}", l("二维网格: ", "Grid: "), output.name),
                            x_label: short(&spec.parameters[1].key),
                            y_label: short(&spec.parameters[0].key),
                            plot: Plot::Heatmap { xs, ys, values },
                        },
                    ));
                }
            }
            // A grid of one or of three and more parameters has no heatmap; uncertainty designs
            // are shown by their fan charts alone.
            Method::Grid | Method::MonteCarlo { .. } | Method::Lhs { .. } => {}
        }
    }
    charts
}

/// Draws the sweep charts into `dir/charts`.
pub fn write_sweep_charts(
    dir: &Path,
    spec: &SweepSpec,
    design: &Design,
    result: &SweepResult,
    size: Size,
    lang: Lang,
) -> Result<Vec<PathBuf>, Error> {
    write_charts(
        &dir.join("charts"),
        &sweep_charts(spec, design, result, lang),
        size,
    )
}

/// Combines shard directories into the existing folder `out` (a transaction's), writing the same
/// samples.csv, bands.csv and indices.csv as an unsharded sweep, streaming the shards run by run.
/// The spec is read from the path recorded in the shards' manifests; every shard is checked
/// against its manifest's file list first.
pub fn merge(
    dirs: &[PathBuf],
    out: &Path,
    provenance: &SweepProvenance,
) -> Result<(SweepSpec, SweepResult, Design), Error> {
    for dir in dirs {
        super::manifest::read_verified(dir, MANIFEST)?;
    }
    let shards = ShardSet::open(dirs)?;
    let (spec, design) = (shards.spec.clone(), shards.design.clone());
    let time = &spec.scenario.time;
    let rows = time.n_intervals() + 1;
    let times: Vec<f64> = (0..rows).map(|j| time.time_at(j)).collect();
    let mut result = SweepResult {
        range: 0..design.len(),
        completed: 0,
        interrupted: false,
        times: times.clone(),
        scalars: Vec::with_capacity(design.len()),
        bands: Bands::new(spec.bands.len(), &times),
        failures: 0,
        // samples.csv does not keep spending: each shard warned when it ran.
        above_gdp_share: 0,
        peak_gdp_share: 0.0,
        base: crate::analysis::sweep::base_series(&spec, &times),
    };
    let mut samples = StreamedFile::create(out.join("samples.csv"))?;
    samples.write(format!("{BOM}{}\n", samples_header(&spec)).as_bytes())?;
    // The shards' records are written back as read; the csv writer quotes exactly the fields
    // that `field` quotes, so the merged file has the bytes of an unsharded sweep.
    let n_params = spec.parameters.len();
    let samples_path = out.join("samples.csv");
    shards.for_each_run(|record, series| {
        let mut writer = ::csv::Writer::from_writer(Vec::new());
        let line = writer
            .write_record(record)
            .map_err(|e| Error::io(&samples_path, e.into()))
            .and_then(|()| {
                writer
                    .into_inner()
                    .map_err(|e| Error::io(&samples_path, e.into_error()))
            })?;
        samples.write(&line)?;
        result.failures += usize::from(record.get(2).is_some_and(|s| s != "ok"));
        result.scalars.push(
            record
                .iter()
                .skip(3 + n_params)
                .map(|v| v.parse::<f64>().unwrap_or(f64::NAN))
                .collect(),
        );
        result.bands.push(series);
        result.completed += 1;
        Ok(())
    })?;
    samples.finish()?;
    write_summaries(out, &spec, &design, &result, provenance)?;
    Ok((spec, result, design))
}
