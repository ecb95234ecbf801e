//! `walklog server init|enrol|use|status` and `walklog sync`: installs that share a PostgreSQL
//! server (docs/server.md). The office's DBA runs `server init` once; the office registers its
//! installs with `server enrol` and hands each its address; each install runs `walklog sync`
//! (the app syncs by itself). What travels and what is accepted are the core's (`walklog::server`).

use super::output::Outcome;
use super::{CliResult, Ctx};
use clap::{Args, Subcommand};
use walklog::server;
use walklog::Error;

#[derive(Debug, Args)]
pub struct ServerArgs {
    #[command(subcommand)]
    pub verb: ServerVerb,
}

#[derive(Debug, Subcommand)]
pub enum ServerVerb {
    /// 在服务器上建立（或升级）走流程纪实的数据库结构（数据库管理员执行一次）
    Init {
        /// 数据库管理员的连接地址，如 postgres://postgres:密码@10.0.0.5:5432/walklog
        #[arg(long, value_name = "地址")]
        url: String,
    },
    /// 党建办端：为本机和已批准的各单位安装在服务器上建立登录账号，给出各自的同步地址
    Enrol {
        /// 数据库管理员的连接地址
        #[arg(long, value_name = "地址")]
        url: String,
        /// 只登记这一台安装（安装编号或单位名称）
        #[arg(long, value_name = "安装")]
        install: Option<String>,
        /// 已有账号也重新生成密码（旧地址随即失效）
        #[arg(long)]
        reset: bool,
    },
    /// 设置本机的同步服务器地址（由党建办的 server enrol 给出）；--remove 取消
    Use {
        /// 同步地址
        #[arg(value_name = "地址", required_unless_present = "remove")]
        url: Option<String>,
        /// 取消同步服务器，只用报送包
        #[arg(long)]
        remove: bool,
    },
    /// 同步情况：服务器、上次同步时间、尚未同步的变更
    Status,
}

fn runtime() -> Result<tokio::runtime::Runtime, Error> {
    tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(Error::from)
}

pub fn init(url: &str) -> CliResult {
    let r = runtime()?.block_on(server::server_init(url))?;
    let text = if r.applied.is_empty() {
        format!("服务器上的走流程纪实数据库结构已是最新（第 {} 版），没有改动。\n", r.version)
    } else {
        let list: Vec<String> = r.applied.iter().map(i32::to_string).collect();
        format!(
            "已在服务器上建立走流程纪实的数据库结构（应用迁移 {}，现为第 {} 版）。\n下一步：党建办端运行 walklog server enrol --url 地址，为各安装建立账号。\n",
            list.join("、"),
            r.version
        )
    };
    Outcome::new(text, &r)
}

pub fn server(ctx: &mut Ctx, args: ServerArgs) -> CliResult {
    let store = &mut ctx.store;
    match args.verb {
        ServerVerb::Init { url } => init(&url),
        ServerVerb::Enrol { url, install, reset } => {
            let list = runtime()?.block_on(server::server_enrol(&url, store, install.as_deref(), reset))?;
            let mut text = String::new();
            for i in &list {
                let status = if i.status == "approved" { "可同步" } else { "已吊销（不能再登录）" };
                text.push_str(&format!("{}（{}，{}）：{}\n", i.department_name, i.role.label_zh(), i.install_id, status));
                match &i.url {
                    Some(u) => text.push_str(&format!("  同步地址（只显示这一次，请交给该安装）：{u}\n")),
                    None if i.status == "approved" => text.push_str("  账号已存在，密码不变（需要新地址时加 --reset）\n"),
                    None => {}
                }
            }
            Outcome::new(text, &list)
        }
        ServerVerb::Use { url, remove } => {
            let url = if remove { None } else { url };
            store.set_server_url(url.as_deref())?;
            let status = store.sync_status()?;
            let text = if status.configured {
                format!("本机的同步服务器已设为 {}。运行 walklog sync 同步。\n", status.server)
            } else {
                "已取消同步服务器；本机只用报送包与党建办交换。\n".into()
            };
            Outcome::new(text, &status)
        }
        ServerVerb::Status => {
            let s = store.sync_status()?;
            let mut text = if s.configured { format!("同步服务器：{}\n", s.server) } else { "尚未设置同步服务器。\n".into() };
            if let Some(t) = s.last_sync_at {
                text.push_str(&format!("上次同步：{}\n", t.format("%Y-%m-%d %H:%M")));
            }
            if let Some(e) = &s.last_error {
                text.push_str(&format!("上次尝试未成功：{e}\n"));
            }
            text.push_str(&format!("尚未同步到服务器的本机变更：{} 条\n", s.unsynced));
            Outcome::new(text, &s)
        }
    }
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// 同步地址（默认：walklog server use 设置的地址）
    #[arg(long, value_name = "地址")]
    pub server: Option<String>,
}

pub fn sync(ctx: &mut Ctx, args: SyncArgs) -> CliResult {
    let held = std::sync::Mutex::new(&mut ctx.store);
    let r = runtime()?.block_on(server::sync(&held, args.server.as_deref()))?;
    let mut text = format!(
        "已同步：上传本机变更 {} 条{}，收到 {} 条（新增 {}，更新 {}），照片上传 {} 张、下载 {} 张。\n",
        r.pushed,
        if r.forwarded > 0 { format!("、转发其他安装的变更 {} 条", r.forwarded) } else { String::new() },
        r.pulled,
        r.inserted,
        r.updated,
        r.photos_sent,
        r.photos_received
    );
    for c in &r.conflicts {
        text.push_str(&format!("  冲突：{} {}\n", c.entity_zh, c.id));
    }
    if !r.conflicts.is_empty() {
        text.push_str("两个版本都已保留；请用 walklog conflicts 查看并解决。\n");
    }
    Outcome::new(text, &r)
}
