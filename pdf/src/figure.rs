//! The body figures (silhouette and the outlines of all 74 regions) as Form XObjects: their
//! content is written once per process and placed by reference wherever a figure is drawn, so a
//! summary does not format the same 20 000 coordinates on every request. Marked regions are
//! drawn on top by the layout.

use crate::canvas::{Canvas, PAGE_HEIGHT};
use lindra::body_map::BodyView;
use lindra::body_shape::{self, FIGURE_HEIGHT, FIGURE_WIDTH};
use printpdf::xobject::{DictItem, ExternalStream, ExternalXObject};
use printpdf::{Op, PdfDocument, Pt, XObjectId, XObjectTransform};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::OnceLock;

/// The two views' figures in one document.
#[derive(Debug, Clone)]
pub struct Figures {
    pub front: XObjectId,
    pub back: XObjectId,
}

impl Figures {
    pub fn add_to(doc: &mut PdfDocument) -> Figures {
        let mut add = |view| {
            let mut dict = BTreeMap::new();
            dict.insert("Type".to_string(), DictItem::Name(b"XObject".to_vec()));
            dict.insert("Subtype".to_string(), DictItem::Name(b"Form".to_vec()));
            dict.insert("FormType".to_string(), DictItem::Int(1));
            let bbox = [0.0, 0.0, FIGURE_WIDTH, FIGURE_HEIGHT].map(DictItem::Real).to_vec();
            dict.insert("BBox".to_string(), DictItem::Array(bbox));
            let stream = ExternalStream { dict, content: content(view).to_vec(), compress: true };
            doc.add_xobject(&ExternalXObject { stream, width: None, height: None, dpi: None })
        };
        Figures { front: add(BodyView::Front), back: add(BodyView::Back) }
    }

    pub fn of(&self, view: BodyView) -> &XObjectId {
        match view {
            BodyView::Front => &self.front,
            BodyView::Back => &self.back,
        }
    }
}

/// Places the figure of `view` with its top left corner at (`x`, `y`) (points from the page's
/// top left), one figure unit being `scale` points.
pub fn place(c: &mut Canvas, view: BodyView, x: f32, y: f32, scale: f32) {
    let id = c.figures().of(view).clone();
    let transform = XObjectTransform {
        translate_x: Some(Pt(x)),
        translate_y: Some(Pt(PAGE_HEIGHT - y - FIGURE_HEIGHT * scale)),
        scale_x: Some(scale),
        scale_y: Some(scale),
        ..XObjectTransform::default()
    };
    c.ops.push(Op::UseXobject { id, transform });
}

/// The content stream of a view's figure, in figure units with y pointing up: the silhouette
/// filled, every region outlined.
fn content(view: BodyView) -> &'static [u8] {
    static FRONT: OnceLock<Vec<u8>> = OnceLock::new();
    static BACK: OnceLock<Vec<u8>> = OnceLock::new();
    let cell = if view == BodyView::Front { &FRONT } else { &BACK };
    cell.get_or_init(|| {
        let mut s = String::with_capacity(40_000);
        let path = |s: &mut String, points: &[(f32, f32)]| {
            for (i, (x, y)) in points.iter().enumerate() {
                let _ = write!(s, "{x:.1} {:.1} {} ", FIGURE_HEIGHT - y, if i == 0 { "m" } else { "l" });
            }
            s.push_str("h ");
        };
        // Silhouette: light grey (#e9ecef).
        s.push_str("q 0.914 0.925 0.937 rg ");
        path(&mut s, body_shape::outline_of(view));
        s.push_str("f\n");
        // Region outlines: #c9d1da, thin, round joins.
        s.push_str("0.788 0.82 0.855 RG 1.4 w 1 j 1 J\n");
        for shape in body_shape::shapes_of(view) {
            path(&mut s, shape.outline);
            s.push_str("S\n");
        }
        s.push_str("Q\n");
        s.into_bytes()
    })
}
