//! Tornado charts: horizontal bars of the outcome at low and high input around a base value.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::common::{
    category_at, colour, draw_mesh, err, tick_labels, widest_label, Frame, FAMILY, MIN_AXIS_SPAN,
};
use super::Chart;
use crate::error::Error;

/// Draws [`Plot::Tornado`](super::Plot::Tornado): rows sorted by swing, widest on top; refuses
/// non-finite outcomes, which would otherwise draw an empty or unbounded chart.
pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Chart,
    frame: &Frame,
    base: f64,
    rows: &[(String, f64, f64)],
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    if !base.is_finite() || rows.iter().any(|r| !r.1.is_finite() || !r.2.is_finite()) {
        return Err(Error::ChartFailed {
            chart: c.title.clone(),
            message: "the outputs are not finite (is the output variable spelt right?)".into(),
        });
    }
    let fonts = &frame.fonts;
    let mut sorted = rows.to_vec();
    sorted.sort_by(|a, b| (b.2 - b.1).abs().total_cmp(&(a.2 - a.1).abs()));
    let lo = sorted.iter().map(|r| r.1.min(r.2)).fold(base, f64::min);
    let hi = sorted.iter().map(|r| r.1.max(r.2)).fold(base, f64::max);
    let pad = 0.08 * (hi - lo).max(MIN_AXIS_SPAN);
    let n = sorted.len();
    let labels: Vec<String> = sorted.iter().map(|r| r.0.clone()).collect();
    // The y label area widens to the widest row label (its width in tenths of an em).
    let label_width = fonts.tick * widest_label(&labels).map_or(60, |l| l as u32) / 10;
    let areas = (frame.x_area, frame.y_area.max(label_width + fonts.tick));
    let area = frame.titled(root, c)?;
    let mut chart = frame.axes_with_areas(
        &area,
        areas,
        0,
        (lo - pad)..(hi + pad),
        -0.5f64..(n as f64 - 0.5),
    )?;
    draw_mesh(
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(n.max(1))
            .y_label_formatter(&|y| {
                // Row 0 (the widest swing) stands at the top.
                category_at(*y, n).map_or(String::new(), |k| labels[n - 1 - k].clone())
            })
            .x_label_formatter(&tick_labels((lo - pad)..(hi + pad)))
            .label_style((FAMILY, fonts.tick)),
        c,
        fonts,
    )?;
    let low_fill = colour(1).mix(0.85).filled();
    let high_fill = colour(0).mix(0.85).filled();
    for (k, (_, low, high)) in sorted.iter().enumerate() {
        let y = (n - 1 - k) as f64;
        chart
            .draw_series([
                Rectangle::new([(base, y - 0.35), (*low, y + 0.35)], low_fill),
                Rectangle::new([(base, y - 0.35), (*high, y + 0.35)], high_fill),
            ])
            .map_err(err("tornado bars"))?;
    }
    // The low bars are striped white, so that they differ from the high ones in greyscale too.
    let stripe = (hi - lo + 2.0 * pad) / 90.0;
    for (k, (_, low, _)) in sorted.iter().enumerate() {
        let y = (n - 1 - k) as f64;
        let (a, b) = (low.min(base), low.max(base));
        let count = ((b - a) / stripe).floor() as usize;
        chart
            .draw_series((1..=count).map(|j| {
                let x = a + j as f64 * stripe;
                PathElement::new(vec![(x, y - 0.35), (x, y + 0.35)], WHITE.stroke_width(2))
            }))
            .map_err(err("tornado stripes"))?;
    }
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(base, -0.5), (base, n as f64 - 0.5)],
            BLACK.stroke_width(frame.thickness),
        )))
        .map_err(err("base line"))?;
    Ok(())
}
