//! Photos for the records: JPEG and PNG, EXIF orientation honoured.
//!
//! JPEGs (almost all photos) are embedded without decoding (DCTDecode) up to `MAX_SIDE`, so a
//! walk with many photos exports in milliseconds; larger ones (the store keeps originals) are
//! shrunk to `MAX_SIDE` so the PDF does not balloon. The EXIF orientation is applied by the
//! placement matrix instead of by rotating pixels. Unless the export keeps the location, the
//! EXIF and XMP segments (GPS) are dropped from the embedded bytes (`jpeg::strip_location`).
//! PNGs are decoded and embedded as pixels (no metadata survives that).

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use printpdf::{DictItem, ExternalStream, ExternalXObject, Px, RawImage};

use crate::error::{Error, Result};

use super::jpeg;

/// Longest side of a JPEG embedded as is: plenty for a photo printed a few centimetres wide.
pub const MAX_SIDE: u32 = 2048;

pub enum ImageData {
    Jpeg(ExternalXObject),
    Pixels(RawImage),
}

pub struct LoadedImage {
    pub data: ImageData,
    /// Pixel size as stored in the file.
    pub width: u32,
    pub height: u32,
    /// EXIF orientation 1–8 (1 = as stored).
    pub orientation: u32,
}

impl LoadedImage {
    /// Width / height as the photo should be seen (after orientation).
    pub fn display_aspect(&self) -> f32 {
        let (w, h) = (self.width.max(1) as f32, self.height.max(1) as f32);
        if self.orientation >= 5 {
            h / w
        } else {
            w / h
        }
    }

    /// The PDF matrix [a b c d e f] that maps the image's unit square onto the box at
    /// (x, y) (bottom-left, pt) of width w and height h, applying the EXIF orientation.
    pub fn placement(&self, x: f32, y: f32, w: f32, h: f32) -> [f32; 6] {
        let o = self.orientation;
        // Displayed coordinates (X right, Y down, 0..1) of a stored pixel at column c, row r.
        let display = |c: f32, r: f32| -> (f32, f32) {
            match o {
                2 => (1.0 - c, r),
                3 => (1.0 - c, 1.0 - r),
                4 => (c, 1.0 - r),
                5 => (r, c),
                6 => (1.0 - r, c),
                7 => (1.0 - r, 1.0 - c),
                8 => (r, 1.0 - c),
                _ => (c, r),
            }
        };
        // Unit square (u right, v up) → stored pixel: c = u, r = 1 - v → page point.
        let page = |u: f32, v: f32| -> (f32, f32) {
            let (dx, dy) = display(u, 1.0 - v);
            (x + dx * w, y + (1.0 - dy) * h)
        };
        let (e, f) = page(0.0, 0.0);
        let (ax, ay) = page(1.0, 0.0);
        let (cx, cy) = page(0.0, 1.0);
        [ax - e, ay - f, cx - e, cy - f, e, f]
    }
}

/// Loads an image referenced by a record. Relative paths are resolved against `base`.
/// `keep_gps`: leave a JPEG's EXIF and XMP (where it was taken) in the embedded bytes.
/// `files`: an encrypted store's cipher, which opens its sealed photos.
pub fn load(src: &str, base: Option<&Path>, keep_gps: bool, files: Option<&crate::crypt::FileCipher>) -> Result<LoadedImage> {
    let path = resolve(src, base);
    let err = |reason: String| Error::Image { path: src.to_string(), reason };
    let bytes = std::fs::read(&path).map_err(|e| err(e.to_string()))?;
    let bytes = crate::crypt::open_file(files, bytes).ok_or_else(|| err("图片已加密，无法用本数据库的密钥解密".into()))?;
    let orientation = exif_orientation(&bytes);
    if let Some((width, height, components)) = jpeg_info(&bytes) {
        if components == 1 || components == 3 {
            let (bytes, width, height, components) = if width.max(height) > MAX_SIDE {
                shrink_jpeg(&bytes, keep_gps).map_err(err)?
            } else if keep_gps {
                (bytes, width, height, components)
            } else {
                let stripped = jpeg::strip_location(&bytes).ok_or_else(|| err("JPEG 文件头无法解析".into()))?;
                (stripped, width, height, components)
            };
            let color = if components == 1 { "DeviceGray" } else { "DeviceRGB" };
            let mut dict = BTreeMap::new();
            dict.insert("Type".to_string(), DictItem::Name(b"XObject".to_vec()));
            dict.insert("Subtype".to_string(), DictItem::Name(b"Image".to_vec()));
            dict.insert("Width".to_string(), DictItem::Int(width as i64));
            dict.insert("Height".to_string(), DictItem::Int(height as i64));
            dict.insert("ColorSpace".to_string(), DictItem::Name(color.as_bytes().to_vec()));
            dict.insert("BitsPerComponent".to_string(), DictItem::Int(8));
            dict.insert("Filter".to_string(), DictItem::Name(b"DCTDecode".to_vec()));
            let xobj = ExternalXObject {
                stream: ExternalStream { dict, content: bytes, compress: false },
                width: Some(Px(width as usize)),
                height: Some(Px(height as usize)),
                dpi: Some(72.0),
            };
            return Ok(LoadedImage { data: ImageData::Jpeg(xobj), width, height, orientation });
        }
    }
    // PNG, or an unusual JPEG (CMYK): decode to pixels.
    let img = image::ImageReader::new(Cursor::new(&bytes))
        .with_guessed_format()
        .map_err(|e| err(e.to_string()))?
        .decode()
        .map_err(|e| err(e.to_string()))?;
    // Screenshots can be huge; 2000 px is plenty for a photo a few centimetres wide.
    let img = if img.width() > 2000 || img.height() > 2000 { img.thumbnail(2000, 2000) } else { img };
    let img = image::DynamicImage::ImageRgb8(img.to_rgb8());
    let (width, height) = (img.width(), img.height());
    let raw = RawImage::from_dynamic_image(img).map_err(err)?;
    Ok(LoadedImage { data: ImageData::Pixels(raw), width, height, orientation })
}

/// A JPEG larger than `MAX_SIDE`, decoded, shrunk and encoded again (quality 85). Encoding
/// writes no EXIF; with `keep_gps` the original EXIF and XMP segments are put back after SOI.
/// The pixels are not rotated: the EXIF orientation still applies through the placement.
fn shrink_jpeg(bytes: &[u8], keep_gps: bool) -> std::result::Result<(Vec<u8>, u32, u32, u8), String> {
    let img = image::load_from_memory_with_format(bytes, image::ImageFormat::Jpeg).map_err(|e| e.to_string())?;
    let img = image::DynamicImage::ImageRgb8(img.resize(MAX_SIDE, MAX_SIDE, image::imageops::FilterType::Triangle).to_rgb8());
    let mut out = Vec::new();
    img.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)).map_err(|e| e.to_string())?;
    if keep_gps {
        let kept = jpeg::location_segments(bytes);
        out.splice(2..2, kept);
    }
    Ok((out, img.width(), img.height(), 3))
}

fn resolve(src: &str, base: Option<&Path>) -> PathBuf {
    let src = src.strip_prefix("file://").unwrap_or(src);
    let p = PathBuf::from(src);
    match base {
        Some(b) if p.is_relative() => b.join(p),
        _ => p,
    }
}

fn exif_orientation(bytes: &[u8]) -> u32 {
    let reader = exif::Reader::new();
    match reader.read_from_container(&mut Cursor::new(bytes)) {
        Ok(ex) => ex
            .get_field(exif::Tag::Orientation, exif::In::PRIMARY)
            .and_then(|f| f.value.get_uint(0))
            .filter(|o| (1..=8).contains(o))
            .unwrap_or(1),
        Err(_) => 1,
    }
}

/// Width, height and colour components from a JPEG's SOF segment; None if not a JPEG.
fn jpeg_info(b: &[u8]) -> Option<(u32, u32, u8)> {
    if b.len() < 4 || b[0] != 0xFF || b[1] != 0xD8 {
        return None;
    }
    let mut i = 2;
    while i + 9 < b.len() {
        if b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = u16::from_be_bytes([b[i + 2], b[i + 3]]) as usize;
        let is_sof = (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_sof {
            let height = u16::from_be_bytes([b[i + 5], b[i + 6]]) as u32;
            let width = u16::from_be_bytes([b[i + 7], b[i + 8]]) as u32;
            let components = b[i + 9];
            return Some((width, height, components));
        }
        i += 2 + len;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake(orientation: u32) -> LoadedImage {
        LoadedImage {
            data: ImageData::Pixels(RawImage {
                pixels: printpdf::RawImageData::U8(vec![0; 3]),
                width: 1,
                height: 1,
                data_format: printpdf::RawImageFormat::RGB8,
                tag: Vec::new(),
            }),
            width: 40,
            height: 30,
            orientation,
        }
    }

    #[test]
    fn upright_is_a_plain_scale() {
        assert_eq!(fake(1).placement(10.0, 20.0, 4.0, 3.0), [4.0, 0.0, 0.0, 3.0, 10.0, 20.0]);
    }

    #[test]
    fn rotated_photos_swap_their_aspect() {
        assert!((fake(6).display_aspect() - 0.75).abs() < 1e-6);
        // Orientation 6: the stored top-left corner (u=0, v=1) is shown at the top right.
        let m = fake(6).placement(0.0, 0.0, 3.0, 4.0);
        let top_left = (m[2] + m[4], m[3] + m[5]);
        assert_eq!(top_left, (3.0, 4.0));
    }
}
