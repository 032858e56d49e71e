//! DejaVu Sans (regular and bold, shipped in assets/fonts with its licence): parsed once per
//! process, measured here for layout, embedded and subset by printpdf in every document.

use printpdf::ParsedFont;
use std::sync::OnceLock;

pub use lindra_charts::draw::{FONT as REGULAR_TTF, FONT_BOLD as BOLD_TTF};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

#[derive(Debug)]
pub struct Fonts {
    pub regular: ParsedFont,
    pub bold: ParsedFont,
}

/// The parsed fonts, or `None` if the shipped files could not be parsed (then no PDF can be
/// made, and the caller says so).
pub fn fonts() -> Option<&'static Fonts> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let regular = ParsedFont::from_bytes(REGULAR_TTF, 0, &mut Vec::new())?;
            let bold = ParsedFont::from_bytes(BOLD_TTF, 0, &mut Vec::new())?;
            Some(Fonts { regular, bold })
        })
        .as_ref()
}

impl Fonts {
    pub fn get(&self, weight: Weight) -> &ParsedFont {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// The advance width of `text` at `size` pt, in pt (no kerning: the PDF shows none either).
    pub fn width(&self, text: &str, size: f32, weight: Weight) -> f32 {
        let font = self.get(weight);
        let units = f32::from(font.units_per_em.max(1));
        let advance: u32 = text
            .chars()
            .map(|c| {
                font.lookup_glyph_index(u32::from(c))
                    .and_then(|g| font.get_glyph_width(g))
                    .map_or(u32::from(font.units_per_em) / 2, u32::from)
            })
            .sum();
        advance as f32 / units * size
    }

    /// Every character of `text` has a glyph in the font.
    pub fn covers(&self, text: &str) -> bool {
        text.chars().all(|c| c.is_whitespace() || self.regular.lookup_glyph_index(u32::from(c)).is_some())
    }
}

/// The glyphs of `chars` (and .notdef) cut out of `ttf` as a font of their own, named with a
/// subset tag ("ABCDEF+DejaVuSans") as PDF readers expect of a subset. `None` if the font
/// cannot be subset; the caller then embeds the whole font.
pub fn subset(
    ttf: &[u8],
    full: &ParsedFont,
    chars: &std::collections::BTreeSet<char>,
    name: &str,
) -> Option<ParsedFont> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset as cut, CmapTarget, SubsetProfile};

    let mut ids: Vec<u16> = chars.iter().filter_map(|c| full.lookup_glyph_index(u32::from(*c))).collect();
    ids.push(0);
    ids.sort_unstable();
    ids.dedup();
    let data = ReadScope::new(ttf).read::<FontData<'_>>().ok()?;
    let provider = data.table_provider(0).ok()?;
    let bytes = cut(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode).ok()?;
    let mut font = ParsedFont::from_bytes(&bytes, 0, &mut Vec::new())?;
    font.font_name = Some(format!("{}+{name}", tag(&ids)));
    Some(font)
}

/// Six capitals derived from the glyph set (ISO 32000-1, 9.6.4).
fn tag(ids: &[u16]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for id in ids {
        for b in id.to_le_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    (0..6).map(|i| char::from(b'A' + ((h >> (i * 8)) % 26) as u8)).collect()
}
