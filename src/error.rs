//! One typed error for the whole core. Every variant has a stable `code` (the UI and CLI branch
//! on it) and a Chinese message (what the user reads).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use thiserror::Error;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, Error)]
pub enum Error {
    /// A field failed validation; `field` names it so the UI can show the message beside it.
    #[error("{field}: {message}")]
    Validation { field: &'static str, message: String },
    #[error("unknown {entity} id {id}")]
    NotFound { entity: &'static str, id: String },
    #[error("transition not allowed: {message}")]
    Transition { message: String },
    #[error("walk {walk_id} is archived and sealed")]
    Sealed { walk_id: String },
    #[error("database schema version {found} is newer than this program ({supported})")]
    SchemaTooNew { found: i64, supported: i64 },
    #[error("invalid import file at {location}: {message}")]
    Import { location: String, message: String },
    /// Records of an import file that exist here with other content; the file is refused whole.
    #[error("import conflicts: {records:?}")]
    Conflict { records: Vec<String> },
    /// An act only the 党建办 may make (销号、退回), made by someone else or by nobody named.
    #[error("{field}: {message}")]
    Authority { field: &'static str, message: String },
    /// Rows of the tables that are not what the change log says, or a chain that no longer
    /// holds a head recorded earlier: the database was edited behind the program.
    #[error("tampered: {records:?}")]
    Tampered { records: Vec<String> },
    /// A 报送包 (bundle) refused whole before anything was written: each reason in Chinese.
    #[error("bundle refused: {reasons:?}")]
    BundleRefused { reasons: Vec<String> },
    /// A file that is not one this install exported, or was changed since (文件核验).
    #[error("file unverified: {message}")]
    FileUnverified { message: String },
    /// The sync server cannot be reached (no network, stopped, wrong address): offline is
    /// normal, the app shows 未同步 and retries later.
    #[error("server unreachable: {message}")]
    ServerUnreachable { message: String },
    /// The sync server refused a push or a pull (authority, a forked chain, a revoked role).
    #[error("server refused: {message}")]
    ServerRefused { message: String },
    /// This install's identity is missing, already set, or does not match its key file.
    #[error("identity: {message}")]
    Identity { message: String },
    #[error("change log broken at entry {seq}: {message}")]
    ChainBroken { seq: i64, message: String },
    /// A command line the CLI cannot read (unknown verb, missing argument).
    #[error("usage: {message}")]
    Usage { message: String },
    /// A name that fits more than one record (the CLI accepts unambiguous names for ids).
    #[error("ambiguous: {message}")]
    Ambiguous { message: String },
    /// An act that needs an empty database (demo data) on one that has records.
    #[error("not empty: {message}")]
    NotEmpty { message: String },
    /// A sealed walk whose content no longer gives its 核验码.
    #[error("seal mismatch: {message}")]
    SealMismatch { message: String },
    /// The app has no current user chosen in 设置.
    #[error("no current user")]
    NoCurrentUser,
    /// A path outside the folders an act may touch (open, reveal).
    #[error("forbidden path: {message}")]
    ForbiddenPath { message: String },
    /// The system could not open a file or folder for the user.
    #[error("open failed: {message}")]
    Open { message: String },
    /// A state the program should never be in; the message says what to do.
    #[error("internal: {message}")]
    Internal { message: String },
    /// Another writer (a long import) held the database longer than a write waits.
    #[error("database busy for {waited_secs} s")]
    Busy { waited_secs: u64 },
    /// An encrypted database opened without its password (the app shows its unlock screen).
    #[error("database is encrypted")]
    Locked,
    /// The password does not open the encrypted database (or backup); nothing was changed.
    #[error("wrong password")]
    WrongPassword,
    /// Attachment files a backup should carry but could not (missing or damaged).
    #[error("{count} attachment files missing or damaged")]
    AttachmentsMissing { count: usize, names: String },
    /// No Chinese font on the system and none chosen in 设置 (reports).
    #[error("no CJK font found")]
    FontNotFound,
    /// A font file that cannot be read or has no Chinese glyphs.
    #[error("font {path}: {reason}")]
    FontInvalid { path: PathBuf, reason: String },
    /// A report template that does not render; `line` is 1-based (0 when unknown).
    #[error("template line {line}: {message}")]
    Template { line: usize, message: String },
    #[error("template {path}: {reason}")]
    TemplateRead { path: PathBuf, reason: String },
    /// An image a record refers to that cannot be read or embedded.
    #[error("image {path}: {reason}")]
    Image { path: String, reason: String },
    /// A file the user chose (an attachment) that cannot be read.
    #[error("read {path}: {reason}")]
    Read { path: PathBuf, reason: String },
    /// An output file (export, backup) that cannot be written; nothing half-written is left.
    #[error("write {path}: {reason}")]
    Write { path: PathBuf, reason: String },
    #[error("xlsx: {message}")]
    Xlsx { message: String },
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    #[error("json error: {0}")]
    Json(#[from] serde_json::Error),
}

impl Error {
    /// Stable machine code; never rename one, the UI maps them.
    pub fn code(&self) -> &'static str {
        self.kind().as_str()
    }

    /// The code as a value (what crosses to the UI, typed there as a union of literals).
    pub fn kind(&self) -> ErrorCode {
        match self {
            Error::Validation { .. } => ErrorCode::Validation,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Transition { .. } => ErrorCode::Transition,
            Error::Sealed { .. } => ErrorCode::Sealed,
            Error::SchemaTooNew { .. } => ErrorCode::SchemaTooNew,
            Error::Import { .. } => ErrorCode::Import,
            Error::Conflict { .. } => ErrorCode::Conflict,
            Error::Authority { .. } => ErrorCode::Authority,
            Error::ChainBroken { .. } => ErrorCode::ChainBroken,
            Error::BundleRefused { .. } => ErrorCode::BundleRefused,
            Error::ServerUnreachable { .. } => ErrorCode::ServerUnreachable,
            Error::FileUnverified { .. } => ErrorCode::FileUnverified,
            Error::ServerRefused { .. } => ErrorCode::ServerRefused,
            Error::Tampered { .. } => ErrorCode::Tampered,
            Error::Identity { .. } => ErrorCode::Identity,
            Error::Usage { .. } => ErrorCode::Usage,
            Error::Ambiguous { .. } => ErrorCode::Ambiguous,
            Error::NotEmpty { .. } => ErrorCode::NotEmpty,
            Error::SealMismatch { .. } => ErrorCode::SealMismatch,
            Error::NoCurrentUser => ErrorCode::NoCurrentUser,
            Error::ForbiddenPath { .. } => ErrorCode::ForbiddenPath,
            Error::Open { .. } => ErrorCode::Open,
            Error::Internal { .. } => ErrorCode::Internal,
            Error::Busy { .. } => ErrorCode::Busy,
            Error::Locked => ErrorCode::Locked,
            Error::WrongPassword => ErrorCode::WrongPassword,
            Error::AttachmentsMissing { .. } => ErrorCode::AttachmentsMissing,
            Error::FontNotFound => ErrorCode::FontNotFound,
            Error::FontInvalid { .. } => ErrorCode::FontInvalid,
            Error::Template { .. } => ErrorCode::TemplateError,
            Error::TemplateRead { .. } => ErrorCode::TemplateRead,
            Error::Image { .. } => ErrorCode::ImageError,
            Error::Read { .. } => ErrorCode::ReadFailed,
            Error::Write { .. } => ErrorCode::WriteFailed,
            Error::Xlsx { .. } => ErrorCode::XlsxError,
            Error::Db(_) => ErrorCode::Database,
            Error::Io(_) => ErrorCode::Io,
            Error::Json(_) => ErrorCode::Json,
        }
    }

    /// The template line a template error is on (1-based), for the editor to mark.
    pub fn line(&self) -> Option<usize> {
        match self {
            Error::Template { line, .. } if *line > 0 => Some(*line),
            _ => None,
        }
    }

    /// The field a validation error is about, if any.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Error::Validation { field, .. } | Error::Authority { field, .. } => Some(field),
            Error::WrongPassword => Some("password"),
            _ => None,
        }
    }

    /// What the user reads, in Chinese. Never ends in 。，；: the UI and the CLI put it into
    /// sentences of their own, and messages from every module end alike this way.
    pub fn message_zh(&self) -> String {
        let text = self.message_raw();
        text.trim_end_matches(['。', '，', '；', ' ']).to_string()
    }

    fn message_raw(&self) -> String {
        match self {
            Error::Validation { message, .. } => message.clone(),
            Error::NotFound { entity, id } => format!("找不到{}（编号 {}），可能已被删除", entity_zh(entity), id),
            Error::Transition { message } => message.clone(),
            Error::Sealed { .. } => "该体验已归档封存，不能再修改（含其环节和问题）".into(),
            Error::SchemaTooNew { found, supported } => format!(
                "数据库版本（{found}）比本程序支持的版本（{supported}）新，请先升级程序"
            ),
            Error::Import { location, message } => {
                format!("导入文件有误（{location}）：{}，未导入任何数据", message.trim_end_matches(['。', '，', '；']))
            }
            Error::Conflict { records } => {
                let shown: Vec<&str> = records.iter().take(10).map(String::as_str).collect();
                let more = if records.len() > 10 { format!("等 {} 条", records.len()) } else { String::new() };
                format!("导入文件中有记录与本机已有的同一记录内容不同（冲突）：{}{more}。这些记录未被改动，整个文件未导入", shown.join("；"))
            }
            Error::Authority { message, .. } => message.clone(),
            Error::ChainBroken { seq, message } => format!("变更记录第 {seq} 条校验失败：{message}"),
            Error::BundleRefused { reasons } => {
                let shown: Vec<&str> = reasons.iter().take(10).map(String::as_str).collect();
                let more = if reasons.len() > 10 { format!("等 {} 条", reasons.len()) } else { String::new() };
                format!("报送包未被接收，本机数据没有任何改动：{}{more}", shown.join("；"))
            }
            Error::Identity { message } => message.clone(),
            Error::FileUnverified { message } => message.clone(),
            Error::ServerUnreachable { message } => format!("未连上同步服务器（{message}），记录已保存在本机，稍后会再同步"),
            Error::ServerRefused { message } => format!("同步服务器拒绝了这次同步：{message}"),
            Error::Tampered { records } => {
                let shown: Vec<&str> = records.iter().take(10).map(String::as_str).collect();
                let more = if records.len() > 10 { format!("等 {} 处", records.len()) } else { String::new() };
                format!("数据库被绕过本系统改动过：{}{more}", shown.join("；"))
            }
            Error::Usage { message }
            | Error::Ambiguous { message }
            | Error::NotEmpty { message }
            | Error::SealMismatch { message }
            | Error::ForbiddenPath { message }
            | Error::Open { message }
            | Error::Internal { message } => message.clone(),
            Error::Busy { waited_secs } => format!(
                "数据库正被其他程序长时间占用（已等待 {waited_secs} 秒），本次操作未保存。请等其他导入或写入完成后重试"
            ),
            Error::Locked => "数据库已加密，请输入密码解锁".into(),
            Error::WrongPassword => "密码不正确，未打开数据，也未作任何改动".into(),
            Error::AttachmentsMissing { count, names } => format!("有 {count} 个附件文件缺失或内容已损坏，未能备份：{names}"),
            Error::NoCurrentUser => "请先在“设置”中选择当前用户".into(),
            Error::FontNotFound => "未找到中文字体，请安装 fonts-noto-cjk（或在“设置”中指定字体文件）".into(),
            Error::FontInvalid { path, reason } => format!("字体文件无法读取或不是有效字体：{}（{reason}）", path.display()),
            Error::Template { line, message } => format!("模板第 {line} 行有错误：{message}"),
            Error::TemplateRead { path, reason } => format!("模板文件无法读取：{}（{reason}）", path.display()),
            Error::Image { path, reason } => format!("图片无法读取：{path}（{reason}）"),
            Error::Read { path, reason } => format!("无法读取文件“{}”：{reason}", path.display()),
            Error::Write { path, reason } => format!("无法写入文件：{}（{reason}）", path.display()),
            Error::Xlsx { message } => format!("生成表格失败：{message}"),
            Error::Db(e) => db_message_zh(e),
            Error::Io(e) => format!("读写文件失败：{e}"),
            Error::Json(e) => format!("数据格式错误：{e}"),
        }
    }

    pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Error::Validation { field, message: message.into() }
    }

    pub(crate) fn not_found(entity: &'static str, id: impl Into<String>) -> Self {
        Error::NotFound { entity, id: id.into() }
    }

    pub(crate) fn transition(message: impl Into<String>) -> Self {
        Error::Transition { message: message.into() }
    }
}

/// Every code an error can carry, one per variant of [`Error`]. The UI receives it as a string
/// literal union (generated from this enum), so it can branch only on codes that exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Validation,
    NotFound,
    Transition,
    Sealed,
    SchemaTooNew,
    Import,
    Conflict,
    Authority,
    ChainBroken,
    BundleRefused,
    ServerUnreachable,
    ServerRefused,
    FileUnverified,
    Identity,
    Tampered,
    Usage,
    Ambiguous,
    NotEmpty,
    SealMismatch,
    NoCurrentUser,
    ForbiddenPath,
    Open,
    Internal,
    Busy,
    Locked,
    WrongPassword,
    AttachmentsMissing,
    FontNotFound,
    FontInvalid,
    TemplateError,
    TemplateRead,
    ImageError,
    ReadFailed,
    WriteFailed,
    XlsxError,
    Database,
    Io,
    Json,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Validation => "validation",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Transition => "transition",
            ErrorCode::Sealed => "sealed",
            ErrorCode::SchemaTooNew => "schema_too_new",
            ErrorCode::Import => "import",
            ErrorCode::Conflict => "conflict",
            ErrorCode::Authority => "authority",
            ErrorCode::ChainBroken => "chain_broken",
            ErrorCode::BundleRefused => "bundle_refused",
            ErrorCode::ServerUnreachable => "server_unreachable",
            ErrorCode::ServerRefused => "server_refused",
            ErrorCode::FileUnverified => "file_unverified",
            ErrorCode::Identity => "identity",
            ErrorCode::Tampered => "tampered",
            ErrorCode::Usage => "usage",
            ErrorCode::Ambiguous => "ambiguous",
            ErrorCode::NotEmpty => "not_empty",
            ErrorCode::SealMismatch => "seal_mismatch",
            ErrorCode::NoCurrentUser => "no_current_user",
            ErrorCode::ForbiddenPath => "forbidden_path",
            ErrorCode::Open => "open",
            ErrorCode::Internal => "internal",
            ErrorCode::Busy => "busy",
            ErrorCode::Locked => "locked",
            ErrorCode::WrongPassword => "wrong_password",
            ErrorCode::AttachmentsMissing => "attachments_missing",
            ErrorCode::FontNotFound => "font_not_found",
            ErrorCode::FontInvalid => "font_invalid",
            ErrorCode::TemplateError => "template_error",
            ErrorCode::TemplateRead => "template_read",
            ErrorCode::ImageError => "image_error",
            ErrorCode::ReadFailed => "read_failed",
            ErrorCode::WriteFailed => "write_failed",
            ErrorCode::XlsxError => "xlsx_error",
            ErrorCode::Database => "database",
            ErrorCode::Io => "io",
            ErrorCode::Json => "json",
        }
    }
}

impl Error {
    /// One error of every variant, for tests that walk the enum (codes, messages) and for the
    /// bindings generator. A new variant belongs here too: the tests compare this list with
    /// the generated `ErrorCode` union and with the UI's table of codes.
    pub fn examples() -> Vec<Error> {
        let path = || PathBuf::from("/tmp/台账.pdf");
        vec![
            Error::invalid("deadline", "整改时限不能早于体验日期。"),
            Error::not_found("walk", "0190"),
            Error::transition("只有进行中的体验可以完成"),
            Error::Sealed { walk_id: "0190".into() },
            Error::SchemaTooNew { found: 9, supported: 8 },
            Error::Import { location: "第 3 行".into(), message: "日期格式有误。".into() },
            Error::Conflict { records: vec!["体验“窗口办事”".into()] },
            Error::Authority { field: "actor", message: "只有党建办人员可以销号".into() },
            Error::ChainBroken { seq: 7, message: "哈希不符".into() },
            Error::BundleRefused { reasons: vec!["报送包签名无效".into()] },
            Error::ServerUnreachable { message: "连接 10.0.0.5:5432 超时".into() },
            Error::ServerRefused { message: "单位端不能销号".into() },
            Error::FileUnverified { message: "文件已被修改或不是本系统导出".into() },
            Error::Identity { message: "本机尚未设置身份".into() },
            Error::Tampered { records: vec!["整改任务（编号 t1）：表中内容与变更记录不符（status）".into()] },
            Error::Usage { message: "缺少参数 --out".into() },
            Error::Ambiguous { message: "“医保”对应多个单位".into() },
            Error::NotEmpty { message: "数据库已有记录，不能载入演示数据".into() },
            Error::SealMismatch { message: "体验内容与核验码不符".into() },
            Error::NoCurrentUser,
            Error::ForbiddenPath { message: "只能打开导出的文件".into() },
            Error::Open { message: "无法打开文件".into() },
            Error::Internal { message: "数据库未能打开，请重新启动程序".into() },
            Error::Busy { waited_secs: 120 },
            Error::Locked,
            Error::WrongPassword,
            Error::AttachmentsMissing { count: 1, names: "照片.jpg".into() },
            Error::FontNotFound,
            Error::FontInvalid { path: path(), reason: "文件不存在".into() },
            Error::Template { line: 2, message: "使用了不存在的字段".into() },
            Error::TemplateRead { path: path(), reason: "文件不存在".into() },
            Error::Image { path: "照片.jpg".into(), reason: "文件不存在".into() },
            Error::Read { path: path(), reason: "权限不足".into() },
            Error::Write { path: path(), reason: "目录不存在".into() },
            Error::Xlsx { message: "工作表名称过长".into() },
            Error::Db(rusqlite::Error::QueryReturnedNoRows),
            Error::Io(std::io::Error::other("disk full")),
            Error::Json(<serde_json::Error as serde::de::Error>::custom("expected value")),
        ]
    }
}

/// The Chinese name of an entity kind as the change log names it.
pub fn entity_zh(entity: &str) -> &'static str {
    match entity {
        "department" => "单位",
        "person" => "人员",
        "matter" => "事项",
        "walk" => "体验",
        "step" => "环节",
        "problem" => "问题",
        "task" => "整改任务",
        "note" => "进展记录",
        "attachment" => "附件",
        "outreach" => "意见征集记录",
        "plan" => "走流程计划",
        "supervision" => "督办",
        "milestone" => "整改节点",
        "review" => "好差评",
        _ => "记录",
    }
}

fn db_message_zh(e: &rusqlite::Error) -> String {
    let text = e.to_string();
    if text.contains("database is locked") || text.contains("busy") {
        "数据库正被其他程序占用，请稍后重试。".into()
    } else if text.contains("FOREIGN KEY") {
        "引用的记录不存在或仍被其他记录引用。".into()
    } else if text.contains("sealed") {
        "该体验已归档封存，不能再修改（含其环节和问题）。".into()
    } else {
        format!("数据库操作失败：{text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn example_codes() -> BTreeSet<String> {
        Error::examples().iter().map(|e| e.code().to_string()).collect()
    }

    #[test]
    fn every_variant_has_a_unique_code_and_a_chinese_message() {
        let examples = Error::examples();
        assert_eq!(example_codes().len(), examples.len(), "two examples share a code");
        for e in &examples {
            let code = e.code();
            assert!(!code.is_empty() && code.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "code {code:?}");
            // The serialised code (what the UI receives) is the same string.
            assert_eq!(serde_json::to_value(e.kind()).unwrap(), serde_json::Value::from(code));
            let m = e.message_zh();
            assert!(m.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{code}: no Chinese in {m:?}");
            assert!(!m.ends_with(['。', '，']), "{code}: {m:?}");
        }
    }

    #[test]
    fn field_is_given_for_validation_authority_and_a_wrong_password_only() {
        for e in Error::examples() {
            let expected = matches!(e.code(), "validation" | "authority" | "wrong_password");
            assert_eq!(e.field().is_some(), expected, "{}", e.code());
        }
    }

    #[test]
    fn messages_from_other_modules_lose_their_final_stop() {
        assert_eq!(Error::invalid("role", "请选择角色。").message_zh(), "请选择角色");
        assert_eq!(Error::NoCurrentUser.message_zh(), "请先在“设置”中选择当前用户");
    }

    /// The string literals of a generated union `export type X = "a" | "b";`, or of the keys
    /// of the UI's table (`  a: …,` lines between the markers).
    fn quoted(text: &str) -> BTreeSet<String> {
        text.split('"').skip(1).step_by(2).map(str::to_string).collect()
    }

    #[test]
    fn generated_union_lists_every_code() {
        let ts = include_str!("../ui/src/lib/bindings/ErrorCode.ts");
        let union = ts.split("export type ErrorCode =").nth(1).expect("ErrorCode union");
        assert_eq!(quoted(union), example_codes());
    }

    #[test]
    fn the_ui_classifies_every_code() {
        // ui/src/lib/errors.ts keeps one entry per code between these two markers.
        let ts = include_str!("../ui/src/lib/errors.ts");
        let table = ts.split("// codes:begin").nth(1).and_then(|t| t.split("// codes:end").next()).expect("markers");
        let keys: BTreeSet<String> = table
            .lines()
            .filter_map(|l| l.trim().split_once(':').map(|(k, _)| k.trim().to_string()))
            .filter(|k| !k.is_empty() && !k.starts_with("//"))
            .collect();
        assert_eq!(keys, example_codes());
    }
}
