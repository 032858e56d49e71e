//! One A4 page as printpdf operations, addressed the way a layout thinks: points from the top
//! left corner, y growing downwards. Text stays text (selectable, searchable), lines stay lines.

use crate::fonts::{Fonts, Weight};
use lindra_charts::model::Rgb;
use printpdf::{
    Color, FontId, Line, LineCapStyle, LineJoinStyle, LinePoint, Op, PaintMode, PdfFontHandle, Point,
    Polygon, PolygonRing, Pt, TextItem, WindingOrder,
};

/// A4 in points.
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;

/// How a run of text sits at its x.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// What a document's pages refer to: its two fonts and its two body figures.
#[derive(Debug, Clone)]
pub struct Resources {
    pub regular: FontId,
    pub bold: FontId,
    pub figures: crate::figure::Figures,
}

pub struct Canvas<'a> {
    pub fonts: &'a Fonts,
    resources: &'a Resources,
    pub ops: Vec<Op>,
}

fn pdf_color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: f32::from(c.0) / 255.0,
        g: f32::from(c.1) / 255.0,
        b: f32::from(c.2) / 255.0,
        icc_profile: None,
    })
}

fn point(x: f32, y: f32) -> LinePoint {
    LinePoint { p: Point { x: Pt(x), y: Pt(PAGE_HEIGHT - y) }, bezier: false }
}

fn control(x: f32, y: f32) -> LinePoint {
    LinePoint { p: Point { x: Pt(x), y: Pt(PAGE_HEIGHT - y) }, bezier: true }
}

/// How a closed shape is painted.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    pub fill: Option<Rgb>,
    pub stroke: Option<(Rgb, f32)>,
}

impl Paint {
    pub fn fill(c: Rgb) -> Paint {
        Paint { fill: Some(c), stroke: None }
    }
    pub fn stroke(c: Rgb, width: f32) -> Paint {
        Paint { fill: None, stroke: Some((c, width)) }
    }
    pub fn both(fill: Rgb, stroke: Rgb, width: f32) -> Paint {
        Paint { fill: Some(fill), stroke: Some((stroke, width)) }
    }
}

impl<'a> Canvas<'a> {
    pub fn new(fonts: &'a Fonts, resources: &'a Resources) -> Canvas<'a> {
        Canvas {
            fonts,
            resources,
            ops: vec![
                Op::SetLineJoinStyle { join: LineJoinStyle::Round },
                Op::SetLineCapStyle { cap: LineCapStyle::Round },
            ],
        }
    }

    pub fn figures(&self) -> &crate::figure::Figures {
        &self.resources.figures
    }

    pub fn width(&self, text: &str, size: f32, weight: Weight) -> f32 {
        self.fonts.width(text, size, weight)
    }

    /// Text with its baseline at `y`. (A drawing primitive: where, how big, how heavy, which
    /// colour, which way; a style struct would only move the same eight values around.)
    #[allow(clippy::too_many_arguments)]
    pub fn text(&mut self, text: &str, x: f32, y: f32, size: f32, weight: Weight, color: Rgb, align: Align) {
        if text.is_empty() {
            return;
        }
        let w = self.width(text, size, weight);
        let x = match align {
            Align::Left => x,
            Align::Center => x - w / 2.0,
            Align::Right => x - w,
        };
        let font = match weight {
            Weight::Regular => self.resources.regular.clone(),
            Weight::Bold => self.resources.bold.clone(),
        };
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont { font: PdfFontHandle::External(font), size: Pt(size) },
            Op::SetFillColor { col: pdf_color(color) },
            Op::SetTextCursor { pos: Point { x: Pt(x), y: Pt(PAGE_HEIGHT - y) } },
            Op::ShowText { items: vec![TextItem::Text(text.to_string())] },
            Op::EndTextSection,
        ]);
    }

    /// Breaks `text` into lines no wider than `width` (at spaces; a word longer than a line is
    /// cut where it must be).
    pub fn wrap(&self, text: &str, width: f32, size: f32, weight: Weight) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.lines() {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
                if self.width(&candidate, size, weight) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                let mut rest = word.to_string();
                while self.width(&rest, size, weight) > width {
                    let mut cut = String::new();
                    for c in rest.chars() {
                        if self.width(&format!("{cut}{c}"), size, weight) > width && !cut.is_empty() {
                            break;
                        }
                        cut.push(c);
                    }
                    rest = rest[cut.len()..].to_string();
                    lines.push(cut);
                }
                line = rest;
            }
            lines.push(line);
        }
        while lines.last().is_some_and(|l| l.is_empty()) {
            lines.pop();
        }
        lines
    }

    /// `text` cut with "…" so that it fits `width`.
    pub fn fit(&self, text: &str, width: f32, size: f32, weight: Weight) -> String {
        if self.width(text, size, weight) <= width {
            return text.to_string();
        }
        let mut out = String::new();
        for c in text.chars() {
            if self.width(&format!("{out}{c}…"), size, weight) > width {
                break;
            }
            out.push(c);
        }
        format!("{}…", out.trim_end())
    }

    fn paint(&mut self, rings: Vec<Vec<LinePoint>>, paint: Paint) {
        let mode = match (paint.fill, paint.stroke) {
            (Some(_), Some(_)) => PaintMode::FillStroke,
            (Some(_), None) => PaintMode::Fill,
            (None, Some(_)) => PaintMode::Stroke,
            (None, None) => return,
        };
        if let Some(fill) = paint.fill {
            self.ops.push(Op::SetFillColor { col: pdf_color(fill) });
        }
        if let Some((stroke, width)) = paint.stroke {
            self.ops.push(Op::SetOutlineColor { col: pdf_color(stroke) });
            self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        }
        self.ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: rings.into_iter().map(|points| PolygonRing { points }).collect(),
                mode,
                winding_order: WindingOrder::NonZero,
            },
        });
    }

    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, paint: Paint) {
        let ring = vec![point(x, y), point(x + w, y), point(x + w, y + h), point(x, y + h)];
        self.paint(vec![ring], paint);
    }

    pub fn polygon(&mut self, points: impl IntoIterator<Item = (f32, f32)>, paint: Paint) {
        let ring: Vec<LinePoint> = points.into_iter().map(|(x, y)| point(x, y)).collect();
        if ring.len() >= 3 {
            self.paint(vec![ring], paint);
        }
    }

    /// A circle as four cubic Bézier arcs.
    pub fn circle(&mut self, cx: f32, cy: f32, r: f32, paint: Paint) {
        const K: f32 = 0.552_284_8;
        let k = K * r;
        let ring = vec![
            point(cx + r, cy),
            control(cx + r, cy + k),
            control(cx + k, cy + r),
            point(cx, cy + r),
            control(cx - k, cy + r),
            control(cx - r, cy + k),
            point(cx - r, cy),
            control(cx - r, cy - k),
            control(cx - k, cy - r),
            point(cx, cy - r),
            control(cx + k, cy - r),
            control(cx + r, cy - k),
            point(cx + r, cy),
        ];
        self.paint(vec![ring], paint);
    }

    /// An open line through `points`.
    pub fn line(&mut self, points: impl IntoIterator<Item = (f32, f32)>, color: Rgb, width: f32) {
        let points: Vec<LinePoint> = points.into_iter().map(|(x, y)| point(x, y)).collect();
        if points.len() < 2 {
            return;
        }
        self.ops.push(Op::SetOutlineColor { col: pdf_color(color) });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        self.ops.push(Op::DrawLine { line: Line { points, is_closed: false } });
    }
}
