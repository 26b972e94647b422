//! Stacked area charts: layers summed bottom-up, each a filled polygon with a black edge, the
//! legend in a column beside the plot; layers that are zero throughout are left out.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::common::{bounds, colour, err, mesh, Frame, LegendKey, MIN_AXIS_SPAN};
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
    // A layer that is zero throughout adds nothing to the stack and nothing to read: left out,
    // so the legend lists only what is drawn. Colours stay with the layer's position.
    let shown: Vec<(usize, &Series)> = layers
        .iter()
        .enumerate()
        .filter(|(_, l)| l.points.iter().any(|p| p.1 > 0.0))
        .collect();
    let n = layers.first().map_or(0, |l| l.points.len());
    let mut cumulative = vec![0.0; n];
    let mut polygons = Vec::new();
    for &(k, layer) in &shown {
        let lower = cumulative.clone();
        for (i, p) in layer.points.iter().enumerate().take(n) {
            cumulative[i] += p.1.max(0.0);
        }
        let xs: Vec<f64> = layer.points.iter().map(|p| p.0).collect();
        let mut poly: Vec<(f64, f64)> = xs.iter().zip(&cumulative).map(|(&x, &y)| (x, y)).collect();
        poly.extend(xs.iter().zip(&lower).rev().map(|(&x, &y)| (x, y)));
        polygons.push((k, layer.name.clone(), poly));
    }
    let ((x0, x1), (_, y1)) = bounds(polygons.iter().flat_map(|p| p.2.iter().copied()));
    let labels: Vec<&str> = shown.iter().map(|(_, l)| l.name.as_str()).collect();
    let (plot, column) = frame.with_legend_column(root, c, &labels)?;
    let y = 0.0..y1.max(MIN_AXIS_SPAN);
    let mut chart = match &column {
        Some(_) => frame.untitled_axes(&plot, x0..x1, y)?,
        None => frame.axes(&plot, c, x0..x1, y)?,
    };
    mesh(&mut chart, c, &frame.fonts)?;
    for (k, _, poly) in &polygons {
        chart
            .draw_series(std::iter::once(Polygon::new(
                poly.clone(),
                colour(*k).mix(0.75).filled(),
            )))
            .map_err(err("stacked layer"))?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                poly.clone(),
                BLACK.stroke_width(1),
            )))
            .map_err(err("stacked edge"))?;
    }
    if let Some(column) = column {
        // Top layer first, as the areas stand.
        let entries: Vec<(String, LegendKey)> = polygons
            .iter()
            .rev()
            .map(|(k, name, _)| {
                (
                    name.clone(),
                    LegendKey::Swatch(colour(*k).mix(0.75).filled()),
                )
            })
            .collect();
        frame.legend_column(&column, &entries)?;
    }
    Ok(())
}
