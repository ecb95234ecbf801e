//! Positioned items → a PDF. printpdf embeds the CJK font as a subset (with its widths and
//! ToUnicode map) and the photos; the page content streams are written by `content`.

use std::collections::{BTreeMap, HashMap};

use printpdf::{Codepoint, FontId, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, TextItem, XObjectId};

use super::content::{page_content, FontCodes, TextFonts};
use super::fonts::{FontFace, FontSet};
use super::image::{ImageData, LoadedImage};
use super::layout::{Item, Page, PageSpec, MM};
use crate::error::{Error, Result};

pub fn write(pages: &[Page], spec: &PageSpec, fonts: &FontSet, images: &[LoadedImage], title: &str) -> Result<Vec<u8>> {
    let mut doc = PdfDocument::new(title);
    let regular = doc.add_font(fonts.regular.parsed()?);
    let uses_bold = pages.iter().any(|p| p.items.iter().any(|i| matches!(i, Item::Text { bold: true, .. })));
    // Only embed the bold face when something is bold. A bold face printpdf cannot read is not
    // worth failing the export for: bold is faked.
    let bold = match (&fonts.bold, uses_bold) {
        (Some(b), true) => b.parsed().ok().map(|p| (doc.add_font(p), b.as_ref())),
        _ => None,
    };
    let image_ids: Vec<XObjectId> = images
        .iter()
        .map(|img| match &img.data {
            ImageData::Jpeg(x) => doc.add_xobject(x),
            ImageData::Pixels(raw) => doc.add_image(raw),
        })
        .collect();

    // printpdf subsets and embeds the fonts from the glyphs its pages show: page 1 carries
    // every glyph of the record once (its content is replaced below), and the codes printpdf
    // writes for them there are the codes the pages use.
    let bold_face = bold.as_ref().map(|(_, f)| *f);
    let inventory = Inventory::of(pages, &fonts.regular, bold_face);
    let mut pdf_pages: Vec<PdfPage> =
        pages.iter().map(|_| PdfPage::new(Mm(spec.width / MM), Mm(spec.height / MM), Vec::new())).collect();
    if let Some(first) = pdf_pages.first_mut() {
        first.ops = inventory.ops(&regular, bold.as_ref().map(|(id, _)| id));
    }
    doc.with_pages(pdf_pages);
    let opts = PdfSaveOptions { subset_fonts: true, optimize: false, ..Default::default() };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
    let content_ids: Vec<lopdf::ObjectId> = page_ids
        .iter()
        .map(|id| lo.get_dictionary(*id).ok().and_then(|d| d.get(b"Contents").ok()).and_then(|c| c.as_reference().ok()))
        .collect::<Option<_>>()
        .ok_or_else(|| Error::invalid("pdf", "PDF 页面结构异常，未导出"))?;
    let shown = match content_ids.first() {
        Some(id) => stream_codes(lo.get_object(*id).ok().and_then(|o| o.as_stream().ok()).map(|s| s.content.as_slice()).unwrap_or(&[])),
        None => Vec::new(),
    };
    let (regular_codes, bold_codes) = inventory.codes(&shown, &regular.0, bold.as_ref().map(|(id, _)| id.0.as_str()))?;

    let regular_glyph = |c: char| fonts.regular.glyph_id(c);
    let bold_glyph = |c: char| bold_face.map(|f| f.glyph_id(c)).unwrap_or(0);
    let text_fonts = TextFonts {
        regular: FontCodes { name: &regular.0, codes: regular_codes },
        bold: bold.as_ref().map(|(id, _)| FontCodes { name: &id.0, codes: bold_codes }),
        glyph_regular: &regular_glyph,
        glyph_bold: &bold_glyph,
    };
    let placed: Vec<(&str, &LoadedImage)> = image_ids.iter().map(|id| id.0.as_str()).zip(images).collect();
    // Pages are independent: their streams are written on every core, in page order.
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).clamp(1, 8);
    let per = pages.len().div_ceil(threads).max(1);
    let (text_fonts, placed) = (&text_fonts, &placed);
    let streams: Vec<Vec<u8>> = std::thread::scope(|scope| {
        let parts: Vec<_> = pages
            .chunks(per)
            .map(|chunk| scope.spawn(move || chunk.iter().map(|p| page_content(p, spec.height, text_fonts, placed)).collect::<Vec<_>>()))
            .collect();
        // A panic in a page (a bug) surfaces as it would have on one thread, not as a blank page.
        parts.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    for (id, bytes) in content_ids.iter().zip(streams) {
        if let Ok(lopdf::Object::Stream(stream)) = lo.get_object_mut(*id) {
            stream.set_content(bytes);
        }
    }
    // printpdf's `optimize` compresses every stream at zlib level 9 on one thread. Level 6
    // (zlib's default) makes the file under 2 % larger.
    compress_streams(&mut lo);
    let mut out = Vec::new();
    lo.save_to(&mut out).map_err(|e| Error::invalid("pdf", format!("PDF 写出失败：{e}")))?;
    Ok(out)
}

/// Every glyph a record's text shows, once, per face, in a fixed order.
struct Inventory {
    regular: Vec<(u16, char)>,
    bold: Vec<(u16, char)>,
}

impl Inventory {
    fn of(pages: &[Page], regular: &FontFace, bold: Option<&FontFace>) -> Inventory {
        let (mut r, mut b) = (BTreeMap::new(), BTreeMap::new());
        for item in pages.iter().flat_map(|p| &p.items) {
            if let Item::Text { bold: want_bold, text, .. } = item {
                match (bold, want_bold) {
                    (Some(face), true) => text.chars().for_each(|c| {
                        b.entry(face.glyph_id(c)).or_insert(c);
                    }),
                    _ => text.chars().for_each(|c| {
                        r.entry(regular.glyph_id(c)).or_insert(c);
                    }),
                }
            }
        }
        Inventory { regular: r.into_iter().collect(), bold: b.into_iter().collect() }
    }

    /// The operations that show every glyph (the characters feed the ToUnicode map, so copy
    /// and search in PDF readers keep working).
    fn ops(&self, regular: &FontId, bold: Option<&FontId>) -> Vec<Op> {
        let show = |glyphs: &[(u16, char)]| Op::ShowText {
            items: vec![TextItem::GlyphIds(
                glyphs.iter().map(|(gid, c)| Codepoint { gid: *gid, offset: 0.0, cid: Some(c.to_string()) }).collect(),
            )],
        };
        let mut ops = vec![Op::StartTextSection];
        for (id, glyphs) in std::iter::once((regular, &self.regular)).chain(bold.map(|b| (b, &self.bold))) {
            if !glyphs.is_empty() {
                ops.push(Op::SetFont { font: PdfFontHandle::External(id.clone()), size: Pt(10.0) });
                ops.push(show(glyphs));
            }
        }
        ops.push(Op::EndTextSection);
        ops
    }

    /// Glyph id → code of each face, read from what printpdf wrote for the inventory.
    fn codes(&self, shown: &[(String, u16)], regular: &str, bold: Option<&str>) -> Result<(HashMap<u16, u16>, HashMap<u16, u16>)> {
        let of = |name: &str, glyphs: &[(u16, char)]| -> Result<HashMap<u16, u16>> {
            let codes: Vec<u16> = shown.iter().filter(|(font, _)| font == name).map(|(_, code)| *code).collect();
            if codes.len() != glyphs.len() {
                return Err(Error::invalid("pdf", format!("字体编码数目不符（{} ≠ {}），未导出", codes.len(), glyphs.len())));
            }
            Ok(glyphs.iter().map(|(gid, _)| *gid).zip(codes).collect())
        };
        Ok((of(regular, &self.regular)?, match bold {
            Some(name) => of(name, &self.bold)?,
            None => HashMap::new(),
        }))
    }
}

/// The 2-byte codes of every string shown in a content stream, each with the font resource
/// name current at the time (`/Name size Tf`). Strings are hex (`<00A1>`) or literal
/// (`(\n…)`, with PDF's escapes), as lopdf writes them.
fn stream_codes(bytes: &[u8]) -> Vec<(String, u16)> {
    let mut out = Vec::new();
    let (mut font, mut last_name) = (String::new(), String::new());
    let mut i = 0;
    let mut push = |font: &str, raw: Vec<u8>| {
        out.extend(raw.chunks_exact(2).map(|p| (font.to_string(), u16::from_be_bytes([p[0], p[1]]))));
    };
    while i < bytes.len() {
        match bytes[i] {
            b'/' => {
                let start = i + 1;
                i = start;
                while i < bytes.len() && !b" \t\r\n/[]<>()".contains(&bytes[i]) {
                    i += 1;
                }
                last_name = String::from_utf8_lossy(&bytes[start..i]).into_owned();
                continue;
            }
            b'T' if bytes.get(i + 1) == Some(&b'f') => font = last_name.clone(),
            b'<' => {
                let end = bytes[i..].iter().position(|b| *b == b'>').map(|p| i + p).unwrap_or(bytes.len());
                let digits: Vec<u8> = bytes[i + 1..end].iter().filter(|b| b.is_ascii_hexdigit()).copied().collect();
                let raw = digits.chunks(2).filter_map(|d| u8::from_str_radix(std::str::from_utf8(d).ok()?, 16).ok()).collect();
                push(&font, raw);
                i = end;
            }
            b'(' => {
                let (raw, end) = literal(bytes, i + 1);
                push(&font, raw);
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// A literal string's bytes from just after its `(` to its closing `)` (returned as an index).
fn literal(bytes: &[u8], mut i: usize) -> (Vec<u8>, usize) {
    let (mut raw, mut depth) = (Vec::new(), 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => {
                i += 1;
                match bytes.get(i) {
                    Some(b'n') => raw.push(b'\n'),
                    Some(b'r') => raw.push(b'\r'),
                    Some(b't') => raw.push(b'\t'),
                    Some(b'b') => raw.push(8),
                    Some(b'f') => raw.push(12),
                    Some(b'\r') | Some(b'\n') => {}
                    Some(d) if d.is_ascii_digit() => {
                        let mut v = 0u32;
                        let mut n = 0;
                        while n < 3 && bytes.get(i).is_some_and(|b| (b'0'..=b'7').contains(b)) {
                            v = v * 8 + u32::from(bytes[i] - b'0');
                            i += 1;
                            n += 1;
                        }
                        raw.push(v as u8);
                        continue;
                    }
                    Some(other) => raw.push(*other),
                    None => {}
                }
            }
            b'(' => {
                depth += 1;
                raw.push(b'(');
            }
            b')' if depth == 0 => return (raw, i),
            b')' => {
                depth -= 1;
                raw.push(b')');
            }
            b => raw.push(b),
        }
        i += 1;
    }
    (raw, i)
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
                // One encoder per thread, reset between streams: setting one up zeroes its
                // window, which for 300 page streams cost more than a third of deflating them.
                let mut z = flate2::Compress::new(flate2::Compression::default(), true);
                for s in chunk.iter_mut() {
                    z.reset();
                    deflate(&mut z, s);
                }
            });
        }
    });
}

fn deflate(z: &mut flate2::Compress, s: &mut lopdf::Stream) {
    let input = &s.content;
    let mut out = Vec::with_capacity(input.len() / 2 + 64);
    loop {
        let consumed = z.total_in() as usize;
        match z.compress_vec(&input[consumed..], &mut out, flate2::FlushCompress::Finish) {
            Ok(flate2::Status::StreamEnd) => break,
            Ok(_) => out.reserve(out.capacity().max(64)),
            // Deflating memory cannot fail; were it to, the stream stays uncompressed.
            Err(_) => return,
        }
    }
    // As lopdf does: keep the raw bytes when deflating does not pay for the filter entry.
    if out.len() + 19 < input.len() {
        s.dict.set("Filter", "FlateDecode");
        s.set_content(out);
    }
}
