//! Finding and loading the CJK font, and measuring glyph widths.
//!
//! The font is looked up on the system (fontdb scans the usual font folders) by a list of
//! family names that cover Simplified Chinese, or taken from an explicit `path#index`.
//! Loaded fonts are cached per process: a 20 MB `.ttc` is read and parsed once, not per export.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::error::{Error, Result};

/// Families tried in order. Noto/Source Han first (they have a bold face on Debian);
/// the Windows and macOS names let the same binary work there.
const PREFERRED_FAMILIES: &[&str] = &[
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Source Han Serif CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "微软雅黑",
    "SimSun",
    "宋体",
    "PingFang SC",
    "苹方-简",
    "Droid Sans Fallback",
];

/// Where the font comes from.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum FontChoice {
    /// Look in the system font folders.
    #[default]
    System,
    /// An explicit file and face index (`.ttc` collections hold several faces).
    File { path: PathBuf, index: u32 },
    /// Look only in these folders (used by tests and portable installs).
    Dirs(Vec<PathBuf>),
}

/// The settings key of the PDF font chosen in 设置.
pub const FONT_SETTING: &str = "font";

impl FontChoice {
    /// The font a store's records use: the one chosen in 设置 (`PATH` or `PATH#INDEX`), else
    /// the system's CJK font. The app and the CLI (without `--font`) both ask this.
    pub fn of_store(store: &crate::Store) -> Result<FontChoice> {
        match store.setting(FONT_SETTING)? {
            Some(spec) if !spec.trim().is_empty() => FontChoice::parse(spec.trim()),
            _ => Ok(FontChoice::System),
        }
    }

    /// Parses `PATH` or `PATH#INDEX` as given to `--font` or in the settings.
    pub fn parse(spec: &str) -> Result<FontChoice> {
        let (path, index) = match spec.rsplit_once('#') {
            Some((p, i)) if !i.is_empty() && i.chars().all(|c| c.is_ascii_digit()) => {
                let index = i.parse::<u32>().map_err(|e| Error::invalid("font", format!("字体序号 {i} 无效：{e}")))?;
                (p, index)
            }
            _ => (spec, 0),
        };
        Ok(FontChoice::File { path: PathBuf::from(path), index })
    }
}

/// The licence of a font the records embed, by its file, for 设置 → 关于. The app ships no font:
/// it uses the system's (Debian's fonts-noto-cjk) or a file the user chose.
pub fn licence_of(path: &Path) -> &'static str {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_ascii_lowercase();
    if name.contains("noto") || name.contains("sourcehan") {
        "SIL Open Font License 1.1"
    } else if name.contains("droidsansfallback") {
        "Apache License 2.0"
    } else if name.contains("wqy") {
        "GPL-2.0（含字体例外）"
    } else {
        "以字体文件自带的许可为准"
    }
}

/// One face of a font file, kept in memory.
pub struct FontFace {
    pub path: PathBuf,
    pub index: u32,
    pub bytes: Arc<Vec<u8>>,
    /// printpdf's parsed form, needed to embed (and subset) the face. Parsing it is a tenth of a
    /// large export, and only the PDF writer needs it: it runs on its own thread while the
    /// record is laid out, and `parsed()` waits for it.
    parsed: OnceLock<Option<printpdf::ParsedFont>>,
    parsing: Mutex<Option<std::thread::JoinHandle<Option<printpdf::ParsedFont>>>>,
    units_per_em: f32,
    /// Glyph id and advance (em) of the pre-measured characters, indexed by code point (the
    /// Basic Multilingual Plane; a negative advance marks one not measured). Layout asks this
    /// for every character of a record twice, so it is an index, not a hash lookup.
    glyphs: Vec<(u16, f32)>,
}

impl FontFace {
    fn load(path: &Path, index: u32) -> Result<FontFace> {
        let invalid = |reason: String| Error::FontInvalid { path: path.to_path_buf(), reason };
        let bytes = Arc::new(std::fs::read(path).map_err(|e| invalid(e.to_string()))?);
        let face = ttf_parser::Face::parse(&bytes, index).map_err(|e| invalid(e.to_string()))?;
        if face.glyph_index('中').is_none() {
            return Err(invalid("该字体不含中文字形".into()));
        }
        let source = bytes.clone();
        let parsing = std::thread::Builder::new()
            .name("font-parse".into())
            .spawn(move || printpdf::ParsedFont::from_bytes(&source, index as usize, &mut Vec::new()))
            .map_err(|e| invalid(e.to_string()))?;
        let units_per_em = face.units_per_em() as f32;
        // Pre-measure the characters of every record: CJK ideographs, CJK punctuation,
        // full-width forms and ASCII. Measuring once here keeps layout a plain map lookup.
        let mut glyphs = vec![(0u16, -1.0f32); 0x1_0000];
        let ranges = [(0x20u32, 0x7e), (0xa0, 0xff), (0x2000, 0x206f), (0x2190, 0x21ff), (0x2460, 0x24ff),
            (0x25a0, 0x27bf), (0x3000, 0x303f), (0x4e00, 0x9fff), (0xff00, 0xffef)];
        for (lo, hi) in ranges {
            for cp in lo..=hi {
                if let Some(c) = char::from_u32(cp) {
                    if let Some(g) = face.glyph_index(c) {
                        if let Some(adv) = face.glyph_hor_advance(g) {
                            glyphs[cp as usize] = (g.0, adv as f32 / units_per_em);
                        }
                    }
                }
            }
        }
        let face = FontFace {
            path: path.to_path_buf(),
            index,
            bytes,
            parsed: OnceLock::new(),
            parsing: Mutex::new(Some(parsing)),
            units_per_em,
            glyphs,
        };
        Ok(face)
    }

    /// printpdf's form of the face, waiting for its parse to finish.
    pub fn parsed(&self) -> Result<&printpdf::ParsedFont> {
        let parsed = self.parsed.get_or_init(|| {
            let handle = self.parsing.lock().ok().and_then(|mut h| h.take());
            handle.and_then(|h| h.join().ok()).flatten()
        });
        parsed.as_ref().ok_or_else(|| Error::FontInvalid { path: self.path.clone(), reason: "printpdf 无法解析该字体".into() })
    }

    /// Advance width of `c` in em (multiply by the font size in pt).
    pub fn advance(&self, c: char) -> f32 {
        if let Some((_, w)) = self.measured(c) {
            return w;
        }
        // Rare characters (extension blocks, symbols): ask the face directly.
        match ttf_parser::Face::parse(&self.bytes, self.index) {
            Ok(face) => face
                .glyph_index(c)
                .and_then(|g| face.glyph_hor_advance(g))
                .map(|a| a as f32 / self.units_per_em)
                .unwrap_or(if (c as u32) < 0x2e80 { 0.5 } else { 1.0 }),
            Err(_) => 1.0,
        }
    }

    /// The glyph id of `c` (0, the .notdef box, when the font lacks it). We hand printpdf
    /// glyph ids directly: its own per-character cmap lookup dominated the save time.
    pub fn glyph_id(&self, c: char) -> u16 {
        if let Some((g, _)) = self.measured(c) {
            return g;
        }
        ttf_parser::Face::parse(&self.bytes, self.index)
            .ok()
            .and_then(|f| f.glyph_index(c))
            .map(|g| g.0)
            .unwrap_or(0)
    }

    fn measured(&self, c: char) -> Option<(u16, f32)> {
        self.glyphs.get(c as usize).copied().filter(|(_, w)| *w >= 0.0)
    }

    pub fn text_width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() * size
    }
}

/// The regular face and, when the family has one, the bold face.
#[derive(Clone)]
pub struct FontSet {
    pub regular: Arc<FontFace>,
    pub bold: Option<Arc<FontFace>>,
}

/// A font file and the face index inside it.
type FaceKey = (PathBuf, u32);

/// One slot per face: a second caller for the same face (an export's early prefetch, then its
/// layout) waits for the first to finish loading instead of reading the file again. A failed
/// load leaves the slot empty, so a font the user then repairs is read afresh.
type Slot = Arc<Mutex<Option<Arc<FontFace>>>>;

fn cache() -> &'static Mutex<HashMap<FaceKey, Slot>> {
    static CACHE: OnceLock<Mutex<HashMap<FaceKey, Slot>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

fn load_cached(path: &Path, index: u32) -> Result<Arc<FontFace>> {
    let key = (path.to_path_buf(), index);
    let slot: Slot = match cache().lock() {
        Ok(mut map) => map.entry(key).or_default().clone(),
        Err(_) => Arc::default(),
    };
    let mut slot = match slot.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some(face) = slot.as_ref() {
        return Ok(face.clone());
    }
    let face = Arc::new(FontFace::load(path, index)?);
    *slot = Some(face.clone());
    Ok(face)
}

/// Starts loading the record's fonts on another thread, so reading the data and filling the
/// template overlap with reading and measuring a 20 MB font. The export's own `load_fonts`
/// then finds them loaded (or waits for them), and reports any error itself.
pub fn prefetch(choice: &FontChoice) {
    let choice = choice.clone();
    let _ = std::thread::Builder::new().name("font-prefetch".into()).spawn(move || {
        let _ = load_fonts(&choice);
    });
}

/// The system font database is scanned once per process.
fn system_db() -> &'static fontdb::Database {
    static DB: OnceLock<fontdb::Database> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        db
    })
}

/// Finds (path, index) of the regular and bold face of the first preferred family present.
fn find_in_db(db: &fontdb::Database) -> Option<(FaceKey, Option<FaceKey>)> {
    for family in PREFERRED_FAMILIES {
        let faces: Vec<&fontdb::FaceInfo> = db
            .faces()
            .filter(|f| f.families.iter().any(|(name, _)| name.eq_ignore_ascii_case(family)))
            .filter(|f| f.style == fontdb::Style::Normal)
            .collect();
        let path_of = |f: &fontdb::FaceInfo| match &f.source {
            fontdb::Source::File(p) => Some((p.clone(), f.index)),
            fontdb::Source::SharedFile(p, _) => Some((p.clone(), f.index)),
            fontdb::Source::Binary(_) => None,
        };
        // Regular: the weight closest to 400; bold: 600 or more.
        let regular = faces.iter().min_by_key(|f| (f.weight.0 as i32 - 400).abs()).and_then(|f| path_of(f));
        let bold = faces
            .iter()
            .filter(|f| f.weight.0 >= 600)
            .min_by_key(|f| (f.weight.0 as i32 - 700).abs())
            .and_then(|f| path_of(f));
        if let Some(regular) = regular {
            return Some((regular, bold));
        }
    }
    None
}

/// The regular and (when there is one) bold face a choice resolves to, without reading them,
/// or the one clear error naming what to install.
fn resolve(choice: &FontChoice) -> Result<(FaceKey, Option<FaceKey>)> {
    match choice {
        FontChoice::File { path, index } => {
            if !path.exists() {
                return Err(Error::FontInvalid { path: path.clone(), reason: "文件不存在".into() });
            }
            // NotoSansCJK-Regular.ttc → NotoSansCJK-Bold.ttc (same face index), when present.
            let bold = path
                .file_name()
                .and_then(|n| n.to_str())
                .filter(|n| n.contains("Regular"))
                .map(|n| path.with_file_name(n.replace("Regular", "Bold")))
                .filter(|p| p.exists())
                .map(|p| (p, *index));
            Ok(((path.clone(), *index), bold))
        }
        FontChoice::System => find_in_db(system_db()).ok_or(Error::FontNotFound),
        FontChoice::Dirs(dirs) => {
            let mut db = fontdb::Database::new();
            for d in dirs {
                db.load_fonts_dir(d);
            }
            find_in_db(&db).ok_or(Error::FontNotFound)
        }
    }
}

/// Resolves the font choice to loaded faces, or the one clear error naming what to install.
pub fn load_fonts(choice: &FontChoice) -> Result<FontSet> {
    let ((rp, ri), bold) = resolve(choice)?;
    let regular = load_cached(&rp, ri)?;
    // A broken bold file is not worth failing the export for: fall back to regular.
    let bold = bold.and_then(|(bp, bi)| load_cached(&bp, bi).ok());
    Ok(FontSet { regular, bold })
}

/// The file of the regular face a choice resolves to, without reading it: 设置 → 关于 names the
/// font, and loading a 20 MB face (kept for the process) only to show its path costs the window
/// its memory.
pub fn locate(choice: &FontChoice) -> Result<PathBuf> {
    resolve(choice).map(|((path, _), _)| path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_names_the_file_without_loading_it() {
        let missing = FontChoice::File { path: PathBuf::from("/nonexistent/x.ttc"), index: 0 };
        assert!(matches!(locate(&missing), Err(Error::FontInvalid { .. })));
        assert!(matches!(locate(&FontChoice::Dirs(vec![PathBuf::from("/nonexistent")])), Err(Error::FontNotFound)));
        let file = FontChoice::File { path: PathBuf::from(file!()), index: 0 };
        assert_eq!(locate(&file).unwrap(), PathBuf::from(file!()));
        let loaded = cache().lock().unwrap().keys().any(|(p, _)| p == Path::new(file!()));
        assert!(!loaded, "locate must not read the face into the cache");
    }

    #[test]
    fn licence_of_known_fonts() {
        assert_eq!(licence_of(Path::new("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")), "SIL Open Font License 1.1");
        assert_eq!(licence_of(Path::new("SourceHanSerifSC-Regular.otf")), "SIL Open Font License 1.1");
        assert_eq!(licence_of(Path::new("wqy-microhei.ttc")), "GPL-2.0（含字体例外）");
        assert_eq!(licence_of(Path::new("simsun.ttc")), "以字体文件自带的许可为准");
    }
}
