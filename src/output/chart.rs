//! Charts for reports: line charts (with shaded bands), stacked areas, small multiples, bars (with
//! error bars), fan charts, tornado charts, heatmaps and scatter plots, each rendered to PNG and SVG
//! from one drawing routine.
//!
//! Chinese text renders on a machine with no system fonts: a GB2312 subset of WenQuanYi Micro Hei
//! (assets/fonts, Apache-2.0) is compiled in and registered with plotters under "sans-serif" (and
//! "talentloop-cjk"); without that, plotters would silently fall back to a Latin font and print
//! boxes. SVG files name the font family with CSS fallbacks so browsers pick an installed CJK font.
//! Rendering is deterministic: the same chart gives identical PNG bytes.
//!
//! Series are told apart by colour *and* dash pattern, so charts survive greyscale printing.

use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::error::Error;

/// The bundled CJK font (GB2312 subset of WenQuanYi Micro Hei).
pub static CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/wqy-microhei-gb2312.ttf");

/// Font family written into SVG files.
pub const SVG_FONT_FAMILY: &str =
    "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', 'WenQuanYi Micro Hei', sans-serif";

const FAMILY: &str = "sans-serif";

static REGISTER: Once = Once::new();

/// Registers the bundled font with plotters (idempotent).
pub fn register_fonts() {
    REGISTER.call_once(|| {
        for name in [FAMILY, "talentloop-cjk"] {
            // The font is compiled in and checked by a test; a failure here would be a build defect.
            let _ = plotters::style::register_font(name, FontStyle::Normal, CJK_FONT);
            let _ = plotters::style::register_font(name, FontStyle::Bold, CJK_FONT);
        }
    });
}

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
    /// Percentile bands around a median.
    Fan {
        /// Bands, widest first.
        bands: Vec<FanBand>,
        /// Median line.
        median: Series,
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

/// Colours chosen to differ in lightness as well as hue (readable in greyscale).
const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 90, 181),
    RGBColor(220, 50, 32),
    RGBColor(0, 150, 80),
    RGBColor(230, 150, 0),
    RGBColor(120, 60, 160),
    RGBColor(90, 90, 90),
    RGBColor(0, 170, 200),
    RGBColor(180, 110, 60),
];

/// Dash patterns (dash, gap) in pixels; (0, 0) is solid.
const DASHES: [(u32, u32); 8] = [
    (0, 0),
    (18, 8),
    (6, 6),
    (24, 6),
    (10, 4),
    (3, 5),
    (14, 10),
    (30, 10),
];

fn colour(k: usize) -> RGBColor {
    PALETTE[k % PALETTE.len()]
}

fn err<E: std::fmt::Display>(what: &str) -> impl Fn(E) -> Error + '_ {
    move |e| Error::Serialise {
        what: what.to_string(),
        message: e.to_string(),
    }
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
        let root = BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area();
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

/// Font sizes scale with the chart height so labels stay legible at any --size.
struct Fonts {
    title: u32,
    label: u32,
    tick: u32,
    legend: u32,
}

impl Fonts {
    fn for_size(size: Size) -> Self {
        let base = size.height.min(size.width) as f64 / 1000.0;
        let px = |v: f64| (v * base).round().max(8.0) as u32;
        Fonts {
            title: px(40.0),
            label: px(30.0),
            tick: px(24.0),
            legend: px(24.0),
        }
    }
}

/// x and y ranges of points, padded a little; a flat range is widened.
fn bounds(points: impl Iterator<Item = (f64, f64)>) -> ((f64, f64), (f64, f64)) {
    let (mut x0, mut x1, mut y0, mut y1) = (
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    );
    for (x, y) in points.filter(|(x, y)| x.is_finite() && y.is_finite()) {
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    if !x0.is_finite() {
        return ((0.0, 1.0), (0.0, 1.0));
    }
    if x1 <= x0 {
        x1 = x0 + 1.0;
    }
    let pad = if y1 > y0 {
        0.06 * (y1 - y0)
    } else {
        0.5 * y0.abs().max(1.0)
    };
    let y_low = if y0 >= 0.0 && y0 - pad < 0.0 {
        0.0
    } else {
        y0 - pad
    };
    ((x0, x1), (y_low, y1 + pad))
}

fn axis_number(v: f64) -> String {
    let a = v.abs();
    if a == 0.0 {
        "0".into()
    } else if a >= 100.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else if a >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}

fn line_style(k: usize, emphasis: bool, thickness: u32) -> (ShapeStyle, (u32, u32)) {
    if emphasis {
        (BLACK.stroke_width(thickness + 2), (0, 0))
    } else {
        (colour(k).stroke_width(thickness), DASHES[k % DASHES.len()])
    }
}

fn draw_line_series<DB: DrawingBackend, CT: CoordTranslate<From = (f64, f64)>>(
    chart: &mut ChartContext<'_, DB, CT>,
    series: &[Series],
    thickness: u32,
    legend: bool,
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    let mut colour_index = 0;
    for s in series {
        let k = if s.emphasis {
            usize::MAX
        } else {
            colour_index += 1;
            colour_index - 1
        };
        let (style, (dash, gap)) = line_style(k.min(PALETTE.len() * 100), s.emphasis, thickness);
        let points: Vec<(f64, f64)> = s
            .points
            .iter()
            .copied()
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .collect();
        let anno = if dash == 0 {
            chart
                .draw_series(LineSeries::new(points, style))
                .map_err(err("line series"))?
        } else {
            chart
                .draw_series(DashedLineSeries::new(points, dash, gap, style))
                .map_err(err("line series"))?
        };
        if legend {
            anno.label(s.name.clone()).legend(move |(x, y)| {
                if dash == 0 {
                    PathElement::new(vec![(x, y), (x + 40, y)], style)
                } else {
                    PathElement::new(vec![(x, y), (x + dash.min(40) as i32, y)], style)
                }
            });
        }
    }
    Ok(())
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Chart,
    size: Size,
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    let fonts = Fonts::for_size(size);
    root.fill(&WHITE).map_err(err("chart background"))?;
    let title_style = (FAMILY, fonts.title).into_font().color(&BLACK);
    let margin = (size.height / 40).max(8);
    let thickness = (size.height / 400).max(2);
    let x_area = fonts.tick * 2 + fonts.label + 10;
    let y_area = fonts.tick * 5 + fonts.label;
    match &c.plot {
        Plot::Line {
            series,
            bands,
            y_range,
        } => {
            let ((x0, x1), (mut y0, mut y1)) =
                bounds(series.iter().flat_map(|s| s.points.iter().copied()));
            if let Some((a, b)) = y_range {
                y0 = *a;
                y1 = *b;
            }
            let mut chart = ChartBuilder::on(root)
                .caption(&c.title, title_style)
                .margin(margin)
                .x_label_area_size(x_area)
                .y_label_area_size(y_area)
                .build_cartesian_2d(x0..x1, y0..y1)
                .map_err(err("chart axes"))?;
            for (k, band) in bands.iter().enumerate() {
                let (lo, hi) = (band.from.max(y0), band.to.min(y1));
                if hi <= lo {
                    continue;
                }
                let shade = if k % 2 == 0 {
                    RGBColor(235, 235, 235)
                } else {
                    RGBColor(250, 250, 250)
                };
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x0, lo), (x1, hi)],
                        shade.filled(),
                    )))
                    .map_err(err("band"))?;
                let label_pos = (x0 + 0.01 * (x1 - x0), (lo + hi) / 2.0);
                chart
                    .draw_series(std::iter::once(Text::new(
                        band.label.clone(),
                        label_pos,
                        (FAMILY, fonts.tick)
                            .into_font()
                            .color(&RGBColor(100, 100, 100)),
                    )))
                    .map_err(err("band label"))?;
            }
            mesh(&mut chart, c, &fonts)?;
            draw_line_series(&mut chart, series, thickness, true)?;
            legend(&mut chart, &fonts, series.len())?;
        }
        Plot::Stacked { layers } => {
            let n = layers.first().map_or(0, |l| l.points.len());
            let mut cumulative = vec![0.0; n];
            let mut polygons = Vec::new();
            for layer in layers {
                let lower = cumulative.clone();
                for (k, p) in layer.points.iter().enumerate().take(n) {
                    cumulative[k] += p.1.max(0.0);
                }
                let xs: Vec<f64> = layer.points.iter().map(|p| p.0).collect();
                let mut poly: Vec<(f64, f64)> =
                    xs.iter().zip(&cumulative).map(|(&x, &y)| (x, y)).collect();
                poly.extend(xs.iter().zip(&lower).rev().map(|(&x, &y)| (x, y)));
                polygons.push((layer.name.clone(), poly));
            }
            let ((x0, x1), (_, y1)) = bounds(polygons.iter().flat_map(|p| p.1.iter().copied()));
            let mut chart = ChartBuilder::on(root)
                .caption(&c.title, title_style)
                .margin(margin)
                .x_label_area_size(x_area)
                .y_label_area_size(y_area)
                .build_cartesian_2d(x0..x1, 0.0..y1.max(1e-9))
                .map_err(err("chart axes"))?;
            mesh(&mut chart, c, &fonts)?;
            for (k, (name, poly)) in polygons.into_iter().enumerate() {
                let fill = colour(k).mix(0.75).filled();
                let edge = BLACK.stroke_width(1);
                chart
                    .draw_series(std::iter::once(Polygon::new(poly.clone(), fill)))
                    .map_err(err("stacked layer"))?
                    .label(name)
                    .legend(move |(x, y)| Rectangle::new([(x, y - 8), (x + 30, y + 8)], fill));
                chart
                    .draw_series(std::iter::once(PathElement::new(poly, edge)))
                    .map_err(err("stacked edge"))?;
            }
            legend(&mut chart, &fonts, layers.len())?;
        }
        Plot::Multiples { panels } => {
            let small = Fonts {
                title: fonts.legend,
                label: fonts.tick,
                tick: (fonts.tick * 3 / 4).max(8),
                legend: fonts.legend,
            };
            let root = root.margin(margin, margin, margin, margin);
            let root = root.titled(&c.title, title_style).map_err(err("title"))?;
            // A strip at the bottom holds one legend for all panels.
            let legend_height = small.legend * 2;
            let (body, strip) =
                root.split_vertically(root.dim_in_pixel().1.saturating_sub(legend_height));
            let n = panels.len().max(1);
            let cols = (n as f64).sqrt().ceil() as usize;
            let rows = n.div_ceil(cols);
            let areas = body.split_evenly((rows, cols));
            // Ratios share one y range, so panels compare at a glance.
            let ((_, _), (_, y_max)) = bounds(
                panels
                    .iter()
                    .flat_map(|p| p.1.iter().flat_map(|s| s.points.iter().copied())),
            );
            for (area, (panel_title, series)) in areas.iter().zip(panels) {
                let ((x0, x1), _) = bounds(series.iter().flat_map(|s| s.points.iter().copied()));
                let mut chart = ChartBuilder::on(area)
                    .caption(panel_title, (FAMILY, small.title).into_font())
                    .margin(margin / 2)
                    .x_label_area_size(small.tick * 2)
                    .y_label_area_size(small.tick * 4)
                    .build_cartesian_2d(x0..x1, 0.0..y_max.max(1.0))
                    .map_err(err("panel axes"))?;
                chart
                    .configure_mesh()
                    .light_line_style(RGBColor(240, 240, 240))
                    .label_style((FAMILY, small.tick))
                    .x_labels(4)
                    .y_labels(5)
                    .x_label_formatter(&|x| format!("{x:.0}"))
                    .y_label_formatter(&|y| axis_number(*y))
                    .draw()
                    .map_err(err("panel mesh"))?;
                draw_line_series(&mut chart, series, (thickness / 2).max(1), false)?;
            }
            if let Some((_, series)) = panels.first() {
                let mut x = 0i32;
                let y = (small.legend as i32) / 2;
                let mut colour_index = 0;
                for s in series {
                    let k = if s.emphasis {
                        usize::MAX / 2
                    } else {
                        colour_index += 1;
                        colour_index - 1
                    };
                    let (style, (dash, gap)) = line_style(k, s.emphasis, thickness);
                    let sample: Vec<(i32, i32)> = if dash == 0 {
                        vec![(x, y + 4), (x + 50, y + 4)]
                    } else {
                        vec![(x, y + 4), (x + dash as i32, y + 4)]
                    };
                    strip
                        .draw(&PathElement::new(sample, style))
                        .map_err(err("legend"))?;
                    if dash != 0 {
                        let second = x + (dash + gap) as i32;
                        strip
                            .draw(&PathElement::new(
                                vec![(second, y + 4), (second + dash as i32, y + 4)],
                                style,
                            ))
                            .map_err(err("legend"))?;
                    }
                    strip
                        .draw(&Text::new(
                            s.name.clone(),
                            (x + 60, y - (small.legend as i32) / 2 + 4),
                            (FAMILY, small.legend).into_font(),
                        ))
                        .map_err(err("legend"))?;
                    x += 80 + (s.name.chars().count() as i32) * small.legend as i32;
                }
            }
        }
        Plot::Bars {
            categories,
            values,
            errors,
        } => {
            let mut lo = values.iter().copied().fold(0.0f64, f64::min);
            let mut hi = values.iter().copied().fold(0.0f64, f64::max);
            if let Some(errors) = errors {
                for &(a, b) in errors {
                    lo = lo.min(a);
                    hi = hi.max(b);
                }
            }
            let pad = 0.08 * (hi - lo).max(1e-9);
            let n = categories.len();
            let mut chart = ChartBuilder::on(root)
                .caption(&c.title, title_style)
                .margin(margin)
                .x_label_area_size(x_area + fonts.tick * 2)
                .y_label_area_size(y_area)
                .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), (lo - pad)..(hi + pad))
                .map_err(err("chart axes"))?;
            let labels = categories.clone();
            // Long or many category names get a smaller font so they do not overlap.
            let longest = labels
                .iter()
                .map(|l| l.chars().count())
                .max()
                .unwrap_or(1)
                .max(1);
            let fitting = (size.width as f64 * 0.8 / (n.max(1) * longest) as f64 / 0.6) as u32;
            let x_label_style = (FAMILY, fitting.max(8).min(fonts.tick)).into_font();
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_label_style(x_label_style)
                .x_labels(n.max(1))
                .x_label_formatter(&|x| {
                    let k = x.round();
                    if (x - k).abs() < 1e-6 && k >= 0.0 && (k as usize) < labels.len() {
                        labels[k as usize].clone()
                    } else {
                        String::new()
                    }
                })
                .y_label_formatter(&|y| axis_number(*y))
                .x_desc(&c.x_label)
                .y_desc(&c.y_label)
                .y_label_style((FAMILY, fonts.tick))
                .axis_desc_style((FAMILY, fonts.label))
                .draw()
                .map_err(err("mesh"))?;
            chart
                .draw_series(values.iter().enumerate().map(|(k, &v)| {
                    let x = k as f64;
                    let fill = if v >= 0.0 { colour(0) } else { colour(1) };
                    Rectangle::new([(x - 0.35, 0.0), (x + 0.35, v)], fill.mix(0.85).filled())
                }))
                .map_err(err("bars"))?;
            if let Some(errors) = errors {
                chart
                    .draw_series(errors.iter().enumerate().map(|(k, &(a, b))| {
                        let x = k as f64;
                        PathElement::new(vec![(x, a), (x, b)], BLACK.stroke_width(thickness))
                    }))
                    .map_err(err("error bars"))?;
                chart
                    .draw_series(errors.iter().enumerate().flat_map(|(k, &(a, b))| {
                        let x = k as f64;
                        [a, b].map(|y| {
                            PathElement::new(
                                vec![(x - 0.12, y), (x + 0.12, y)],
                                BLACK.stroke_width(thickness),
                            )
                        })
                    }))
                    .map_err(err("error caps"))?;
            }
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(-0.5, 0.0), (n as f64 - 0.5, 0.0)],
                    BLACK.stroke_width(1),
                )))
                .map_err(err("zero line"))?;
        }
        Plot::Fan { bands, median } => {
            let ((x0, x1), (y0, y1)) = bounds(
                bands
                    .iter()
                    .flat_map(|b| b.points.iter().flat_map(|&(x, lo, hi)| [(x, lo), (x, hi)]))
                    .chain(median.points.iter().copied()),
            );
            let mut chart = ChartBuilder::on(root)
                .caption(&c.title, title_style)
                .margin(margin)
                .x_label_area_size(x_area)
                .y_label_area_size(y_area)
                .build_cartesian_2d(x0..x1, y0..y1)
                .map_err(err("chart axes"))?;
            mesh(&mut chart, c, &fonts)?;
            let n = bands.len().max(1);
            for (k, band) in bands.iter().enumerate() {
                // Widest band lightest, so nested bands read in greyscale too.
                let alpha = 0.15 + 0.55 * (k as f64 + 1.0) / n as f64;
                let fill = colour(0).mix(alpha).filled();
                let mut poly: Vec<(f64, f64)> =
                    band.points.iter().map(|&(x, _, hi)| (x, hi)).collect();
                poly.extend(band.points.iter().rev().map(|&(x, lo, _)| (x, lo)));
                chart
                    .draw_series(std::iter::once(Polygon::new(poly, fill)))
                    .map_err(err("fan band"))?
                    .label(band.label.clone())
                    .legend(move |(x, y)| Rectangle::new([(x, y - 8), (x + 30, y + 8)], fill));
            }
            draw_line_series(&mut chart, std::slice::from_ref(median), thickness, true)?;
            legend(&mut chart, &fonts, bands.len() + 1)?;
        }
        Plot::Tornado { base, rows } => {
            if !base.is_finite() || rows.iter().any(|r| !r.1.is_finite() || !r.2.is_finite()) {
                return Err(Error::Invalid {
                    message: format!(
                        "{}: the outputs are not finite (is the output variable spelt right?)",
                        c.title
                    ),
                });
            }
            let mut sorted = rows.clone();
            sorted.sort_by(|a, b| (b.2 - b.1).abs().total_cmp(&(a.2 - a.1).abs()));
            let lo = sorted.iter().map(|r| r.1.min(r.2)).fold(*base, f64::min);
            let hi = sorted.iter().map(|r| r.1.max(r.2)).fold(*base, f64::max);
            let pad = 0.08 * (hi - lo).max(1e-9);
            let n = sorted.len();
            let labels: Vec<String> = sorted.iter().map(|r| r.0.clone()).collect();
            let mut chart = ChartBuilder::on(root)
                .caption(&c.title, title_style)
                .margin(margin)
                .x_label_area_size(x_area)
                .y_label_area_size(
                    y_area.max(
                        fonts.tick
                            * labels
                                .iter()
                                .map(|l| l.chars().count() as u32)
                                .max()
                                .unwrap_or(10)
                            * 6
                            / 10
                            + fonts.tick,
                    ),
                )
                .build_cartesian_2d((lo - pad)..(hi + pad), -0.5f64..(n as f64 - 0.5))
                .map_err(err("chart axes"))?;
            chart
                .configure_mesh()
                .disable_y_mesh()
                .y_labels(n.max(1))
                .y_label_formatter(&|y| {
                    let k = y.round();
                    if (y - k).abs() < 1e-6 && k >= 0.0 && (k as usize) < labels.len() {
                        labels[labels.len() - 1 - k as usize].clone()
                    } else {
                        String::new()
                    }
                })
                .x_label_formatter(&|x| axis_number(*x))
                .x_desc(&c.x_label)
                .label_style((FAMILY, fonts.tick))
                .axis_desc_style((FAMILY, fonts.label))
                .draw()
                .map_err(err("mesh"))?;
            let low_fill = colour(1).mix(0.85).filled();
            let high_fill = colour(0).mix(0.85).filled();
            for (k, (_, low, high)) in sorted.iter().enumerate() {
                let y = (n - 1 - k) as f64;
                chart
                    .draw_series([
                        Rectangle::new([(*base, y - 0.35), (*low, y + 0.35)], low_fill),
                        Rectangle::new([(*base, y - 0.35), (*high, y + 0.35)], high_fill),
                    ])
                    .map_err(err("tornado bars"))?;
            }
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(*base, -0.5), (*base, n as f64 - 0.5)],
                    BLACK.stroke_width(thickness),
                )))
                .map_err(err("base line"))?;
        }
        Plot::Heatmap { xs, ys, values } => {
            let (nx, ny) = (xs.len(), ys.len());
            let finite = values.iter().flatten().copied().filter(|v| v.is_finite());
            let (vmin, vmax) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                (a.min(v), b.max(v))
            });
            let span = if vmax > vmin { vmax - vmin } else { 1.0 };
            let mut chart = ChartBuilder::on(root)
                .caption(&c.title, title_style)
                .margin(margin)
                .x_label_area_size(x_area)
                .y_label_area_size(y_area)
                .build_cartesian_2d(-0.5f64..(nx as f64 - 0.5), -0.5f64..(ny as f64 - 0.5))
                .map_err(err("chart axes"))?;
            let (xl, yl) = (xs.clone(), ys.clone());
            chart
                .configure_mesh()
                .disable_mesh()
                .x_labels(nx.clamp(1, 12))
                .y_labels(ny.clamp(1, 12))
                .x_label_formatter(&|x| {
                    xl.get(x.round().max(0.0) as usize)
                        .map_or(String::new(), |v| axis_number(*v))
                })
                .y_label_formatter(&|y| {
                    yl.get(y.round().max(0.0) as usize)
                        .map_or(String::new(), |v| axis_number(*v))
                })
                .x_desc(&c.x_label)
                .y_desc(&c.y_label)
                .label_style((FAMILY, fonts.tick))
                .axis_desc_style((FAMILY, fonts.label))
                .draw()
                .map_err(err("mesh"))?;
            for (r, row) in values.iter().enumerate() {
                for (col, v) in row.iter().enumerate() {
                    let t = if v.is_finite() {
                        (v - vmin) / span
                    } else {
                        0.0
                    };
                    // Light-to-dark single hue: monotone in lightness, so it prints in grey.
                    let shade = RGBColor(
                        (240.0 - 200.0 * t) as u8,
                        (245.0 - 160.0 * t) as u8,
                        (255.0 - 90.0 * t) as u8,
                    );
                    let (x, y) = (col as f64, r as f64);
                    chart
                        .draw_series([Rectangle::new(
                            [(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)],
                            shade.filled(),
                        )])
                        .map_err(err("heatmap cell"))?;
                    if nx * ny <= 150 {
                        let ink = if t > 0.55 { WHITE } else { BLACK };
                        chart
                            .draw_series(std::iter::once(Text::new(
                                axis_number(*v),
                                (x - 0.3, y),
                                (FAMILY, fonts.tick * 3 / 4).into_font().color(&ink),
                            )))
                            .map_err(err("heatmap text"))?;
                    }
                }
            }
        }
        Plot::Scatter { points } => {
            let ((x0, x1), (y0, y1)) = bounds(points.iter().map(|p| (p.1, p.2)));
            let pad_x = 0.08 * (x1 - x0);
            let mut chart = ChartBuilder::on(root)
                .caption(&c.title, title_style)
                .margin(margin)
                .x_label_area_size(x_area)
                .y_label_area_size(y_area)
                .build_cartesian_2d((x0.min(0.0))..(x1 + pad_x), (y0.min(0.0))..y1)
                .map_err(err("chart axes"))?;
            mesh(&mut chart, c, &fonts)?;
            chart
                .draw_series(
                    points
                        .iter()
                        .map(|p| Circle::new((p.1, p.2), thickness * 3, colour(0).filled())),
                )
                .map_err(err("points"))?;
            chart
                .draw_series(points.iter().map(|p| {
                    Text::new(
                        p.0.clone(),
                        (p.1, p.2),
                        (FAMILY, fonts.tick * 3 / 4).into_font(),
                    )
                }))
                .map_err(err("point labels"))?;
        }
    }
    Ok(())
}

fn mesh<DB: DrawingBackend>(
    chart: &mut ChartContext<
        '_,
        DB,
        Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
    >,
    c: &Chart,
    fonts: &Fonts,
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    chart
        .configure_mesh()
        .light_line_style(RGBColor(238, 238, 238))
        .x_desc(&c.x_label)
        .y_desc(&c.y_label)
        .label_style((FAMILY, fonts.tick))
        .axis_desc_style((FAMILY, fonts.label))
        .x_label_formatter(&|x| {
            if x.fract().abs() < 1e-9 {
                format!("{x:.0}")
            } else {
                format!("{x:.1}")
            }
        })
        .y_label_formatter(&|y| axis_number(*y))
        .draw()
        .map_err(err("mesh"))
}

fn legend<'a, 'b, DB, CT: CoordTranslate>(
    chart: &'b mut ChartContext<'a, DB, CT>,
    fonts: &Fonts,
    entries: usize,
) -> Result<(), Error>
where
    DB: DrawingBackend + 'a,
    DB::ErrorType: 'static,
    'a: 'b,
{
    if entries < 2 {
        return Ok(());
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(160, 160, 160))
        .label_font((FAMILY, fonts.legend))
        .position(SeriesLabelPosition::UpperLeft)
        .draw()
        .map_err(err("legend"))
}
