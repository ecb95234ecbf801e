//! What a record says now, for someone holding an older printed copy: a 纪实表's walk with its
//! problems and tasks (a task sent back since the page was printed says so), or the ledger's,
//! the problem list's and the report's figures as of today. The 核验 screen shows it beside the
//! verdict on the printed code.

use crate::error::{Error, Result};
use crate::model::TaskStatus;
use crate::stats::{Period, Scope};
use crate::store::Store;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CurrentState {
    /// 体验纪实表「…」, 整改台账 …
    pub record_zh: String,
    /// One sentence per fact, in reading order.
    pub lines: Vec<String>,
}

/// The record part of a scanned QR payload (`WALKLOG1:<code>:<record>`), if the text is one.
pub fn qr_record(text: &str) -> Option<String> {
    let text = text.trim();
    let prefix = crate::report::render::QR_PREFIX;
    let rest = text.get(..prefix.len()).filter(|p| p.eq_ignore_ascii_case(prefix)).map(|_| &text[prefix.len()..])?;
    let (_, record) = rest.split_once(':')?;
    Some(record.trim().to_string()).filter(|r| !r.is_empty())
}

impl Store {
    /// The current state of a record named as the QR code and the export lines name it:
    /// `WALK:<id>` (any case), `LEDGER`, `PROBLEMS`, `REPORT`.
    pub fn current_state(&self, record: &str) -> Result<CurrentState> {
        let upper = record.trim().to_ascii_uppercase();
        if let Some(id) = upper.strip_prefix("WALK:") {
            // Ids are stored in lower case; a QR code carries them upper-cased.
            return self.walk_now(&id.to_ascii_lowercase());
        }
        let f = self.figures(&Scope::City, &Period::all())?;
        let (record_zh, lines) = match upper.as_str() {
            "LEDGER" => (
                "整改台账",
                vec![format!(
                    "截至今天，整改任务共 {} 项：已销号 {} 项，已完成待销号 {} 项，整改中 {} 项，待整改 {} 项，逾期 {} 项。",
                    f.measures, f.tasks_closed_out, f.tasks_done, f.tasks_in_progress, f.tasks_open, f.tasks_overdue
                )],
            ),
            "PROBLEMS" => (
                "问题清单",
                vec![format!("截至今天，共发现问题 {} 个，已解决 {} 个（其中立行立改 {} 个）。", f.problems_found, f.problems_solved, f.problems_on_spot)],
            ),
            "REPORT" => ("完成情况报告", vec![format!("截至今天：{}", f.sentence())]),
            "SUPERVISION" => {
                let s = self.supervision_figures(None)?;
                ("督办单", vec![format!("截至今天，督办中的整改任务 {} 项；累计督办 {} 项，按期办结 {} 项。", s.open, s.total, s.resolved_on_time)])
            }
            "WEEKLY" => ("周报", vec![format!("截至今天：{}", f.sentence())]),
            _ => return Err(Error::invalid("code", "二维码中的记录无法识别，请输入纸面上印的核验码。")),
        };
        Ok(CurrentState { record_zh: record_zh.to_string(), lines })
    }

    fn walk_now(&self, walk_id: &str) -> Result<CurrentState> {
        let walk = match self.walk(walk_id) {
            Ok(w) => w,
            Err(Error::NotFound { .. }) => {
                return Ok(CurrentState { record_zh: "体验纪实表".into(), lines: vec!["本数据库中已没有这次体验。".into()] })
            }
            Err(e) => return Err(e),
        };
        let mut lines = vec![format!(
            "体验状态：{}{}。",
            walk.status.label_zh(),
            walk.seal_code.as_ref().map(|c| format!("（核验码 {c}）")).unwrap_or_default()
        )];
        lines.push(format!("记录方式：{}。", self.walk_capture(walk_id)?.headline));
        let problems = self.walk_problems(walk_id)?;
        let mut task_ids = Vec::new();
        for p in &problems {
            task_ids.extend(self.problem_task_ids(&p.id)?);
        }
        task_ids.sort();
        task_ids.dedup();
        lines.push(format!("发现问题 {} 个，生成整改任务 {} 项。", problems.len(), task_ids.len()));
        for id in task_ids {
            let t = self.task(&id)?;
            let mut line = format!("整改任务“{}”：{}", crate::history::clip(&t.measure, 30), t.status.label_zh());
            if t.status == TaskStatus::ClosedOut {
                if let Some(d) = t.closed_out_on {
                    line.push_str(&format!("（{d} 销号）"));
                }
            } else if let (Some(reason), Some(at)) = (&t.sent_back_reason, &t.sent_back_at) {
                line.push_str(&format!("（{} 被退回：{}）", at.format("%Y-%m-%d"), crate::history::clip(reason, 40)));
            }
            line.push('。');
            lines.push(line);
        }
        Ok(CurrentState { record_zh: format!("体验纪实表「{}」", walk.title), lines })
    }
}
