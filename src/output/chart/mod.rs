//! Charts for reports, each kind drawn by one routine into both PNG and SVG.
//!
//! The kinds: line charts (with shaded bands), stacked areas, small multiples, bars (with error
//! bars), fan charts, tornado charts, heatmaps, scatter plots and back-test panels. This file
//! holds the public types and the dispatch; each kind draws in its own file (`line.rs`,
//! `stacked.rs`, `multiples.rs`, `bars.rs`, `fan.rs`, `tornado.rs`, `heatmap.rs`, `scatter.rs`,
//! `backtest.rs`), and what several kinds use — the bundled CJK font, sizes, axes, number labels,
//! colours and dashes, legends — is in `common.rs`, with the hatching of areas in `hatch.rs`.
//! A new kind is one file, one [`Plot`] variant and one arm in the match of `draw`.
//!
//! Chinese text renders with no system fonts (see [`register_fonts`]); SVG files name the font
//! family with CSS fallbacks ([`SVG_FONT_FAMILY`]). Rendering is deterministic: the same chart
//! gives identical PNG bytes.
//!
//! Series are told apart by colour *and* dash pattern and marker, areas by colour *and* hatching,
//! so charts survive greyscale printing.

mod backtest;
mod bars;
mod bitmap;
mod common;
mod fan;
mod front;
mod hatch;
mod heatmap;
mod line;
mod multiples;
mod scatter;
mod stacked;
mod tornado;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::error::Error;
use common::{err, Frame, FAMILY};
pub use common::{register_fonts, CJK_FONT, SVG_FONT_FAMILY};

/// Output size in pixels (PNG) and user units (SVG).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

impl Default for Size {
    fn default() -> Self {
        Size {
            width: 1600,
            height: 1000,
        }
    }
}

/// One named series of (x, y) points.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Legend label.
    pub name: String,
    /// Points, x increasing.
    pub points: Vec<(f64, f64)>,
    /// Drawn thicker and in black (the baseline in comparisons).
    pub emphasis: bool,
}

/// A horizontal band shaded behind a line chart (e.g. coordination grades).
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// Lower y.
    pub from: f64,
    /// Upper y.
    pub to: f64,
    /// Label written at the right edge.
    pub label: String,
}

/// A fan band: lower and upper series over the same x.
#[derive(Debug, Clone, PartialEq)]
pub struct FanBand {
    /// Label (e.g. "90%").
    pub label: String,
    /// (x, lower, upper).
    pub points: Vec<(f64, f64, f64)>,
}

/// One panel of a back-test chart.
#[derive(Debug, Clone, PartialEq)]
pub struct BacktestPanel {
    /// Panel title (the series and its unit).
    pub title: String,
    /// The model's path: (year, value).
    pub model: Vec<(f64, f64)>,
    /// The statistics: (year, value, held out).
    pub data: Vec<(f64, f64, bool)>,
}

/// What to draw.
#[derive(Debug, Clone, PartialEq)]
pub enum Plot {
    /// Lines over x, optional shaded bands and y range.
    Line {
        /// Series.
        series: Vec<Series>,
        /// Bands behind the lines.
        bands: Vec<Band>,
        /// Fixed y range.
        y_range: Option<(f64, f64)>,
    },
    /// Stacked areas (layers summed bottom-up).
    Stacked {
        /// Layers, bottom first, all with the same x.
        layers: Vec<Series>,
    },
    /// One panel per entry, each with its own lines, sharing the x axis.
    Multiples {
        /// (panel title, series).
        panels: Vec<(String, Vec<Series>)>,
    },
    /// Vertical bars with optional error bars (lower, upper).
    Bars {
        /// Category labels.
        categories: Vec<String>,
        /// Bar heights.
        values: Vec<f64>,
        /// Error bar (lower, upper) per bar.
        errors: Option<Vec<(f64, f64)>>,
    },
    /// Percentile bands around a median, with the base scenario's own path if given.
    Fan {
        /// Bands, widest first.
        bands: Vec<FanBand>,
        /// Median line.
        median: Series,
        /// The base scenario's path (drawn black), when known.
        reference: Option<Series>,
    },
    /// Horizontal bars of low/high outcomes around a base value, widest on top.
    Tornado {
        /// Base outcome.
        base: f64,
        /// (label, outcome at low input, outcome at high input).
        rows: Vec<(String, f64, f64)>,
    },
    /// A grid of values coloured from low to high.
    Heatmap {
        /// x values (columns).
        xs: Vec<f64>,
        /// y values (rows).
        ys: Vec<f64>,
        /// `values[row][col]`.
        values: Vec<Vec<f64>>,
    },
    /// Model against statistics, one panel per series, the hold-out period shaded.
    Backtest {
        /// Panels.
        panels: Vec<BacktestPanel>,
        /// Where the hold-out period starts (x), if there is one.
        holdout_from: Option<f64>,
        /// Legend words: the model line, a fitted statistic, a held-out statistic.
        labels: [String; 3],
    },
    /// An optimisation's Pareto front (x: cost, y: outcome), labelled reference points and the
    /// budget.
    Front {
        /// The front's points.
        front: Vec<(f64, f64)>,
        /// (label, x, y) of reference points (the baseline, shipped packages).
        marked: Vec<(String, f64, f64)>,
        /// The budget on the x axis, if any.
        budget: Option<f64>,
        /// Words: the front's name in the legend, the budget line's label before its value.
        labels: [String; 2],
    },
    /// Parallel coordinates: one axis per lever, values scaled to [0, 1].
    Parallel {
        /// Axis labels.
        axes: Vec<String>,
        /// Every front point.
        lines: Vec<Vec<f64>>,
        /// Points drawn in colour with a label.
        highlight: Vec<(String, Vec<f64>)>,
    },
    /// Labelled points.
    Scatter {
        /// (label, x, y).
        points: Vec<(String, f64, f64)>,
    },
}

/// A chart: titles and the plot.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Title.
    pub title: String,
    /// x-axis label with unit.
    pub x_label: String,
    /// y-axis label with unit.
    pub y_label: String,
    /// The plot.
    pub plot: Plot,
}

/// A rendered chart.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// PNG bytes.
    pub png: Vec<u8>,
    /// SVG text.
    pub svg: String,
}

/// Renders a chart to PNG and SVG.
pub fn render(chart: &Chart, size: Size) -> Result<Rendered, Error> {
    register_fonts();
    let (w, h) = (size.width, size.height);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        draw(&root, chart, size)?;
        root.present().map_err(err("svg chart"))?;
    }
    let svg = svg.replace(
        &format!("font-family=\"{FAMILY}\""),
        &format!("font-family=\"{SVG_FONT_FAMILY}\""),
    );
    let mut pixels = vec![0u8; (w as usize) * (h as usize) * 3];
    {
        let root = bitmap::GlyphBackend(BitMapBackend::with_buffer(&mut pixels, (w, h)))
            .into_drawing_area();
        draw(&root, chart, size)?;
        root.present().map_err(err("png chart"))?;
    }
    let mut png_bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut png_bytes, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(err("png header"))?;
        writer.write_image_data(&pixels).map_err(err("png data"))?;
    }
    Ok(Rendered {
        png: png_bytes,
        svg,
    })
}

/// Draws the chart on one backend: a white background, then the plot's own kind. The match has no
/// catch-all arm, so a new [`Plot`] variant does not compile until it is drawn.
fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Chart,
    size: Size,
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    let frame = Frame::for_size(size);
    root.fill(&WHITE).map_err(err("chart background"))?;
    match &c.plot {
        Plot::Line {
            series,
            bands,
            y_range,
        } => line::draw(root, c, &frame, series, bands, *y_range),
        Plot::Stacked { layers } => stacked::draw(root, c, &frame, layers),
        Plot::Multiples { panels } => multiples::draw(root, c, &frame, panels),
        Plot::Bars {
            categories,
            values,
            errors,
        } => bars::draw(root, c, &frame, categories, values, errors.as_deref()),
        Plot::Fan {
            bands,
            median,
            reference,
        } => fan::draw(root, c, &frame, bands, median, reference.as_ref()),
        Plot::Tornado { base, rows } => tornado::draw(root, c, &frame, *base, rows),
        Plot::Heatmap { xs, ys, values } => heatmap::draw(root, c, &frame, xs, ys, values),
        Plot::Scatter { points } => scatter::draw(root, c, &frame, points),
        Plot::Front {
            front,
            marked,
            budget,
            labels,
        } => front::draw_front(root, c, &frame, front, marked, (*budget, labels)),
        Plot::Parallel {
            axes,
            lines,
            highlight,
        } => front::draw_parallel(root, c, &frame, axes, lines, highlight),
        Plot::Backtest {
            panels,
            holdout_from,
            labels,
        } => backtest::draw(root, c, &frame, panels, *holdout_from, labels),
    }
}
