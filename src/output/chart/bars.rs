//! Bar charts: one vertical bar per category, coloured by sign, with optional error bars.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::common::{
    category_at, colour, draw_mesh, err, tick_labels, widest_label, Frame, FAMILY, MIN_AXIS_SPAN,
};
use super::Chart;
use crate::error::Error;

/// Draws [`Plot::Bars`](super::Plot::Bars): the y range always includes zero and the error bars.
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
    // Room for a second line of tick text under the categories.
    let areas = (frame.x_area + fonts.tick * 2, frame.y_area);
    let mut chart = frame.axes_with_areas(
        root,
        c,
        areas,
        -0.5f64..(n as f64 - 0.5),
        (lo - pad)..(hi + pad),
    )?;
    // Long or many category names get a smaller font so they do not overlap.
    // Each category gets an equal share of 80 % of the width; the widest label (in tenths of
    // an em) must fit its share.
    let widest = widest_label(categories).unwrap_or(10).max(1);
    let fitting = (frame.size.width as f64 * 0.8 * 10.0 / (n.max(1) * widest) as f64) as u32;
    let x_label_style = (FAMILY, fitting.max(8).min(fonts.tick)).into_font();
    draw_mesh(
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_label_style(x_label_style)
            .x_labels(n.max(1))
            .x_label_formatter(&|x| {
                category_at(*x, n).map_or(String::new(), |k| categories[k].clone())
            })
            .y_label_formatter(&tick_labels((lo - pad)..(hi + pad)))
            .y_label_style((FAMILY, fonts.tick)),
        c,
        fonts,
        true,
    )?;
    chart
        .draw_series(values.iter().enumerate().map(|(k, &v)| {
            let x = k as f64;
            let fill = if v >= 0.0 { colour(0) } else { colour(1) };
            Rectangle::new([(x - 0.35, 0.0), (x + 0.35, v)], fill.mix(0.85).filled())
        }))
        .map_err(err("bars"))?;
    if let Some(errors) = errors {
        chart
            .draw_series(errors.iter().enumerate().map(|(k, &(a, b))| {
                let x = k as f64;
                PathElement::new(vec![(x, a), (x, b)], BLACK.stroke_width(thickness))
            }))
            .map_err(err("error bars"))?;
        chart
            .draw_series(errors.iter().enumerate().flat_map(|(k, &(a, b))| {
                let x = k as f64;
                [a, b].map(|y| {
                    PathElement::new(
                        vec![(x - 0.12, y), (x + 0.12, y)],
                        BLACK.stroke_width(thickness),
                    )
                })
            }))
            .map_err(err("error caps"))?;
    }
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(-0.5, 0.0), (n as f64 - 0.5, 0.0)],
            BLACK.stroke_width(1),
        )))
        .map_err(err("zero line"))?;
    Ok(())
}
