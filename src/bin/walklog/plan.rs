//! `walklog plan add|list|overview|walk|delete` (走流程计划) and `walklog remind` (提醒).

use super::output::Outcome;
use super::parse::{date, parse_enum};
use super::CliResult;
use clap::{Args, Subcommand};
use walklog::model::{WalkKind, WalkPlan};
use walklog::ops::plans::completion_rate;
use walklog::Store;

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(subcommand)]
    pub verb: PlanVerb,
}

#[derive(Debug, Subcommand)]
pub enum PlanVerb {
    /// 制定（或修改）一名一把手一个季度或一年的走流程计划
    Add {
        /// 一把手（编号或姓名）
        #[arg(long, value_name = "人员")]
        leader: String,
        /// 年份，如 2026
        #[arg(long, value_name = "年")]
        year: i32,
        /// 季度 1–4；不写为年度计划
        #[arg(long, value_name = "季度")]
        quarter: Option<u8>,
        /// 计划日常体验次数
        #[arg(long, default_value_t = 0, value_name = "次数")]
        daily: u32,
        /// 计划交叉体验次数
        #[arg(long, default_value_t = 0, value_name = "次数")]
        cross: u32,
        /// 计划受理体验次数
        #[arg(long, default_value_t = 0, value_name = "次数")]
        acceptance: u32,
        /// 计划体验的事项（编号或名称，可多次）
        #[arg(long = "matter", value_name = "事项")]
        matters: Vec<String>,
        /// 计划体验的场所
        #[arg(long, default_value = "", value_name = "场所")]
        places: String,
        /// 修改已有计划时给出其编号
        #[arg(long, value_name = "编号")]
        id: Option<String>,
    },
    /// 计划及完成情况
    List {
        /// 单位（含下属单位；编号或名称）
        #[arg(long, value_name = "单位")]
        dept: Option<String>,
        /// 年份（默认今年）
        #[arg(long, value_name = "年")]
        year: Option<i32>,
    },
    /// 党建办：各单位一把手某季度的计划与完成，未制定计划、尚未体验的一把手
    Overview {
        #[arg(long, value_name = "单位")]
        dept: Option<String>,
        #[arg(long, value_name = "年")]
        year: Option<i32>,
        /// 季度 1–4（默认本季度）；写 0 为年度
        #[arg(long, value_name = "季度")]
        quarter: Option<u8>,
    },
    /// 按计划生成一次计划中的体验
    Walk {
        /// 计划编号
        #[arg(value_name = "计划")]
        plan: String,
        /// 体验方式：daily/cross/acceptance 或中文
        #[arg(long, value_name = "方式")]
        kind: String,
        /// 计划日期 YYYY-MM-DD
        #[arg(long, value_name = "日期")]
        date: String,
    },
    /// 删除计划
    Delete {
        #[arg(value_name = "计划")]
        plan: String,
    },
}

pub fn run(store: &mut Store, args: PlanArgs) -> CliResult {
    use chrono::Datelike;
    let today = store.today();
    match args.verb {
        PlanVerb::Add { leader, year, quarter, daily, cross, acceptance, matters, places, id } => {
            let leader = store.lookup_person(&leader)?;
            let matter_ids = matters.iter().map(|m| store.lookup_matter(m).map(|m| m.id)).collect::<Result<_, _>>()?;
            let plan = WalkPlan {
                id: id.unwrap_or_default(),
                department_id: leader.department_id.clone(),
                leader_id: leader.id.clone(),
                year,
                quarter,
                daily,
                cross,
                acceptance,
                matter_ids,
                places,
                note: String::new(),
            };
            let plan = store.save_plan(plan)?;
            Outcome::new(format!("已保存{}{}的计划（{} 次体验），编号 {}\n", leader.name, plan.period_zh(), plan.planned(), plan.id), &plan)
        }
        PlanVerb::List { dept, year } => {
            let dept = dept.map(|d| store.lookup_department(&d)).transpose()?.map(|d| d.id);
            let year = year.unwrap_or(today.year());
            let (from, to) = (date("year", &format!("{year}-01-01"))?, date("year", &format!("{year}-12-31"))?);
            let plans = store.plans(dept.as_deref(), from, to)?;
            let mut text = String::new();
            for p in &plans {
                text.push_str(&format!(
                    "{}　{}　{}：计划 {} 次，完成 {}/{}（日常 {}、交叉 {}、受理 {}），另有 {} 次计划中或进行中　编号 {}\n",
                    p.period_zh, p.department_name, p.leader_name, p.planned, p.counted, p.planned, p.done_daily, p.done_cross,
                    p.done_acceptance, p.scheduled, p.plan.id
                ));
            }
            match completion_rate(&plans) {
                Some(r) => text.push_str(&format!("计划完成率 {:.1}%（{} 项计划）\n", r * 100.0, plans.len())),
                None => text.push_str(&format!("{year}年没有走流程计划。\n")),
            }
            Outcome::new(text, &plans)
        }
        PlanVerb::Overview { dept, year, quarter } => {
            let dept = dept.map(|d| store.lookup_department(&d)).transpose()?.map(|d| d.id);
            let year = year.unwrap_or(today.year());
            let quarter = match quarter {
                Some(0) => None,
                Some(q) => Some(q),
                None => Some(((today.month() - 1) / 3 + 1) as u8),
            };
            let o = store.plan_overview(dept.as_deref(), year, quarter)?;
            let mut text = format!("{}：{} 名一把手，", o.period_zh, o.heads.len());
            text.push_str(&match o.rate {
                Some(r) => format!("计划完成率 {:.1}%", r * 100.0),
                None => "均未制定计划".into(),
            });
            text.push_str(&format!("；未制定计划 {} 人，尚未体验 {} 人。\n", o.without_plan, o.without_walk));
            for h in &o.heads {
                let mark = match (h.planned, h.done) {
                    (0, _) => "（未制定计划）",
                    (_, 0) => "（尚未体验）",
                    _ => "",
                };
                text.push_str(&format!("  {}　{}：计划 {}，完成 {}{mark}\n", h.department_name, h.leader_name, h.planned, h.done));
            }
            Outcome::new(text, &o)
        }
        PlanVerb::Walk { plan, kind, date: day } => {
            let kind = parse_enum(&kind, WalkKind::parse, WalkKind::ALL, |k| k.label_zh().to_string(), "体验方式")?;
            let walk = store.walk_from_plan(plan.trim(), kind, date("planned_date", &day)?)?;
            Outcome::new(format!("已按计划生成体验「{}」（{}），编号 {}\n", walk.title, walk.planned_date, walk.id), &walk)
        }
        PlanVerb::Delete { plan } => {
            store.delete_plan(plan.trim())?;
            Outcome::new("已删除计划\n".to_string(), &serde_json::json!({ "deleted": plan.trim() }))
        }
    }
}

/// `walklog remind`: today's reminders, as the app's 提醒 list shows them.
pub fn remind(store: &Store) -> CliResult {
    let list = store.reminders()?;
    if !list.enabled {
        return Outcome::new("提醒已在设置中关闭。\n".to_string(), &list);
    }
    let mut text = format!("{} 的提醒：{} 条", list.today, list.items.len() as u32 + list.more);
    if list.dismissed > 0 {
        text.push_str(&format!("（另有 {} 条今天已不再提醒）", list.dismissed));
    }
    text.push('\n');
    for r in &list.items {
        text.push_str(&format!("【{}】{}　{}\n", r.kind.label_zh(), r.text, r.department_name));
    }
    if list.more > 0 {
        text.push_str(&format!("……另有 {} 条未列出\n", list.more));
    }
    Outcome::new(text, &list)
}
