//! What several chart kinds share: the bundled font, sizes, axes, labels, colours, lines, legends.
//!
//! Chinese text renders on a machine with no system fonts: a GB2312 subset of WenQuanYi Micro Hei
//! (assets/fonts, Apache-2.0) is compiled in and registered with plotters under "sans-serif" (and
//! "talentloop-cjk"); without that, plotters would silently fall back to a Latin font and print
//! boxes. SVG files name the font family with CSS fallbacks so browsers pick an installed CJK font.

use std::ops::Range;
use std::sync::Once;

use plotters::chart::MeshStyle;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::hatch::{hatch_lines, Hatch};
use super::{Chart, Series, Size};
use crate::error::Error;

/// The bundled CJK font (GB2312 subset of WenQuanYi Micro Hei).
pub static CJK_FONT: &[u8] = include_bytes!("../../../assets/fonts/wqy-microhei-gb2312.ttf");

/// Font family written into SVG files.
pub const SVG_FONT_FAMILY: &str =
    "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', 'WenQuanYi Micro \
        Hei', sans-serif";

/// The family every chart asks plotters for; [`register_fonts`] maps it to the bundled font.
pub(super) const FAMILY: &str = "sans-serif";

static REGISTER: Once = Once::new();

/// Registers the bundled font with plotters (idempotent).
pub fn register_fonts() {
    REGISTER.call_once(|| {
        for name in [FAMILY, "talentloop-cjk"] {
            // The font is compiled in and checked by a test; a failure here would be a build
            // defect.
            let _ = plotters::style::register_font(name, FontStyle::Normal, CJK_FONT);
            let _ = plotters::style::register_font(name, FontStyle::Bold, CJK_FONT);
        }
    });
}

/// Turns a plotters error into ours, naming the part of the chart that failed.
pub(super) fn err<E: std::fmt::Display>(what: &str) -> impl Fn(E) -> Error + '_ {
    move |e| Error::ChartFailed {
        chart: what.to_string(),
        message: e.to_string(),
    }
}

/// Font sizes scale with the chart height so labels stay legible at any --size.
pub(super) struct Fonts {
    /// Chart title (panel titles in small multiples).
    pub(super) title: u32,
    /// Axis descriptions.
    pub(super) label: u32,
    /// Tick labels and in-plot text.
    pub(super) tick: u32,
    /// Legend entries.
    pub(super) legend: u32,
}

impl Fonts {
    fn for_size(size: Size) -> Self {
        let base = size.height.min(size.width) as f64 / 1000.0;
        let px = |v: f64| (v * base).round().max(8.0) as u32;
        // Sized for print: a chart one column wide on A4 (≈ 180 mm for 1600 px) gives ticks and
        // legends of ≈ 9 pt, and ≈ 5 pt two to a row (24 px gave 7 and 4 pt).
        Fonts {
            title: px(46.0),
            label: px(34.0),
            tick: px(30.0),
            legend: px(30.0),
        }
    }
}

/// Axes of plain numbers on both sides: what every kind draws in (bar and row categories sit at
/// whole numbers).
pub(super) type Axes<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The measures every kind derives from the output size, so all kinds look alike at any --size.
pub(super) struct Frame {
    /// The output size.
    pub(super) size: Size,
    /// Font sizes.
    pub(super) fonts: Fonts,
    /// Space around the plot.
    pub(super) margin: u32,
    /// Line width of series.
    pub(super) thickness: u32,
    /// Height of the x-axis label area (ticks and description).
    pub(super) x_area: u32,
    /// Width of the y-axis label area (ticks and description).
    pub(super) y_area: u32,
}

impl Frame {
    /// The measures for one output size.
    pub(super) fn for_size(size: Size) -> Self {
        let fonts = Fonts::for_size(size);
        Frame {
            size,
            margin: (size.height / 40).max(8),
            thickness: (size.height / 400).max(2),
            x_area: fonts.tick * 2 + fonts.label + 10,
            // Room for tick labels of up to eight characters; the description stands above.
            y_area: fonts.tick * 9 / 2,
            fonts,
        }
    }

    /// The layout of a chart of `n` panels: the titled area split into a near-square grid of
    /// panels (row by row) above a one-line legend strip, with the smaller fonts panels use.
    #[allow(clippy::type_complexity)]
    pub(super) fn panel_grid<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        c: &Chart,
        n: usize,
    ) -> Result<(Vec<DrawingArea<DB, Shift>>, DrawingArea<DB, Shift>, Fonts), Error>
    where
        DB::ErrorType: 'static,
    {
        let small = Fonts {
            title: self.fonts.legend,
            label: self.fonts.tick,
            tick: (self.fonts.tick * 3 / 4).max(8),
            legend: self.fonts.legend,
        };
        let m = self.margin;
        let root = root.margin(m, m, m, m);
        let root = root
            .titled(&c.title, self.title_style())
            .map_err(err("title"))?;
        let legend_height = small.legend * 2;
        let (body, strip) =
            root.split_vertically(root.dim_in_pixel().1.saturating_sub(legend_height));
        let n = n.max(1);
        let cols = (n as f64).sqrt().ceil() as usize;
        Ok((body.split_evenly((n.div_ceil(cols), cols)), strip, small))
    }

    /// The height kept free above the plot for the y axis's description ([`y_label_above`]).
    pub(super) fn y_label_band(&self) -> u32 {
        self.fonts.label * 3 / 2
    }

    /// The style of the chart's title.
    pub(super) fn title_style(&self) -> TextStyle<'static> {
        (FAMILY, self.fonts.title).into_font().color(&BLACK)
    }

    /// The chart's title over the top of `root`; the rest, below it, for the plot.
    pub(super) fn titled<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        c: &Chart,
    ) -> Result<DrawingArea<DB, Shift>, Error>
    where
        DB::ErrorType: 'static,
    {
        root.margin(self.margin, 0, 0, 0)
            .titled(&c.title, self.title_style())
            .map_err(err("title"))
    }

    /// Axes over x and y in `area` (below the title) with the usual label areas.
    pub(super) fn axes<'a, DB: DrawingBackend>(
        &self,
        area: &'a DrawingArea<DB, Shift>,
        x: Range<f64>,
        y: Range<f64>,
    ) -> Result<Axes<'a, DB>, Error>
    where
        DB::ErrorType: 'static,
    {
        self.axes_with_areas(area, (self.x_area, self.y_area), 0, x, y)
    }

    /// The chart's title over the whole of `root`, then the rest split into the plot (left) and a
    /// legend column (right) wide enough for `labels`; no column (the whole rest for the plot) for
    /// fewer than two labels.
    #[allow(clippy::type_complexity)]
    pub(super) fn with_legend_column<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        c: &Chart,
        labels: &[&str],
    ) -> Result<(DrawingArea<DB, Shift>, Option<DrawingArea<DB, Shift>>), Error>
    where
        DB::ErrorType: 'static,
    {
        let titled = self.titled(root, c)?;
        if labels.len() < 2 {
            return Ok((titled, None));
        }
        let width = titled.dim_in_pixel().0;
        let legend = legend_width(labels, &self.fonts, self.size.width);
        let (plot, column) = titled.split_horizontally(width.saturating_sub(legend));
        Ok((plot, Some(column)))
    }

    /// Draws `entries` as the legend column `area` of [`Frame::with_legend_column`].
    pub(super) fn legend_column<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        entries: &[(String, LegendKey)],
    ) -> Result<(), Error>
    where
        DB::ErrorType: 'static,
    {
        legend_column(
            area,
            entries,
            &self.fonts,
            self.thickness,
            self.margin as i32,
        )
    }

    /// Axes over x and y in `area` (below the title) with label areas (x height, y width) chosen
    /// by the kind, for category labels that need more room than numbers, and `right` pixels kept
    /// free right of the plot for labels written beside it. Above the plot a band is kept for the
    /// y axis's description ([`y_label_above`]).
    pub(super) fn axes_with_areas<'a, DB: DrawingBackend>(
        &self,
        area: &'a DrawingArea<DB, Shift>,
        (x_area, y_area): (u32, u32),
        right: u32,
        x: Range<f64>,
        y: Range<f64>,
    ) -> Result<Axes<'a, DB>, Error>
    where
        DB::ErrorType: 'static,
    {
        ChartBuilder::on(area)
            .margin(self.margin)
            .margin_top(self.y_label_band())
            .margin_right(self.margin + right)
            .x_label_area_size(x_area)
            .y_label_area_size(y_area)
            .build_cartesian_2d(x, y)
            .map_err(err("chart axes"))
    }
}

/// x and y ranges of points, padded a little; a flat range is widened.
pub(super) fn bounds(points: impl Iterator<Item = (f64, f64)>) -> ((f64, f64), (f64, f64)) {
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

/// A value label (heatmap cells): the one number format of every output
/// ([`crate::output::number::number`]).
pub(super) fn axis_number(v: f64) -> String {
    crate::output::number::number(v)
}

/// Tick labels of an axis over `range`: one number of decimals for every tick, from the axis's
/// span (0 for a span of 10 or more, then one more per factor of ten), with thousands
/// separators and the minus sign, so "900" and "1,000" stand on one axis, not "900.0" and
/// "1,000".
pub(super) fn tick_labels(range: std::ops::Range<f64>) -> impl Fn(&f64) -> String {
    let span = (range.end - range.start).abs();
    let decimals = if span > 0.0 && span.is_finite() {
        (1.0 - span.log10().floor()).clamp(0.0, 6.0) as usize
    } else {
        0
    };
    move |v: &f64| {
        // −0 prints as 0.
        let v = if v.abs() < 1e-12 { 0.0 } else { *v };
        crate::output::number::group_thousands(&format!("{v:.decimals$}"))
    }
}

/// The category drawn at axis position `v` (categories stand at 0, 1, …, n − 1), so the ticks
/// between categories stay blank.
pub(super) fn category_at(v: f64, n: usize) -> Option<usize> {
    let k = v.round();
    ((v - k).abs() < 1e-6 && k >= 0.0 && (k as usize) < n).then_some(k as usize)
}

/// The drawn width of the widest label in tenths of an em (a CJK character 10, others 6), to
/// size fonts and label areas to fit it.
pub(super) fn widest_label(labels: &[String]) -> Option<usize> {
    labels
        .iter()
        .map(|l| l.chars().map(|c| if c.is_ascii() { 6 } else { 10 }).sum())
        .max()
}

/// Colours chosen to differ in lightness as well as hue (readable in greyscale).
/// Smallest data range an axis spans: a flat series (all values equal, e.g. all zero) still gets
/// an axis instead of a zero-width one.
pub(crate) const MIN_AXIS_SPAN: f64 = 1e-9;

/// Below this a tick value counts as a whole number (printed without decimals).
const WHOLE_NUMBER: f64 = 1e-9;

const PALETTE: [RGBColor; 10] = [
    RGBColor(0, 90, 181),
    RGBColor(220, 50, 32),
    RGBColor(0, 150, 80),
    RGBColor(230, 150, 0),
    RGBColor(120, 60, 160),
    RGBColor(90, 90, 90),
    RGBColor(0, 170, 200),
    RGBColor(180, 110, 60),
    RGBColor(200, 0, 120),
    RGBColor(110, 140, 0),
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

/// The k-th palette colour, cycling.
pub(super) fn colour(k: usize) -> RGBColor {
    PALETTE[k % PALETTE.len()]
}

/// Each series with its palette slot; an emphasised series takes none, so the others keep their
/// colours whether or not a baseline is drawn among them.
pub(super) fn palette_slots(series: &[Series]) -> impl Iterator<Item = (&Series, Option<usize>)> {
    let mut next = 0;
    series.iter().map(move |s| {
        if s.emphasis {
            (s, None)
        } else {
            next += 1;
            (s, Some(next - 1))
        }
    })
}

/// Stroke and dash (dash, gap) of a line in a palette slot; no slot is the emphasised (black,
/// thicker, solid) line.
pub(super) fn line_style(slot: Option<usize>, thickness: u32) -> (ShapeStyle, (u32, u32)) {
    match slot {
        None => (BLACK.stroke_width(thickness + 2), (0, 0)),
        Some(k) => (colour(k).stroke_width(thickness), DASHES[k % DASHES.len()]),
    }
}

/// Draws series as lines told apart by colour and dash, with legend entries if `legend`.
pub(super) fn draw_line_series<DB: DrawingBackend, CT: CoordTranslate<From = (f64, f64)>>(
    chart: &mut ChartContext<'_, DB, CT>,
    series: &[Series],
    thickness: u32,
    legend: bool,
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    for (s, slot) in palette_slots(series) {
        // Slots past 800 take slot 800's style, as they always have, so charts stay byte-identical.
        let slot = slot.map(|k| k.min(PALETTE.len() * 100));
        let (style, (dash, gap)) = line_style(slot, thickness);
        let points: Vec<(f64, f64)> = s
            .points
            .iter()
            .copied()
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .collect();
        // A marker at each whole year tells series apart in greyscale beside colour and dash.
        if let Some(k) = slot {
            let marks: Vec<(f64, f64)> = points
                .iter()
                .copied()
                .filter(|(x, _)| (x - x.round()).abs() < 1e-9)
                .collect();
            let size = thickness as i32 * 3;
            chart
                .draw_series(
                    marks
                        .into_iter()
                        .map(|p| marker::<DB, (f64, f64)>(k, p, size, style)),
                )
                .map_err(err("line markers"))?;
        }
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

/// Marker shapes, cycled with a period (5) beside the palette's (10) and the dashes' (8), so that
/// slot k's colour, dash and marker repeat together only after 40 series (their least common
/// multiple), and no two of the first ten series share a colour.
const MARKERS: usize = 5;

/// The marker of palette slot `k` at `p` (in any coordinates: data or pixels), `size` pixels
/// across, in `style`'s colour: hollow circle, filled triangle, cross, filled circle, hollow
/// triangle.
pub(super) fn marker<DB: DrawingBackend, C: Clone + 'static>(
    k: usize,
    p: C,
    size: i32,
    style: ShapeStyle,
) -> DynElement<'static, DB, C> {
    let outline = ShapeStyle {
        color: style.color,
        filled: false,
        stroke_width: 2,
    };
    let r = (size / 2).max(2) as u32;
    match k % MARKERS {
        0 => Circle::new(p, r, outline).into_dyn(),
        1 => TriangleMarker::new(p, r + 1, style.filled()).into_dyn(),
        2 => Cross::new(p, r, outline).into_dyn(),
        3 => Circle::new(p, r, style.filled()).into_dyn(),
        _ => TriangleMarker::new(p, r + 1, outline).into_dyn(),
    }
}

/// One entry of a legend drawn beside the plot: a line sample (with its marker) or a swatch.
pub(super) enum LegendKey {
    /// A line in a palette slot (None: the emphasised baseline).
    Line(Option<usize>),
    /// A filled area in this style, hatched as the area is.
    Swatch(ShapeStyle, Hatch),
    /// A point drawn as a triangle in this style (a marked reference point).
    Triangle(ShapeStyle),
}

/// The width in pixels of a legend key; the entry's name starts [`KEY_GAP`] further right.
pub(super) const KEY_WIDTH: i32 = 50;

/// The space between a legend key and its name.
pub(super) const KEY_GAP: i32 = 10;

/// The style of hatching lines: thin and dark, to read over any fill.
pub(super) fn hatch_style() -> ShapeStyle {
    BLACK.mix(0.7).stroke_width(1)
}

/// Draws a legend key in `area` with its left end at `x` and centred on `y`, `row` pixels tall:
/// a line sample repeating the series' dash with its marker in the middle, or a swatch.
pub(super) fn draw_key<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    key: &LegendKey,
    (x, y): (i32, i32),
    row: i32,
    thickness: u32,
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    let end = x + KEY_WIDTH;
    match key {
        LegendKey::Line(slot) => {
            let (style, (dash, gap)) = line_style(*slot, thickness);
            let mut from = x;
            while from < end {
                let to = if dash == 0 {
                    end
                } else {
                    (from + dash as i32).min(end)
                };
                area.draw(&PathElement::new(vec![(from, y), (to, y)], style))
                    .map_err(err("legend"))?;
                from = if dash == 0 { end } else { to + gap as i32 };
            }
            if let Some(s) = slot {
                area.draw(&marker(
                    *s,
                    (x + KEY_WIDTH / 2, y),
                    thickness as i32 * 3,
                    style,
                ))
                .map_err(err("legend"))?;
            }
        }
        LegendKey::Triangle(style) => {
            area.draw(&TriangleMarker::new(
                (x + KEY_WIDTH / 2, y),
                row / 3,
                *style,
            ))
            .map_err(err("legend"))?;
        }
        LegendKey::Swatch(fill, pattern) => {
            let (top, bottom) = (y - row / 3, y + row / 3);
            area.draw(&Rectangle::new([(x, top), (end, bottom)], *fill))
                .map_err(err("legend"))?;
            let (xs, lower, upper) = ([x as f64, end as f64], [bottom as f64; 2], [top as f64; 2]);
            for line in hatch_lines(*pattern, &xs, &lower, &upper, 10.0) {
                let pixels = line
                    .iter()
                    .map(|&(px, py)| (px.round() as i32, py.round() as i32))
                    .collect::<Vec<_>>();
                area.draw(&PathElement::new(pixels, hatch_style()))
                    .map_err(err("legend"))?;
            }
        }
    }
    Ok(())
}

/// The width a legend column needs for `labels` at `fonts`, capped at a third of `width`.
pub(super) fn legend_width(labels: &[&str], fonts: &Fonts, width: u32) -> u32 {
    let widest = labels
        .iter()
        .map(|l| text_width(l, fonts.legend))
        .max()
        .unwrap_or(0);
    (widest + 90).min(width / 3)
}

/// The drawn width of `text` at `px`: CJK characters a full em, others about half.
pub(super) fn text_width(text: &str, px: u32) -> u32 {
    text.chars()
        .map(|c| if c.is_ascii() { px * 11 / 20 } else { px })
        .sum()
}

/// A legend as a column beside the plot (never over data): each entry's key, then its name to
/// the right of the key, from the top of `area` below `top` pixels.
fn legend_column<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(String, LegendKey)],
    fonts: &Fonts,
    thickness: u32,
    top: i32,
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    let row = (fonts.legend as i32 * 3) / 2;
    for (k, (name, key)) in entries.iter().enumerate() {
        let y = top + row * k as i32 + row / 2;
        draw_key(area, key, (8, y), row, thickness)?;
        area.draw(&Text::new(
            name.clone(),
            (8 + KEY_WIDTH + KEY_GAP, y - fonts.legend as i32 / 2),
            (FAMILY, fonts.legend).into_font(),
        ))
        .map_err(err("legend"))?;
    }
    Ok(())
}

/// The grid, tick labels (years without decimals) and axis descriptions of numeric axes; `area`
/// is the area the axes were built on.
pub(super) fn mesh<DB: DrawingBackend>(
    chart: &mut Axes<'_, DB>,
    area: &DrawingArea<DB, Shift>,
    c: &Chart,
    fonts: &Fonts,
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    let labels = tick_labels(chart.as_coord_spec().get_y_range());
    draw_mesh(
        chart
            .configure_mesh()
            .light_line_style(RGBColor(238, 238, 238))
            .label_style((FAMILY, fonts.tick))
            .x_label_formatter(&|x| {
                if x.fract().abs() < WHOLE_NUMBER {
                    format!("{x:.0}")
                } else {
                    format!("{x:.1}")
                }
            })
            .y_label_formatter(&labels),
        c,
        fonts,
    )?;
    y_label_above(chart, area, c, fonts)
}

/// Finishes a mesh every kind has configured its own way: the x axis's description in the label
/// font, then draws it. The y axis's description is written by [`y_label_above`] (kinds whose
/// rows are labelled have none).
pub(super) fn draw_mesh<DB: DrawingBackend>(
    mesh: &mut MeshStyle<'_, '_, RangedCoordf64, RangedCoordf64, DB>,
    c: &Chart,
    fonts: &Fonts,
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    mesh.x_desc(&c.x_label);
    mesh.axis_desc_style((FAMILY, fonts.label))
        .draw()
        .map_err(err("mesh"))
}

/// Writes the y axis's description (its quantity and unit) level, above the top of the axis in
/// the band the axes keep free ([`Frame::y_label_band`]): Chinese turned on its side is hard to
/// read, and a long unit such as 亿元/年（2024年价格） would not fit beside the axis.
pub(super) fn y_label_above<DB: DrawingBackend>(
    chart: &Axes<'_, DB>,
    area: &DrawingArea<DB, Shift>,
    c: &Chart,
    fonts: &Fonts,
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    if c.y_label.is_empty() {
        return Ok(());
    }
    // The plot's top-left corner in `area`'s pixels (an area clamps what is drawn to itself, so
    // the text is drawn on the area the axes stand in, not on the plot).
    let (corner, origin) = (
        chart.plotting_area().get_base_pixel(),
        area.get_base_pixel(),
    );
    // Starting over the tick labels, just above the plot.
    let at = (
        corner.0 - origin.0 - fonts.tick as i32 * 2,
        corner.1 - origin.1 - (fonts.label as i32 * 5) / 4,
    );
    area.draw(&Text::new(
        c.y_label.clone(),
        at,
        (FAMILY, fonts.label).into_font(),
    ))
    .map_err(err("y axis label"))
}
