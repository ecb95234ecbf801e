//! The `walklog` command line: a headless door to the core for secretaries' batch work, office
//! scripts, tests and servers without a display. A client of the library like the app: each
//! command parses, calls one core function and prints Chinese (or, with `--json`, the core's
//! result); every rule lives in the core.

mod data;
mod directory;
mod encryption;
mod export;
mod grammar;
mod history;
mod install;
mod lists;
mod output;
mod parse;
mod plan;
mod problem;
mod reviews;
mod server;
mod stats;
mod sync;
mod table;
mod task;
mod templates;
mod verify;
mod walk;

use clap::{Parser, Subcommand};
use output::{Failure, Outcome};
use std::path::PathBuf;
use walklog::model::Person;
use walklog::Store;

pub type CliResult = Result<Outcome, Failure>;

#[derive(Debug, Parser)]
#[command(
    name = "walklog",
    version,
    about = "走流程纪实：一把手走流程的记录、整改台账与统计（命令行）",
    disable_help_flag = true,
    disable_version_flag = true,
    arg_required_else_help = true
)]
pub struct Cli {
    /// 显示帮助
    #[arg(short = 'h', long = "help", action = clap::ArgAction::Help, global = true, help_heading = "选项")]
    help: Option<bool>,
    /// 显示版本
    #[arg(short = 'V', long = "version", action = clap::ArgAction::Version, help_heading = "选项")]
    version: Option<bool>,
    /// 数据库文件（默认：系统数据文件夹下的 cn.gov.walklog/walklog.db，与桌面应用相同）
    #[arg(long, global = true, value_name = "路径", help_heading = "选项")]
    pub db: Option<PathBuf>,
    /// 以谁的名义操作（人员编号或姓名；默认为本机的当前用户）：记入变更记录；销号、退回时核对其党建办身份
    #[arg(long = "as", global = true, value_name = "人员", help_heading = "选项")]
    pub actor: Option<String>,
    /// 以 JSON 输出结果（出错时错误也以 JSON 写到标准错误）
    #[arg(long, global = true, help_heading = "选项")]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 初始化数据库（已存在则只检查并升级）；--unit 或 --office 设置本机身份
    Init(install::InitArgs),
    /// 生成演示数据（一年的走流程记录）
    Demo(data::DemoArgs),
    /// 单位：新增、列表
    Dept(directory::DeptArgs),
    /// 人员：新增、列表
    Person(directory::PersonArgs),
    /// 服务事项：新增、列表
    Matter(directory::MatterArgs),
    /// 体验：计划、开始、下一环节、结束、归档、查看
    Walk(walk::WalkArgs),
    /// 问题：记问题、立行立改
    Problem(problem::ProblemArgs),
    /// 整改任务：生成、开始、进展、证据、完成、销号、退回、查看
    Task(task::TaskArgs),
    /// 走流程计划：制定、完成情况、党建办总览、按计划生成体验
    Plan(plan::PlanArgs),
    /// 提醒：即将到期、逾期、督办、本周计划体验、未结束的体验、待销号（与应用的“提醒”相同）
    Remind,
    /// 导入 JSON 交换文件（按编号幂等，整份校验，出错则不写入）
    Import {
        /// 交换文件（docs/exchange-format.md）
        #[arg(value_name = "文件")]
        file: PathBuf,
    },
    /// 好差评：检查导出文件（CSV、.xlsx）
    Reviews(reviews::ReviewsArgs),
    /// 导出全部记录为 JSON 交换文件
    ExportJson {
        /// 输出文件（默认输出到屏幕）
        #[arg(long, value_name = "文件")]
        out: Option<PathBuf>,
    },
    /// 统计：体验、问题、整改与“四减”数据
    Stats(stats::StatsArgs),
    /// 体验记录列表
    Walks(lists::WalksArgs),
    /// 整改台账
    Tasks(lists::TasksArgs),
    /// 全文搜索体验、环节、问题、整改任务和进展情况
    Search(lists::SearchArgs),
    /// 模板：列出数据目录中的模板文件，保存副本，设定默认模板
    Templates(templates::TemplatesArgs),
    /// 校验变更记录的哈希链；--code 核验一份纪实的核验码
    Verify(verify::VerifyArgs),
    /// 核验一份导出的文件（PDF 或 Excel）：是否本机导出、导出后是否被改动
    VerifyFile {
        /// 要核验的文件
        #[arg(value_name = "文件")]
        file: PathBuf,
    },
    /// 修改记录：一条体验、问题或整改任务的逐次改动（谁、何时、改了什么），事后修改标出
    History(history::HistoryArgs),
    /// 备份数据库到新文件（SQLite 在线备份）
    Backup {
        /// 备份文件（不得已存在）
        #[arg(value_name = "文件")]
        file: PathBuf,
    },
    /// 导出正式记录：体验纪实表、问题清单、整改台账（PDF 或 Excel）、完成情况报告
    Export(export::ExportArgs),
    /// 数据加密：开启、修改密码、关闭或查看（密码取自终端输入或环境变量 WALKLOG_PASSWORD / WALKLOG_NEW_PASSWORD）
    Encryption(encryption::EncryptionArgs),
    /// 从备份文件恢复数据库（整体替换当前内容）
    Restore {
        /// 备份文件
        #[arg(value_name = "文件")]
        file: PathBuf,
    },
    /// 本机身份：单位端或党建办端、所属单位、安装编号、密钥指纹
    Identity,
    /// 登记：单位端导出登记文件；党建办端导入、批准、吊销、列出单位名录
    Enrol(install::EnrolArgs),
    /// 单位名录文件：党建办端导出，单位端导入（固定党建办密钥）
    Roster(install::RosterArgs),
    /// 报送包：导出、导入、收发情况
    Bundle(sync::BundleArgs),
    /// 冲突：两台安装同时改动的记录；resolve 解决
    Conflicts(sync::ConflictsArgs),
    /// 同步服务器：建立数据库结构、登记各安装、设置本机的同步地址、同步情况
    Server(server::ServerArgs),
    /// 与同步服务器同步：收取本机尚未收到的变更，上传服务器尚未收到的本机变更
    Sync(server::SyncArgs),
}

/// The opened database and who acts in it (`--as`).
pub struct Ctx {
    pub store: Store,
    pub me: Option<Person>,
    /// The password the database was opened with, if it is encrypted.
    pub password: Option<encryption::Secret>,
}

impl Ctx {
    /// The acting person's id, or blank: the core then refuses an act that needs one.
    pub fn me_id(&self) -> &str {
        self.me.as_ref().map(|p| p.id.as_str()).unwrap_or("")
    }
}

fn main() {
    std::process::exit(run_main());
}

fn run_main() -> i32 {
    let json = std::env::args_os().any(|a| a == "--json");
    let cli = match grammar::parse() {
        Ok(cli) => cli,
        Err(exit) => return exit.print(json),
    };
    match run(cli) {
        Ok(outcome) => outcome.print(json),
        Err(e) => {
            e.eprint(json);
            1
        }
    }
}

/// Runs one parsed command.
fn run(cli: Cli) -> CliResult {
    let db = match cli.db {
        Some(path) => path,
        None => walklog::store::default_db_path()?,
    };
    // `demo` manages the database file itself (`--force` replaces it).
    if let Command::Demo(args) = &cli.command {
        if cli.actor.is_some() {
            return Err(walklog::Error::Usage { message: "演示数据以“演示数据”的名义生成，不能用 --as 指定人员。".into() }.into());
        }
        return data::demo(&db, args);
    }
    // `server init` is the DBA's: it needs a server, not a database of this machine.
    if let Command::Server(server::ServerArgs { verb: server::ServerVerb::Init { url } }) = &cli.command {
        return server::init(url);
    }
    let mut ctx = open(&db, cli.actor.as_deref())?;
    match cli.command {
        Command::Init(args) => install::init(&mut ctx, args),
        Command::Identity => install::identity(&ctx.store),
        Command::Enrol(args) => install::enrol(&mut ctx, args),
        Command::Roster(args) => install::roster(&mut ctx, args),
        Command::Bundle(args) => sync::bundle(&mut ctx, args),
        Command::Conflicts(args) => sync::conflicts(&mut ctx, args),
        Command::Server(args) => server::server(&mut ctx, args),
        Command::Sync(args) => server::sync(&mut ctx, args),
        Command::Demo(_) => Err(walklog::Error::Internal { message: "demo 已在前面处理".into() }.into()),
        Command::Dept(args) => directory::dept(&mut ctx, args),
        Command::Person(args) => directory::person(&mut ctx, args),
        Command::Matter(args) => directory::matter(&mut ctx, args),
        Command::Walk(args) => walk::run(&mut ctx, args),
        Command::Problem(args) => problem::run(&mut ctx, args),
        Command::Task(args) => task::run(&mut ctx, args),
        Command::Plan(args) => plan::run(&mut ctx.store, args),
        Command::Remind => plan::remind(&ctx.store),
        Command::Import { file } => data::import(&mut ctx.store, &file),
        Command::Reviews(args) => reviews::run(&mut ctx, &args),
        Command::ExportJson { out } => data::export_json(&ctx.store, out.as_deref()),
        Command::Stats(args) => stats::run(&ctx.store, &args),
        Command::Walks(args) => lists::walks(&ctx.store, &args),
        Command::Tasks(args) => lists::tasks(&ctx.store, &args),
        Command::Search(args) => lists::search(&ctx.store, &args),
        Command::Templates(args) => templates::run(&mut ctx.store, &args),
        Command::Verify(args) => verify::run(&ctx.store, &args),
        Command::VerifyFile { file } => verify::file(&ctx.store, &file),
        Command::History(args) => history::run(&ctx.store, &args),
        Command::Backup { file } => data::backup(&ctx.store, &file),
        Command::Restore { file } => data::restore(&mut ctx.store, &file),
        Command::Encryption(args) => encryption::run(&mut ctx, args),
        Command::Export(args) => export::command(&args, &mut ctx.store),
    }
}

/// Opens the database; `--as` must name a person of it, whose name the change log records.
/// Without `--as`, the current user chosen at `init` (or in the app's 设置) acts, if any.
fn open(db: &std::path::Path, actor: Option<&str>) -> Result<Ctx, Failure> {
    let password = encryption::password_for(db)?;
    let mut store = Store::open_unlocking(db, password.as_deref().map(String::as_str))?;
    let me = match actor {
        Some(key) => Some(store.lookup_person(key)?),
        None => install::current_user(&store)?,
    };
    if let Some(person) = &me {
        store.set_actor(person.name.clone());
    }
    Ok(Ctx { store, me, password })
}
