//! The one error shape that crosses to the UI: a stable code, a Chinese message, and for
//! validation and authority errors the field it is about (so the UI can show it beside that
//! field). It is only ever made from the core's `walklog::Error`, so every code the UI can
//! receive is a variant there, with its message.

use serde::Serialize;
use walklog::ErrorCode;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CmdError {
    pub code: ErrorCode,
    pub message_zh: String,
    pub field: Option<String>,
    /// A refused 报送包: each reason on its own (message_zh joins them), so the UI lists them.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub reasons: Option<Vec<String>>,
    /// A template error's line (1-based), for the template editor to mark.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub line: Option<u32>,
}

impl From<walklog::Error> for CmdError {
    fn from(e: walklog::Error) -> Self {
        let reasons = match &e {
            walklog::Error::BundleRefused { reasons } => Some(reasons.clone()),
            _ => None,
        };
        let line = e.line().map(|l| l as u32);
        Self { code: e.kind(), message_zh: e.message_zh(), field: e.field().map(str::to_string), reasons, line }
    }
}

impl std::fmt::Display for CmdError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message_zh)
    }
}

impl std::error::Error for CmdError {}
