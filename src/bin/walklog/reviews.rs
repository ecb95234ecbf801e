//! `walklog reviews check FILE`: reads a 好差评 export (CSV or .xlsx) and checks it against this
//! install's units, printing the summary or every bad line (「第 12 行：…」). It writes nothing:
//! the import that turns 差评 into problems is not built yet (docs/reviews-design.md).

use super::output::Outcome;
use super::CliResult;
use std::path::PathBuf;
use walklog::reviews;
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
}

pub fn run(store: &Store, args: &ReviewsArgs) -> CliResult {
    let ReviewsVerb::Check { file, map } = &args.verb;
    let mut pairs = Vec::new();
    for m in map {
        match m.split_once('=') {
            Some((f, h)) if !f.trim().is_empty() && !h.trim().is_empty() => pairs.push((f.trim().to_string(), h.trim().to_string())),
            _ => return Err(Error::Validation { field: "map", message: format!("列对应“{m}”应写成 字段=表头，如 工单号=编号。") }.into()),
        }
    }
    let departments = store.departments()?;
    let parsed = reviews::parse_file(file, &pairs, &departments)?;
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
