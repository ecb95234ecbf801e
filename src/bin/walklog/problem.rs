//! `walklog problem add|resolve`: 记问题 during a walk, and 立行立改 of a simple one.

use super::output::Outcome;
use super::parse::vocab;
use super::{CliResult, Ctx};
use clap::{Args, Subcommand};
use walklog::model::{Nature, Problem, ProblemCategory, ProblemSource, Severity, Standard};

#[derive(Debug, Args)]
pub struct ProblemArgs {
    #[command(subcommand)]
    pub verb: ProblemVerb,
}

#[derive(Debug, Subcommand)]
pub enum ProblemVerb {
    /// 记问题：记下体验中发现的难点堵点
    Add {
        /// 体验（编号或标题）
        #[arg(value_name = "体验")]
        walk: String,
        /// 问题描述
        #[arg(value_name = "描述")]
        description: String,
        /// 发现问题的环节（序号、编号或名称）
        #[arg(long, value_name = "环节")]
        step: Option<String>,
        /// 问题类别：materials/process/mechanism/online_service/work_style/efficiency/service_quality/reform_results/facilities/information_system/other 或中文
        #[arg(long, value_name = "类别", default_value = "other")]
        category: String,
        /// 性质：simple（简单个性，立行立改）或 systemic（复杂共性，建立台账）
        #[arg(long, value_name = "性质")]
        nature: String,
        /// 严重程度：minor/major/severe 或 一般/较重/严重
        #[arg(long, value_name = "程度", default_value = "minor")]
        severity: String,
        /// 违反的服务标准（可多次），如 told_once 或 一次告知制
        #[arg(long = "standard", value_name = "标准")]
        standards: Vec<String>,
    },
    /// 立行立改：记下当场采取的措施并销结简单个性问题
    Resolve {
        /// 问题（编号或描述）
        #[arg(value_name = "问题")]
        problem: String,
        /// 当场采取的措施
        #[arg(long, value_name = "措施")]
        action: String,
    },
}

pub fn run(ctx: &mut Ctx, args: ProblemArgs) -> CliResult {
    let store = &mut ctx.store;
    match args.verb {
        ProblemVerb::Add { walk, description, step, category, nature, severity, standards } => {
            let walk = store.lookup_walk(&walk)?;
            let step_id = step.map(|s| store.lookup_step(&walk.id, &s)).transpose()?.map(|s| s.id);
            let problem = Problem {
                id: String::new(),
                walk_id: Some(walk.id),
                department_id: String::new(),
                source: ProblemSource::Walk,
                work_order_no: None,
                step_id,
                category: vocab!(ProblemCategory, &category, "问题类别")?,
                standards: standards.iter().map(|s| vocab!(Standard, s, "服务标准")).collect::<Result<_, _>>()?,
                severity: vocab!(Severity, &severity, "严重程度")?,
                nature: vocab!(Nature, &nature, "问题性质")?,
                description,
                on_spot_action: None,
                resolved_on: None,
                found_on: store.today(),
            };
            let problem = store.record_problem(problem)?;
            Outcome::new(format!("已记问题（{}），编号 {}\n", problem.nature.label_zh(), problem.id), &problem)
        }
        ProblemVerb::Resolve { problem, action } => {
            let id = store.lookup_problem(&problem)?.id;
            let problem = store.resolve_on_spot(&id, &action)?;
            Outcome::new(format!("已立行立改：{}\n", problem.description), &problem)
        }
    }
}
