//! `walklog dept|person|matter add|list`: the directory the walks refer to.

use super::output::Outcome;
use super::parse::vocab;
use super::table::{clip, Table};
use super::{CliResult, Ctx};
use clap::{Args, Subcommand};
use std::collections::HashMap;
use walklog::model::{Department, DeptLevel, Matter, Person, Role};
use walklog::Store;

#[derive(Debug, Args)]
pub struct DeptArgs {
    #[command(subcommand)]
    pub verb: DeptVerb,
}

#[derive(Debug, Subcommand)]
pub enum DeptVerb {
    /// 新增单位
    Add {
        /// 单位名称
        #[arg(value_name = "名称")]
        name: String,
        /// 层级：city_department/district/street/community/public_enterprise 或 市直部门/区县/街道/社区/公共企业
        #[arg(long, value_name = "层级", default_value = "city_department")]
        level: String,
        /// 上级单位（编号或名称），如街道的区县
        #[arg(long, value_name = "单位")]
        parent: Option<String>,
    },
    /// 单位列表
    List,
}

#[derive(Debug, Args)]
pub struct PersonArgs {
    #[command(subcommand)]
    pub verb: PersonVerb,
}

#[derive(Debug, Subcommand)]
pub enum PersonVerb {
    /// 新增人员
    Add {
        /// 姓名
        #[arg(value_name = "姓名")]
        name: String,
        /// 所在单位（编号或名称）
        #[arg(long, value_name = "单位")]
        dept: String,
        /// 角色：head/staff/office/owner 或 一把手/秘书/工作人员/党建办/责任人
        #[arg(long, value_name = "角色")]
        role: String,
        /// 职务，如 局长、党组书记
        #[arg(long, value_name = "职务", default_value = "")]
        title: String,
    },
    /// 人员列表
    List {
        /// 只列一个单位的人员（编号或名称）
        #[arg(long, value_name = "单位")]
        dept: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct MatterArgs {
    #[command(subcommand)]
    pub verb: MatterVerb,
}

#[derive(Debug, Subcommand)]
pub enum MatterVerb {
    /// 新增服务事项
    Add {
        /// 事项名称
        #[arg(value_name = "名称")]
        name: String,
        /// 办理单位（编号或名称）
        #[arg(long, value_name = "单位")]
        dept: String,
        /// 法定时限（工作日）
        #[arg(long, value_name = "天数")]
        legal_days: Option<u32>,
        /// 承诺时限（工作日，0 为即办）
        #[arg(long, value_name = "天数")]
        promised_days: Option<u32>,
        /// 申请材料数
        #[arg(long, value_name = "份数", default_value_t = 0)]
        materials: u32,
        /// 办理环节数
        #[arg(long, value_name = "个数", default_value_t = 0)]
        steps: u32,
    },
    /// 服务事项列表
    List {
        /// 只列一个单位的事项（编号或名称）
        #[arg(long, value_name = "单位")]
        dept: Option<String>,
    },
}

pub fn dept(ctx: &mut Ctx, args: DeptArgs) -> CliResult {
    let store = &mut ctx.store;
    match args.verb {
        DeptVerb::Add { name, level, parent } => {
            let parent_id = parent.map(|p| store.lookup_department(&p)).transpose()?.map(|d| d.id);
            let level = vocab!(DeptLevel, &level, "单位层级")?;
            let dept = store.save_department(Department { id: String::new(), name, level, parent_id })?;
            Outcome::new(format!("已新增单位：{}（{}），编号 {}\n", dept.name, dept.level.label_zh(), dept.id), &dept)
        }
        DeptVerb::List => {
            let list = store.departments()?;
            let names = names(&list);
            let mut table = Table::new(&["名称", "层级", "上级单位", "编号"]);
            for d in &list {
                let parent = d.parent_id.as_ref().and_then(|p| names.get(p)).cloned().unwrap_or_default();
                table.row(vec![clip(&d.name, 30), d.level.label_zh().into(), clip(&parent, 24), d.id.clone()]);
            }
            Outcome::new(format!("{}共 {} 个单位。\n", table.render(), list.len()), &list)
        }
    }
}

pub fn person(ctx: &mut Ctx, args: PersonArgs) -> CliResult {
    let store = &mut ctx.store;
    match args.verb {
        PersonVerb::Add { name, dept, role, title } => {
            let department_id = store.lookup_department(&dept)?.id;
            let role = vocab!(Role, &role, "角色")?;
            let person = store.save_person(Person { id: String::new(), name, title, role, department_id })?;
            Outcome::new(format!("已新增人员：{}（{}），编号 {}\n", person.name, person.role.label_zh(), person.id), &person)
        }
        PersonVerb::List { dept } => {
            let dept_id = dept.map(|d| store.lookup_department(&d)).transpose()?.map(|d| d.id);
            let list = store.people(dept_id.as_deref())?;
            let units = names(&store.departments()?);
            let mut table = Table::new(&["姓名", "职务", "角色", "单位", "编号"]);
            for p in &list {
                let unit = units.get(&p.department_id).cloned().unwrap_or_default();
                table.row(vec![p.name.clone(), p.title.clone(), p.role.label_zh().into(), clip(&unit, 24), p.id.clone()]);
            }
            Outcome::new(format!("{}共 {} 人。\n", table.render(), list.len()), &list)
        }
    }
}

pub fn matter(ctx: &mut Ctx, args: MatterArgs) -> CliResult {
    let store = &mut ctx.store;
    match args.verb {
        MatterVerb::Add { name, dept, legal_days, promised_days, materials, steps } => {
            let department_id = store.lookup_department(&dept)?.id;
            let matter = Matter { id: String::new(), name, department_id, legal_days, promised_days, materials_count: materials, steps_count: steps };
            let matter = store.save_matter(matter)?;
            Outcome::new(format!("已新增服务事项：{}，编号 {}\n", matter.name, matter.id), &matter)
        }
        MatterVerb::List { dept } => {
            let dept_id = dept.map(|d| store.lookup_department(&d)).transpose()?.map(|d| d.id);
            let list = store.matters(dept_id.as_deref())?;
            Outcome::new(render_matters(store, &list)?, &list)
        }
    }
}

fn render_matters(store: &Store, list: &[Matter]) -> Result<String, walklog::Error> {
    let units = names(&store.departments()?);
    let days = |d: Option<u32>| match d {
        Some(0) => "即办".to_string(),
        Some(n) => format!("{n} 个工作日"),
        None => String::new(),
    };
    let mut table = Table::new(&["名称", "单位", "法定时限", "承诺时限", "材料", "编号"]);
    for m in list {
        let unit = units.get(&m.department_id).cloned().unwrap_or_default();
        table.row(vec![clip(&m.name, 30), clip(&unit, 24), days(m.legal_days), days(m.promised_days), m.materials_count.to_string(), m.id.clone()]);
    }
    Ok(format!("{}共 {} 项。\n", table.render(), list.len()))
}

fn names(list: &[Department]) -> HashMap<String, String> {
    list.iter().map(|d| (d.id.clone(), d.name.clone())).collect()
}
