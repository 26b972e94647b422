//! Line charts: series told apart by colour, dash and marker, over optional shaded horizontal
//! bands, with the legend in a column beside the plot (never over data).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::common::{bounds, draw_line_series, err, mesh, palette_slots, Frame, LegendKey, FAMILY};
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
    let mut chart = match &column {
        Some(_) => frame.untitled_axes(&plot, x0..x1, y0..y1)?,
        None => frame.axes(&plot, c, x0..x1, y0..y1)?,
    };
    for (k, band) in bands.iter().enumerate() {
        let (lo, hi) = (band.from.max(y0), band.to.min(y1));
        if hi <= lo {
            continue;
        }
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
        let label_pos = (x0 + 0.01 * (x1 - x0), (lo + hi) / 2.0);
        chart
            .draw_series(std::iter::once(Text::new(
                band.label.clone(),
                label_pos,
                (FAMILY, frame.fonts.tick)
                    .into_font()
                    .color(&RGBColor(100, 100, 100)),
            )))
            .map_err(err("band label"))?;
    }
    mesh(&mut chart, c, &frame.fonts)?;
    draw_line_series(&mut chart, series, frame.thickness, false)?;
    if let Some(column) = column {
        let entries: Vec<(String, LegendKey)> = palette_slots(series)
            .map(|(s, slot)| (s.name.clone(), LegendKey::Line(slot)))
            .collect();
        frame.legend_column(&column, &entries)?;
    }
    Ok(())
}
