//! Bar charts: one horizontal bar per category (the first on top), coloured by sign, with
//! optional error bars. Horizontal, so that long Chinese category names (parameters, packages)
//! read as row labels at the tick size instead of shrinking to fit under narrow columns.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::common::{
    category_at, colour, draw_mesh, err, tick_labels, widest_label, Frame, FAMILY, MIN_AXIS_SPAN,
};
use super::Chart;
use crate::error::Error;

/// Draws [`Plot::Bars`](super::Plot::Bars): the value axis (horizontal, described by the chart's
/// y label) always includes zero and the error bars.
pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Chart,
    frame: &Frame,
    categories: &[String],
    values: &[f64],
    errors: Option<&[(f64, f64)]>,
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    let (fonts, thickness) = (&frame.fonts, frame.thickness);
    let mut lo = values.iter().copied().fold(0.0f64, f64::min);
    let mut hi = values.iter().copied().fold(0.0f64, f64::max);
    if let Some(errors) = errors {
        for &(a, b) in errors {
            lo = lo.min(a);
            hi = hi.max(b);
        }
    }
    let pad = 0.08 * (hi - lo).max(MIN_AXIS_SPAN);
    let n = categories.len();
    // The row label area widens to the widest category name (its width in tenths of an em), up
    // to half the chart.
    let label_width = fonts.tick * widest_label(categories).map_or(60, |l| l as u32) / 10;
    let areas = (
        frame.x_area,
        (label_width + fonts.tick).min(frame.size.width / 2),
    );
    let (x0, x1) = (lo - pad, hi + pad);
    let area = frame.titled(root, c)?;
    let mut chart = frame.axes_with_areas(&area, areas, 0, x0..x1, -0.5f64..(n as f64 - 0.5))?;
    // The values run along x, so the chart's y label describes the x axis here.
    let turned = Chart {
        x_label: c.y_label.clone(),
        y_label: String::new(),
        ..c.clone()
    };
    let row = |k: usize| (n - 1 - k) as f64;
    draw_mesh(
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(n.max(1))
            .y_label_formatter(&|y| {
                category_at(*y, n).map_or(String::new(), |k| categories[n - 1 - k].clone())
            })
            .x_label_formatter(&tick_labels(x0..x1))
            .label_style((FAMILY, fonts.tick)),
        &turned,
        fonts,
    )?;
    chart
        .draw_series(values.iter().enumerate().map(|(k, &v)| {
            let y = row(k);
            let fill = if v >= 0.0 { colour(0) } else { colour(1) };
            Rectangle::new([(0.0, y - 0.35), (v, y + 0.35)], fill.mix(0.85).filled())
        }))
        .map_err(err("bars"))?;
    if let Some(errors) = errors {
        let style = BLACK.stroke_width(thickness);
        chart
            .draw_series(
                errors
                    .iter()
                    .enumerate()
                    .map(|(k, &(a, b))| PathElement::new(vec![(a, row(k)), (b, row(k))], style)),
            )
            .map_err(err("error bars"))?;
        chart
            .draw_series(errors.iter().enumerate().flat_map(|(k, &(a, b))| {
                let y = row(k);
                [a, b].map(|x| PathElement::new(vec![(x, y - 0.12), (x, y + 0.12)], style))
            }))
            .map_err(err("error caps"))?;
    }
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(0.0, -0.5), (0.0, n as f64 - 0.5)],
            BLACK.stroke_width(1),
        )))
        .map_err(err("zero line"))?;
    Ok(())
}
