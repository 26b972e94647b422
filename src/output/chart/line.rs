//! Line charts: series told apart by colour, dash and marker, over optional shaded horizontal
//! bands named right of the plot, with the legend in a column beside (never over data).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::common::{
    bounds, draw_line_series, err, mesh, palette_slots, text_width, Frame, LegendKey, FAMILY,
};
use super::{Band, Chart, Series};
use crate::error::Error;

/// Draws [`Plot::Line`](super::Plot::Line): `y_range`, if given, replaces the range of the data;
/// otherwise the axis reaches down to zero for data that are all positive (levels and stocks are
/// read against zero).
pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Chart,
    frame: &Frame,
    series: &[Series],
    bands: &[Band],
    y_range: Option<(f64, f64)>,
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    let ((x0, x1), (mut y0, mut y1)) = bounds(series.iter().flat_map(|s| s.points.iter().copied()));
    match y_range {
        Some((a, b)) => {
            y0 = a;
            y1 = b;
        }
        None if y0 > 0.0 => y0 = 0.0,
        None => {}
    }
    let labels: Vec<&str> = series.iter().map(|s| s.name.as_str()).collect();
    let (plot, column) = frame.with_legend_column(root, c, &labels)?;
    let shown: Vec<(usize, &Band, f64, f64)> = bands
        .iter()
        .enumerate()
        .map(|(k, b)| (k, b, b.from.max(y0), b.to.min(y1)))
        .filter(|&(_, _, lo, hi)| hi > lo)
        .collect();
    // The bands are named in a strip right of the plot, where no line can run through a name.
    let font = (FAMILY, frame.fonts.tick)
        .into_font()
        .color(&RGBColor(90, 90, 90));
    let gap = frame.fonts.tick / 2;
    let strip = shown
        .iter()
        .map(|(_, b, _, _)| text_width(&b.label, frame.fonts.tick) + gap)
        .max()
        .unwrap_or(0);
    let areas = (frame.x_area, frame.y_area);
    let mut chart = frame.axes_with_areas(&plot, areas, strip, x0..x1, y0..y1)?;
    for &(k, _, lo, hi) in &shown {
        // Alternating shades keep neighbouring bands apart without colour.
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
    }
    let origin = plot.get_base_pixel();
    for &(_, band, lo, hi) in &shown {
        let (px, py) = chart.backend_coord(&(x1, (lo + hi) / 2.0));
        let at = (
            px - origin.0 + gap as i32,
            py - origin.1 - frame.fonts.tick as i32 / 2,
        );
        plot.draw(&Text::new(band.label.clone(), at, font.clone()))
            .map_err(err("band label"))?;
    }
    mesh(&mut chart, &plot, c, &frame.fonts)?;
    draw_line_series(&mut chart, series, frame.thickness, false)?;
    if let Some(column) = column {
        let entries: Vec<(String, LegendKey)> = palette_slots(series)
            .map(|(s, slot)| (s.name.clone(), LegendKey::Line(slot)))
            .collect();
        frame.legend_column(&column, &entries)?;
    }
    Ok(())
}
