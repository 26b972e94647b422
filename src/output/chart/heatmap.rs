//! Heatmaps: a grid of cells shaded light to dark by value, with the values written in small grids.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::common::{axis_number, draw_mesh, err, y_label_above, Frame, FAMILY};
use super::Chart;
use crate::error::Error;

/// Draws [`Plot::Heatmap`](super::Plot::Heatmap): `values[row][col]` with row 0 at the bottom; a
/// non-finite value is drawn as the lowest.
pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Chart,
    frame: &Frame,
    xs: &[f64],
    ys: &[f64],
    values: &[Vec<f64>],
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    let fonts = &frame.fonts;
    let (nx, ny) = (xs.len(), ys.len());
    let finite = values.iter().flatten().copied().filter(|v| v.is_finite());
    let (vmin, vmax) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let span = if vmax > vmin { vmax - vmin } else { 1.0 };
    let area = frame.titled(root, c)?;
    let mut chart = frame.axes(
        &area,
        -0.5f64..(nx as f64 - 0.5),
        -0.5f64..(ny as f64 - 0.5),
    )?;
    // Cell k's tick shows the k-th grid value rather than the position.
    let grid_label = |values: &[f64], v: f64| {
        values
            .get(v.round().max(0.0) as usize)
            .map_or(String::new(), |v| axis_number(*v))
    };
    draw_mesh(
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(nx.clamp(1, 12))
            .y_labels(ny.clamp(1, 12))
            .x_label_formatter(&|x| grid_label(xs, *x))
            .y_label_formatter(&|y| grid_label(ys, *y))
            .label_style((FAMILY, fonts.tick)),
        c,
        fonts,
    )?;
    y_label_above(&chart, &area, c, fonts)?;
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
            // Beyond about 150 cells the numbers would not fit inside them.
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
    Ok(())
}
