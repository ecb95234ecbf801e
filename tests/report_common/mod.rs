//! Helpers shared by the report tests: poppler/qpdf checks and fixture photos.
#![allow(dead_code)]

pub mod fixture;

use std::path::Path;
use std::process::Command;

pub fn pdftotext(pdf: &Path) -> String {
    run_pdftotext(pdf, true)
}

/// Text in drawing order (cells one after the other, not side by side).
pub fn pdftotext_raw(pdf: &Path) -> String {
    run_pdftotext(pdf, false)
}

/// The QR codes on page `page` of a PDF, decoded (rendered by pdftoppm, read by zbarimg).
pub fn qr_codes(pdf: &Path, page: usize) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let prefix = dir.path().join("page");
    let p = page.to_string();
    let ok = Command::new("pdftoppm")
        .args(["-png", "-r", "150", "-f", &p, "-l", &p])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm (poppler-utils) is needed");
    assert!(ok.success(), "pdftoppm failed on {}", pdf.display());
    let png = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.path()).find(|p| p.extension().is_some_and(|e| e == "png")).expect("a page image");
    let out = Command::new("zbarimg")
        .args(["-q", "--raw"])
        .arg(&png)
        .output()
        .expect("zbarimg 未安装：请运行 make test（会安装 zbar-tools），或 apt-get install zbar-tools / zbarimg (zbar-tools) is needed");
    String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).filter(|l| !l.is_empty()).collect()
}

fn run_pdftotext(pdf: &Path, layout: bool) -> String {
    let mut cmd = Command::new("pdftotext");
    cmd.arg(if layout { "-layout" } else { "-raw" });
    let out = cmd.arg(pdf).arg("-").output().expect("pdftotext (poppler-utils) is needed");
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Text with all whitespace removed: layout may break a field across lines or cells.
pub fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Pages as separate texts (pdftotext separates pages with form feeds).
pub fn pages(text: &str) -> Vec<String> {
    let mut p: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if p.last().map(|l| l.trim().is_empty()).unwrap_or(false) {
        p.pop();
    }
    p
}

/// Asserts that `needles` appear in `hay` in this order.
pub fn assert_in_order(hay: &str, needles: &[&str]) {
    let mut from = 0;
    for n in needles {
        let n = squeezed(n);
        match hay[from..].find(&n) {
            Some(i) => from += i + n.len(),
            None => panic!("«{n}» missing or out of order after byte {from}"),
        }
    }
}

pub fn assert_fonts_embedded_subset(pdf: &Path) {
    let out = Command::new("pdffonts").arg(pdf).output().expect("pdffonts");
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = text.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts in PDF:\n{text}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type encoding emb sub uni object ID: the emb/sub/uni flags are the last five columns minus 2.
        let n = cols.len();
        assert!(n >= 7, "odd pdffonts row: {row}");
        assert_eq!(cols[n - 5], "yes", "font not embedded: {row}");
        assert_eq!(cols[n - 4], "yes", "font not subset: {row}");
        assert!(cols[0].contains('+'), "subset fonts carry a ABCDEF+ prefix: {row}");
    }
}

pub fn assert_qpdf_ok(pdf: &Path) {
    let out = Command::new("qpdf").arg("--check").arg(pdf).output().expect("qpdf");
    assert!(out.status.success(), "qpdf --check failed:\n{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}

pub fn page_count(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo");
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|v| v.trim().parse().unwrap_or(0)))
        .unwrap_or(0)
}

/// A JPEG photo of `w`×`h` with an EXIF orientation tag (1–8): a coloured gradient with a
/// dark block in the stored top-left corner, so a rendering shows which way it was turned.
pub fn jpeg_with_orientation(path: &Path, w: u32, h: u32, orientation: u16) {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        if x < w / 4 && y < h / 4 {
            image::Rgb([20, 20, 20])
        } else {
            image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 180])
        }
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 80).encode_image(&img).expect("encode");
    // APP1 Exif segment: little-endian TIFF with one IFD entry, Orientation (0x0112, SHORT).
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"II*\0");
    tiff.extend_from_slice(&8u32.to_le_bytes());
    tiff.extend_from_slice(&1u16.to_le_bytes());
    tiff.extend_from_slice(&0x0112u16.to_le_bytes());
    tiff.extend_from_slice(&3u16.to_le_bytes());
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&(orientation as u32).to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes());
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    std::fs::write(path, out).expect("write jpeg");
}

pub fn png(path: &Path, w: u32, h: u32) {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([200, (x * 255 / w) as u8, (y * 255 / h) as u8]));
    img.save(path).expect("png");
}

/// Keeps a copy of a test PDF in $WALKLOG_TEST_OUT (when set) to look at it.
pub fn keep(pdf: &Path, name: &str) {
    if let Ok(dir) = std::env::var("WALKLOG_TEST_OUT") {
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::copy(pdf, Path::new(&dir).join(name));
    }
}
