//! JPEGs with crafted EXIF (DateTimeOriginal, GPS) for the photo tests and the benchmark.
#![allow(dead_code)]

use exif::experimental::Writer;
use exif::{Field, In, Rational, Tag, Value};

/// A w×h JPEG, with an EXIF APP1 right after SOI when `taken` ("2026:11:14 09:42:00") or `gps`
/// (latitude, longitude; south and west negative) is given.
pub fn jpeg(w: u32, h: u32, taken: Option<&str>, gps: Option<(f64, f64)>) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 251) as u8, (y % 241) as u8, 90]));
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 80).encode_image(&img).expect("jpeg");
    if taken.is_none() && gps.is_none() {
        return plain;
    }
    let tiff = exif_tiff(taken, gps);
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend_from_slice(&((tiff.len() + 8) as u16).to_be_bytes());
    app1.extend_from_slice(b"Exif\0\0");
    app1.extend_from_slice(&tiff);
    [&plain[..2], &app1, &plain[2..]].concat()
}

fn dms(v: f64) -> Value {
    let v = v.abs();
    let d = v.trunc();
    let m = ((v - d) * 60.0).trunc();
    let s = ((v - d) * 60.0 - m) * 60.0;
    Value::Rational(vec![
        Rational { num: d as u32, denom: 1 },
        Rational { num: m as u32, denom: 1 },
        Rational { num: (s * 1000.0).round() as u32, denom: 1000 },
    ])
}

fn exif_tiff(taken: Option<&str>, gps: Option<(f64, f64)>) -> Vec<u8> {
    let field = |tag, value| Field { tag, ifd_num: In::PRIMARY, value };
    let mut fields = Vec::new();
    if let Some(t) = taken {
        fields.push(field(Tag::DateTimeOriginal, Value::Ascii(vec![t.as_bytes().to_vec()])));
    }
    if let Some((lat, lon)) = gps {
        let ns = if lat < 0.0 { b"S" } else { b"N" };
        let ew = if lon < 0.0 { b"W" } else { b"E" };
        fields.push(field(Tag::GPSLatitudeRef, Value::Ascii(vec![ns.to_vec()])));
        fields.push(field(Tag::GPSLatitude, dms(lat)));
        fields.push(field(Tag::GPSLongitudeRef, Value::Ascii(vec![ew.to_vec()])));
        fields.push(field(Tag::GPSLongitude, dms(lon)));
    }
    let mut writer = Writer::new();
    for f in &fields {
        writer.push_field(f);
    }
    let mut out = std::io::Cursor::new(Vec::new());
    writer.write(&mut out, false).expect("exif");
    out.into_inner()
}

/// Whether a JPEG's bytes carry a GPS position (read back with the same EXIF reader).
pub fn gps_of(bytes: &[u8]) -> Option<(f64, f64)> {
    let exif = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(bytes)).ok()?;
    let get = |t| exif.get_field(t, In::PRIMARY).map(|f| f.value.clone());
    let (Some(Value::Rational(lat)), Some(Value::Rational(lon))) = (get(Tag::GPSLatitude), get(Tag::GPSLongitude)) else {
        return None;
    };
    Some((lat[0].to_f64(), lon[0].to_f64()))
}
