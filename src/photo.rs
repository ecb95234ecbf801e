//! Photos taken during a walk: turned upright (EXIF orientation), shrunk to a sane size, and
//! kept with the time they were taken, before they are stored as attachments.

use crate::error::{Error, Result};
use crate::model::{OwnerKind, Timestamp};
use crate::ops::NewAttachment;
use crate::store::Store;
use crate::model::Attachment;
use image::{DynamicImage, ImageFormat};
use std::io::Cursor;

/// Longest side kept: plenty for a record printed on A4, a fraction of a phone photo's bytes.
pub const MAX_SIDE: u32 = 2048;

pub struct PreparedPhoto {
    pub bytes: Vec<u8>,
    /// The file name to store (".jpg" when the photo was re-encoded).
    pub file_name: String,
    pub taken_at: Option<Timestamp>,
    pub width: u32,
    pub height: u32,
}

/// Decodes a JPEG or PNG, applies its EXIF orientation, scales it down to `max_side`, and
/// re-encodes it as JPEG when anything changed. Small upright photos are kept byte for byte.
pub fn prepare_photo(bytes: &[u8], file_name: &str, max_side: u32) -> Result<PreparedPhoto> {
    let format = image::guess_format(bytes).map_err(|_| not_a_photo())?;
    if !matches!(format, ImageFormat::Jpeg | ImageFormat::Png) {
        return Err(not_a_photo());
    }
    let exif = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)).ok();
    let orientation = exif
        .as_ref()
        .and_then(|e| e.get_field(exif::Tag::Orientation, exif::In::PRIMARY))
        .and_then(|f| f.value.get_uint(0))
        .unwrap_or(1);
    let taken_at = exif.as_ref().and_then(taken_at);
    let img = image::load_from_memory_with_format(bytes, format).map_err(|_| not_a_photo())?;
    let (w, h) = (img.width(), img.height());
    if orientation == 1 && w.max(h) <= max_side {
        return Ok(PreparedPhoto { bytes: bytes.to_vec(), file_name: file_name.to_string(), taken_at, width: w, height: h });
    }
    let mut img = orient(img, orientation);
    if img.width().max(img.height()) > max_side {
        img = img.resize(max_side, max_side, image::imageops::FilterType::Triangle);
    }
    let mut out = Vec::new();
    let rgb = DynamicImage::ImageRgb8(img.to_rgb8());
    rgb.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85))
        .map_err(|e| Error::invalid("file_name", format!("图片压缩失败：{e}")))?;
    let stem = std::path::Path::new(file_name).file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    Ok(PreparedPhoto { bytes: out, file_name: format!("{stem}.jpg"), taken_at, width: rgb.width(), height: rgb.height() })
}

fn not_a_photo() -> Error {
    Error::invalid("file_name", "无法识别的图片，请选择 JPEG 或 PNG 照片。")
}

/// EXIF orientations 2–8 as flips and rotations.
fn orient(img: DynamicImage, orientation: u32) -> DynamicImage {
    match orientation {
        2 => img.fliph(),
        3 => img.rotate180(),
        4 => img.flipv(),
        5 => img.rotate90().fliph(),
        6 => img.rotate90(),
        7 => img.rotate270().fliph(),
        8 => img.rotate270(),
        _ => img,
    }
}

/// DateTimeOriginal, read as local time of this machine (EXIF rarely records the offset).
fn taken_at(exif: &exif::Exif) -> Option<Timestamp> {
    let field = exif.get_field(exif::Tag::DateTimeOriginal, exif::In::PRIMARY)?;
    let exif::Value::Ascii(ref parts) = field.value else { return None };
    let dt = exif::DateTime::from_ascii(parts.first()?).ok()?;
    let naive = chrono::NaiveDate::from_ymd_opt(i32::from(dt.year), u32::from(dt.month), u32::from(dt.day))?
        .and_hms_opt(u32::from(dt.hour), u32::from(dt.minute), u32::from(dt.second))?;
    use chrono::TimeZone;
    chrono::Local.from_local_datetime(&naive).single().map(|t| t.fixed_offset())
}

impl Store {
    /// Prepares a photo and attaches it to a walk, step, problem, task or note.
    pub fn attach_photo(
        &mut self,
        owner_kind: OwnerKind,
        owner_id: &str,
        file_name: &str,
        bytes: &[u8],
        caption: &str,
    ) -> Result<Attachment> {
        if bytes.len() > crate::ops::ATTACHMENT_MAX_BYTES {
            return Err(Error::invalid("file_name", "文件超过 50 MB，请压缩后再添加。"));
        }
        let photo = prepare_photo(bytes, file_name, MAX_SIDE)?;
        self.attach(NewAttachment {
            owner_kind,
            owner_id: owner_id.to_string(),
            file_name: photo.file_name,
            bytes: photo.bytes,
            caption: caption.to_string(),
            taken_at: photo.taken_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, _| image::Rgb([(x % 255) as u8, 0, 0])));
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png).unwrap();
        out
    }

    #[test]
    fn large_photos_shrink_small_ones_stay_as_they_are() {
        let big = prepare_photo(&png(3000, 1000), "大厅.png", 2048).unwrap();
        assert_eq!((big.width, big.height), (2048, 683));
        assert_eq!(big.file_name, "大厅.jpg");
        assert_eq!(image::guess_format(&big.bytes).unwrap(), ImageFormat::Jpeg);
        let small_bytes = png(40, 30);
        let small = prepare_photo(&small_bytes, "窗口.png", 2048).unwrap();
        assert_eq!(small.bytes, small_bytes);
        assert_eq!(small.file_name, "窗口.png");
    }

    #[test]
    fn non_photos_are_refused_in_chinese() {
        let err = prepare_photo(b"not an image at all", "x.jpg", 2048).err().unwrap();
        assert!(err.message_zh().contains("JPEG"));
        let err = prepare_photo(b"GIF89a....", "x.gif", 2048).err().unwrap();
        assert_eq!(err.code(), "validation");
    }

    #[test]
    fn orientation_six_turns_the_picture_upright() {
        let img = orient(DynamicImage::ImageRgb8(image::RgbImage::new(40, 10)), 6);
        assert_eq!((img.width(), img.height()), (10, 40));
    }
}
