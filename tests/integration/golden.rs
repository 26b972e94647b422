//! Golden SVG snapshots, one per chart kind, of fixed synthetic charts: a change of any chart's
//! drawing shows as a diff of `tests/golden/<kind>.svg`, to be looked at and accepted with
//! `TALENTLOOP_BLESS=1 cargo test --test integration golden`. Plus the legend rule: a legend
//! stands beside the plot, so no legend entry overlaps a data line.

use talentloop::output::chart::{render, BacktestPanel, Band, Chart, FanBand, Plot, Series, Size};

use crate::common::repo;

/// Ten packages and a baseline over 2024–2035: more series than the palette has colours.
fn packages() -> Vec<Series> {
    (0..11)
        .map(|k| Series {
            name: if k == 0 {
                "基准情景".to_string()
            } else {
                format!("方案{k}")
            },
            points: (0..=44)
                .map(|i| {
                    let t = 2024.0 + i as f64 / 4.0;
                    (
                        t,
                        4000.0 + 30.0 * k as f64 * (t - 2024.0) + 100.0 * (t - 2024.0),
                    )
                })
                .collect(),
            emphasis: k == 0,
        })
        .collect()
}

fn line(name: &str, level: f64) -> Series {
    Series {
        name: name.to_string(),
        points: (0..12)
            .map(|i| (2024.0 + i as f64, level + 0.1 * i as f64))
            .collect(),
        emphasis: false,
    }
}

/// One chart of every kind, each with its file name.
fn charts() -> Vec<(&'static str, Chart)> {
    let chart = |title: &str, plot| Chart {
        title: title.into(),
        x_label: "年份".into(),
        y_label: "人".into(),
        plot,
    };
    vec![
        (
            "line",
            chart(
                "企业高层次人才 - 情景比较",
                Plot::Line {
                    series: packages(),
                    bands: vec![],
                    y_range: None,
                },
            ),
        ),
        (
            "line_bands",
            chart(
                "耦合协调度",
                Plot::Line {
                    series: vec![line("耦合协调度", 0.5)],
                    bands: vec![
                        Band {
                            from: 0.5,
                            to: 0.6,
                            label: "勉强协调".into(),
                        },
                        Band {
                            from: 0.6,
                            to: 0.7,
                            label: "初级协调".into(),
                        },
                    ],
                    y_range: Some((0.4, 0.8)),
                },
            ),
        ),
        (
            "stacked",
            chart(
                "累计财政投入（按项目）",
                Plot::Stacked {
                    layers: vec![
                        line("安家补助", 1.0),
                        line("飞地席位", 0.0).clone_zeroed(),
                        line("编制人员财政工资", 5.0),
                    ],
                },
            ),
        ),
        (
            "multiples",
            chart(
                "分产业高层次人才充足率",
                Plot::Multiples {
                    panels: vec![
                        ("能源化工".into(), vec![line("充足率", 0.7)]),
                        ("先进材料".into(), vec![line("充足率", 0.6)]),
                        ("食品饮料".into(), vec![line("充足率", 0.8)]),
                    ],
                },
            ),
        ),
        (
            "bars",
            chart(
                "相对基准的变化 2035",
                Plot::Bars {
                    categories: vec!["综合政策包".into(), "双向飞地".into(), "柔性引才".into()],
                    values: vec![26.4, 0.7, -0.1],
                    errors: Some(vec![(20.0, 30.0), (0.2, 1.2), (-0.5, 0.3)]),
                },
            ),
        ),
        (
            "fan",
            chart(
                "企业高层次人才：不确定性区间",
                Plot::Fan {
                    bands: vec![FanBand {
                        label: "90%".into(),
                        points: (0..12)
                            .map(|i| (2024.0 + i as f64, 3000.0 + 50.0 * i as f64, 5000.0))
                            .collect(),
                    }],
                    median: line("中位数", 4000.0),
                    reference: Some(line("基准情景", 4100.0)),
                },
            ),
        ),
        (
            "tornado",
            chart(
                "单因素敏感性",
                Plot::Tornado {
                    base: 4755.0,
                    rows: vec![
                        ("高层次人才吸引力".into(), 3900.0, 5600.0),
                        ("工资".into(), 4500.0, 5000.0),
                    ],
                },
            ),
        ),
        (
            "heatmap",
            chart(
                "安家补助与服务投入",
                Plot::Heatmap {
                    xs: vec![0.0, 0.5, 1.0],
                    ys: vec![40.0, 60.0],
                    values: vec![vec![4700.0, 4800.0, 4850.0], vec![4900.0, 5000.0, 5050.0]],
                },
            ),
        ),
        (
            "scatter",
            chart(
                "Morris 筛选",
                Plot::Scatter {
                    points: vec![("吸引力".into(), 1.0, 0.5), ("工资".into(), 0.4, 0.2)],
                },
            ),
        ),
        (
            "backtest",
            chart(
                "回测",
                Plot::Backtest {
                    panels: vec![BacktestPanel {
                        title: "GDP实际增速".into(),
                        model: vec![(2022.0, 0.052), (2023.0, 0.06), (2024.0, 0.057)],
                        data: vec![(2023.0, 0.06, false), (2024.0, 0.065, true)],
                    }],
                    holdout_from: Some(2023.5),
                    labels: [
                        "模型".into(),
                        "统计数据（拟合）".into(),
                        "统计数据（检验期）".into(),
                    ],
                },
            ),
        ),
        (
            "front",
            chart(
                "企业高层次人才与新增支出",
                Plot::Front {
                    front: vec![(0.0, 4755.0), (2.0, 6100.0), (5.0, 7300.0), (9.9, 8780.0)],
                    marked: vec![
                        ("基准情景".into(), 0.0, 4755.0),
                        ("安家补助加码".into(), 17.7, 5385.0),
                    ],
                    budget: Some(10.0),
                    labels: ["帕累托前沿".into(), "预算上限".into()],
                },
            ),
        ),
        (
            "parallel",
            chart(
                "前沿上的政策组合",
                Plot::Parallel {
                    axes: vec!["安家补助".into(), "服务投入".into(), "飞地席位".into()],
                    lines: vec![
                        vec![0.0, 0.5, 1.0],
                        vec![0.3, 0.2, 0.6],
                        vec![1.0, 0.9, 0.1],
                    ],
                    highlight: vec![
                        ("预算内最优".into(), vec![0.3, 0.2, 0.6]),
                        ("拐点".into(), vec![0.0, 0.5, 1.0]),
                    ],
                },
            ),
        ),
    ]
}

/// The kind of a plot, by an exhaustive match: a new kind does not compile here until it is
/// named, and then fails [`every_chart_kind_has_a_golden_snapshot`] until it has a snapshot.
fn kind(plot: &Plot) -> &'static str {
    match plot {
        Plot::Line { bands, .. } if !bands.is_empty() => "line_bands",
        Plot::Line { .. } => "line",
        Plot::Stacked { .. } => "stacked",
        Plot::Multiples { .. } => "multiples",
        Plot::Bars { .. } => "bars",
        Plot::Fan { .. } => "fan",
        Plot::Tornado { .. } => "tornado",
        Plot::Heatmap { .. } => "heatmap",
        Plot::Backtest { .. } => "backtest",
        Plot::Front { .. } => "front",
        Plot::Parallel { .. } => "parallel",
        Plot::Scatter { .. } => "scatter",
    }
}

/// Every kind `kind` names (kept beside it, so both change together).
const KINDS: [&str; 12] = [
    "line",
    "line_bands",
    "stacked",
    "multiples",
    "bars",
    "fan",
    "tornado",
    "heatmap",
    "backtest",
    "front",
    "parallel",
    "scatter",
];

#[test]
fn every_chart_kind_has_a_golden_snapshot() {
    let charts = charts();
    for name in KINDS {
        let chart = charts.iter().find(|(n, _)| *n == name);
        let (_, chart) = chart.unwrap_or_else(|| panic!("no golden chart of kind {name}"));
        assert_eq!(kind(&chart.plot), name);
    }
    assert_eq!(charts.len(), KINDS.len());
}

/// A series of the same points at zero (a cost line the package does not use).
trait Zeroed {
    fn clone_zeroed(&self) -> Series;
}

impl Zeroed for Series {
    fn clone_zeroed(&self) -> Series {
        Series {
            points: self.points.iter().map(|&(x, _)| (x, 0.0)).collect(),
            ..self.clone()
        }
    }
}

const SIZE: Size = Size {
    width: 800,
    height: 500,
};

#[test]
fn every_chart_kind_matches_its_golden_svg() {
    let bless = std::env::var_os("TALENTLOOP_BLESS").is_some();
    let mut changed = Vec::new();
    for (name, chart) in charts() {
        let svg = render(&chart, SIZE).unwrap().svg;
        let path = repo(&format!("tests/golden/{name}.svg"));
        if bless {
            std::fs::write(&path, &svg).unwrap();
            continue;
        }
        let golden = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{} missing: bless the snapshots", path.display()));
        if golden != svg {
            changed.push(name);
        }
    }
    assert!(
        changed.is_empty(),
        "charts differ from their snapshots: {changed:?}; look at them and bless with \
         TALENTLOOP_BLESS=1 cargo test --test integration golden"
    );
}

/// The x positions of an SVG's `<text>` elements holding exactly `label`.
fn text_x(svg: &str, label: &str) -> Vec<f64> {
    text_at(svg, label, "x")
}

/// The `attr` ("x" or "y") of an SVG's `<text>` elements holding exactly `label`.
fn text_at(svg: &str, label: &str, attr: &str) -> Vec<f64> {
    let key = format!(" {attr}=\"");
    svg.split("<text")
        .skip(1)
        .filter(|t| {
            t.split_once('>')
                .is_some_and(|(_, rest)| rest.split('<').next().map(str::trim) == Some(label))
        })
        .filter_map(|t| {
            let v = t.split(key.as_str()).nth(1)?.split('"').next()?;
            v.parse().ok()
        })
        .collect()
}

/// The points of every polyline and polygon drawn opaque in `svg` with at least `min_points`
/// points: the data lines and areas (hatching, drawn translucent, also hatches the legend's
/// swatches; a legend's line sample has two points).
fn line_points(svg: &str, min_points: usize) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    for element in svg.split('<').filter(|e| !e.contains("opacity=\"0.7\"")) {
        let Some(part) = element.split("points=\"").nth(1) else {
            continue;
        };
        let points: Vec<(f64, f64)> = part
            .split('"')
            .next()
            .unwrap_or("")
            .split_whitespace()
            .filter_map(|p| {
                let (x, y) = p.split_once(',')?;
                Some((x.parse().ok()?, y.parse().ok()?))
            })
            .collect();
        if points.len() >= min_points {
            out.extend(points);
        }
    }
    out
}

/// The largest x of the data lines and areas of `svg` (any polyline or polygon drawn opaque).
fn max_line_x(svg: &str) -> f64 {
    line_points(svg, 1)
        .iter()
        .map(|p| p.0)
        .fold(f64::NEG_INFINITY, f64::max)
}

#[test]
fn the_small_multiples_legend_stands_below_every_panel() {
    let (_, chart) = charts().into_iter().find(|c| c.0 == "multiples").unwrap();
    let Plot::Multiples { panels } = &chart.plot else {
        unreachable!("multiples is a small-multiples chart")
    };
    let svg = render(&chart, SIZE).unwrap().svg;
    // The panels' lines have a point a year; the legend's samples two.
    let data_bottom = line_points(&svg, 3)
        .iter()
        .map(|p| p.1)
        .fold(f64::NEG_INFINITY, f64::max);
    assert!(data_bottom.is_finite());
    for series in &panels[0].1 {
        let ys = text_at(&svg, &series.name, "y");
        assert_eq!(ys.len(), 1, "{} named once", series.name);
        assert!(
            ys[0] > data_bottom,
            "legend entry {} at y {} is over the panels (lowest line point {data_bottom})",
            series.name,
            ys[0]
        );
    }
}

#[test]
fn band_names_stand_right_of_the_plot_where_no_line_runs() {
    let (_, chart) = charts().into_iter().find(|c| c.0 == "line_bands").unwrap();
    let Plot::Line { bands, .. } = &chart.plot else {
        unreachable!("line_bands is a line chart")
    };
    let svg = render(&chart, SIZE).unwrap().svg;
    let data_right = max_line_x(&svg);
    for band in bands {
        let xs = text_x(&svg, &band.label);
        assert_eq!(xs.len(), 1, "{} named once", band.label);
        assert!(
            xs[0] > data_right,
            "band name {} at x {} is over the plot (right edge {data_right})",
            band.label,
            xs[0]
        );
    }
}

#[test]
fn stacked_layers_differ_by_colour_and_hatching() {
    // Eleven layers: by their own position layers 0 and 10 would share a colour.
    let layers: Vec<Series> = (0..11)
        .map(|k| line(&format!("项目{k}"), 1.0 + k as f64))
        .collect();
    let svg = render(
        &Chart {
            title: "累计财政投入".into(),
            x_label: "年份".into(),
            y_label: "亿元".into(),
            plot: Plot::Stacked { layers },
        },
        SIZE,
    )
    .unwrap()
    .svg;
    let fills: Vec<&str> = svg
        .split("<polygon")
        .skip(1)
        .filter_map(|p| p.split("fill=\"").nth(1)?.split('"').next())
        .collect();
    assert_eq!(fills.len(), 11);
    let distinct: std::collections::BTreeSet<&str> = fills.iter().copied().collect();
    assert_eq!(
        distinct.len(),
        10,
        "ten colours for eleven layers: {fills:?}"
    );
    // The two layers that share a colour (0 and 10) differ in hatching (plain, and lines along
    // the band; hatch.rs tests the patterns); nine of the eleven layers are hatched.
    let hatching = svg.matches("opacity=\"0.7\"").count();
    assert!(hatching > 10 * 20, "hatching lines: {hatching}");
}

#[test]
fn legends_stand_beside_the_plot_and_leave_out_zero_layers() {
    for (name, chart) in charts() {
        let labels: Vec<String> = match &chart.plot {
            Plot::Line { series, .. } if series.len() > 1 => {
                series.iter().map(|s| s.name.clone()).collect()
            }
            Plot::Stacked { layers } => layers.iter().map(|s| s.name.clone()).collect(),
            Plot::Fan {
                bands,
                median,
                reference,
            } => bands
                .iter()
                .map(|b| b.label.clone())
                .chain([median.name.clone()])
                .chain(reference.iter().map(|r| r.name.clone()))
                .collect(),
            Plot::Front { marked, labels, .. } => std::iter::once(labels[0].clone())
                .chain(
                    marked
                        .iter()
                        .enumerate()
                        .map(|(k, m)| format!("{} {}", k + 1, m.0)),
                )
                .collect(),
            Plot::Parallel { highlight, .. } => highlight.iter().map(|h| h.0.clone()).collect(),
            _ => continue,
        };
        let svg = render(&chart, SIZE).unwrap().svg;
        let data_right = max_line_x(&svg);
        for label in &labels {
            let xs = text_x(&svg, label);
            if name == "stacked" && label == "飞地席位" {
                assert!(xs.is_empty(), "a zero layer has no legend entry");
                continue;
            }
            assert!(!xs.is_empty(), "{name}: {label} in the legend");
            assert!(
                xs.iter().all(|&x| x > data_right),
                "{name}: legend entry {label} at x {xs:?} is over the data (right edge \
                 {data_right})"
            );
        }
    }
}
