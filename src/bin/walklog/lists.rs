//! `walklog walks`, `tasks` and `search`: the lists people read.

use super::table::{clip, Table};
use super::output::Outcome;
use super::parse::parse_enum;
use super::CliResult;
use walklog::model::{TaskStatus, WalkKind, WalkStatus};
use walklog::ops::{LedgerFilter, LedgerSort, WalkFilter};
use walklog::stats::Period;
use walklog::Store;
use std::collections::HashMap;

#[derive(Debug, clap::Args)]
pub struct WalksArgs {
    /// 体验单位（含下属单位；编号或名称）
    #[arg(long, value_name = "单位")]
    pub dept: Option<String>,
    /// 体验方式：daily/cross/acceptance 或 日常体验/交叉体验/受理体验
    #[arg(long, value_name = "方式")]
    pub kind: Option<String>,
    /// 状态：planned/in_progress/completed/archived 或中文
    #[arg(long, value_name = "状态")]
    pub status: Option<String>,
    /// 统计期：2026、2026-Q3、2026-03、2026-01-01..2026-06-30
    #[arg(long, value_name = "统计期")]
    pub period: Option<String>,
    /// 最多显示条数
    #[arg(long, value_name = "条数")]
    pub limit: Option<u32>,
}

#[derive(Debug, clap::Args)]
pub struct TasksArgs {
    /// 只看逾期（过了整改时限仍未销号）
    #[arg(long)]
    pub overdue: bool,
    /// 责任单位（含下属单位；编号或名称）
    #[arg(long, value_name = "单位")]
    pub dept: Option<String>,
    /// 状态：open/in_progress/done/closed_out 或 待整改/整改中/已完成待销号/已销号
    #[arg(long, value_name = "状态")]
    pub status: Option<String>,
    /// 最多显示条数（默认全部）
    #[arg(long, value_name = "条数")]
    pub limit: Option<u32>,
    /// 搜索整改措施、进展情况和所涉问题中的文字
    #[arg(long, value_name = "文字")]
    pub text: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// 要搜索的文字（至少两个字效果最好）
    #[arg(value_name = "文字")]
    pub text: String,
    /// 最多显示条数
    #[arg(long, default_value_t = 50, value_name = "条数")]
    pub limit: u32,
}

pub fn walks(store: &Store, args: &WalksArgs) -> CliResult {
    let mut filter = WalkFilter { limit: args.limit, ..Default::default() };
    if let Some(d) = &args.dept {
        filter.department_id = Some(store.lookup_department(d)?.id);
    }
    if let Some(k) = &args.kind {
        filter.kind = Some(parse_enum(k, WalkKind::parse, WalkKind::ALL, |v| format!("{}（{}）", v.code(), v.label_zh()), "体验方式")?);
    }
    if let Some(s) = &args.status {
        filter.status = Some(parse_enum(s, WalkStatus::parse, WalkStatus::ALL, |v| format!("{}（{}）", v.code(), v.label_zh()), "状态")?);
    }
    if let Some(p) = &args.period {
        let p = Period::parse(p)?;
        filter.from = Some(p.from);
        filter.to = Some(p.to);
    }
    let list = store.walks(&filter)?;
    let units: HashMap<String, String> = store.departments()?.into_iter().map(|d| (d.id, d.name)).collect();
    let people: HashMap<String, String> = store.people(None)?.into_iter().map(|p| (p.id, p.name)).collect();
    let ids: Vec<String> = list.iter().map(|w| w.id.clone()).collect();
    let captures = store.walk_captures(&ids)?;
    let mut table = Table::new(&["日期", "体验单位", "体验人", "方式", "渠道", "状态", "记录方式", "标题", "编号"]);
    for (w, capture) in list.iter().zip(&captures) {
        let leader = people.get(&w.leader_id).map(String::as_str).unwrap_or("");
        let kind = match w.manner {
            Some(m) => format!("{}·{}", w.kind.label_zh(), m.label_zh()),
            None => w.kind.label_zh().to_string(),
        };
        table.row(vec![
            w.walk_date().to_string(),
            clip(units.get(&w.department_id).map(String::as_str).unwrap_or(""), 24),
            w.shown_leader(leader).to_string(),
            kind,
            w.channel.label_zh().to_string(),
            w.status.label_zh().to_string(),
            capture.headline.clone(),
            clip(&w.title, 36),
            w.id.clone(),
        ]);
    }
    if table.is_empty() {
        return Outcome::new("没有符合条件的体验记录。\n".into(), &list);
    }
    Outcome::new(format!("{}共 {} 次体验。\n", table.render(), list.len()), &list)
}

pub fn tasks(store: &Store, args: &TasksArgs) -> CliResult {
    let mut filter = LedgerFilter { overdue: args.overdue, sort: LedgerSort::DeadlineAsc, limit: args.limit.unwrap_or(0), text: args.text.clone(), ..Default::default() };
    if let Some(d) = &args.dept {
        filter.department_id = Some(store.lookup_department(d)?.id);
    }
    if let Some(s) = &args.status {
        filter.status = Some(parse_enum(s, TaskStatus::parse, TaskStatus::ALL, |v| format!("{}（{}）", v.code(), v.label_zh()), "整改状态")?);
    }
    let page = store.ledger(&filter)?;
    let mut table = Table::new(&["序号", "整改措施", "责任单位", "责任人", "整改时限", "状态", "逾期", "编号"]);
    let mut overdue = 0;
    for (i, row) in page.rows.iter().enumerate() {
        overdue += usize::from(row.overdue);
        table.row(vec![
            (i + 1).to_string(),
            clip(&row.task.measure, 40),
            clip(&row.department_name, 24),
            row.owner_name.clone(),
            row.task.deadline.to_string(),
            row.task.status.label_zh().to_string(),
            if row.overdue { "逾期".into() } else { String::new() },
            row.task.id.clone(),
        ]);
    }
    if table.is_empty() {
        return Outcome::new("整改台账中没有符合条件的任务。\n".into(), &page);
    }
    let shown = page.rows.len() as u64;
    let mut text = table.render();
    if shown < page.total {
        text.push_str(&format!("显示 {shown} 项，共 {} 项；其中显示的逾期 {overdue} 项。\n", page.total));
    } else {
        text.push_str(&format!("共 {} 项，其中逾期 {overdue} 项。\n", page.total));
    }
    Outcome::new(text, &page)
}

pub fn search(store: &Store, args: &SearchArgs) -> CliResult {
    let hits = store.search(&args.text, args.limit)?;
    if hits.is_empty() {
        return Outcome::new(format!("没有找到包含“{}”的记录。\n", args.text.trim()), &hits);
    }
    let mut table = Table::new(&["类型", "所属", "内容"]);
    for hit in &hits {
        table.row(vec![hit.kind.label_zh().into(), clip(&hit.context, 30), clip(&hit.excerpt, 60)]);
    }
    Outcome::new(format!("{}找到 {} 条（最多显示 {} 条）。\n", table.render(), hits.len(), args.limit), &hits)
}
