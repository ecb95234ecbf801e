//! The domain-free pipeline: template → Markdown → blocks → pages → PDF bytes.

use std::path::PathBuf;

use super::decorate::{decorate, Frame};
use crate::error::Result;
use super::fonts::{load_fonts, FontChoice};
use super::layout::{ImageStore, Layouter, PageSpec};
use super::{markdown, pdf, template};

/// How to render, independent of what is rendered.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    pub font: FontChoice,
    /// Folder against which relative image paths are resolved.
    pub image_base: Option<PathBuf>,
    /// Keep where photos were taken (EXIF GPS) in the PDF; by default it is removed.
    pub keep_gps: bool,
    /// The export time printed in the footer.
    pub exported_at: String,
    /// What the record is (`WALK:<id>`, `LEDGER` …): with the template's 核验码, the QR code on the
    /// last page. None: no QR code.
    pub record: Option<String>,
    /// The change log's head when the record was made, as printed (「链头 第 N 条，XXXX-…」): an
    /// anchor outside the database file that `walklog verify --against` checks the log against.
    pub chain_head: Option<String>,
    /// The cipher of an encrypted store's files: its photos are sealed on disk.
    pub files: Option<crate::crypt::FileCipher>,
}

pub struct Rendered {
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// Non-fatal problems (a photo that could not be read), for the log and the UI.
    pub warnings: Vec<String>,
}

/// Progress callback: fraction done (0–1) and a short Chinese label.
pub type Progress<'a> = &'a mut dyn FnMut(f32, &str);

/// Fills `source` with `data`, then renders the Markdown. Nothing is returned on error.
pub fn render_template(
    name: &str,
    source: &str,
    data: &serde_json::Value,
    opts: &RenderOptions,
    progress: Progress,
) -> Result<Rendered> {
    progress(0.1, "填充模板");
    let md = template::render(name, source, data)?;
    render_markdown(&md, opts, progress)
}

/// What the QR code holds: a prefix, the 核验码 and the record, in QR's compact alphanumeric
/// set (upper case, digits, `:` `-`), so it stays small. None when the record has no code.
pub fn qr_payload(code: &str, record: Option<&str>) -> Option<String> {
    let code = code.trim();
    let record = record?;
    if code.is_empty() {
        return None;
    }
    Some(format!("{QR_PREFIX}{code}:{record}").to_ascii_uppercase())
}

/// The QR payload's prefix (the 核验 screen takes a scanned payload as its code).
pub const QR_PREFIX: &str = "WALKLOG1:";

/// Renders filled Markdown (front matter keys: `page`, `header`, `code`, `title`, `indent`).
pub fn render_markdown(md: &str, opts: &RenderOptions, progress: Progress) -> Result<Rendered> {
    // Fonts first: a missing font must fail before any work and before any file is touched.
    let fonts = load_fonts(&opts.font)?;
    progress(0.2, "解析文档");
    let doc = markdown::parse(md);
    let spec = match doc.meta.get("page").map(String::as_str) {
        Some("landscape") | Some("横向") => PageSpec::landscape(),
        _ => PageSpec::portrait(),
    };
    progress(0.3, "排版");
    let mut images = ImageStore::new(opts.image_base.clone(), opts.keep_gps);
    images.files = opts.files.clone();
    let mut layouter = Layouter::new(&spec, &fonts, &mut images);
    layouter.indent_chars = doc.meta.get("indent").and_then(|v| v.parse().ok()).unwrap_or(0.0);
    layouter.blocks(&doc.blocks, spec.left, spec.content_width(), &[]);
    let mut pages = layouter.finish();
    let frame = Frame {
        header: doc.meta.get("header").cloned().unwrap_or_default(),
        exported_at: opts.exported_at.clone(),
        code: doc.meta.get("code").cloned().unwrap_or_default(),
        chain_head: opts.chain_head.clone().unwrap_or_default(),
        qr: None,
    };
    let frame = Frame { qr: qr_payload(&frame.code, opts.record.as_deref()), ..frame };
    decorate(&mut pages, &spec, &fonts, &frame);
    progress(0.6, "生成 PDF");
    let title = doc.meta.get("title").cloned().unwrap_or_else(|| "走流程纪实".to_string());
    let bytes = pdf::write(&pages, &spec, &fonts, &images.images, &title)?;
    progress(0.95, "写入文件");
    Ok(Rendered { pdf: bytes, pages: pages.len(), warnings: images.warnings })
}
