//! Small multiples: a panel of lines per entry, on one shared y range, with one legend strip.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::common::{
    bounds, draw_key, draw_line_series, err, palette_slots, text_width, tick_labels, Fonts, Frame,
    LegendKey, FAMILY, KEY_GAP, KEY_WIDTH,
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
        draw_line_series(&mut chart, series, panel_line(frame), false)?;
    }
    if let Some((_, series)) = panels.first() {
        legend_strip(&strip, series, &small, panel_line(frame))?;
    }
    Ok(())
}

/// The line width in panels, thinner than a full chart's; the legend draws its keys alike.
fn panel_line(frame: &Frame) -> u32 {
    (frame.thickness / 2).max(1)
}

/// One row of legend entries, each the key every legend draws (the line's dash repeated, with
/// its marker) and the name, each entry as wide as its name needs.
fn legend_strip<DB: DrawingBackend>(
    strip: &DrawingArea<DB, Shift>,
    series: &[Series],
    small: &Fonts,
    thickness: u32,
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    let row = (small.legend as i32 * 3) / 2;
    let y = row / 2;
    let mut x = 0i32;
    for (s, slot) in palette_slots(series) {
        draw_key(strip, &LegendKey::Line(slot), (x, y), row, thickness)?;
        let name_x = x + KEY_WIDTH + KEY_GAP;
        strip
            .draw(&Text::new(
                s.name.clone(),
                (name_x, y - small.legend as i32 / 2),
                (FAMILY, small.legend).into_font(),
            ))
            .map_err(err("legend"))?;
        // The next entry starts two ems after this name.
        x = name_x + (text_width(&s.name, small.legend) + 2 * small.legend) as i32;
    }
    Ok(())
}
