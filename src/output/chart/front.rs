//! Optimisation charts: the Pareto front of cost against outcome (with the budget line and
//! labelled reference points such as the baseline and the shipped packages), and parallel
//! coordinates of the front's lever settings.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::common::{bounds, category_at, colour, draw_mesh, err, tick_labels, Frame, FAMILY};
use super::Chart;
use crate::error::Error;

/// Draws [`Plot::Front`](super::Plot::Front): the front as a line of points, reference points
/// as black triangles with their labels, the budget as a dashed vertical line.
pub(super) fn draw_front<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Chart,
    frame: &Frame,
    front: &[(f64, f64)],
    marked: &[(String, f64, f64)],
    budget: Option<f64>,
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    let all = front
        .iter()
        .copied()
        .chain(marked.iter().map(|m| (m.1, m.2)))
        .chain(budget.map(|b| (b, f64::NAN)));
    let ((x0, x1), (y0, y1)) = bounds(all);
    let x1 = x1.max(budget.unwrap_or(x1));
    let pad = 0.12 * (x1 - x0);
    let mut chart = frame.axes(root, c, x0..(x1 + pad), y0..y1)?;
    super::common::mesh(&mut chart, c, &frame.fonts)?;
    let mut sorted = front.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let t = frame.thickness;
    chart
        .draw_series(LineSeries::new(
            sorted.iter().copied(),
            colour(0).stroke_width(t),
        ))
        .map_err(err("front"))?;
    chart
        .draw_series(
            sorted
                .iter()
                .map(|&p| Circle::new(p, t * 3, colour(0).filled())),
        )
        .map_err(err("front points"))?;
    if let Some(b) = budget {
        let dash = DashedLineSeries::new([(b, y0), (b, y1)], 12, 8, colour(1).stroke_width(t));
        chart.draw_series(dash).map_err(err("budget line"))?;
        chart
            .draw_series(std::iter::once(Text::new(
                format!("预算 {b}"),
                (b, y1),
                (FAMILY, frame.fonts.tick).into_font(),
            )))
            .map_err(err("budget label"))?;
    }
    chart
        .draw_series(
            marked
                .iter()
                .map(|m| TriangleMarker::new((m.1, m.2), t * 4, BLACK.filled())),
        )
        .map_err(err("reference points"))?;
    chart
        .draw_series(marked.iter().map(|m| {
            Text::new(
                m.0.clone(),
                (m.1, m.2),
                (FAMILY, frame.fonts.tick * 3 / 4).into_font(),
            )
        }))
        .map_err(err("reference labels"))?;
    Ok(())
}

/// Draws [`Plot::Parallel`](super::Plot::Parallel): one vertical axis per lever (0 at its lower
/// bound, 1 at its upper), every front point a grey polyline, the highlighted ones in colour with
/// a label at their right end.
pub(super) fn draw_parallel<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Chart,
    frame: &Frame,
    axes: &[String],
    lines: &[Vec<f64>],
    highlight: &[(String, Vec<f64>)],
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    let n = axes.len();
    let x_range = -0.3..(n as f64 - 0.7).max(0.7);
    let mut chart = frame.axes_with_areas(
        root,
        c,
        (frame.x_area * 2, frame.y_area),
        x_range,
        -0.05..1.05,
    )?;
    let y_labels = tick_labels(0.0..1.0);
    let x_labels = |v: &f64| category_at(*v, n).map_or(String::new(), |k| axes[k].clone());
    draw_mesh(
        chart
            .configure_mesh()
            .light_line_style(RGBColor(238, 238, 238))
            .label_style((FAMILY, frame.fonts.tick * 3 / 4))
            .x_labels(n.max(2) * 2 + 1)
            .x_label_formatter(&x_labels)
            .y_label_formatter(&y_labels),
        c,
        &frame.fonts,
        true,
    )?;
    let t = frame.thickness;
    let polyline = |values: &[f64]| {
        values
            .iter()
            .enumerate()
            .map(|(k, &v)| (k as f64, v))
            .collect::<Vec<_>>()
    };
    for line in lines {
        chart
            .draw_series(LineSeries::new(
                polyline(line),
                RGBColor(190, 190, 190).stroke_width(t),
            ))
            .map_err(err("front line"))?;
    }
    for (k, (label, values)) in highlight.iter().enumerate() {
        let style = colour(k + 1).stroke_width(t * 3);
        chart
            .draw_series(LineSeries::new(polyline(values), style))
            .map_err(err("highlighted line"))?;
        let end = (n as f64 - 1.0, values.last().copied().unwrap_or(0.0));
        chart
            .draw_series(std::iter::once(Text::new(
                label.clone(),
                end,
                (FAMILY, frame.fonts.tick).into_font().color(&colour(k + 1)),
            )))
            .map_err(err("highlight label"))?;
    }
    Ok(())
}
