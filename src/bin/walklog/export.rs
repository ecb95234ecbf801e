//! `walklog export …`: formal records as PDF (and the ledger as .xlsx).
//!
//!   walklog export walk WALK --out F.pdf [--keep-gps]
//!   walklog export problems|ledger|report|chart [--dept UNIT] [--period P] [--status S] [--overdue]
//!                  --out F.pdf|F.xlsx [--template PATH] [--font PATH[#INDEX]]
//!   walklog export supervision [TASK…] [--dept UNIT] --out F.pdf     督办单，每项任务一页
//!   walklog export weekly [--week YYYY-MM-DD] [--dept UNIT] --out F.pdf  周报
//!   walklog export manual --out F.pdf [--font PATH[#INDEX]]                 用户手册
//!
//! A bare file name for `--out` lands in `exports/` beside the database.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::parse::parse_enum;
use super::output::{Failure, Outcome};
use super::CliResult;
use walklog::model::TaskStatus;
use walklog::report::{export, ExportRequest, ExportSummary, Filters, FontChoice, Record};
use walklog::stats::Period;
use walklog::Store;

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(subcommand)]
    pub what: ExportWhat,
}

#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// 一次体验的体验纪实表
    Walk {
        /// 体验（编号或标题）
        #[arg(value_name = "体验")]
        id: String,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// 问题清单
    Problems(ListArgs),
    /// 整改台账（PDF；--out 以 .xlsx 结尾时为 Excel）
    Ledger(ListArgs),
    /// 完成情况报告
    Report(ListArgs),
    /// 督办单：所列整改任务（不列则为范围内全部督办中的任务），每项一页
    Supervision {
        /// 整改任务编号（可多个）
        #[arg(value_name = "任务")]
        tasks: Vec<String>,
        #[command(flatten)]
        list: ListArgs,
    },
    /// 周报：某日所在一周（周一至周日），默认本周
    Weekly {
        /// 该周中的任一天，YYYY-MM-DD
        #[arg(long, value_name = "日期")]
        week: Option<String>,
        #[command(flatten)]
        list: ListArgs,
    },
    /// 整改挂图（挂图推进）：长期整改任务的甘特图，A3 横向 PDF
    Chart(ListArgs),
    /// 用户手册（PDF，含截图）
    Manual {
        /// 输出文件（.pdf）。只写文件名时放在数据库旁的 exports/ 文件夹
        #[arg(long, value_name = "文件")]
        out: PathBuf,
        /// 字体文件，字体集可加序号：路径[#序号]
        #[arg(long, value_name = "字体")]
        font: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct OutputArgs {
    /// 输出文件（.pdf；台账也可 .xlsx）。只写文件名时放在数据库旁的 exports/ 文件夹
    #[arg(long, value_name = "文件")]
    pub out: PathBuf,
    /// 用这个 Markdown 模板代替自带的模板
    #[arg(long, value_name = "模板")]
    pub template: Option<PathBuf>,
    /// 字体文件，字体集可加序号：路径[#序号]
    #[arg(long, value_name = "字体")]
    pub font: Option<String>,
    /// 照片保留拍摄位置（EXIF GPS）；默认从 PDF 中的照片删去
    #[arg(long)]
    pub keep_gps: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// 单位（编号或名称），含下属单位
    #[arg(long, value_name = "单位")]
    pub dept: Option<String>,
    /// 统计期：2026、2026-Q3、2026-03、2026-01-01..2026-06-30 或 all
    #[arg(long, value_name = "统计期")]
    pub period: Option<String>,
    /// 整改状态（台账）：open、in_progress、done、closed_out 或中文
    #[arg(long, value_name = "状态")]
    pub status: Option<String>,
    /// 只列逾期任务（台账）
    #[arg(long)]
    pub overdue: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs the export and returns what was written; progress goes to `progress`.
fn run(args: &ExportArgs, store: &mut Store, progress: &mut dyn FnMut(f32, &str)) -> Result<ExportSummary, Failure> {
    let (record, output, filters) = match &args.what {
        ExportWhat::Walk { id, output } => (Record::Walk(store.lookup_walk(id)?.id), output, Filters::default()),
        ExportWhat::Problems(l) => (Record::Problems, &l.output, filters(store, l)?),
        ExportWhat::Ledger(l) => (Record::Ledger, &l.output, filters(store, l)?),
        ExportWhat::Report(l) => (Record::Report, &l.output, filters(store, l)?),
        ExportWhat::Supervision { tasks, list } => (Record::Supervision(tasks.clone()), &list.output, filters(store, list)?),
        ExportWhat::Weekly { week, list } => {
            let day = match week {
                Some(text) => super::parse::date("week", text)?,
                None => store.today(),
            };
            (Record::Weekly(day), &list.output, filters(store, list)?)
        }
        ExportWhat::Chart(l) => (Record::Chart, &l.output, filters(store, l)?),
        // command() prints the manual before it comes here.
        ExportWhat::Manual { .. } => return Err(walklog::Error::Internal { message: "用户手册由 export manual 单独导出".into() }.into()),
    };
    let font = match &output.font {
        Some(spec) => FontChoice::parse(spec)?,
        None => FontChoice::of_store(store)?,
    };
    let out = resolve_out(store, &output.out)?;
    let req = ExportRequest { filters, template: output.template.clone(), font, keep_gps: output.keep_gps };
    Ok(export(store, &record, &req, &out, progress)?)
}

/// `walklog export …`: progress on stderr, the written file on stdout.
pub fn command(args: &ExportArgs, store: &mut Store) -> CliResult {
    let mut last = -1i32;
    let mut progress = |f: f32, label: &str| {
        let pct = (f * 100.0) as i32;
        if pct / 10 != last / 10 {
            eprintln!("{pct:>3}% {label}");
            last = pct;
        }
    };
    if let ExportWhat::Manual { out, font } = &args.what {
        return manual(store, out, font.as_deref(), &mut progress);
    }
    let summary = run(args, store, &mut progress)?;
    let mut text = String::new();
    for w in &summary.warnings {
        text.push_str(&format!("注意：{w}\n"));
    }
    text.push_str(&format!("已导出：{}（{} 字节，{} 页/行）", summary.path.display(), summary.bytes, summary.pages));
    let json = serde_json::json!({ "path": summary.path, "bytes": summary.bytes, "pages": summary.pages, "warnings": summary.warnings });
    Outcome::new(text, &json)
}

/// The user manual through the report engine: no record of the database, so not registered.
fn manual(store: &Store, out: &Path, font: Option<&str>, progress: &mut dyn FnMut(f32, &str)) -> CliResult {
    let font = match font {
        Some(spec) => FontChoice::parse(spec)?,
        None => FontChoice::of_store(store)?,
    };
    let out = resolve_out(store, out)?;
    let exported_at = store.now().format("%Y-%m-%d %H:%M").to_string();
    let pdf = walklog::manual::export_pdf(&out, &font, &exported_at, progress)?;
    let json = serde_json::json!({ "path": out, "bytes": pdf.bytes, "pages": pdf.pages });
    Outcome::new(format!("已导出用户手册：{}（{} 字节，{} 页）", out.display(), pdf.bytes, pdf.pages), &json)
}

fn filters(store: &Store, l: &ListArgs) -> Result<Filters, Failure> {
    let department_id = match &l.dept {
        Some(d) => Some(store.lookup_department(d)?.id),
        None => None,
    };
    let period = l.period.as_deref().map(Period::parse).transpose()?;
    let status = match &l.status {
        Some(s) => Some(parse_enum(s, TaskStatus::parse, TaskStatus::ALL, |v| format!("{}（{}）", v.code(), v.label_zh()), "整改状态")?),
        None => None,
    };
    Ok(Filters { department_id, period, status, overdue: l.overdue })
}

/// A bare file name goes to `exports/` beside the database (created if needed).
fn resolve_out(store: &Store, out: &Path) -> Result<PathBuf, walklog::Error> {
    let bare = out.parent().map(|p| p.as_os_str().is_empty()).unwrap_or(true);
    if !bare {
        return Ok(out.to_path_buf());
    }
    Ok(store.exports_dir()?.join(out))
}
