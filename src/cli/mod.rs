//! The `walklog` command line: a headless door to the core for secretaries' batch work, office
//! scripts, tests and servers without a display. Commands only parse, call the core and print
//! Chinese; every rule lives in the core.

mod data;
pub mod export;
mod lists;
mod stats;
mod table;
mod verify;

use crate::store::Store;
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;

const HELP_TEMPLATE: &str = "{about}\n\n用法：{usage}\n\n{all-args}";

/// The command-line grammar with Chinese help everywhere (clap's own headings are English).
fn command() -> clap::Command {
    use clap::CommandFactory;
    Cli::command().mut_subcommands(|sub| {
        sub.help_template(HELP_TEMPLATE).mut_args(|arg| match arg.get_help_heading() {
            Some(_) => arg,
            None if arg.is_positional() => arg.help_heading("参数"),
            None => arg.help_heading("选项"),
        })
    })
}

#[derive(Debug, Parser)]
#[command(
    name = "walklog",
    version,
    about = "走流程纪实：一把手走流程的记录、整改台账与统计（命令行）",
    help_template = HELP_TEMPLATE,
    subcommand_help_heading = "命令",
    subcommand_value_name = "命令",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    /// 显示帮助
    #[arg(short = 'h', long = "help", action = clap::ArgAction::Help, global = true, help_heading = "选项")]
    help: Option<bool>,
    /// 显示版本
    #[arg(short = 'V', long = "version", action = clap::ArgAction::Version, help_heading = "选项")]
    version: Option<bool>,
    /// 数据库文件（默认：系统数据文件夹下的 cn.gov.walklog/walklog.db，与桌面应用相同）
    #[arg(long, global = true, value_name = "PATH", help_heading = "选项")]
    pub db: Option<PathBuf>,
    /// 记入变更记录的操作人
    #[arg(long = "as", global = true, value_name = "NAME", help_heading = "选项")]
    pub actor: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 初始化数据库（已存在则只检查并升级）
    Init,
    /// 生成演示数据（一年的走流程记录）
    Demo(data::DemoArgs),
    /// 导入 JSON 交换文件（按编号幂等，整份校验，出错则不写入）
    Import {
        /// 交换文件（docs/exchange-format.md）
        file: PathBuf,
    },
    /// 导出全部记录为 JSON 交换文件
    ExportJson {
        /// 输出文件（默认输出到屏幕）
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// 统计：体验、问题、整改与“四减”数据
    Stats(stats::StatsArgs),
    /// 体验记录列表
    Walks(lists::WalksArgs),
    /// 整改台账
    Tasks(lists::TasksArgs),
    /// 全文搜索体验、环节观察记录和问题
    Search(lists::SearchArgs),
    /// 校验变更记录的哈希链；--code 核验一份纪实的核验码
    Verify(verify::VerifyArgs),
    /// 备份数据库到新文件（SQLite 在线备份）
    Backup {
        /// 备份文件（不得已存在）
        file: PathBuf,
    },
    /// 导出正式记录：体验纪实表、问题清单、整改台账（PDF 或 Excel）、完成情况报告
    Export(export::ExportArgs),
    /// 从备份文件恢复数据库（整体替换当前内容）
    Restore {
        /// 备份文件
        file: PathBuf,
    },
}

/// An error as the CLI reports it: `错误[code]: message`.
#[derive(Debug)]
pub struct CliError {
    pub code: String,
    pub message: String,
}

impl CliError {
    pub fn new(code: &str, message: impl Into<String>) -> CliError {
        CliError { code: code.to_string(), message: message.into() }
    }
}

impl From<crate::Error> for CliError {
    fn from(e: crate::Error) -> Self {
        CliError { code: e.code().to_string(), message: e.message_zh() }
    }
}

/// What a command prints, and its exit code. A command may succeed in running yet report a
/// failure (a broken chain): then `problem` goes to stderr and `exit` is non-zero.
#[derive(Debug, Default)]
pub struct Outcome {
    pub text: String,
    pub problem: Option<CliError>,
}

impl Outcome {
    pub fn text(text: String) -> Outcome {
        Outcome { text, problem: None }
    }
}

pub type CliResult = Result<Outcome, CliError>;

/// Entry point of the binary; returns the process exit code.
pub fn main() -> i32 {
    use clap::FromArgMatches;
    let cli = match command().try_get_matches().and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand) {
                print_out(&e.to_string());
                return 0;
            }
            eprint_err(&CliError::new("usage", format!("命令行参数有误，请用 walklog --help 查看用法。\n{e}")));
            return 2;
        }
    };
    match run(cli) {
        Ok(outcome) => {
            print_out(&outcome.text);
            match outcome.problem {
                Some(problem) => {
                    eprint_err(&problem);
                    1
                }
                None => 0,
            }
        }
        Err(e) => {
            eprint_err(&e);
            1
        }
    }
}

/// Runs one parsed command.
pub fn run(cli: Cli) -> CliResult {
    let db = match cli.db {
        Some(path) => path,
        None => crate::store::default_db_path()?,
    };
    let actor = cli.actor;
    // `demo --force` and `restore` manage the database file themselves.
    if let Command::Demo(args) = &cli.command {
        return data::demo(&db, actor.as_deref(), args);
    }
    let mut store = open(&db, actor.as_deref())?;
    match cli.command {
        Command::Init => data::init(&store),
        Command::Demo(_) => unreachable!("handled above"),
        Command::Import { file } => data::import(&mut store, &file),
        Command::ExportJson { out } => data::export_json(&store, out.as_deref()),
        Command::Stats(args) => stats::run(&store, &args),
        Command::Walks(args) => lists::walks(&store, &args),
        Command::Tasks(args) => lists::tasks(&store, &args),
        Command::Search(args) => lists::search(&store, &args),
        Command::Verify(args) => verify::run(&store, &args),
        Command::Backup { file } => data::backup(&store, &file),
        Command::Restore { file } => data::restore(&mut store, &file),
        Command::Export(args) => export::command(&args, &mut store),
    }
}

fn open(db: &std::path::Path, actor: Option<&str>) -> Result<Store, CliError> {
    let mut store = Store::open(db)?;
    if let Some(actor) = actor {
        if actor.trim().is_empty() {
            return Err(CliError::new("usage", "--as 操作人不能为空。"));
        }
        store.set_actor(actor.trim());
    }
    Ok(store)
}

/// Writes to stdout; a closed pipe (`walklog tasks | head`) is not an error worth a panic.
fn print_out(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    if !text.is_empty() && !text.ends_with('\n') {
        let _ = out.write_all(b"\n");
    }
    let _ = out.flush();
}

fn eprint_err(e: &CliError) {
    let _ = writeln!(std::io::stderr().lock(), "错误[{}]: {}", e.code, e.message);
}

/// Finds a department by id, exact name, or a unique part of its name.
pub(crate) fn resolve_department(store: &Store, text: &str) -> Result<String, CliError> {
    let text = text.trim();
    let all = store.departments()?;
    if let Some(d) = all.iter().find(|d| d.id == text || d.name == text) {
        return Ok(d.id.clone());
    }
    let matches: Vec<_> = all.iter().filter(|d| d.name.contains(text)).collect();
    match matches.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => Err(CliError::new("not_found", format!("找不到单位“{text}”（可用编号或名称）。"))),
        many => Err(CliError::new(
            "ambiguous",
            format!(
                "“{text}”对应多个单位：{}，请写全名称或用编号。",
                many.iter().map(|d| d.name.as_str()).collect::<Vec<_>>().join("、")
            ),
        )),
    }
}
