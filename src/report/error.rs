//! Errors of the report module. Each variant has a stable code (for the UI and the CLI's
//! exit message) and a Chinese message for the secretary who reads it.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("未找到中文字体，请安装 fonts-noto-cjk（或在设置中指定字体文件）")]
    FontNotFound,

    #[error("字体文件无法读取或不是有效字体：{path}（{reason}）")]
    FontInvalid { path: PathBuf, reason: String },

    #[error("模板第 {line} 行有错误：{message}")]
    Template { line: usize, message: String },

    #[error("模板文件无法读取：{path}（{reason}）")]
    TemplateRead { path: PathBuf, reason: String },

    #[error("图片无法读取：{path}（{reason}）")]
    Image { path: String, reason: String },

    #[error("无法写入文件：{path}（{reason}）")]
    Write { path: PathBuf, reason: String },

    #[error("读取数据失败：{0}")]
    Data(String),

    #[error("找不到要导出的记录：{0}")]
    NotFound(String),

    #[error("生成表格失败：{0}")]
    Xlsx(String),

    #[error("参数有误：{0}")]
    BadArgument(String),
}

impl ReportError {
    /// Stable machine-readable code; never translated, never renamed.
    pub fn code(&self) -> &'static str {
        match self {
            ReportError::FontNotFound => "font_not_found",
            ReportError::FontInvalid { .. } => "font_invalid",
            ReportError::Template { .. } => "template_error",
            ReportError::TemplateRead { .. } => "template_read",
            ReportError::Image { .. } => "image_error",
            ReportError::Write { .. } => "write_failed",
            ReportError::Data(_) => "data_error",
            ReportError::NotFound(_) => "not_found",
            ReportError::Xlsx(_) => "xlsx_error",
            ReportError::BadArgument(_) => "bad_argument",
        }
    }

    /// The message shown to the user (Chinese).
    pub fn message_zh(&self) -> String {
        self.to_string()
    }
}

pub type Result<T> = std::result::Result<T, ReportError>;
