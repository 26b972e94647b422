//! The PNG backend: plotters' bitmap backend with text drawn at each glyph's true position.
//!
//! plotters 0.3.7 draws a glyph's pixels from the glyph's advance position without adding the
//! glyph's left side bearing (`px_bounds().min.x`), so every glyph starts flush left in its cell:
//! a glyph with wide side bearings leaves a gap after it ("缺口 率", "产业 增加值"). This backend
//! delegates everything to [`BitMapBackend`] and draws text itself with the same layout, vertical
//! placement, anchors and rotation, but with each glyph at its outline's position.

use std::sync::OnceLock;

use ab_glyph::{point, Font, FontRef, ScaleFont};
use plotters::prelude::*;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};

use super::common::CJK_FONT;

/// The bundled font every chart draws its text in.
fn font() -> &'static FontRef<'static> {
    static FONT: OnceLock<FontRef<'static>> = OnceLock::new();
    // The font is compiled in and its loading is tested; it cannot fail at run time.
    FONT.get_or_init(|| FontRef::try_from_slice(CJK_FONT).expect("bundled font parses"))
}

/// [`BitMapBackend`] with correct glyph positions.
pub(super) struct GlyphBackend<'a>(pub(super) BitMapBackend<'a>);

type Result<T> =
    std::result::Result<T, DrawingErrorKind<<BitMapBackend<'static> as DrawingBackend>::ErrorType>>;

impl DrawingBackend for GlyphBackend<'_> {
    type ErrorType = <BitMapBackend<'static> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<()> {
        self.0.ensure_prepared()
    }

    fn present(&mut self) -> Result<()> {
        self.0.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<()> {
        self.0.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<()> {
        self.0.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<()> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<()> {
        self.0.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<()> {
        self.0.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<()> {
        self.0.fill_polygon(vert, style)
    }

    fn blit_bitmap(&mut self, pos: BackendCoord, (iw, ih): (u32, u32), src: &[u8]) -> Result<()> {
        self.0.blit_bitmap(pos, (iw, ih), src)
    }

    /// plotters' default text drawing (layout box, anchor, rotation), with glyphs placed by
    /// their outlines' pixel bounds.
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<()> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let ((min_x, min_y), (max_x, max_y)) = style
            .layout_box(text)
            .map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
        let (width, height) = (max_x - min_x, max_y - min_y);
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        };
        let transform = style.transform();
        let (w, h) = self.get_size();
        let size = style.size() as f32;
        let font = font().as_scaled(size);
        let mut caret = 0f32;
        let mut previous = None;
        for c in text.chars() {
            let id = font.glyph_id(c);
            if let Some(p) = previous {
                caret += font.kern(p, id);
            }
            previous = Some(id);
            let glyph = id.with_scale_and_position(size, point(caret, 0.0));
            if let Some(outline) = font.outline_glyph(glyph) {
                let bounds = outline.px_bounds();
                // The vertical placement is plotters' (so layout and anchors agree); the
                // horizontal one adds the bearing plotters leaves out.
                let (x0, y0) = (bounds.min.x as i32, (size / 2.0 + bounds.min.y) as i32);
                let mut result = Ok(());
                outline.draw(|x, y, coverage| {
                    if result.is_err() {
                        return;
                    }
                    let (x, y) =
                        transform.transform(x as i32 + x0 + dx - min_x, y as i32 + y0 + dy - min_y);
                    let (x, y) = (pos.0 + x, pos.1 + y);
                    if x >= 0 && x < w as i32 && y >= 0 && y < h as i32 {
                        result = self.0.draw_pixel((x, y), color.mix(f64::from(coverage)));
                    }
                });
                result?;
            }
            caret += font.h_advance(id);
        }
        Ok(())
    }
}
