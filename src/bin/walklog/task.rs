//! `walklog task raise|start|note|attach|done|close-out|send-back|show`: a rectification task
//! from the ledger to 销号. Who may do what (evidence before 完成, the 党建办 for 销号 and 退回)
//! is the core's rule; `--as` only says who acts.

use super::output::Outcome;
use super::parse::date;
use super::{CliResult, Ctx};
use clap::{Args, Subcommand};
use std::path::PathBuf;
use walklog::model::{OwnerKind, Task};
use walklog::ops::NewAttachment;
use walklog::Error;

#[derive(Debug, Args)]
pub struct TaskArgs {
    #[command(subcommand)]
    pub verb: TaskVerb,
}

#[derive(Debug, Subcommand)]
pub enum TaskVerb {
    /// 生成整改任务：为复杂共性问题建立台账
    Raise {
        /// 整改的问题（编号或描述，可多次）
        #[arg(long = "problem", value_name = "问题", required = true)]
        problems: Vec<String>,
        /// 整改措施
        #[arg(long, value_name = "措施")]
        measure: String,
        /// 责任单位（编号或名称）
        #[arg(long, value_name = "单位")]
        dept: String,
        /// 责任人（编号或姓名）
        #[arg(long, value_name = "人员")]
        owner: String,
        /// 整改时限，如 2026-06-30
        #[arg(long, value_name = "日期")]
        deadline: String,
        /// 涉及的服务事项（编号或名称）
        #[arg(long, value_name = "事项")]
        matter: Option<String>,
    },
    /// 开始整改：待整改 → 整改中
    Start {
        /// 整改任务（编号或整改措施）
        #[arg(value_name = "任务")]
        task: String,
    },
    /// 添加进展记录（作者为 --as 指定的人员）
    Note {
        /// 整改任务（编号或整改措施）
        #[arg(value_name = "任务")]
        task: String,
        /// 进展情况
        #[arg(value_name = "内容")]
        text: String,
        /// 进展日期（默认今天），如 2026-03-31
        #[arg(long, value_name = "日期")]
        date: Option<String>,
    },
    /// 添加整改证据（照片、扫描件等文件）
    Attach {
        /// 整改任务（编号或整改措施）
        #[arg(value_name = "任务")]
        task: String,
        /// 证据文件
        #[arg(value_name = "文件")]
        file: PathBuf,
        /// 说明
        #[arg(long, value_name = "说明", default_value = "")]
        caption: String,
    },
    /// 标记完成：须有进展记录或证据（退回后须有新的）
    Done {
        /// 整改任务（编号或整改措施）
        #[arg(value_name = "任务")]
        task: String,
    },
    /// 销号：党建办核实后销号（--as 须为党建办人员）
    CloseOut {
        /// 整改任务（编号或整改措施）
        #[arg(value_name = "任务")]
        task: String,
    },
    /// 退回：党建办退回重新整改（--as 须为党建办人员）
    SendBack {
        /// 整改任务（编号或整改措施）
        #[arg(value_name = "任务")]
        task: String,
        /// 退回理由
        #[arg(long, value_name = "理由")]
        reason: String,
    },
    /// 督办：党建办对逾期或无进展的任务督办，写明要求和新的时限（--as 须为党建办人员）
    Supervise {
        /// 整改任务（编号或整改措施）
        #[arg(value_name = "任务")]
        task: String,
        /// 督办意见：要求做什么
        #[arg(long, value_name = "意见")]
        note: String,
        /// 督办时限，如 2026-12-31
        #[arg(long, value_name = "日期")]
        until: String,
    },
    /// 查看整改任务：状态、进展记录和证据
    Show {
        /// 整改任务（编号或整改措施）
        #[arg(value_name = "任务")]
        task: String,
    },
}

pub fn run(ctx: &mut Ctx, args: TaskArgs) -> CliResult {
    let me = ctx.me_id().to_string();
    let store = &mut ctx.store;
    match args.verb {
        TaskVerb::Raise { problems, measure, dept, owner, deadline, matter } => {
            let problem_ids = problems.iter().map(|p| store.lookup_problem(p).map(|p| p.id)).collect::<Result<_, _>>()?;
            let mut task = Task::new(problem_ids, measure, store.lookup_department(&dept)?.id, store.lookup_person(&owner)?.id, date("deadline", &deadline)?);
            task.matter_id = matter.map(|m| store.lookup_matter(&m)).transpose()?.map(|m| m.id);
            let task = store.raise_task(task)?;
            Outcome::new(format!("已生成整改任务（整改时限 {}），编号 {}\n", task.deadline, task.id), &task)
        }
        TaskVerb::Start { task } => {
            let id = store.lookup_task(&task)?.id;
            moved(store.start_task(&id)?)
        }
        TaskVerb::Note { task, text, date: on } => {
            let id = store.lookup_task(&task)?.id;
            let on = on.map(|d| date("noted_on", &d)).transpose()?;
            let note = store.add_note(&id, &text, on)?;
            Outcome::new(format!("已添加进展（{}，{}）\n", note.noted_on, note.author), &note)
        }
        TaskVerb::Attach { task, file, caption } => {
            let id = store.lookup_task(&task)?.id;
            let bytes = std::fs::read(&file).map_err(|e| Error::Io(std::io::Error::new(e.kind(), format!("{}：{e}", file.display()))))?;
            let file_name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let new = NewAttachment { owner_kind: OwnerKind::Task, owner_id: id, file_name, bytes, caption, taken_at: None };
            let attachment = store.attach(new)?;
            Outcome::new(format!("已添加证据：{}（{} 字节）\n", attachment.file_name, attachment.size), &attachment)
        }
        TaskVerb::Done { task } => {
            let id = store.lookup_task(&task)?.id;
            moved(store.mark_task_done(&id)?)
        }
        TaskVerb::CloseOut { task } => {
            let id = store.lookup_task(&task)?.id;
            moved(store.close_out_task(&id, &me)?)
        }
        TaskVerb::SendBack { task, reason } => {
            let id = store.lookup_task(&task)?.id;
            moved(store.send_back_task(&id, &me, &reason)?)
        }
        TaskVerb::Supervise { task, note, until } => {
            let id = store.lookup_task(&task)?.id;
            let s = store.supervise_task(&id, &me, &note, date("required_by", &until)?)?;
            let times = store.supervisions(&id)?.len();
            Outcome::new(format!("已督办（第 {times} 次），督办时限 {}\n", s.required_by), &s)
        }
        TaskVerb::Show { task } => {
            let task = store.lookup_task(&task)?;
            let notes = store.notes(&task.id)?;
            let supervisions = store.supervisions(&task.id)?;
            let attachments = store.attachments(OwnerKind::Task, &task.id)?;
            let mut text = format!("{}\n状态：{}；整改时限：{}；编号：{}\n", task.measure, task.status.label_zh(), task.deadline, task.id);
            if let Some(reason) = &task.sent_back_reason {
                text.push_str(&format!("退回理由：{reason}\n"));
            }
            for (i, s) in supervisions.iter().enumerate() {
                text.push_str(&format!("  督办 第 {} 次 {}：{}（督办时限 {}）\n", i + 1, s.at.format("%Y-%m-%d"), s.note, s.required_by));
            }
            for n in &notes {
                text.push_str(&format!("  进展 {}（{}）：{}\n", n.noted_on, n.author, n.text));
            }
            for a in &attachments {
                text.push_str(&format!("  证据：{}（{} 字节）\n", a.file_name, a.size));
            }
            Outcome::new(text, &serde_json::json!({ "task": task, "notes": notes, "attachments": attachments, "supervisions": supervisions }))
        }
    }
}

/// A task after a status change: its new status in words, the task for scripts.
fn moved(task: Task) -> CliResult {
    Outcome::new(format!("整改任务状态：{}\n", task.status.label_zh()), &task)
}
