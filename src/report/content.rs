//! A page's content stream, written straight from its positioned items.
//!
//! printpdf turns every glyph into its own PDF string object and every operand into an object
//! before serialising them: two thirds of a 300-page ledger's PDF time. Here each item becomes
//! its operators in one pass over a byte buffer. printpdf still embeds and subsets the fonts
//! and images (pdf.rs); this only needs their resource names and the font codes of the glyphs.

use std::collections::HashMap;

use super::image::LoadedImage;
use super::layout::{Item, Page};

/// What the writer needs of one font: its resource name and the code of each glyph id.
pub struct FontCodes<'a> {
    pub name: &'a str,
    pub codes: HashMap<u16, u16>,
}

/// The faces a page's text may use, and how each character becomes a glyph id.
pub struct TextFonts<'a> {
    pub regular: FontCodes<'a>,
    /// None when the family has no bold face (or it was not embedded): bold is faked.
    pub bold: Option<FontCodes<'a>>,
    pub glyph_regular: &'a (dyn Fn(char) -> u16 + Sync),
    pub glyph_bold: &'a (dyn Fn(char) -> u16 + Sync),
}

/// Appends `v` rounded to 1/100 pt, without trailing zeros (invisible, and keeps streams short).
/// Written by hand: `format!` here was a fifth of writing a 300-page ledger's pages.
fn num(out: &mut Vec<u8>, v: f32) {
    let hundredths = (f64::from(v) * 100.0).round() as i64;
    if hundredths < 0 {
        out.push(b'-');
    }
    let abs = hundredths.unsigned_abs();
    let (whole, frac) = (abs / 100, abs % 100);
    let mut digits = [0u8; 20];
    let mut n = 0;
    let mut w = whole;
    loop {
        digits[n] = b'0' + (w % 10) as u8;
        n += 1;
        w /= 10;
        if w == 0 {
            break;
        }
    }
    out.extend(digits[..n].iter().rev());
    if frac != 0 {
        out.push(b'.');
        out.push(b'0' + (frac / 10) as u8);
        if frac % 10 != 0 {
            out.push(b'0' + (frac % 10) as u8);
        }
    }
}

fn nums(out: &mut Vec<u8>, values: &[f32], op: &str) {
    for v in values {
        num(out, *v);
        out.push(b' ');
    }
    out.extend_from_slice(op.as_bytes());
    out.push(b'\n');
}

fn hex(out: &mut Vec<u8>, code: u16) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    for shift in [12, 8, 4, 0] {
        out.push(DIGITS[usize::from((code >> shift) & 0xf)]);
    }
}

/// The content stream of `page` (PDF y grows upwards from the bottom edge at `height`).
/// `images` are the record's photos with their XObject resource names, by index.
pub fn page_content(page: &Page, height: f32, fonts: &TextFonts, images: &[(&str, &LoadedImage)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(page.items.len() * 96);
    let mut in_text = false;
    // Text state inside BT…ET, and graphics state outside it, so repeated values are not rewritten.
    let mut font_state: Option<(bool, f32)> = None;
    let mut fill_state: Option<(f32, f32, f32)> = None;
    let mut stroke_state: Option<((f32, f32, f32), f32)> = None;
    for item in &page.items {
        let is_text = matches!(item, Item::Text { .. });
        if in_text && !is_text {
            out.extend_from_slice(b"ET\n");
            in_text = false;
        }
        match item {
            Item::Text { x, y, size, bold, italic, color, text } => {
                if !in_text {
                    out.extend_from_slice(b"BT\n");
                    in_text = true;
                    font_state = None;
                    fill_state = None;
                }
                let real_bold = *bold && fonts.bold.is_some();
                // No bold face in the family: fake it by stroking the outline too.
                let fake_bold = *bold && fonts.bold.is_none();
                let font = match (&fonts.bold, real_bold) {
                    (Some(b), true) => b,
                    _ => &fonts.regular,
                };
                if font_state != Some((real_bold, *size)) {
                    out.push(b'/');
                    out.extend_from_slice(font.name.as_bytes());
                    out.push(b' ');
                    nums(&mut out, &[*size], "Tf");
                    font_state = Some((real_bold, *size));
                }
                if fill_state != Some(*color) {
                    nums(&mut out, &[color.0, color.1, color.2], "rg");
                    fill_state = Some(*color);
                }
                if fake_bold {
                    nums(&mut out, &[color.0, color.1, color.2], "RG");
                    nums(&mut out, &[size * 0.04], "w");
                    out.extend_from_slice(b"2 Tr\n");
                    stroke_state = None;
                }
                // CJK fonts have no italic: slant the regular glyphs instead.
                let skew = if *italic { 0.2 } else { 0.0 };
                nums(&mut out, &[1.0, 0.0, skew, 1.0, *x, height - *y], "Tm");
                let glyph = if real_bold { fonts.glyph_bold } else { fonts.glyph_regular };
                out.push(b'<');
                for c in text.chars() {
                    // A glyph the inventory did not list cannot happen (it lists every text
                    // item's characters); were it to, .notdef is drawn rather than a wrong glyph.
                    hex(&mut out, font.codes.get(&glyph(c)).copied().unwrap_or(0));
                }
                out.extend_from_slice(b"> Tj\n");
                if fake_bold {
                    out.extend_from_slice(b"0 Tr\n");
                }
            }
            Item::Line { x1, y1, x2, y2, width, color } => {
                stroke(&mut out, &mut stroke_state, *color, *width);
                nums(&mut out, &[*x1, height - *y1], "m");
                nums(&mut out, &[*x2, height - *y2], "l");
                out.extend_from_slice(b"S\n");
            }
            Item::Rect { x, y, w, h, fill } => {
                nums(&mut out, &[fill.0, fill.1, fill.2], "rg");
                fill_state = Some(*fill);
                nums(&mut out, &[*x, height - *y - *h, *w, *h], "re");
                out.extend_from_slice(b"f\n");
            }
            Item::Polygon { points, fill, stroke: outline } => {
                if let Some(f) = fill {
                    nums(&mut out, &[f.0, f.1, f.2], "rg");
                    fill_state = Some(*f);
                }
                if let Some((c, w)) = outline {
                    stroke(&mut out, &mut stroke_state, *c, *w);
                }
                for (i, (px, py)) in points.iter().enumerate() {
                    nums(&mut out, &[*px, height - *py], if i == 0 { "m" } else { "l" });
                }
                out.extend_from_slice(match (fill, outline) {
                    (Some(_), Some(_)) => b"h B\n",
                    (Some(_), None) => b"h f\n",
                    (None, _) => b"h S\n",
                });
            }
            Item::Image { index, x, y, w, h } => {
                if let Some((name, img)) = images.get(*index) {
                    out.extend_from_slice(b"q\n");
                    nums(&mut out, &img.placement(*x, height - *y - *h, *w, *h), "cm");
                    out.push(b'/');
                    out.extend_from_slice(name.as_bytes());
                    out.extend_from_slice(b" Do\nQ\n");
                }
            }
        }
    }
    if in_text {
        out.extend_from_slice(b"ET\n");
    }
    out
}

fn stroke(out: &mut Vec<u8>, state: &mut Option<((f32, f32, f32), f32)>, color: (f32, f32, f32), width: f32) {
    if *state != Some((color, width)) {
        nums(out, &[color.0, color.1, color.2], "RG");
        nums(out, &[width], "w");
        *state = Some((color, width));
    }
}

#[cfg(test)]
mod tests {
    use super::num;

    #[test]
    fn numbers_are_rounded_to_hundredths_without_trailing_zeros() {
        let text = |v: f32| {
            let mut out = Vec::new();
            num(&mut out, v);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(text(0.0), "0");
        assert_eq!(text(517.97), "517.97");
        assert_eq!(text(51.0), "51");
        assert_eq!(text(0.9), "0.9");
        assert_eq!(text(0.05), "0.05");
        assert_eq!(text(-12.345), "-12.35");
        assert_eq!(text(-0.001), "0");
        assert_eq!(text(1190.556), "1190.56");
    }
}
