//! Fan charts: nested percentile bands, lighter the wider, around a median line.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::common::{bounds, colour, draw_area, draw_line_series, legend, mesh, Frame};
use super::{Chart, FanBand, Series};
use crate::error::Error;

/// Draws [`Plot::Fan`](super::Plot::Fan): bands in the order given (widest first), then the median.
pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Chart,
    frame: &Frame,
    bands: &[FanBand],
    median: &Series,
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    let ((x0, x1), (y0, y1)) = bounds(
        bands
            .iter()
            .flat_map(|b| b.points.iter().flat_map(|&(x, lo, hi)| [(x, lo), (x, hi)]))
            .chain(median.points.iter().copied()),
    );
    let mut chart = frame.axes(root, c, x0..x1, y0..y1)?;
    mesh(&mut chart, c, &frame.fonts)?;
    let n = bands.len().max(1);
    for (k, band) in bands.iter().enumerate() {
        // Widest band lightest, so nested bands read in greyscale too.
        let alpha = 0.15 + 0.55 * (k as f64 + 1.0) / n as f64;
        let fill = colour(0).mix(alpha).filled();
        let mut poly: Vec<(f64, f64)> = band.points.iter().map(|&(x, _, hi)| (x, hi)).collect();
        poly.extend(band.points.iter().rev().map(|&(x, lo, _)| (x, lo)));
        draw_area(&mut chart, poly, fill, band.label.clone(), "fan band")?;
    }
    draw_line_series(
        &mut chart,
        std::slice::from_ref(median),
        frame.thickness,
        true,
    )?;
    legend(&mut chart, &frame.fonts, bands.len() + 1)
}
