//! Byte surgery on JPEGs placed in a PDF: drop the metadata segments that can say where a photo
//! was taken (EXIF, which holds the GPS block, and XMP), leaving the image data itself as it is.
//! The PDF applies the EXIF orientation through its placement matrix (read before this), and no
//! PDF viewer reads EXIF, so nothing shown changes. Whatever follows the image's EOI (phones
//! append Multi-Picture previews there, each with its own EXIF) is dropped too.

/// APP1 payloads that carry location: EXIF (GPS IFD) and XMP (exif:GPSLatitude …).
const LOCATED: &[&[u8]] = &[b"Exif\0\0", b"http://ns.adobe.com/xap/1.0/\0", b"http://ns.adobe.com/xmp/extension/\0"];

fn carries_location(marker: u8, payload: &[u8]) -> bool {
    marker == 0xE1 && LOCATED.iter().any(|p| payload.starts_with(p))
}

/// The APP2 index of Multi-Picture images, which point past the EOI that `strip_location` cuts.
fn is_mpf(marker: u8, payload: &[u8]) -> bool {
    marker == 0xE2 && payload.starts_with(b"MPF\0")
}

/// The JPEG without its EXIF and XMP segments; None when the segments before the image data do
/// not parse (the caller then embeds nothing it cannot vouch for).
pub fn strip_location(b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    let scan = each_segment(b, |marker, segment, payload| {
        if !carries_location(marker, payload) && !is_mpf(marker, payload) {
            out.extend_from_slice(segment);
        }
    })?;
    // A file cut short before its EOI keeps what it has (viewers show the part there is).
    out.extend_from_slice(&b[scan..image_end(b, scan).unwrap_or(b.len())]);
    Some(out)
}

/// The offset just past the EOI of the image whose first scan starts at `scan`: entropy-coded
/// data (where 0xFF is followed by 0x00 or a restart marker), with the segments between the
/// scans of a progressive JPEG skipped by their length.
fn image_end(b: &[u8], scan: usize) -> Option<usize> {
    let mut i = scan;
    while i + 1 < b.len() {
        if b[i] != 0xFF {
            i += 1;
            continue;
        }
        match b[i + 1] {
            0x00 | 0xD0..=0xD7 | 0xFF => i += if b[i + 1] == 0xFF { 1 } else { 2 },
            0xD9 => return Some(i + 2),
            _ => {
                let len = u16::from_be_bytes([*b.get(i + 2)?, *b.get(i + 3)?]) as usize;
                if len < 2 {
                    return None;
                }
                i += 2 + len;
            }
        }
    }
    None
}

/// The EXIF and XMP segments of a JPEG, whole (marker and length included), to carry them into a
/// re-encoded copy when the export keeps the location.
pub fn location_segments(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    each_segment(b, |marker, segment, payload| {
        if carries_location(marker, payload) {
            out.extend_from_slice(segment);
        }
    });
    out
}

/// Calls `f(marker, whole segment, payload)` for SOI and each segment up to the start of scan;
/// returns the offset of the start of scan (everything from there is image data).
fn each_segment(b: &[u8], mut f: impl FnMut(u8, &[u8], &[u8])) -> Option<usize> {
    if b.len() < 4 || b[0] != 0xFF || b[1] != 0xD8 {
        return None;
    }
    f(0xD8, &b[..2], &[]);
    let mut i = 2;
    loop {
        if i + 4 > b.len() || b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        if marker == 0xFF {
            // Fill byte before a marker.
            f(0xFF, &b[i..i + 1], &[]);
            i += 1;
            continue;
        }
        if marker == 0xDA {
            return Some(i);
        }
        let len = u16::from_be_bytes([b[i + 2], b[i + 3]]) as usize;
        if len < 2 || i + 2 + len > b.len() {
            return None;
        }
        f(marker, &b[i..i + 2 + len], &b[i + 4..i + 2 + len]);
        i += 2 + len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
        let mut s = vec![0xFF, marker];
        s.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        s.extend_from_slice(payload);
        s
    }

    #[test]
    fn exif_and_xmp_go_the_rest_stays_byte_for_byte() {
        let jfif = segment(0xE0, b"JFIF\0\x01\x02");
        let exif = segment(0xE1, b"Exif\0\0MM\0*GPS");
        let xmp = segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>");
        let dqt = segment(0xDB, &[0; 5]);
        let mpf = segment(0xE2, b"MPF\0II*\0");
        // A scan with a stuffed 0xFF00 and a restart marker, a second scan (progressive), EOI.
        let scan = [0xFF, 0xDA, 0, 3, 9, 1, 0xFF, 0x00, 2, 0xFF, 0xD0, 3, 0xFF, 0xDA, 0, 2, 4, 0xFF, 0xD9];
        // A Multi-Picture preview after EOI, with its own EXIF.
        let preview = [&[0xFF, 0xD8][..], &exif, &[0xFF, 0xD9]].concat();
        let jpeg = [&[0xFF, 0xD8][..], &jfif, &exif, &xmp, &mpf, &dqt, &scan, &preview].concat();
        let stripped = strip_location(&jpeg).unwrap();
        assert_eq!(stripped, [&[0xFF, 0xD8][..], &jfif, &dqt, &scan].concat());
        assert_eq!(location_segments(&jpeg), [exif, xmp].concat());
    }

    #[test]
    fn a_broken_header_is_not_passed_on() {
        assert_eq!(strip_location(&[0xFF, 0xD8, 0xFF, 0xE1, 0x40, 0x00, 1, 2]), None);
        assert_eq!(strip_location(b"not a jpeg"), None);
        // No EOI (a file cut short): its data kept as far as it goes.
        assert_eq!(strip_location(&[0xFF, 0xD8, 0xFF, 0xDA, 0, 2, 1, 2, 3]).unwrap(), [0xFF, 0xD8, 0xFF, 0xDA, 0, 2, 1, 2, 3]);
    }
}
