//! Writes the robustness of a comparison (`compare … --uncertainty`): the draws, every
//! package's measure per draw, their summaries, P(A beats B), and a Markdown section.
//!
//! Files, in `uncertainty/` of the comparison folder (UTF-8 with BOM, empty cell = n/a):
//! - `draws.csv`: `draw,status,<parameter keys…>` — the values every package ran under;
//! - `effects.csv`: `scenario,measure,draw,value` (kept draws only);
//! - `summary.csv`: `scenario,measure,mean,p5,p50,p95,p_better,undefined`;
//! - `beats.csv`: `measure,a,b,p_a_beats_b,p_b_beats_a,p_tie`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::atomic;
use super::csv::{field, number, BOM};
use super::plots::Lang;
use super::table::display_number;
use crate::analysis::uncertainty::Robustness;
use crate::error::Error;

fn cell(v: f64) -> String {
    if v.is_nan() {
        String::new()
    } else {
        number(v)
    }
}

/// The four CSV files: (file name inside `uncertainty/`, bytes).
pub fn robustness_files(r: &Robustness) -> Vec<(&'static str, Vec<u8>)> {
    let mut draws = String::from(BOM);
    draws.push_str("draw,status");
    for p in &r.parameters {
        let _ = write!(draws, ",{}", field(p));
    }
    draws.push('\n');
    for (k, values) in r.draws.iter().enumerate() {
        let status = if r.failed.contains(&k) {
            "failed"
        } else {
            "ok"
        };
        let _ = write!(draws, "{k},{status}");
        for v in values {
            let _ = write!(draws, ",{}", number(*v));
        }
        draws.push('\n');
    }
    let kept: Vec<usize> = (0..r.draws.len())
        .filter(|k| !r.failed.contains(k))
        .collect();
    let mut effects = String::from(BOM);
    effects.push_str("scenario,measure,draw,value\n");
    for (m, measure) in r.measures.iter().enumerate() {
        for (s, name) in r.scenarios.iter().enumerate() {
            if s == r.baseline {
                continue;
            }
            for (j, &k) in kept.iter().enumerate() {
                let _ = writeln!(
                    effects,
                    "{},{},{k},{}",
                    field(name),
                    field(&measure.name),
                    cell(r.values[m][s][j])
                );
            }
        }
    }
    let mut summary = String::from(BOM);
    summary.push_str("scenario,measure,mean,p5,p50,p95,p_better,undefined\n");
    for e in &r.effects {
        let _ = writeln!(
            summary,
            "{},{},{},{},{},{},{},{}",
            field(&r.scenarios[e.scenario]),
            field(&r.measures[e.measure].name),
            cell(e.mean),
            cell(e.p5),
            cell(e.p50),
            cell(e.p95),
            number(e.p_better),
            e.undefined
        );
    }
    let mut beats = String::from(BOM);
    beats.push_str("measure,a,b,p_a_beats_b,p_b_beats_a,p_tie\n");
    for b in &r.beats {
        let _ = writeln!(
            beats,
            "{},{},{},{},{},{}",
            field(&r.measures[b.measure].name),
            field(&r.scenarios[b.a]),
            field(&r.scenarios[b.b]),
            number(b.a_beats_b),
            number(b.b_beats_a),
            number(b.tie)
        );
    }
    vec![
        ("draws.csv", draws.into_bytes()),
        ("effects.csv", effects.into_bytes()),
        ("summary.csv", summary.into_bytes()),
        ("beats.csv", beats.into_bytes()),
    ]
}

/// Writes the files into `dir/uncertainty/`; returns their names relative to `dir`.
pub fn write_robustness(dir: &Path, r: &Robustness) -> Result<Vec<PathBuf>, Error> {
    let sub = dir.join("uncertainty");
    std::fs::create_dir(&sub).map_err(|e| Error::io(&sub, e))?;
    let mut out = Vec::new();
    for (name, bytes) in robustness_files(r) {
        atomic::write(&sub.join(name), &bytes)?;
        out.push(Path::new("uncertainty").join(name));
    }
    Ok(out)
}

/// The Markdown section: per measure, each package's effect (5–50–95 %, P > 0) and the matrix
/// of P(row beats column).
pub fn robustness_markdown(r: &Robustness, lang: Lang) -> String {
    let kept = r.draws.len() - r.failed.len();
    let spec = r.spec_file.display();
    let sampled = r.parameters.len();
    let left_out = r.failed.len();
    let mut md = match lang {
        Lang::En => format!(
            "\n## 不确定性下的结论 Robustness over {kept} draws of `{spec}`\n\n\
             Every package and the baseline ran under the same {kept} draws of the sweep's \
             parameters ({sampled} sampled; common random numbers){}; effects are against the \
             baseline of the same draw. P(better): share of draws where the package does better \
             than the baseline (a positive effect, or a negative one for a gap, cost or loss \
             rate); n/a draws count as not better. P(row beats column): share of draws where the \
             row's measure is better (n/a loses to any number; ties are the rest).\n",
            if left_out == 0 {
                String::new()
            } else {
                format!(", {left_out} draws left out because a package could not run under them")
            }
        ),
        Lang::Zh => format!(
            "\n## 不确定性下的结论（`{spec}` 的 {kept} 组抽样）\n\n\
             每个方案和基准情景都在同样的 {kept} 组参数抽样下运行（抽样 {sampled} 个参数，\
             共同随机数）{}；效果均相对同一组抽样下的基准情景。P(优于基准)：方案优于基准的抽样\
             所占比例（效果为正；缺口、成本、流失率则为负）；无法计算（n/a）的抽样不计为优于。\
             P(行优于列)：行方案的指标优于列方案的抽样所占比例（n/a 劣于任何数值；其余为持平）。\n",
            if left_out == 0 {
                String::new()
            } else {
                format!("，有 {left_out} 组抽样因某方案无法运行而剔除")
            }
        ),
    };
    for w in &r.warnings {
        let _ = writeln!(md, "\n⚠ {w}");
    }
    let packages: Vec<usize> = (0..r.scenarios.len())
        .filter(|&s| s != r.baseline)
        .collect();
    for (m, measure) in r.measures.iter().enumerate() {
        let what = match (measure.is_ratio(), lang) {
            (true, Lang::En) => format!("`{}` (per 亿元)", measure.name),
            (true, Lang::Zh) => format!("`{}`（每亿元）", measure.name),
            (false, Lang::En) => format!("Δ `{}` against the baseline", measure.name),
            (false, Lang::Zh) => format!("`{}` 相对基准的变化", measure.name),
        };
        let head = lang.pick(
            "| 方案 | 均值 | 5% | 50% | 95% | P(优于基准) |",
            "| scenario | mean | 5 % | 50 % | 95 % | P(better) |",
        );
        let _ = writeln!(md, "\n### {what}\n\n{head}\n|---|---:|---:|---:|---:|---:|");
        for e in r.effects.iter().filter(|e| e.measure == m) {
            let show = |v: f64| {
                if v.is_nan() {
                    "n/a".to_string()
                } else {
                    display_number(v)
                }
            };
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {:.2} |",
                r.scenarios[e.scenario],
                show(e.mean),
                show(e.p5),
                show(e.p50),
                show(e.p95),
                e.p_better
            );
        }
        let _ = write!(
            md,
            "\n{}\n\n| |",
            lang.pick("P(行优于列)：", "P(row beats column):")
        );
        for &s in &packages {
            let _ = write!(md, " {} |", r.scenarios[s]);
        }
        md.push_str("\n|---|");
        md.push_str(&"---:|".repeat(packages.len()));
        md.push('\n');
        for &a in &packages {
            let _ = write!(md, "| {} |", r.scenarios[a]);
            for &b in &packages {
                let p = r
                    .beats
                    .iter()
                    .find(|x| x.measure == m && ((x.a, x.b) == (a, b) || (x.a, x.b) == (b, a)))
                    .map(|x| if x.a == a { x.a_beats_b } else { x.b_beats_a });
                match p {
                    Some(p) => {
                        let _ = write!(md, " {p:.2} |");
                    }
                    None => md.push_str(" — |"),
                }
            }
            md.push('\n');
        }
    }
    md
}
