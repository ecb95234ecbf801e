//! The templates as files a secretary can find (issue 14, item 3): `<data>/模板/<record>/`, one
//! folder per record, holding the shipped template (rewritten from the binary at every start,
//! so an update reaches it) and the user's edited copies, each under its own name. A copy is
//! checked before it is saved, can be previewed on the current data, and can be remembered as
//! the record's default (a setting, so it is logged like the font).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::data::Filters;
use super::export::Record;
use super::render::{render_markdown, RenderOptions};
use super::template;
use crate::error::{Error, Result};
use crate::files::write_atomic;
use crate::Store;

/// The records that are printed from a template (the 挂图 is drawn, not templated).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TemplateKind {
    Walk,
    Problems,
    Ledger,
    Report,
    Supervision,
    Weekly,
}

impl TemplateKind {
    pub const ALL: [TemplateKind; 6] = [Self::Walk, Self::Problems, Self::Ledger, Self::Report, Self::Supervision, Self::Weekly];

    /// The record's name, which is also its folder and its shipped file's name.
    pub fn label_zh(self) -> &'static str {
        self.builtin().0.trim_end_matches(".md")
    }

    fn builtin(self) -> (&'static str, &'static str) {
        self.record().builtin_template()
    }

    fn record(self) -> Record {
        match self {
            Self::Walk => Record::Walk(String::new()),
            Self::Problems => Record::Problems,
            Self::Ledger => Record::Ledger,
            Self::Report => Record::Report,
            Self::Supervision => Record::Supervision(Vec::new()),
            Self::Weekly => Record::Weekly(chrono::NaiveDate::MIN),
        }
    }

    pub fn of(record: &Record) -> Option<TemplateKind> {
        Some(match record {
            Record::Walk(_) => Self::Walk,
            Record::Problems => Self::Problems,
            Record::Ledger => Self::Ledger,
            Record::Report => Self::Report,
            Record::Supervision(_) => Self::Supervision,
            Record::Weekly(_) => Self::Weekly,
            Record::Chart => return None,
        })
    }

    fn setting_key(self) -> String {
        format!("template_default.{}", serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default())
    }
}

/// One template file of a record, as 导出 lists it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TemplateFile {
    pub kind: TemplateKind,
    /// The file's name without `.md`.
    pub name: String,
    pub path: String,
    /// The shipped template (restored at every start; edit a copy instead).
    pub builtin: bool,
    /// Used when an export names no template.
    pub default: bool,
}

/// A template filled with the current data: the Markdown to show, and the PDF's page count.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TemplatePreview {
    pub markdown: String,
    pub pages: u32,
    pub warnings: Vec<String>,
}

const FOLDER: &str = "模板";
const NAME_MAX: usize = 40;

impl Store {
    /// `<data>/模板`: where the templates live.
    pub fn templates_dir(&self) -> PathBuf {
        self.data_dir().join(FOLDER)
    }

    fn kind_dir(&self, kind: TemplateKind) -> PathBuf {
        self.templates_dir().join(kind.label_zh())
    }

    /// Writes each shipped template into its folder when it is missing or differs from the one
    /// in the binary (an edit in place is put back: copies are where edits go).
    pub fn install_templates(&self) -> Result<()> {
        TemplateKind::ALL.into_iter().try_for_each(|kind| self.install_template(kind))
    }

    fn install_template(&self, kind: TemplateKind) -> Result<()> {
        let (name, source) = kind.builtin();
        let path = self.kind_dir(kind).join(name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(source) {
            std::fs::create_dir_all(self.kind_dir(kind)).map_err(|e| Error::Write { path: path.clone(), reason: e.to_string() })?;
            write_atomic(&path, source.as_bytes())?;
        }
        Ok(())
    }

    /// The record's templates: the shipped one first, then the copies by name.
    pub fn templates(&self, kind: TemplateKind) -> Result<Vec<TemplateFile>> {
        // Only this record's shipped file: the CLI lists without the app's start having run.
        self.install_template(kind)?;
        let default = self.setting(&kind.setting_key())?;
        let builtin = kind.label_zh().to_string();
        let dir = self.kind_dir(kind);
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .map_err(|e| Error::Read { path: dir.clone(), reason: e.to_string() })?
            .filter_map(|entry| entry.ok())
            .filter(|entry| entry.file_type().map(|t| t.is_file()).unwrap_or(false))
            .filter_map(|entry| entry.file_name().to_str().and_then(|n| n.strip_suffix(".md")).map(str::to_string))
            .filter(|n| *n != builtin)
            .collect();
        names.sort();
        names.insert(0, builtin.clone());
        let chosen = default.filter(|d| names.contains(d)).unwrap_or_else(|| builtin.clone());
        Ok(names
            .into_iter()
            .map(|name| TemplateFile {
                kind,
                path: dir.join(format!("{name}.md")).to_string_lossy().into_owned(),
                builtin: name == builtin,
                default: name == chosen,
                name,
            })
            .collect())
    }

    pub fn template_source(&self, kind: TemplateKind, name: &str) -> Result<String> {
        let path = self.template_path(kind, name)?;
        std::fs::read_to_string(&path).map_err(|e| Error::TemplateRead { path, reason: e.to_string() })
    }

    /// Saves a user's copy under its own name, after checking that it parses and fills with the
    /// current data (an error names its line). The shipped template cannot be overwritten.
    pub fn save_template(&mut self, kind: TemplateKind, name: &str, source: &str) -> Result<TemplateFile> {
        let name = name.trim();
        if name == kind.label_zh() {
            return Err(Error::invalid("name", format!("“{name}”是内置模板的名称，请为副本另起一个名字")));
        }
        let path = self.template_path(kind, name)?;
        crate::rules::check_text("source", source, 200_000, false)?;
        self.fill_record(&kind.record(), source, &Filters::default())?;
        std::fs::create_dir_all(self.kind_dir(kind)).map_err(|e| Error::Write { path: path.clone(), reason: e.to_string() })?;
        write_atomic(&path, source.as_bytes())?;
        self.templates(kind)?
            .into_iter()
            .find(|t| t.name == name)
            .ok_or_else(|| Error::not_found("template", name))
    }

    /// Remembers the record's default template; None goes back to the shipped one.
    pub fn set_default_template(&mut self, kind: TemplateKind, name: Option<&str>) -> Result<()> {
        let value = match name.map(str::trim) {
            Some(n) if n != kind.label_zh() => {
                self.template_path(kind, n)?;
                if !self.templates(kind)?.iter().any(|t| t.name == n) {
                    return Err(Error::not_found("template", n));
                }
                n.to_string()
            }
            _ => kind.label_zh().to_string(),
        };
        self.set_setting(&kind.setting_key(), &value)
    }

    /// The file an export of `record` uses when it names none: the remembered default, if it is
    /// still there; None means the shipped template (compiled in, so it works from anywhere).
    pub fn default_template(&self, record: &Record) -> Result<Option<PathBuf>> {
        let Some(kind) = TemplateKind::of(record) else { return Ok(None) };
        let Some(name) = self.setting(&kind.setting_key())? else { return Ok(None) };
        if name == kind.label_zh() {
            return Ok(None);
        }
        let path = self.kind_dir(kind).join(format!("{name}.md"));
        Ok(path.is_file().then_some(path))
    }

    /// Fills `source` with the current data of the record (the first walk on record for a
    /// 体验纪实表 unless `walk_id` names one) and renders it, without writing any file.
    pub fn preview_template(&self, kind: TemplateKind, source: &str, filters: &Filters, walk_id: Option<&str>) -> Result<TemplatePreview> {
        let record = match (kind, walk_id) {
            (TemplateKind::Walk, Some(id)) => Record::Walk(id.to_string()),
            _ => kind.record(),
        };
        let markdown = self.fill_record(&record, source, filters)?;
        let opts = RenderOptions { exported_at: self.now().format("%Y-%m-%d %H:%M").to_string(), image_base: Some(self.data_dir()), files: self.file_cipher().cloned(), ..Default::default() };
        let rendered = render_markdown(&markdown, &opts, &mut |_, _| {})?;
        Ok(TemplatePreview { markdown, pages: rendered.pages as u32, warnings: rendered.warnings })
    }

    fn fill_record(&self, record: &Record, source: &str, filters: &Filters) -> Result<String> {
        let record = match record {
            // A walk to fill with: the newest one that is not only planned.
            Record::Walk(id) if id.is_empty() => {
                let walk = self.walks(&crate::ops::WalkFilter { limit: Some(50), ..Default::default() })?
                    .into_iter()
                    .find(|w| w.status != crate::model::WalkStatus::Planned)
                    .ok_or_else(|| Error::invalid("walk_id", "还没有可用于预览的体验记录"))?;
                Record::Walk(walk.id)
            }
            Record::Weekly(d) if *d == chrono::NaiveDate::MIN => Record::Weekly(self.today()),
            other => other.clone(),
        };
        let data = super::export::record_data(self, &record, filters)?;
        let (name, _) = record.builtin_template();
        template::render(name, source, &data)
    }

    /// A template's path from a name the user typed: one plain file name in the record's folder.
    fn template_path(&self, kind: TemplateKind, name: &str) -> Result<PathBuf> {
        let name = name.trim();
        let bad = name.is_empty()
            || name.chars().count() > NAME_MAX
            || name.starts_with('.')
            || name.chars().any(|c| matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control());
        if bad {
            return Err(Error::invalid("name", format!("模板名称须为 1–{NAME_MAX} 个字，不含 / \\ : * ? \" < > | 等符号")));
        }
        Ok(self.kind_dir(kind).join(format!("{name}.md")))
    }
}
