//! Stacked area charts: layers summed bottom-up, each a filled polygon with a black edge and its
//! own hatching (so layers differ in greyscale), the legend in a column beside the plot; layers
//! that are zero throughout are left out.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::common::{bounds, colour, err, hatch_style, mesh, Frame, LegendKey, MIN_AXIS_SPAN};
use super::hatch::{hatch, hatch_lines};
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
    // so the legend lists only what is drawn. Colour and hatching go by position among the drawn
    // layers, so no two drawn layers look alike (by the layer's own position, programmes 1 and
    // 11 of the cost chart were both green).
    let shown: Vec<&Series> = layers
        .iter()
        .filter(|l| l.points.iter().any(|p| p.1 > 0.0))
        .collect();
    let n = layers.first().map_or(0, |l| l.points.len());
    let mut cumulative = vec![0.0; n];
    let mut stack = Vec::new();
    for layer in &shown {
        let lower = cumulative.clone();
        for (i, p) in layer.points.iter().enumerate().take(n) {
            cumulative[i] += p.1.max(0.0);
        }
        let xs: Vec<f64> = layer.points.iter().take(n).map(|p| p.0).collect();
        stack.push(Layer {
            name: layer.name.clone(),
            upper: cumulative[..xs.len()].to_vec(),
            lower: lower[..xs.len()].to_vec(),
            xs,
        });
    }
    let polygons: Vec<Vec<(f64, f64)>> = stack.iter().map(Layer::outline).collect();
    let ((x0, x1), (_, y1)) = bounds(polygons.iter().flat_map(|p| p.iter().copied()));
    let labels: Vec<&str> = shown.iter().map(|l| l.name.as_str()).collect();
    let (plot, column) = frame.with_legend_column(root, c, &labels)?;
    let y = 0.0..y1.max(MIN_AXIS_SPAN);
    let mut chart = frame.axes(&plot, x0..x1, y)?;
    mesh(&mut chart, &plot, c, &frame.fonts)?;
    // Hatching lines one fortieth of the x range apart.
    let step = (x1 - x0) / 40.0;
    for (k, (layer, poly)) in stack.iter().zip(&polygons).enumerate() {
        chart
            .draw_series(std::iter::once(Polygon::new(poly.clone(), fill(k))))
            .map_err(err("stacked layer"))?;
        let lines = hatch_lines(hatch(k), &layer.xs, &layer.lower, &layer.upper, step);
        chart
            .draw_series(
                lines
                    .into_iter()
                    .map(|line| PathElement::new(line, hatch_style())),
            )
            .map_err(err("stacked hatching"))?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                poly.clone(),
                BLACK.stroke_width(1),
            )))
            .map_err(err("stacked edge"))?;
    }
    if let Some(column) = column {
        // Top layer first, as the areas stand.
        let entries: Vec<(String, LegendKey)> = stack
            .iter()
            .enumerate()
            .rev()
            .map(|(k, layer)| (layer.name.clone(), LegendKey::Swatch(fill(k), hatch(k))))
            .collect();
        frame.legend_column(&column, &entries)?;
    }
    Ok(())
}

/// The fill of the k-th drawn layer.
fn fill(k: usize) -> ShapeStyle {
    colour(k).mix(0.75).filled()
}

/// One drawn layer: its lower and upper edges at its x positions.
struct Layer {
    name: String,
    xs: Vec<f64>,
    lower: Vec<f64>,
    upper: Vec<f64>,
}

impl Layer {
    /// The closed outline: along the upper edge, back along the lower one.
    fn outline(&self) -> Vec<(f64, f64)> {
        let top = self.xs.iter().zip(&self.upper).map(|(&x, &y)| (x, y));
        let bottom = self.xs.iter().zip(&self.lower).rev().map(|(&x, &y)| (x, y));
        top.chain(bottom).collect()
    }
}
