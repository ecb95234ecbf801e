//! One typed error for the whole core. Every variant has a stable `code` (the UI and CLI branch
//! on it) and a Chinese message (what the user reads).

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
    #[error("database busy for {waited_secs} s")]
    Busy { waited_secs: u64 },
    #[error("{count} attachment files missing or damaged")]
    AttachmentsMissing { count: usize, names: String },
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
        match self {
            Error::Validation { .. } => "validation",
            Error::NotFound { .. } => "not_found",
            Error::Transition { .. } => "transition",
            Error::Sealed { .. } => "sealed",
            Error::SchemaTooNew { .. } => "schema_too_new",
            Error::Import { .. } => "import",
            Error::Conflict { .. } => "conflict",
            Error::Authority { .. } => "authority",
            Error::ChainBroken { .. } => "chain_broken",
            Error::Usage { .. } => "usage",
            Error::Ambiguous { .. } => "ambiguous",
            Error::NotEmpty { .. } => "not_empty",
            Error::SealMismatch { .. } => "seal_mismatch",
            Error::NoCurrentUser => "no_current_user",
            Error::ForbiddenPath { .. } => "forbidden_path",
            Error::Open { .. } => "open",
            Error::Internal { .. } => "internal",
            Error::Busy { .. } => "busy",
            Error::AttachmentsMissing { .. } => "attachments_missing",
            Error::Db(_) => "database",
            Error::Io(_) => "io",
            Error::Json(_) => "json",
        }
    }

    /// The field a validation error is about, if any.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Error::Validation { field, .. } | Error::Authority { field, .. } => Some(field),
            _ => None,
        }
    }

    /// What the user reads, in Chinese.
    pub fn message_zh(&self) -> String {
        match self {
            Error::Validation { message, .. } => message.clone(),
            Error::NotFound { entity, id } => format!("找不到{}（编号 {}），可能已被删除。", entity_zh(entity), id),
            Error::Transition { message } => message.clone(),
            Error::Sealed { .. } => "该体验已归档封存，不能再修改（含其环节和问题）。".into(),
            Error::SchemaTooNew { found, supported } => format!(
                "数据库版本（{found}）比本程序支持的版本（{supported}）新，请先升级程序。"
            ),
            Error::Import { location, message } => {
                format!("导入文件有误（{location}）：{}，未导入任何数据。", message.trim_end_matches(['。', '，', '；']))
            }
            Error::Conflict { records } => {
                let shown: Vec<&str> = records.iter().take(10).map(String::as_str).collect();
                let more = if records.len() > 10 { format!("等 {} 条", records.len()) } else { String::new() };
                format!("导入文件中有记录与本机已有的同一记录内容不同（冲突）：{}{more}。这些记录未被改动，整个文件未导入。", shown.join("；"))
            }
            Error::Authority { message, .. } => message.clone(),
            Error::ChainBroken { seq, message } => format!("变更记录第 {seq} 条校验失败：{message}"),
            Error::Usage { message }
            | Error::Ambiguous { message }
            | Error::NotEmpty { message }
            | Error::SealMismatch { message }
            | Error::ForbiddenPath { message }
            | Error::Open { message }
            | Error::Internal { message } => message.clone(),
            Error::NoCurrentUser => "请先在“设置”中选择当前用户。".into(),
            Error::Busy { waited_secs } => format!(
                "数据库正被其他程序长时间占用（已等待 {waited_secs} 秒），本次操作未保存。请等其他导入或写入完成后重试"
            ),
            Error::AttachmentsMissing { count, names } => {
                format!("有 {count} 个附件文件缺失或内容已损坏，未能备份：{names}")
            }
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
