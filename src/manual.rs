//! The user manual (docs/用户手册.md), compiled in with its screenshots: the app's 帮助 shows
//! it, and `walklog export manual` prints it through the report engine. One source for both.

use std::path::Path;

use crate::error::{Error, Result};
use crate::files::write_atomic;
use crate::report::{render_markdown, FontChoice, RenderOptions};

pub const MARKDOWN: &str = include_str!("../docs/用户手册.md");

/// Where the manual's image links point (relative to docs/): the UI serves the same files.
pub const IMAGE_PREFIX: &str = "../ui/public/manual/";

/// The screenshots the manual shows, by file name.
pub const IMAGES: &[(&str, &[u8])] = &[
    ("01-dashboard.jpg", include_bytes!("../ui/public/manual/01-dashboard.jpg")),
    ("04-problems.jpg", include_bytes!("../ui/public/manual/04-problems.jpg")),
    ("05-ledger.jpg", include_bytes!("../ui/public/manual/05-ledger.jpg")),
    ("09-live-walk-mission.jpg", include_bytes!("../ui/public/manual/09-live-walk-mission.jpg")),
    ("10-export-pdf-done.jpg", include_bytes!("../ui/public/manual/10-export-pdf-done.jpg")),
    ("13-first-run.jpg", include_bytes!("../ui/public/manual/13-first-run.jpg")),
    ("15-exchange.jpg", include_bytes!("../ui/public/manual/15-exchange.jpg")),
    ("25-plans-calendar.jpg", include_bytes!("../ui/public/manual/25-plans-calendar.jpg")),
    ("30-chart.jpg", include_bytes!("../ui/public/manual/30-chart.jpg")),
    ("34-global-search.jpg", include_bytes!("../ui/public/manual/34-global-search.jpg")),
    ("35-template-editor.jpg", include_bytes!("../ui/public/manual/35-template-editor.jpg")),
];

/// What an export of the manual wrote.
#[derive(Debug, Clone)]
pub struct ManualPdf {
    pub bytes: usize,
    pub pages: usize,
}

/// Prints the manual as a PDF at `out` (written whole or not at all).
pub fn export_pdf(out: &Path, font: &FontChoice, exported_at: &str, progress: &mut dyn FnMut(f32, &str)) -> Result<ManualPdf> {
    // The engine reads images from files: the compiled-in screenshots go to a folder of their
    // own for the length of the render.
    let dir = std::env::temp_dir().join(format!("walklog-manual-{}-{}", std::process::id(), crate::store::new_id()));
    let failed = |e: std::io::Error| Error::Write { path: dir.clone(), reason: e.to_string() };
    std::fs::create_dir_all(&dir).map_err(failed)?;
    let rendered = (|| {
        for (name, bytes) in IMAGES {
            std::fs::write(dir.join(name), bytes).map_err(failed)?;
        }
        let md = MARKDOWN.replace(IMAGE_PREFIX, "");
        let opts = RenderOptions { font: font.clone(), image_base: Some(dir.clone()), exported_at: exported_at.to_string(), ..Default::default() };
        render_markdown(&md, &opts, progress)
    })();
    let _ = std::fs::remove_dir_all(&dir);
    let rendered = rendered?;
    write_atomic(out, &rendered.pdf)?;
    progress(1.0, "完成");
    Ok(ManualPdf { bytes: rendered.pdf.len(), pages: rendered.pages })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every image the manual links is compiled in, and every one compiled in is linked.
    #[test]
    fn the_manual_and_its_images_match() {
        let linked: Vec<&str> = MARKDOWN
            .match_indices(IMAGE_PREFIX)
            .map(|(at, _)| {
                let rest = &MARKDOWN[at + IMAGE_PREFIX.len()..];
                &rest[..rest.find(')').expect("closing parenthesis")]
            })
            .collect();
        let mut names: Vec<&str> = IMAGES.iter().map(|(n, _)| *n).collect();
        let mut sorted = linked.clone();
        sorted.sort();
        sorted.dedup();
        names.sort();
        assert_eq!(sorted, names);
        assert!(IMAGES.iter().all(|(_, b)| b.starts_with(&[0xFF, 0xD8])), "JPEG files");
    }
}
