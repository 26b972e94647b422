//! Optimisation charts: the Pareto front of cost against outcome (with the budget line and
//! labelled reference points such as the baseline and the shipped packages), and parallel
//! coordinates of the front's lever settings.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::common::{
    bounds, category_at, colour, draw_mesh, err, tick_labels, widest_label, Frame, LegendKey,
    FAMILY,
};
use super::hatch::Hatch;
use super::Chart;
use crate::error::Error;

/// Draws [`Plot::Front`](super::Plot::Front): the front as a line of points, reference points
/// as numbered black triangles listed by name in the legend column (their labels would overlap
/// where packages cluster), the budget as a dashed vertical line.
pub(super) fn draw_front<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Chart,
    frame: &Frame,
    front: &[(f64, f64)],
    marked: &[(String, f64, f64)],
    (budget, [front_label, budget_label]): (Option<f64>, &[String; 2]),
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    let all = front
        .iter()
        .copied()
        .chain(marked.iter().map(|m| (m.1, m.2)));
    let ((x0, x1), (y0, y1)) = bounds(all);
    let x1 = x1.max(budget.unwrap_or(x1));
    let x0 = x0.min(budget.unwrap_or(x0));
    let pad = 0.04 * (x1 - x0);
    let numbered: Vec<String> = marked
        .iter()
        .enumerate()
        .map(|(k, m)| format!("{} {}", k + 1, m.0))
        .collect();
    let mut labels: Vec<&str> = vec![front_label.as_str()];
    labels.extend(numbered.iter().map(|s| s.as_str()));
    let (plot, column) = frame.with_legend_column(root, c, &labels)?;
    let (xr, yr) = ((x0 - pad)..(x1 + pad), y0..y1);
    let mut chart = frame.axes(&plot, xr, yr)?;
    super::common::mesh(&mut chart, &plot, c, &frame.fonts)?;
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
                .map(|&p| Circle::new(p, t * 2, colour(0).filled())),
        )
        .map_err(err("front points"))?;
    if let Some(b) = budget {
        let dash = DashedLineSeries::new([(b, y0), (b, y1)], 12, 8, colour(1).stroke_width(t));
        chart.draw_series(dash).map_err(err("budget line"))?;
        chart
            .draw_series(std::iter::once(Text::new(
                format!(" {budget_label} {b}"),
                (b, y0 + 0.04 * (y1 - y0)),
                (FAMILY, frame.fonts.tick).into_font().color(&colour(1)),
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
        .draw_series(marked.iter().enumerate().map(|(k, m)| {
            Text::new(
                format!(" {}", k + 1),
                (m.1, m.2),
                (FAMILY, frame.fonts.tick).into_font(),
            )
        }))
        .map_err(err("reference numbers"))?;
    if let Some(column) = column {
        let mut entries = vec![(front_label.clone(), LegendKey::Line(Some(0)))];
        entries.extend(
            numbered
                .iter()
                .map(|n| (n.clone(), LegendKey::Triangle(BLACK.filled()))),
        );
        frame.legend_column(&column, &entries)?;
    }
    Ok(())
}

/// Draws [`Plot::Parallel`](super::Plot::Parallel) turned on its side, so long Chinese lever
/// names read as row labels: one row per lever (the first on top), 0 at its lower bound and 1
/// at its upper; every front point a grey polyline through the rows, the highlighted points in
/// colour, named in the legend column.
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
    let labels: Vec<&str> = highlight.iter().map(|h| h.0.as_str()).collect();
    let (plot, column) = frame.with_legend_column(root, c, &labels)?;
    let fonts = &frame.fonts;
    let label_width = fonts.tick * widest_label(axes).map_or(60, |l| l as u32) / 10;
    let y_range = -0.5f64..(n as f64 - 0.5);
    let mut chart = ChartBuilder::on(&plot)
        .margin(frame.margin)
        .x_label_area_size(frame.x_area)
        .y_label_area_size(frame.y_area.max(label_width + fonts.tick))
        .build_cartesian_2d(-0.02f64..1.02, y_range)
        .map_err(err("chart axes"))?;
    draw_mesh(
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(WHITE)
            .y_labels(n.max(1))
            .y_label_formatter(&|y| {
                category_at(*y, n).map_or(String::new(), |k| axes[n - 1 - k].clone())
            })
            .x_label_formatter(&tick_labels(0.0..1.0))
            .label_style((FAMILY, fonts.tick)),
        c,
        fonts,
    )?;
    let t = frame.thickness;
    let polyline = |values: &[f64]| {
        values
            .iter()
            .enumerate()
            .map(|(k, &v)| (v, (n - 1 - k) as f64))
            .collect::<Vec<_>>()
    };
    for line in lines {
        chart
            .draw_series(LineSeries::new(
                polyline(line),
                RGBColor(200, 200, 200).stroke_width(t),
            ))
            .map_err(err("front line"))?;
    }
    for (k, (_, values)) in highlight.iter().enumerate() {
        let style = colour(k + 1).stroke_width(t * 3);
        chart
            .draw_series(LineSeries::new(polyline(values), style))
            .map_err(err("highlighted line"))?;
        chart
            .draw_series(
                polyline(values)
                    .into_iter()
                    .map(|p| Circle::new(p, t * 3, colour(k + 1).filled())),
            )
            .map_err(err("highlighted points"))?;
    }
    if let Some(column) = column {
        let entries: Vec<(String, LegendKey)> = highlight
            .iter()
            .enumerate()
            .map(|(k, h)| {
                (
                    h.0.clone(),
                    LegendKey::Swatch(colour(k + 1).filled(), Hatch::None),
                )
            })
            .collect();
        frame.legend_column(&column, &entries)?;
    }
    Ok(())
}
