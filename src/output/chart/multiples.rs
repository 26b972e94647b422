//! Small multiples: a panel of lines per entry, on one shared y range, with one legend strip.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::common::{
    bounds, draw_line_series, err, line_style, palette_slots, tick_labels, Fonts, Frame, FAMILY,
};
use super::{Chart, Series};
use crate::error::Error;

/// Draws [`Plot::Multiples`](super::Plot::Multiples): panels fill a near-square grid row by row;
/// the legend shows the first panel's series, which every panel is expected to share.
pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Chart,
    frame: &Frame,
    panels: &[(String, Vec<Series>)],
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    let margin = frame.margin;
    let (areas, strip, small) = frame.panel_grid(root, c, panels.len())?;
    // Ratios share one y range, so panels compare at a glance.
    let ((_, _), (_, y_max)) = bounds(
        panels
            .iter()
            .flat_map(|p| p.1.iter().flat_map(|s| s.points.iter().copied())),
    );
    for (area, (panel_title, series)) in areas.iter().zip(panels) {
        let ((x0, x1), _) = bounds(series.iter().flat_map(|s| s.points.iter().copied()));
        let mut chart = ChartBuilder::on(area)
            .caption(panel_title, (FAMILY, small.title).into_font())
            .margin(margin / 2)
            .x_label_area_size(small.tick * 2)
            .y_label_area_size(small.tick * 4)
            .build_cartesian_2d(x0..x1, 0.0..y_max.max(1.0))
            .map_err(err("panel axes"))?;
        chart
            .configure_mesh()
            .light_line_style(RGBColor(240, 240, 240))
            .label_style((FAMILY, small.tick))
            .x_labels(4)
            .y_labels(5)
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&tick_labels(0.0..y_max.max(1.0)))
            .draw()
            .map_err(err("panel mesh"))?;
        draw_line_series(&mut chart, series, (frame.thickness / 2).max(1), false)?;
    }
    if let Some((_, series)) = panels.first() {
        legend_strip(&strip, series, &small, frame.thickness)?;
    }
    Ok(())
}

/// One row of legend entries, a line sample (two dashes of a dashed line, so the pattern shows)
/// and the name, each entry as wide as its name needs.
fn legend_strip<DB: DrawingBackend>(
    strip: &DrawingArea<DB, Shift>,
    series: &[Series],
    small: &Fonts,
    thickness: u32,
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    let mut x = 0i32;
    let y = (small.legend as i32) / 2;
    for (s, slot) in palette_slots(series) {
        let (style, (dash, gap)) = line_style(slot, thickness);
        let sample: Vec<(i32, i32)> = if dash == 0 {
            vec![(x, y + 4), (x + 50, y + 4)]
        } else {
            vec![(x, y + 4), (x + dash as i32, y + 4)]
        };
        strip
            .draw(&PathElement::new(sample, style))
            .map_err(err("legend"))?;
        if dash != 0 {
            let second = x + (dash + gap) as i32;
            strip
                .draw(&PathElement::new(
                    vec![(second, y + 4), (second + dash as i32, y + 4)],
                    style,
                ))
                .map_err(err("legend"))?;
        }
        strip
            .draw(&Text::new(
                s.name.clone(),
                (x + 60, y - (small.legend as i32) / 2 + 4),
                (FAMILY, small.legend).into_font(),
            ))
            .map_err(err("legend"))?;
        x += 80 + (s.name.chars().count() as i32) * small.legend as i32;
    }
    Ok(())
}
