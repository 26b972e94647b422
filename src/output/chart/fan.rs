//! Fan charts: nested percentile bands, lighter the wider, around a median line, with the base
//! scenario's own path in black; the legend in a column beside the plot.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::common::{bounds, colour, draw_line_series, err, mesh, palette_slots, Frame, LegendKey};
use super::hatch::Hatch;
use super::{Chart, FanBand, Series};
use crate::error::Error;

/// Draws [`Plot::Fan`](super::Plot::Fan): bands in the order given (widest first), then the
/// median and the reference path.
pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Chart,
    frame: &Frame,
    bands: &[FanBand],
    median: &Series,
    reference: Option<&Series>,
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    let mut lines = vec![Series {
        emphasis: false,
        ..median.clone()
    }];
    if let Some(r) = reference {
        lines.push(Series {
            emphasis: true,
            ..r.clone()
        });
    }
    let ((x0, x1), (mut y0, y1)) = bounds(
        bands
            .iter()
            .flat_map(|b| b.points.iter().flat_map(|&(x, lo, hi)| [(x, lo), (x, hi)]))
            .chain(lines.iter().flat_map(|l| l.points.iter().copied())),
    );
    // Levels are read against zero, as on the line charts.
    if y0 > 0.0 {
        y0 = 0.0;
    }
    let n = bands.len().max(1);
    // Widest band lightest, so nested bands read in greyscale too.
    let fill = |k: usize| {
        colour(0)
            .mix(0.15 + 0.55 * (k as f64 + 1.0) / n as f64)
            .filled()
    };
    let mut entries: Vec<(String, LegendKey)> = bands
        .iter()
        .enumerate()
        .map(|(k, b)| (b.label.clone(), LegendKey::Swatch(fill(k), Hatch::None)))
        .collect();
    entries.extend(palette_slots(&lines).map(|(s, slot)| (s.name.clone(), LegendKey::Line(slot))));
    let labels: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
    let (plot, column) = frame.with_legend_column(root, c, &labels)?;
    let mut chart = frame.axes(&plot, x0..x1, y0..y1)?;
    mesh(&mut chart, &plot, c, &frame.fonts)?;
    for (k, band) in bands.iter().enumerate() {
        let mut poly: Vec<(f64, f64)> = band.points.iter().map(|&(x, _, hi)| (x, hi)).collect();
        poly.extend(band.points.iter().rev().map(|&(x, lo, _)| (x, lo)));
        chart
            .draw_series(std::iter::once(Polygon::new(poly, fill(k))))
            .map_err(err("fan band"))?;
    }
    draw_line_series(&mut chart, &lines, frame.thickness, false)?;
    if let Some(column) = column {
        frame.legend_column(&column, &entries)?;
    }
    Ok(())
}
