//! The one error shape that crosses to the UI: a stable code and a Chinese message.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CmdError {
    pub code: String,
    pub message_zh: String,
}

impl CmdError {
    pub fn new(code: &str, message_zh: impl Into<String>) -> Self {
        Self { code: code.to_string(), message_zh: message_zh.into() }
    }
}

impl std::fmt::Display for CmdError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message_zh)
    }
}

impl std::error::Error for CmdError {}
