//! `walklog task raise|start|note|attach|done|close-out|send-back|show|milestone`: a rectification task
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
    /// 整改节点（挂图推进）：add、done、undo、delete、list
    Milestone {
        #[command(subcommand)]
        verb: MilestoneVerb,
    },
    /// 查看整改任务：状态、进展记录和证据
    Show {
        /// 整改任务（编号或整改措施）
        #[arg(value_name = "任务")]
        task: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum MilestoneVerb {
    /// 添加整改节点
    Add {
        /// 整改任务（编号或整改措施）
        #[arg(value_name = "任务")]
        task: String,
        /// 节点名称
        #[arg(value_name = "名称")]
        name: String,
        /// 计划完成日期，如 2026-04-30
        #[arg(long, value_name = "日期")]
        planned: String,
    },
    /// 标记节点完成（完成日期为今天，须有完成佐证）
    Done {
        /// 节点编号
        #[arg(value_name = "节点")]
        id: String,
        /// 完成佐证
        #[arg(long, value_name = "佐证")]
        evidence: String,
    },
    /// 撤销节点完成
    Undo {
        /// 节点编号
        #[arg(value_name = "节点")]
        id: String,
    },
    /// 删除整改节点
    Delete {
        /// 节点编号
        #[arg(value_name = "节点")]
        id: String,
    },
    /// 列出任务的整改节点
    List {
        /// 整改任务（编号或整改措施）
        #[arg(value_name = "任务")]
        task: String,
    },
}

fn milestone_line(m: &walklog::model::Milestone) -> String {
    match m.done_on {
        Some(done) => format!("  ◆ {} 计划 {}，{} 完成（佐证：{}），编号 {}\n", m.name, m.planned_on, done, m.evidence, m.id),
        None => format!("  ◇ {} 计划 {}，未完成，编号 {}\n", m.name, m.planned_on, m.id),
    }
}

fn milestone(store: &mut walklog::Store, verb: MilestoneVerb) -> CliResult {
    match verb {
        MilestoneVerb::Add { task, name, planned } => {
            let id = store.lookup_task(&task)?.id;
            let planned_on = date("planned_on", &planned)?;
            let m = store.add_milestone(&id, walklog::ops::MilestoneInput { id: String::new(), name, planned_on })?;
            Outcome::new(format!("已添加整改节点「{}」（计划 {}），编号 {}\n", m.name, m.planned_on, m.id), &m)
        }
        MilestoneVerb::Done { id, evidence } => {
            let m = store.mark_milestone_done(&id, &evidence)?;
            Outcome::new(format!("整改节点「{}」已完成（{}）\n", m.name, m.done_on.map(|d| d.to_string()).unwrap_or_default()), &m)
        }
        MilestoneVerb::Undo { id } => {
            let m = store.undo_milestone(&id)?;
            Outcome::new(format!("已撤销整改节点「{}」的完成\n", m.name), &m)
        }
        MilestoneVerb::Delete { id } => {
            let m = store.milestone(&id)?;
            store.delete_milestone(&id)?;
            Outcome::new(format!("已删除整改节点「{}」\n", m.name), &m)
        }
        MilestoneVerb::List { task } => {
            let task = store.lookup_task(&task)?;
            let list = store.milestones(&task.id)?;
            let mut text = format!("{}：{} 个整改节点\n", task.measure, list.len());
            for m in &list {
                text.push_str(&milestone_line(m));
            }
            Outcome::new(text, &list)
        }
    }
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
        TaskVerb::Milestone { verb } => milestone(store, verb),
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
