//! Back-test panels: per series the model's path as a line and the statistics as markers —
//! filled where fitted, hollow where held out — over a shaded hold-out period.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::common::{bounds, err, tick_labels, Frame, FAMILY};
use super::{BacktestPanel, Chart};
use crate::error::Error;

/// Draws [`Plot::Backtest`](super::Plot::Backtest): panels fill a near-square grid, each with its
/// own y range (growth rates and populations do not share a scale) and the run's x range; a
/// strip at the bottom explains line, markers and shading.
pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Chart,
    frame: &Frame,
    panels: &[BacktestPanel],
    holdout_from: Option<f64>,
    labels: &[String; 3],
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    let margin = frame.margin;
    let (areas, strip, small) = frame.panel_grid(root, c, panels.len())?;
    let marker = (frame.thickness * 3) as i32;
    for (area, panel) in areas.iter().zip(panels) {
        let data = panel.data.iter().map(|&(x, y, _)| (x, y));
        let ((x0, x1), (y0, y1)) = bounds(panel.model.iter().copied().chain(data));
        // Half a year of room each side keeps the first and last marker whole.
        let (x0, x1) = (x0 - 0.5, x1 + 0.5);
        let mut chart = ChartBuilder::on(area)
            .caption(&panel.title, (FAMILY, small.title).into_font())
            .margin(margin / 2)
            .x_label_area_size(small.tick * 2)
            .y_label_area_size(small.tick * 4)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(err("panel axes"))?;
        if let Some(from) = holdout_from.filter(|f| *f < x1) {
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(from.max(x0), y0), (x1, y1)],
                    RGBColor(228, 228, 228).filled(),
                )))
                .map_err(err("hold-out shading"))?;
        }
        chart
            .configure_mesh()
            .light_line_style(RGBColor(240, 240, 240))
            .label_style((FAMILY, small.tick))
            .x_labels(6)
            .y_labels(5)
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&tick_labels(y0..y1))
            .draw()
            .map_err(err("panel mesh"))?;
        chart
            .draw_series(LineSeries::new(
                panel.model.iter().copied(),
                BLACK.stroke_width(frame.thickness),
            ))
            .map_err(err("model path"))?;
        chart
            .draw_series(panel.data.iter().map(|&(x, y, held_out)| {
                let style = if held_out {
                    BLACK.stroke_width(frame.thickness)
                } else {
                    BLACK.filled()
                };
                Circle::new((x, y), marker, style)
            }))
            .map_err(err("statistics"))?;
    }
    // Legend: the line, a filled and a hollow marker, the shading — words in the chart's language.
    let y = (small.legend as i32) / 2 + 4;
    let text = |x: i32, s: &str| {
        Text::new(
            s.to_string(),
            (x, y - (small.legend as i32) / 2),
            (FAMILY, small.legend).into_font(),
        )
    };
    let step = |s: &str| 90 + (s.chars().count() as i32) * small.legend as i32;
    let mut x = 0;
    strip
        .draw(&PathElement::new(
            vec![(x, y), (x + 50, y)],
            BLACK.stroke_width(frame.thickness),
        ))
        .map_err(err("legend"))?;
    strip
        .draw(&text(x + 60, &labels[0]))
        .map_err(err("legend"))?;
    x += step(&labels[0]);
    strip
        .draw(&Circle::new((x + 20, y), marker, BLACK.filled()))
        .map_err(err("legend"))?;
    strip
        .draw(&text(x + 50, &labels[1]))
        .map_err(err("legend"))?;
    x += step(&labels[1]);
    strip
        .draw(&Rectangle::new(
            [(x, y - marker * 2), (x + 40, y + marker * 2)],
            RGBColor(228, 228, 228).filled(),
        ))
        .map_err(err("legend"))?;
    strip
        .draw(&Circle::new(
            (x + 20, y),
            marker,
            BLACK.stroke_width(frame.thickness),
        ))
        .map_err(err("legend"))?;
    strip
        .draw(&text(x + 50, &labels[2]))
        .map_err(err("legend"))?;
    Ok(())
}
