//! Scatter plots: labelled points, with both axes reaching down to zero.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::common::{bounds, colour, err, mesh, Frame, FAMILY};
use super::Chart;
use crate::error::Error;

/// Draws [`Plot::Scatter`](super::Plot::Scatter): extra room on the right keeps the last label
/// inside the plot.
pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Chart,
    frame: &Frame,
    points: &[(String, f64, f64)],
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    let ((x0, x1), (y0, y1)) = bounds(points.iter().map(|p| (p.1, p.2)));
    let pad_x = 0.08 * (x1 - x0);
    let area = frame.titled(root, c)?;
    let mut chart = frame.axes(&area, (x0.min(0.0))..(x1 + pad_x), (y0.min(0.0))..y1)?;
    mesh(&mut chart, &area, c, &frame.fonts)?;
    chart
        .draw_series(
            points
                .iter()
                .map(|p| Circle::new((p.1, p.2), frame.thickness * 3, colour(0).filled())),
        )
        .map_err(err("points"))?;
    chart
        .draw_series(points.iter().map(|p| {
            Text::new(
                p.0.clone(),
                (p.1, p.2),
                (FAMILY, frame.fonts.tick * 3 / 4).into_font(),
            )
        }))
        .map_err(err("point labels"))?;
    Ok(())
}
