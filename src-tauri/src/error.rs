//! The one error shape that crosses to the UI: a stable code, a Chinese message, and for
//! validation errors the field it is about (so the UI can show it beside that field).

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CmdError {
    pub code: String,
    pub message_zh: String,
    pub field: Option<String>,
}

impl CmdError {
    pub fn new(code: &str, message_zh: impl Into<String>) -> Self {
        Self { code: code.to_string(), message_zh: message_zh.into(), field: None }
    }
}

impl From<walklog::Error> for CmdError {
    fn from(e: walklog::Error) -> Self {
        Self { code: e.code().to_string(), message_zh: e.message_zh(), field: e.field().map(str::to_string) }
    }
}

impl std::fmt::Display for CmdError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message_zh)
    }
}

impl std::error::Error for CmdError {}
