//! Positioned items → a PDF through printpdf, with the CJK font embedded as a subset.

use printpdf::{
    Codepoint, Color, CurTransMat, FontId, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rect, Rgb, TextItem, TextMatrix, TextRenderingMode, WindingOrder, XObjectId,
    XObjectTransform,
};

use super::fonts::{FontFace, FontSet};
use crate::error::Result;
use super::image::{ImageData, LoadedImage};
use super::layout::{Item, Page, PageSpec, MM};

fn rgb(c: (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb { r: c.0, g: c.1, b: c.2, icc_profile: None })
}

/// Coordinates rounded to 1/100 pt: invisible, and keeps the content streams short.
fn r2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

fn pt(x: f32, y: f32) -> LinePoint {
    LinePoint { p: Point { x: Pt(r2(x)), y: Pt(r2(y)) }, bezier: false }
}

pub fn write(pages: &[Page], spec: &PageSpec, fonts: &FontSet, images: &[LoadedImage], title: &str) -> Result<Vec<u8>> {
    let mut doc = PdfDocument::new(title);
    let regular = doc.add_font(fonts.regular.parsed()?);
    let uses_bold = pages.iter().any(|p| p.items.iter().any(|i| matches!(i, Item::Text { bold: true, .. })));
    // Only embed the bold face when something is bold.
    let bold = match (&fonts.bold, uses_bold) {
        // A bold face printpdf cannot read is not worth failing the export for: bold is faked.
        (Some(b), true) => b.parsed().ok().map(|p| doc.add_font(p)),
        _ => None,
    };
    let image_ids: Vec<XObjectId> = images
        .iter()
        .map(|img| match &img.data {
            ImageData::Jpeg(x) => doc.add_xobject(x),
            ImageData::Pixels(raw) => doc.add_image(raw),
        })
        .collect();
    // Pages are independent: their operations are built on every core, in page order.
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).clamp(1, 8);
    let per = pages.len().div_ceil(threads).max(1);
    let (regular, bold, image_ids) = (&regular, bold.as_ref(), &image_ids);
    let pdf_pages: Vec<PdfPage> = std::thread::scope(|scope| {
        let parts: Vec<_> = pages
            .chunks(per)
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|p| {
                            let ops = page_ops(p, spec.height, fonts, regular, bold, images, image_ids);
                            PdfPage::new(Mm(spec.width / MM), Mm(spec.height / MM), ops)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        // A panic in a page (a bug) surfaces as it would have on one thread, not as a missing page.
        parts.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    doc.with_pages(pdf_pages);
    // printpdf's `optimize` compresses every stream at zlib level 9 on one thread: a sixth of a
    // 300-page ledger's export. Level 6 (zlib's default) makes the file under 2 % larger.
    let opts = PdfSaveOptions { subset_fonts: true, optimize: false, ..Default::default() };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    compress_streams(&mut lo);
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = lo.save_to(&mut out);
    Ok(out)
}

/// Deflates every stream that allows it and has no filter yet, spread over the machine's cores.
fn compress_streams(doc: &mut lopdf::Document) {
    let mut streams: Vec<&mut lopdf::Stream> = doc
        .objects
        .values_mut()
        .filter_map(|o| match o {
            lopdf::Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => Some(s),
            _ => None,
        })
        .collect();
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).clamp(1, 8);
    let per = streams.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        for chunk in streams.chunks_mut(per) {
            scope.spawn(move || {
                for s in chunk.iter_mut() {
                    deflate(s);
                }
            });
        }
    });
}

fn deflate(s: &mut lopdf::Stream) {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::with_capacity(s.content.len() / 3), flate2::Compression::default());
    if encoder.write_all(&s.content).is_err() {
        return;
    }
    if let Ok(compressed) = encoder.finish() {
        // As lopdf does: keep the raw bytes when deflating does not pay for the filter entry.
        if compressed.len() + 19 < s.content.len() {
            s.dict.set("Filter", "FlateDecode");
            s.set_content(compressed);
        }
    }
}

/// Glyph ids with their characters (the characters feed the ToUnicode map, so copy and
/// search in PDF readers keep working).
fn glyph_items(face: &FontFace, text: &str) -> Vec<TextItem> {
    let codepoints = text
        .chars()
        .map(|c| Codepoint { gid: face.glyph_id(c), offset: 0.0, cid: Some(c.to_string()) })
        .collect();
    vec![TextItem::GlyphIds(codepoints)]
}

#[allow(clippy::too_many_arguments)]
fn page_ops(
    page: &Page,
    height: f32,
    fonts: &FontSet,
    regular: &FontId,
    bold: Option<&FontId>,
    images: &[LoadedImage],
    image_ids: &[XObjectId],
) -> Vec<Op> {
    let mut ops = Vec::with_capacity(page.items.len() * 4);
    let mut in_text = false;
    // Current text state inside a BT…ET section, to avoid repeating Tf/rg for every run.
    let mut font_state: Option<(bool, f32)> = None;
    let mut color_state: Option<(f32, f32, f32)> = None;
    // Stroke state outside text: table borders repeat the same colour and width thousands of times.
    let mut stroke_state: Option<((f32, f32, f32), f32)> = None;
    for item in &page.items {
        let is_text = matches!(item, Item::Text { .. });
        if in_text && !is_text {
            ops.push(Op::EndTextSection);
            in_text = false;
        }
        match item {
            Item::Text { x, y, size, bold: want_bold, italic, color, text } => {
                if !in_text {
                    ops.push(Op::StartTextSection);
                    in_text = true;
                    font_state = None;
                    color_state = None;
                }
                let real_bold = *want_bold && bold.is_some();
                // No bold face in the family: fake it by stroking the outline too.
                let fake_bold = *want_bold && bold.is_none();
                if font_state != Some((real_bold, *size)) {
                    let id = if real_bold { bold.unwrap_or(regular) } else { regular };
                    ops.push(Op::SetFont { font: PdfFontHandle::External(id.clone()), size: Pt(*size) });
                    font_state = Some((real_bold, *size));
                }
                if color_state != Some(*color) {
                    ops.push(Op::SetFillColor { col: rgb(*color) });
                    color_state = Some(*color);
                }
                if fake_bold {
                    ops.push(Op::SetOutlineColor { col: rgb(*color) });
                    ops.push(Op::SetOutlineThickness { pt: Pt(size * 0.04) });
                    stroke_state = None;
                    ops.push(Op::SetTextRenderingMode { mode: TextRenderingMode::FillStroke });
                }
                // CJK fonts have no italic: slant the regular glyphs instead.
                let skew = if *italic { 0.2 } else { 0.0 };
                ops.push(Op::SetTextMatrix { matrix: TextMatrix::Raw([1.0, 0.0, skew, 1.0, r2(*x), r2(height - *y)]) });
                let face = match (&fonts.bold, real_bold) {
                    (Some(b), true) => b,
                    _ => &fonts.regular,
                };
                ops.push(Op::ShowText { items: glyph_items(face, text) });
                if fake_bold {
                    ops.push(Op::SetTextRenderingMode { mode: TextRenderingMode::Fill });
                }
            }
            Item::Line { x1, y1, x2, y2, width, color } => {
                if stroke_state != Some((*color, *width)) {
                    ops.push(Op::SetOutlineColor { col: rgb(*color) });
                    ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                    stroke_state = Some((*color, *width));
                }
                ops.push(Op::DrawLine {
                    line: Line { points: vec![pt(*x1, height - *y1), pt(*x2, height - *y2)], is_closed: false },
                });
            }
            Item::Rect { x, y, w, h, fill } => {
                ops.push(Op::SetFillColor { col: rgb(*fill) });
                color_state = None;
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(r2(*x)),
                        y: Pt(r2(height - *y - *h)),
                        width: Pt(r2(*w)),
                        height: Pt(r2(*h)),
                        mode: Some(PaintMode::Fill),
                        winding_order: Some(WindingOrder::NonZero),
                    },
                });
            }
            Item::Polygon { points, fill, stroke } => {
                let ring = PolygonRing { points: points.iter().map(|(x, y)| pt(*x, height - *y)).collect() };
                let mode = match (fill, stroke) {
                    (Some(_), Some(_)) => PaintMode::FillStroke,
                    (None, _) => PaintMode::Stroke,
                    (Some(_), None) => PaintMode::Fill,
                };
                if let Some(f) = fill {
                    ops.push(Op::SetFillColor { col: rgb(*f) });
                    color_state = None;
                }
                if let Some((c, w)) = stroke {
                    if stroke_state != Some((*c, *w)) {
                        ops.push(Op::SetOutlineColor { col: rgb(*c) });
                        ops.push(Op::SetOutlineThickness { pt: Pt(*w) });
                        stroke_state = Some((*c, *w));
                    }
                }
                ops.push(Op::DrawPolygon { polygon: Polygon { rings: vec![ring], mode, winding_order: WindingOrder::NonZero } });
            }
            Item::Image { index, x, y, w, h } => {
                if let (Some(img), Some(id)) = (images.get(*index), image_ids.get(*index)) {
                    let m = img.placement(*x, height - *y - *h, *w, *h);
                    stroke_state = None;
                    ops.push(Op::SaveGraphicsState);
                    ops.push(Op::SetTransformationMatrix { matrix: CurTransMat::Raw(m) });
                    ops.push(Op::UseXobject {
                        id: id.clone(),
                        transform: XObjectTransform { no_auto_scale: true, ..Default::default() },
                    });
                    ops.push(Op::RestoreGraphicsState);
                }
            }
        }
    }
    if in_text {
        ops.push(Op::EndTextSection);
    }
    ops
}
