//! 核验: does the record in hand still say what was recorded? Two checks, for every front end:
//! the hash chain of the change log (nothing edited or deleted), and a 核验码 printed on a
//! record — a sealed walk's code is recomputed from its content; an exported record's code names
//! the change-log line it was made from.

use crate::error::{Error, Result};
use crate::ops::SealedWalk;
use crate::store::{find_by_code, verify_chain, ChainReport, Store};
use rusqlite::OptionalExtension;
use serde::Serialize;

/// What a 核验码 turned out to be.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CodeVerdict {
    /// A sealed walk whose current content gives its code back.
    SealIntact { walk_id: String, title: String, walk_date: String, steps: usize, problems: usize },
    /// A sealed walk changed since: what differs, when this install holds the sealed original.
    SealChanged { walk_id: String, title: String, walk_date: String, differences: Vec<String> },
    /// The code of an exported record: the change-log line it was made from (authentic, as the
    /// chain up to it is intact).
    LogLine { seq: i64, at: String, actor: String, entity_zh: String, action: String },
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CodeCheck {
    /// The code in its printed form, `XXXX-XXXX-XXXX-XXXX`.
    pub code: String,
    pub chain: ChainReport,
    pub verdict: CodeVerdict,
    /// What the record says now (a task sent back since the page was printed), when the code
    /// or the scanned QR payload names a record this database holds.
    pub now: Option<crate::current::CurrentState>,
}

/// Accepts the code with or without dashes and spaces, any case.
pub fn normalise_code(code: &str) -> Result<String> {
    // A scanned QR code (WALKLOG1:<核验码>:<record>) stands for its code.
    let trimmed = code.trim();
    let code = match trimmed.get(..crate::report::render::QR_PREFIX.len()) {
        Some(p) if p.eq_ignore_ascii_case(crate::report::render::QR_PREFIX) => {
            trimmed[crate::report::render::QR_PREFIX.len()..].split(':').next().unwrap_or_default()
        }
        _ => code,
    };
    let hex: String = code.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_ascii_uppercase();
    if hex.len() != 16 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        let shown: String = code.trim().chars().take(40).collect();
        return Err(Error::invalid("code", format!("核验码“{shown}”格式不对，应为 16 位，如 1A2B-3C4D-5E6F-7A8B。")));
    }
    Ok(format!("{}-{}-{}-{}", &hex[0..4], &hex[4..8], &hex[8..12], &hex[12..16]))
}

impl Store {
    /// Walks the whole change log (`walklog verify`, the 核验 screen).
    pub fn check_chain(&self) -> Result<ChainReport> {
        verify_chain(self.conn())
    }

    /// Checks a 核验码. A broken chain is an error (nothing after the break can be trusted); a
    /// sealed walk whose content changed is a verdict, shown with what changed.
    pub fn check_code(&self, code: &str) -> Result<CodeCheck> {
        let scanned = crate::current::qr_record(code);
        let code = normalise_code(code)?;
        let chain = self.check_chain()?;
        if let Some((seq, message)) = chain.first_broken.clone() {
            return Err(Error::ChainBroken { seq, message });
        }
        let walk_id: Option<String> = self
            .conn()
            .query_row("SELECT id FROM walks WHERE seal_code = ?1 AND status = 'archived'", [&code], |r| r.get(0))
            .optional()?;
        // The log sealed a walk under this code, but no sealed walk carries it now: the walk
        // was reopened, unsealed or deleted behind the program.
        let lost_seal = if walk_id.is_none() { self.sealing_line(&code)? } else { None };
        let verdict = match (walk_id, lost_seal) {
            (Some(walk_id), _) => self.seal_verdict(&walk_id, &code)?,
            (None, Some(sealed)) => {
                let walk_id = sealed.walk.id.clone();
                let (title, walk_date) = (sealed.walk.title.clone(), sealed.walk.walk_date().to_string());
                let what = match self.walk(&walk_id) {
                    // Still archived under another code: its content was edited and the code
                    // recomputed to match, so the printed code is the one that tells.
                    Ok(w) if w.status == crate::model::WalkStatus::Archived && w.seal_code.is_some() => format!(
                        "该体验封存后被绕过本系统改动，核验码也被改成了 {}",
                        w.seal_code.unwrap_or_default()
                    ),
                    Ok(w) => format!(
                        "该体验已不再封存（现为“{}”，核验码{}），封存后被绕过本系统改动",
                        w.status.label_zh(),
                        if w.seal_code.is_some() { "已变" } else { "被清除" }
                    ),
                    Err(_) => "该体验及其环节、问题已从表中删除".to_string(),
                };
                CodeVerdict::SealChanged { walk_id, title, walk_date, differences: vec![what] }
            }
            (None, None) => match find_by_code(self.conn(), &code)? {
                Some(line) => CodeVerdict::LogLine {
                    seq: line.seq,
                    at: line.at,
                    actor: line.actor,
                    entity_zh: crate::error::entity_zh(&line.entity).to_string(),
                    action: line.action,
                },
                None => {
                    return Err(Error::invalid("code", format!("本数据库中没有核验码为 {code} 的纪实或变更记录。")));
                }
            },
        };
        // The record: the scanned one, else the sealed walk the verdict is about (a typed code
        // of a ledger names a log line, not a record).
        let record = scanned.or_else(|| match &verdict {
            CodeVerdict::SealIntact { walk_id, .. } | CodeVerdict::SealChanged { walk_id, .. } => Some(format!("WALK:{walk_id}")),
            CodeVerdict::LogLine { .. } => None,
        });
        let now = match record {
            Some(r) => Some(self.current_state(&r)?),
            None => None,
        };
        Ok(CodeCheck { code, chain, verdict, now })
    }

    /// The sealed content the log holds under `code` (an archive line whose content gives it).
    fn sealing_line(&self, code: &str) -> Result<Option<SealedWalk>> {
        let mut stmt = self.conn().prepare("SELECT state FROM change_log WHERE entity = 'walk' AND action = 'archive' ORDER BY seq DESC")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let state: String = r.get(0)?;
            let Ok(sealed) = serde_json::from_str::<SealedWalk>(&state) else { continue };
            if sealed.code()? == code {
                return Ok(Some(sealed));
            }
        }
        Ok(None)
    }

    fn seal_verdict(&self, walk_id: &str, code: &str) -> Result<CodeVerdict> {
        let current = self.sealed_walk(walk_id)?;
        let (title, walk_date) = (current.walk.title.clone(), current.walk.walk_date().to_string());
        if current.code()? == code {
            return Ok(CodeVerdict::SealIntact {
                walk_id: walk_id.into(),
                title,
                walk_date,
                steps: current.steps.len(),
                problems: current.problems.len(),
            });
        }
        // The line that sealed it (if this install sealed it) says what changed.
        let sealed: Option<String> = self
            .conn()
            .query_row(
                "SELECT state FROM change_log WHERE entity = 'walk' AND entity_id = ?1 AND action = 'archive' ORDER BY seq DESC LIMIT 1",
                [walk_id],
                |r| r.get(0),
            )
            .optional()?;
        let mut now = current;
        now.walk.seal_code = None;
        let differences = match sealed {
            Some(state) => compare(&serde_json::from_str::<SealedWalk>(&state)?, &now),
            None => Vec::new(),
        };
        Ok(CodeVerdict::SealChanged { walk_id: walk_id.into(), title, walk_date, differences })
    }
}

/// Where the current content differs from the sealed one, in words.
fn compare(sealed: &SealedWalk, now: &SealedWalk) -> Vec<String> {
    let mut out = Vec::new();
    if sealed.walk != now.walk {
        out.push("体验基本信息（标题、时间、地点、人员等）".to_string());
    }
    if sealed.steps.len() != now.steps.len() {
        out.push(format!("环节数量（封存时 {} 个，现在 {} 个）", sealed.steps.len(), now.steps.len()));
    }
    for (a, b) in sealed.steps.iter().zip(&now.steps) {
        if a != b {
            out.push(format!("第 {} 个环节“{}”", a.seq, a.name));
        }
    }
    if sealed.problems.len() != now.problems.len() {
        out.push(format!("问题数量（封存时 {} 个，现在 {} 个）", sealed.problems.len(), now.problems.len()));
    }
    for (i, (a, b)) in sealed.problems.iter().zip(&now.problems).enumerate() {
        if a != b {
            out.push(format!("第 {} 个问题", i + 1));
        }
    }
    out
}

impl CodeVerdict {
    /// The verdict in a sentence (CLI output, the 核验 screen's headline).
    pub fn sentence_zh(&self, code: &str) -> String {
        match self {
            CodeVerdict::SealIntact { title, walk_date, steps, problems, .. } => {
                format!("核验码 {code}：{title}（{walk_date}）核验通过：现有内容按封存规则计算出的核验码与之一致（环节 {steps} 个，问题 {problems} 个）。")
            }
            CodeVerdict::SealChanged { title, walk_date, differences, .. } if differences.is_empty() => {
                format!("核验码 {code}：{title}（{walk_date}）的内容与封存时不一致。该体验由其他终端封存后导入，本机没有封存原文，无法指出改动之处。")
            }
            CodeVerdict::SealChanged { title, walk_date, differences, .. } => {
                format!("核验码 {code}：{title}（{walk_date}）的内容与封存时不一致，改动之处：{}。", differences.join("；"))
            }
            CodeVerdict::LogLine { seq, at, actor, entity_zh, action } => {
                format!("核验码 {code} 对应第 {seq} 条变更记录（{at}，操作人 {actor}，{entity_zh} {action}），该记录真实，此前的记录未被改动。")
            }
        }
    }
}
