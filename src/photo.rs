//! Photos taken during a walk: what their EXIF says (when and where they were taken), read once
//! on attach. The bytes are stored exactly as given (the original is the evidence); turning a
//! photo upright and shrinking it happen where it is placed (`report::image`).

use crate::error::{Error, Result};
use crate::model::Attachment;
use crate::model::{OwnerKind, Timestamp};
use crate::ops::NewAttachment;
use crate::store::Store;
use image::ImageFormat;
use std::io::Cursor;

pub mod presence;
pub use presence::{Presence, PRESENCE_TOLERANCE_MINUTES};

/// What a photo's EXIF says, read without decoding its pixels (a few milliseconds).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PhotoInfo {
    pub taken_at: Option<Timestamp>,
    /// (latitude, longitude) in decimal degrees, north and east positive.
    pub gps: Option<(f64, f64)>,
    pub orientation: u32,
}

/// Checks that the bytes are a JPEG or PNG (their header, not their pixels) and reads the EXIF.
pub fn read_photo(bytes: &[u8]) -> Result<PhotoInfo> {
    let format = image::guess_format(bytes).map_err(|_| not_a_photo())?;
    if !matches!(format, ImageFormat::Jpeg | ImageFormat::Png) {
        return Err(not_a_photo());
    }
    // The header must parse: a file that only starts like a JPEG is refused here, not at export.
    image::ImageReader::with_format(Cursor::new(bytes), format).into_dimensions().map_err(|_| not_a_photo())?;
    let Ok(exif) = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) else {
        return Ok(PhotoInfo { orientation: 1, ..Default::default() });
    };
    let orientation = exif
        .get_field(exif::Tag::Orientation, exif::In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
        .filter(|o| (1..=8).contains(o))
        .unwrap_or(1);
    Ok(PhotoInfo { taken_at: taken_at(&exif), gps: gps(&exif), orientation })
}

fn not_a_photo() -> Error {
    Error::invalid("file_name", "无法识别的图片，请选择 JPEG 或 PNG 照片。")
}

/// DateTimeOriginal, read as local time of this machine (EXIF rarely records the offset).
fn taken_at(exif: &exif::Exif) -> Option<Timestamp> {
    let field = exif.get_field(exif::Tag::DateTimeOriginal, exif::In::PRIMARY)?;
    let exif::Value::Ascii(ref parts) = field.value else { return None };
    let dt = exif::DateTime::from_ascii(parts.first()?).ok()?;
    let naive = chrono::NaiveDate::from_ymd_opt(i32::from(dt.year), u32::from(dt.month), u32::from(dt.day))?
        .and_hms_opt(u32::from(dt.hour), u32::from(dt.minute), u32::from(dt.second))?;
    use chrono::TimeZone;
    chrono::Local.from_local_datetime(&naive).earliest().map(|t| t.fixed_offset())
}

/// GPSLatitude/GPSLongitude (degrees, minutes, seconds) with their N/S and E/W references.
fn gps(exif: &exif::Exif) -> Option<(f64, f64)> {
    let lat = degrees(exif, exif::Tag::GPSLatitude, exif::Tag::GPSLatitudeRef, b'S')?;
    let lon = degrees(exif, exif::Tag::GPSLongitude, exif::Tag::GPSLongitudeRef, b'W')?;
    let valid = lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0;
    valid.then_some((lat, lon))
}

fn degrees(exif: &exif::Exif, tag: exif::Tag, ref_tag: exif::Tag, negative: u8) -> Option<f64> {
    let exif::Value::Rational(ref dms) = exif.get_field(tag, exif::In::PRIMARY)?.value else { return None };
    if dms.is_empty() || dms.iter().any(|r| r.denom == 0) {
        return None;
    }
    let part = |i: usize| dms.get(i).map(|r| r.to_f64()).unwrap_or(0.0);
    let value = part(0) + part(1) / 60.0 + part(2) / 3600.0;
    let sign = match exif.get_field(ref_tag, exif::In::PRIMARY).map(|f| &f.value) {
        Some(exif::Value::Ascii(v)) if v.first().and_then(|s| s.first()) == Some(&negative) => -1.0,
        _ => 1.0,
    };
    Some(sign * value)
}

impl Store {
    /// Attaches a photo to a walk, step, problem, task or note: its bytes as given, with the
    /// capture time and place its EXIF records.
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
        let info = read_photo(bytes)?;
        let new = NewAttachment {
            owner_kind,
            owner_id: owner_id.to_string(),
            file_name: file_name.to_string(),
            bytes: bytes.to_vec(),
            caption: caption.to_string(),
            taken_at: info.taken_at,
        };
        self.attach_at(new, info.gps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::DynamicImage::ImageRgb8(image::RgbImage::new(w, h));
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png).unwrap();
        out
    }

    #[test]
    fn a_photo_without_exif_has_no_time_nor_place() {
        let info = read_photo(&png(40, 30)).unwrap();
        assert_eq!(info, PhotoInfo { orientation: 1, ..Default::default() });
    }

    #[test]
    fn non_photos_are_refused_in_chinese() {
        let err = read_photo(b"not an image at all").err().unwrap();
        assert!(err.message_zh().contains("JPEG"));
        let err = read_photo(b"GIF89a....").err().unwrap();
        assert_eq!(err.code(), "validation");
        // JPEG magic, no JPEG behind it.
        assert!(read_photo(&[0xff, 0xd8, 0xff, 0xe0, 0, 0, 1, 2, 3]).is_err());
    }
}
