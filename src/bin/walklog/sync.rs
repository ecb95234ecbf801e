//! `walklog bundle export|import|status` and `walklog conflicts [resolve]`: the 报送包 files
//! that carry changes between the units and the office (docs/bundles.md), and the records two
//! installs changed at once. What a bundle carries, what is accepted and how a conflict is
//! kept are the core's (`walklog::sync`).

use super::output::Outcome;
use super::table::{clip, Table};
use super::{CliResult, Ctx};
use clap::{Args, Subcommand};
use std::collections::BTreeMap;
use std::path::PathBuf;
use walklog::model::Timestamp;
use walklog::sync::bundle::BundleSummary;
use walklog::Error;

#[derive(Debug, Args)]
pub struct BundleArgs {
    #[command(subcommand)]
    pub verb: BundleVerb,
}

#[derive(Debug, Subcommand)]
pub enum BundleVerb {
    /// 导出报送包：本机对方尚未确认收到的全部变更，签名后写成一个文件
    Export {
        /// 发给谁：单位端省略（或写 office，即党建办）；党建办端写单位名称或安装编号
        #[arg(long, value_name = "office|单位")]
        to: Option<String>,
        /// 输出文件或文件夹（默认：当前文件夹，文件名为 报送包-<本单位>-至-<对方>-第N号.wlbundle）
        #[arg(long, value_name = "文件")]
        out: Option<PathBuf>,
    },
    /// 导入报送包：整包校验（签名、哈希、来源链、权限），全部通过才写入
    Import {
        /// 报送包文件（.wlbundle）
        #[arg(value_name = "文件")]
        file: PathBuf,
    },
    /// 各对方的收发情况：已发出、已收到的报送包编号和时间，对方尚未确认的变更数
    Status,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ConflictsArgs {
    #[command(subcommand)]
    pub verb: Option<ConflictVerb>,
}

#[derive(Debug, Subcommand)]
pub enum ConflictVerb {
    /// 解决冲突：保留一个版本，可逐个字段改取另一个版本的值
    Resolve {
        /// 记录类型：task/walk/step/problem/note/… 或 整改任务/体验/环节/问题/进展记录/…
        #[arg(value_name = "类型")]
        entity: String,
        /// 记录编号
        #[arg(value_name = "编号")]
        id: String,
        /// 保留的版本：序号（walklog conflicts 列出的 1、2…）或版本号的前几位
        #[arg(long, value_name = "版本")]
        keep: String,
        /// 某个字段改取另一个版本的值，如 --field measure=2（可多次）
        #[arg(long = "field", value_name = "字段=版本")]
        fields: Vec<String>,
    },
}

fn when(t: &Option<Timestamp>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default()
}

fn size(bytes: u64) -> String {
    match bytes {
        0..=1023 => format!("{bytes} 字节"),
        1024..=1_048_575 => format!("{:.1} KB", bytes as f64 / 1024.0),
        _ => format!("{:.1} MB", bytes as f64 / 1_048_576.0),
    }
}

/// What a bundle holds, in one sentence.
fn holds(s: &BundleSummary) -> String {
    let mut text = format!(
        "变更 {} 条：体验 {} 次、环节 {} 个、问题 {} 个、整改任务 {} 项、进展 {} 条、照片 {} 张",
        s.entries, s.walks, s.steps, s.problems, s.tasks, s.notes, s.photos
    );
    if s.photos > 0 {
        text.push_str(&format!("（{}）", size(s.photo_bytes)));
    }
    text
}

pub fn bundle(ctx: &mut Ctx, args: BundleArgs) -> CliResult {
    let store = &mut ctx.store;
    match args.verb {
        BundleVerb::Export { to, out } => {
            let out = out.unwrap_or_else(|| PathBuf::from("."));
            // `--out 报送包/` names a folder, made if missing; the file is named inside it.
            if out.as_os_str().to_string_lossy().ends_with(['/', std::path::MAIN_SEPARATOR]) {
                std::fs::create_dir_all(&out).map_err(Error::from)?;
            }
            let b = store.bundle_export(to.as_deref(), &out)?;
            let mut text = format!(
                "已导出报送包（第 {} 号，发往 {}）：{}\n内容：{}\n文件大小：{}\n",
                b.counter,
                b.to_department,
                b.path,
                holds(&b.summary),
                size(b.bytes)
            );
            if b.summary.entries == 0 {
                text.push_str("没有对方尚未收到的变更；这个包只告诉对方本机已收到什么（回执）。\n");
            }
            Outcome::new(text, &b)
        }
        BundleVerb::Import { file } => {
            let r = store.bundle_import(&file)?;
            let mut text = format!("已接收 {} 的第 {} 号报送包。\n", r.from_department, r.counter);
            if r.already_received {
                text.push_str("这个报送包（或更新的一个）此前已经接收过。\n");
            }
            text.push_str(&format!(
                "新增 {} 条，更新 {} 条，未变 {} 条，冲突 {} 条；照片 {} 张。\n",
                r.inserted,
                r.updated,
                r.unchanged,
                r.conflicts.len(),
                r.photos
            ));
            for c in &r.conflicts {
                text.push_str(&format!("  冲突：{} {}\n", c.entity_zh, c.id));
            }
            if !r.conflicts.is_empty() {
                text.push_str("两个版本都已保留；请用 walklog conflicts 查看并解决。\n");
            }
            Outcome::new(text, &r)
        }
        BundleVerb::Status => {
            let list = store.bundle_status()?;
            if list.is_empty() {
                return Outcome::new("单位名录中还没有可以交换报送包的安装。\n".into(), &list);
            }
            let mut table = Table::new(&["单位", "身份", "状态", "已发出", "发出时间", "已收到", "收到时间", "对方未确认"]);
            for p in &list {
                let n = |c: i64| if c == 0 { "—".to_string() } else { format!("第 {c} 号") };
                table.row(vec![
                    clip(&p.department_name, 30),
                    p.role.label_zh().into(),
                    p.status.label_zh().into(),
                    n(p.sent_counter),
                    when(&p.sent_at),
                    n(p.received_counter),
                    when(&p.received_at),
                    format!("{} 条", p.unacknowledged),
                ]);
            }
            Outcome::new(table.render(), &list)
        }
    }
}

/// A change-log action in words (display only; unknown ones as they are).
fn action_zh(action: &str) -> &str {
    match action {
        "save" => "保存",
        "update" => "修改",
        "plan" => "计划",
        "start" => "开始",
        "finish" => "结束环节",
        "complete" => "结束",
        "archive" => "归档",
        "retime" => "改时间",
        "record" => "记问题",
        "raise" => "生成任务",
        "done" => "完成",
        "close_out" => "销号",
        "send_back" => "退回",
        "add" => "添加进展",
        "attach" => "添加附件",
        "detach" => "删除附件",
        "delete" => "删除",
        "resolve" => "解决",
        "import" => "导入",
        other => other,
    }
}

/// The record kind as the change log names it, from its code or Chinese name.
fn entity(text: &str) -> Result<&'static str, Error> {
    let text = text.trim();
    walklog::sync::REPLICATED.iter().copied().find(|e| *e == text || walklog::error::entity_zh(e) == text).ok_or_else(|| {
        let known: Vec<String> =
            walklog::sync::REPLICATED.iter().map(|e| format!("{e}（{}）", walklog::error::entity_zh(e))).collect();
        Error::Usage { message: format!("无法识别的记录类型“{text}”，可用：{}。", known.join("、")) }
    })
}

pub fn conflicts(ctx: &mut Ctx, args: ConflictsArgs) -> CliResult {
    let store = &mut ctx.store;
    match args.verb {
        None => {
            let list = store.conflicts()?;
            if list.is_empty() {
                return Outcome::new("没有冲突。\n".into(), &list);
            }
            let mut text = String::new();
            for c in &list {
                text.push_str(&format!("{} {}（{} 个版本）\n", c.entity_zh, c.id, c.versions.len()));
                for (i, v) in c.versions.iter().enumerate() {
                    let shown = if v.current { "，当前显示" } else { "" };
                    text.push_str(&format!(
                        "  版本 {}：{}（{}，{}，{}{shown}）版本号 {}\n",
                        i + 1,
                        v.origin_name,
                        action_zh(&v.action),
                        v.at.get(..16).unwrap_or(&v.at).replace('T', " "),
                        if v.actor.is_empty() { "—" } else { &v.actor },
                        v.version.get(..12).unwrap_or(&v.version)
                    ));
                }
                let mut header = vec!["字段".to_string()];
                header.extend((1..=c.versions.len()).map(|i| format!("版本 {i}")));
                let header: Vec<&str> = header.iter().map(String::as_str).collect();
                let mut table = Table::new(&header);
                for f in &c.fields {
                    let mut row = vec![f.field.clone()];
                    row.extend(f.values.iter().map(|v| clip(v, 40)));
                    table.row(row);
                }
                if !table.is_empty() {
                    for line in table.render().lines() {
                        text.push_str(&format!("  {line}\n"));
                    }
                }
                text.push_str(&format!("  解决：walklog conflicts resolve {} {} --keep 1 [--field 字段=2]\n\n", c.entity, c.id));
            }
            text.push_str(&format!("共 {} 条冲突。\n", list.len()));
            Outcome::new(text, &list)
        }
        Some(ConflictVerb::Resolve { entity: kind, id, keep, fields }) => {
            let kind = entity(&kind)?;
            let id = id.trim().to_string();
            let keep = store.conflict_version(kind, &id, &keep)?;
            let mut picks = BTreeMap::new();
            for f in &fields {
                let Some((field, version)) = f.split_once('=') else {
                    return Err(Error::Usage { message: format!("--field 应写成 字段=版本，如 measure=2，而不是“{f}”。") }.into());
                };
                picks.insert(field.trim().to_string(), store.conflict_version(kind, &id, version)?);
            }
            store.resolve_conflict(kind, &id, &keep, &picks)?;
            let text = format!(
                "已解决{} {} 的冲突：保留版本 {}{}。解决结果会随下一个报送包发给对方。\n",
                walklog::error::entity_zh(kind),
                id,
                keep.get(..12).unwrap_or(&keep),
                if picks.is_empty() { String::new() } else { format!("，字段 {} 取自所选版本", picks.keys().cloned().collect::<Vec<_>>().join("、")) }
            );
            Outcome::new(text, &serde_json::json!({ "entity": kind, "id": id, "keep": keep, "picks": picks }))
        }
    }
}
