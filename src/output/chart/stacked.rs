//! Stacked area charts: layers summed bottom-up, each a filled polygon with a black edge.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::common::{bounds, colour, draw_area, err, legend, mesh, Frame, MIN_AXIS_SPAN};
use super::{Chart, Series};
use crate::error::Error;

/// Draws [`Plot::Stacked`](super::Plot::Stacked): negative values count as zero, and the first
/// layer's points decide how many x positions are stacked.
pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Chart,
    frame: &Frame,
    layers: &[Series],
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    let n = layers.first().map_or(0, |l| l.points.len());
    let mut cumulative = vec![0.0; n];
    let mut polygons = Vec::new();
    for layer in layers {
        let lower = cumulative.clone();
        for (k, p) in layer.points.iter().enumerate().take(n) {
            cumulative[k] += p.1.max(0.0);
        }
        let xs: Vec<f64> = layer.points.iter().map(|p| p.0).collect();
        let mut poly: Vec<(f64, f64)> = xs.iter().zip(&cumulative).map(|(&x, &y)| (x, y)).collect();
        poly.extend(xs.iter().zip(&lower).rev().map(|(&x, &y)| (x, y)));
        polygons.push((layer.name.clone(), poly));
    }
    let ((x0, x1), (_, y1)) = bounds(polygons.iter().flat_map(|p| p.1.iter().copied()));
    let mut chart = frame.axes(root, c, x0..x1, 0.0..y1.max(MIN_AXIS_SPAN))?;
    mesh(&mut chart, c, &frame.fonts)?;
    for (k, (name, poly)) in polygons.into_iter().enumerate() {
        let fill = colour(k).mix(0.75).filled();
        let edge = BLACK.stroke_width(1);
        draw_area(&mut chart, poly.clone(), fill, name, "stacked layer")?;
        chart
            .draw_series(std::iter::once(PathElement::new(poly, edge)))
            .map_err(err("stacked edge"))?;
    }
    legend(&mut chart, &frame.fonts, layers.len())
}
