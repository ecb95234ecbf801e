//! `walklog reviews check|import|list`: the 好差评 export (CSV or .xlsx) read against this
//! install's units; `import` keeps every rating and makes each new 差评 a problem (以评促改),
//! `list` shows the 差评 and whether each is solved.

use super::table::{clip, Table};
use super::output::Outcome;
use super::{CliResult, Ctx};
use std::path::PathBuf;
use walklog::reviews::{self, Parsed};
use walklog::{Error, Store};

#[derive(Debug, clap::Args)]
pub struct ReviewsArgs {
    #[command(subcommand)]
    pub verb: ReviewsVerb,
}

#[derive(Debug, clap::Subcommand)]
pub enum ReviewsVerb {
    /// 检查好差评导出文件（CSV 或 .xlsx）：列对应、差评数、有误的行；不写入
    Check {
        /// 好差评导出文件
        #[arg(value_name = "文件")]
        file: PathBuf,
        /// 列对应关系：字段=表头，如 --map 工单号=编号（可多次）
        #[arg(long = "map", value_name = "字段=表头")]
        map: Vec<String>,
    },
    /// 导入好差评：保留每条评价，差评转为问题（来源“好差评”）；同一工单号不重复导入
    Import {
        /// 好差评导出文件
        #[arg(value_name = "文件")]
        file: PathBuf,
        /// 列对应关系：字段=表头，如 --map 工单号=编号（可多次）
        #[arg(long = "map", value_name = "字段=表头")]
        map: Vec<String>,
    },
    /// 列出差评及其整改情况
    List {
        /// 单位（名称或编号；含下级单位）
        #[arg(long, value_name = "单位")]
        unit: Option<String>,
        /// 最多列出条数
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
}

fn mapping(map: &[String]) -> Result<Vec<(String, String)>, Error> {
    let mut pairs = Vec::new();
    for m in map {
        match m.split_once('=') {
            Some((f, h)) if !f.trim().is_empty() && !h.trim().is_empty() => pairs.push((f.trim().to_string(), h.trim().to_string())),
            _ => return Err(Error::Validation { field: "map", message: format!("列对应“{m}”应写成 字段=表头，如 工单号=编号。") }),
        }
    }
    Ok(pairs)
}

fn parse(store: &Store, file: &PathBuf, map: &[String]) -> Result<Parsed, Error> {
    let departments = store.departments()?;
    reviews::parse_file(file, &mapping(map)?, &departments)
}

pub fn run(ctx: &mut Ctx, args: &ReviewsArgs) -> CliResult {
    let store = &mut ctx.store;
    match &args.verb {
        ReviewsVerb::Check { file, map } => {
            let parsed = parse(store, file, map)?;
            if parsed.bad_total > 0 {
                let mut message = format!("{} 有 {} 行有误，未导入任何一行：\n", file.display(), parsed.bad_total);
                for b in &parsed.bad {
                    message.push_str(&format!("{b}\n"));
                }
                if parsed.bad_total > parsed.bad.len() {
                    message.push_str(&format!("……另有 {} 行有误未列出。\n", parsed.bad_total - parsed.bad.len()));
                }
                return Err(Error::Validation { field: "file", message: message.trim_end().to_string() }.into());
            }
            let json = serde_json::json!({
                "rows": parsed.rows.len(),
                "bad_reviews": parsed.bad_reviews(),
                "work_orders": parsed.rows.iter().map(|r| &r.work_order_no).collect::<Vec<_>>(),
            });
            Outcome::new(
                format!("检查通过：好差评 {} 条，其中差评 {} 条（不满意、非常不满意）。\n", parsed.rows.len(), parsed.bad_reviews()),
                &json,
            )
        }
        ReviewsVerb::Import { file, map } => {
            let parsed = parse(store, file, map)?;
            let done = store.import_reviews(&parsed)?;
            Outcome::new(format!("{}\n", done.message_zh), &done)
        }
        ReviewsVerb::List { unit, limit } => {
            let unit = unit.as_deref().map(|u| store.lookup_department(u)).transpose()?;
            let list = store.bad_reviews(unit.as_ref().map(|d| d.id.as_str()), *limit)?;
            let mut table = Table::new(&["评价时间", "单位", "等级", "工单号", "事项", "整改"]);
            for b in &list {
                table.row(vec![
                    b.review.rated_at.format("%Y-%m-%d %H:%M").to_string(),
                    clip(&b.department_name, 16),
                    b.review.grade.label_zh().into(),
                    b.review.work_order_no.clone(),
                    clip(&b.review.matter, 20),
                    if b.solved { "已解决" } else { "未解决" }.into(),
                ]);
            }
            let text = if list.is_empty() { "没有差评。\n".to_string() } else { table.render() };
            Outcome::new(text, &list)
        }
    }
}
