//! A plotters drawing backend that writes onto a [`Canvas`]: the trend page's chart code draws
//! the PDF's charts, as vector lines and real text, scaled into a box on the page.

use crate::canvas::{Align, Canvas, Paint};
use crate::fonts::Weight;
use lindra_charts::model::Rgb;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontStyle,
};

#[derive(Debug)]
pub struct PlotError(String);

impl std::fmt::Display for PlotError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PlotError {}

/// A box on a page that a chart of `size` pixels is drawn into, one pixel being `scale` pt.
pub struct PdfBackend<'c, 'a> {
    canvas: &'c mut Canvas<'a>,
    origin: (f32, f32),
    scale: f32,
    size: (u32, u32),
}

impl<'c, 'a> PdfBackend<'c, 'a> {
    pub fn new(canvas: &'c mut Canvas<'a>, origin: (f32, f32), scale: f32, size: (u32, u32)) -> Self {
        PdfBackend { canvas, origin, scale, size }
    }

    fn at(&self, p: BackendCoord) -> (f32, f32) {
        (self.origin.0 + p.0 as f32 * self.scale, self.origin.1 + p.1 as f32 * self.scale)
    }

    fn width(&self, stroke: u32) -> f32 {
        (stroke.max(1) as f32 * self.scale).max(0.4)
    }
}

fn weight(style: FontStyle) -> Weight {
    if matches!(style, FontStyle::Bold) {
        Weight::Bold
    } else {
        Weight::Regular
    }
}

fn rgb(c: BackendColor) -> Option<Rgb> {
    (c.alpha > 0.0).then_some(Rgb(c.rgb.0, c.rgb.1, c.rgb.2))
}

type Result<T = ()> = std::result::Result<T, DrawingErrorKind<PlotError>>;

impl DrawingBackend for PdfBackend<'_, '_> {
    type ErrorType = PlotError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result {
        Ok(())
    }

    fn present(&mut self) -> Result {
        Ok(())
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result {
        if let Some(c) = rgb(color) {
            let (x, y) = self.at(point);
            self.canvas.rect(x, y, self.scale, self.scale, Paint::fill(c));
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Result {
        self.draw_path([from, to], style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result {
        let Some(c) = rgb(style.color()) else { return Ok(()) };
        let (x0, y0) = self.at(upper_left);
        let (x1, y1) = self.at(bottom_right);
        let paint = if fill { Paint::fill(c) } else { Paint::stroke(c, self.width(style.stroke_width())) };
        self.canvas.rect(x0.min(x1), y0.min(y1), (x1 - x0).abs(), (y1 - y0).abs(), paint);
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result {
        let Some(c) = rgb(style.color()) else { return Ok(()) };
        let points: Vec<(f32, f32)> = path.into_iter().map(|p| self.at(p)).collect();
        let width = self.width(style.stroke_width());
        self.canvas.line(points, c, width);
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result {
        let Some(c) = rgb(style.color()) else { return Ok(()) };
        let (x, y) = self.at(center);
        let paint = if fill { Paint::fill(c) } else { Paint::stroke(c, self.width(style.stroke_width())) };
        self.canvas.circle(x, y, radius as f32 * self.scale, paint);
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result {
        let Some(c) = rgb(style.color()) else { return Ok(()) };
        let points: Vec<(f32, f32)> = vert.into_iter().map(|p| self.at(p)).collect();
        self.canvas.polygon(points, Paint::fill(c));
        Ok(())
    }

    fn draw_text<T: BackendTextStyle>(&mut self, text: &str, style: &T, pos: BackendCoord) -> Result {
        let Some(c) = rgb(style.color()) else { return Ok(()) };
        let weight = weight(style.style());
        let size = style.size() as f32 * self.scale;
        let (x, y) = self.at(pos);
        let align = match style.anchor().h_pos {
            HPos::Left => Align::Left,
            HPos::Center => Align::Center,
            HPos::Right => Align::Right,
        };
        // DejaVu Sans: capitals reach 0.73 em above the baseline, descenders 0.24 em below.
        let baseline = match style.anchor().v_pos {
            VPos::Top => y + 0.76 * size,
            VPos::Center => y + 0.36 * size,
            VPos::Bottom => y - 0.24 * size,
        };
        self.canvas.text(text, x, baseline, size, weight, c, align);
        Ok(())
    }

    fn estimate_text_size<T: BackendTextStyle>(&self, text: &str, style: &T) -> Result<(u32, u32)> {
        let weight = weight(style.style());
        let size = style.size() as f32;
        let w = self.canvas.width(text, size, weight);
        Ok((w.ceil() as u32, size.ceil() as u32))
    }
}
