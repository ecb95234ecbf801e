//! `walklog init|identity|enrol|roster`: who this install is (单位端 or 党建办端) and whom it
//! trusts. The unit's enrolment file goes to the office, which approves it after comparing the
//! key fingerprint by phone and sends its roster back; the unit pins the office key on the first
//! import. Every rule (one identity per install, who may enrol whom, which key is accepted) is
//! the core's (`walklog::sync`).

use super::output::Outcome;
use super::parse::vocab;
use super::table::{clip, Table};
use super::{CliResult, Ctx};
use clap::{ArgGroup, Args, Subcommand};
use std::path::{Path, PathBuf};
use walklog::model::{DeptLevel, InstallRole, Person, Timestamp};
use walklog::sync::bundle::file_name_part;
use walklog::sync::identity::CURRENT_USER_KEY;
use walklog::sync::{IdentityView, InitRequest};
use walklog::{Error, Store};

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("role").args(["unit", "office"])))]
pub struct InitArgs {
    /// 设为单位端：新建本单位（写单位名称），或不写名称、用 --dept 绑定已有单位
    #[arg(long, value_name = "单位名称", num_args = 0..=1, default_missing_value = "", help_heading = "本机身份（只能设置一次）")]
    unit: Option<String>,
    /// 设为党建办端：新建党建办（写名称），或不写名称、用 --dept 绑定已有单位
    #[arg(long, value_name = "名称", num_args = 0..=1, default_missing_value = "", help_heading = "本机身份（只能设置一次）")]
    office: Option<String>,
    /// 新建单位的层级：市直部门/区县/街道/社区/公共企业（默认：单位端为市直部门，党建办端为区县）
    #[arg(long, value_name = "层级", requires = "role", conflicts_with = "dept", help_heading = "本机身份（只能设置一次）")]
    level: Option<String>,
    /// 绑定数据库中已有的单位（编号或名称）
    #[arg(long, value_name = "单位", requires = "role", help_heading = "本机身份（只能设置一次）")]
    dept: Option<String>,
    /// 本机使用人（新建，成为当前用户）：单位端默认为一把手，党建办端为党建办人员
    #[arg(long, value_name = "姓名", requires = "role", conflicts_with = "user_id", help_heading = "本机身份（只能设置一次）")]
    user: Option<String>,
    /// 使用人的职务，如 局长
    #[arg(long, value_name = "职务", requires = "user", help_heading = "本机身份（只能设置一次）")]
    title: Option<String>,
    /// 本机使用人为已有人员（编号或姓名），成为当前用户
    #[arg(long = "user-id", value_name = "人员", requires = "role", help_heading = "本机身份（只能设置一次）")]
    user_id: Option<String>,
}

#[derive(Debug, Args)]
pub struct EnrolArgs {
    #[command(subcommand)]
    pub verb: EnrolVerb,
}

#[derive(Debug, Subcommand)]
pub enum EnrolVerb {
    /// 单位端：导出本机的登记文件，交党建办
    Export {
        /// 输出文件（默认：当前文件夹下的 登记文件-<单位>.json）
        #[arg(long, value_name = "文件")]
        out: Option<PathBuf>,
    },
    /// 党建办端：导入单位的登记文件，列入单位名录（待批准）
    Import {
        /// 单位交来的登记文件
        #[arg(value_name = "文件")]
        file: PathBuf,
    },
    /// 党建办端：电话核对指纹一致后，批准一台安装
    Approve {
        /// 安装编号或单位名称
        #[arg(value_name = "安装")]
        install: String,
    },
    /// 党建办端：吊销一台安装（如电脑丢失）：此后其报送包一律拒收
    Revoke {
        /// 安装编号或单位名称
        #[arg(value_name = "安装")]
        install: String,
    },
    /// 单位名录：登记的安装、状态和密钥指纹
    List,
}

#[derive(Debug, Args)]
pub struct RosterArgs {
    #[command(subcommand)]
    pub verb: RosterVerb,
}

#[derive(Debug, Subcommand)]
pub enum RosterVerb {
    /// 党建办端：导出签名的单位名录文件，发给各单位
    Export {
        /// 输出文件（默认：当前文件夹下的 单位名录-<党建办>.json）
        #[arg(long, value_name = "文件")]
        out: Option<PathBuf>,
    },
    /// 单位端：导入党建办的单位名录文件（首次导入时固定党建办密钥）
    Import {
        /// 党建办发来的单位名录文件
        #[arg(value_name = "文件")]
        file: PathBuf,
    },
    /// 党建办端：更换本机密钥（新密钥由原密钥签名认可；之后请重新导出单位名录）
    RotateKey,
}

fn when(t: &Timestamp) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// The person chosen as current user (at init or in 设置), if any and still there.
pub fn current_user(store: &Store) -> Result<Option<Person>, Error> {
    let Some(id) = store.setting(CURRENT_USER_KEY)? else { return Ok(None) };
    match store.person(&id) {
        Ok(p) => Ok(Some(p)),
        Err(Error::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// 本机身份 in lines, as `identity` and `init` print it.
fn identity_text(view: Option<&IdentityView>, user: Option<&Person>) -> String {
    let Some(v) = view else {
        return "本机身份：未设置（单机使用；要与党建办或单位交换报送包，请先 walklog init --unit 单位名称 或 --office 名称）\n"
            .into();
    };
    let mut text = format!(
        "本机身份：{}\n  单位：{}\n  安装编号：{}\n  密钥指纹：{}\n  密钥文件：{}（随数据文件夹一起备份，切勿外传）\n  设置时间：{}\n",
        v.identity.role.label_zh(),
        v.department_name,
        v.identity.install_id,
        v.fingerprint,
        v.key_file,
        when(&v.identity.created_at)
    );
    if let Some(p) = user {
        text.push_str(&format!("  当前用户：{}（{}）\n", p.name, p.role.label_zh()));
    }
    text
}

/// `init`: creates or migrates the database; with `--unit` or `--office` also sets 本机身份.
pub fn init(ctx: &mut Ctx, args: InitArgs) -> CliResult {
    let store = &mut ctx.store;
    let role = match (&args.unit, &args.office) {
        (Some(_), _) => Some(InstallRole::Unit),
        (_, Some(_)) => Some(InstallRole::Office),
        _ => None,
    };
    let mut set_now = false;
    if let Some(role) = role {
        let name = args.unit.clone().or(args.office.clone()).unwrap_or_default();
        if !name.trim().is_empty() && args.dept.is_some() {
            return Err(Error::Usage { message: "新建单位的名称与 --dept（绑定已有单位）只能给出一个，请用 --help 查看用法。".into() }.into());
        }
        let department_id = args.dept.as_deref().map(|d| store.lookup_department(d)).transpose()?.map(|d| d.id);
        let department_level = args.level.as_deref().map(|l| vocab!(DeptLevel, l, "单位层级")).transpose()?;
        let user_id = args.user_id.as_deref().map(|p| store.lookup_person(p)).transpose()?.map(|p| p.id);
        let req = InitRequest {
            role: Some(role),
            department_id,
            department_name: name,
            department_level,
            user_id,
            user_name: args.user.clone().unwrap_or_default(),
            user_title: args.title.clone().unwrap_or_default(),
            user_role: None,
        };
        store.init_identity(&req)?;
        set_now = true;
    }
    let lines: i64 = store.conn().query_row("SELECT count(*) FROM change_log", [], |r| r.get(0)).map_err(Error::from)?;
    let version = walklog::store::schema_version_supported();
    let view = store.identity_view()?;
    let user = current_user(store)?;
    let mut text = format!(
        "数据库已就绪：{}\n数据库版本：{version}\n本机编号：{}\n变更记录：{lines} 条\n",
        store.path().display(),
        store.install_id()
    );
    if set_now {
        text.push_str("本机身份已设置（不能更改；如需更换，请新建数据文件夹）。\n");
    }
    text.push_str(&identity_text(view.as_ref(), user.as_ref()));
    if set_now {
        match role {
            Some(InstallRole::Unit) => text.push_str(
                "下一步：walklog enrol export 导出登记文件交党建办，并电话核对上面的密钥指纹；再导入党建办发回的单位名录（walklog roster import 文件）。\n",
            ),
            _ => text.push_str("下一步：导入各单位交来的登记文件（walklog enrol import 文件），电话核对指纹后批准（walklog enrol approve 单位）。\n"),
        }
    }
    let json = serde_json::json!({
        "path": store.path(), "schema_version": version, "install_id": store.install_id(), "change_log_lines": lines,
        "identity": view, "current_user": user,
    });
    Outcome::new(text, &json)
}

/// `identity`: 本机身份.
pub fn identity(store: &Store) -> CliResult {
    let view = store.identity_view()?;
    let user = current_user(store)?;
    let text = identity_text(view.as_ref(), user.as_ref());
    Outcome::new(text, &serde_json::json!({ "identity": view, "current_user": user }))
}

fn read(file: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(file).map_err(|e| Error::Read { path: file.to_path_buf(), reason: e.to_string() })
}

/// Writes a file whole or not at all, into a folder made if missing.
fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    walklog::files::write_atomic(path, bytes)
}

fn unit_name(store: &Store) -> String {
    store.identity_view().ok().flatten().map(|v| v.department_name).unwrap_or_default()
}

pub fn enrol(ctx: &mut Ctx, args: EnrolArgs) -> CliResult {
    let store = &mut ctx.store;
    match args.verb {
        EnrolVerb::Export { out } => {
            let bytes = store.enrolment_export()?;
            let view = store.identity_view()?.ok_or_else(|| Error::Internal { message: "本机身份丢失".into() })?;
            let path = out.unwrap_or_else(|| PathBuf::from(format!("登记文件-{}.json", file_name_part(&view.department_name))));
            write(&path, &bytes)?;
            let text = format!(
                "已导出登记文件：{}\n单位：{}\n安装编号：{}\n密钥指纹：{}\n请把文件交党建办；党建办批准前会与您电话核对这个指纹。\n",
                path.display(),
                view.department_name,
                view.identity.install_id,
                view.fingerprint
            );
            let json = serde_json::json!({ "path": path, "install_id": view.identity.install_id, "department_name": view.department_name, "fingerprint": view.fingerprint });
            Outcome::new(text, &json)
        }
        EnrolVerb::Import { file } => {
            let entry = store.roster_enrol(&read(&file)?)?;
            let mut text = format!(
                "已登记：{}（{}），状态：{}\n安装编号：{}\n密钥指纹：{}\n",
                entry.department_name,
                entry.role.label_zh(),
                entry.status.label_zh(),
                entry.install_id,
                entry.fingerprint
            );
            if entry.status == walklog::model::RosterStatus::Pending {
                text.push_str(&format!(
                    "请先打电话请该单位读出其密钥指纹（walklog identity），与上面的逐位核对；一致后再批准：walklog enrol approve {}\n",
                    entry.install_id
                ));
            }
            Outcome::new(text, &entry)
        }
        EnrolVerb::Approve { install } => {
            let id = store.roster_lookup(&install)?.install_id;
            let entry = store.roster_approve(&id)?;
            let text = format!(
                "已批准：{}（安装编号 {}，指纹 {}）\n请导出单位名录发给该单位：walklog roster export\n",
                entry.department_name, entry.install_id, entry.fingerprint
            );
            Outcome::new(text, &entry)
        }
        EnrolVerb::Revoke { install } => {
            let id = store.roster_lookup(&install)?.install_id;
            let entry = store.roster_revoke(&id)?;
            let text = format!(
                "已吊销：{}（安装编号 {}）。此后其报送包一律拒收；此前接收的记录保留。\n",
                entry.department_name, entry.install_id
            );
            Outcome::new(text, &entry)
        }
        EnrolVerb::List => {
            let list = store.roster()?;
            if list.is_empty() {
                return Outcome::new("单位名录为空。\n".into(), &list);
            }
            let mut table = Table::new(&["单位", "身份", "状态", "密钥指纹", "登记时间", "安装编号"]);
            for e in &list {
                table.row(vec![
                    clip(&e.department_name, 30),
                    e.role.label_zh().into(),
                    e.status.label_zh().into(),
                    e.fingerprint.clone(),
                    when(&e.enrolled_at),
                    e.install_id.clone(),
                ]);
            }
            Outcome::new(format!("{}共 {} 台安装。\n", table.render(), list.len()), &list)
        }
    }
}

pub fn roster(ctx: &mut Ctx, args: RosterArgs) -> CliResult {
    let store = &mut ctx.store;
    match args.verb {
        RosterVerb::Export { out } => {
            let bytes = store.roster_export()?;
            let name = unit_name(store);
            let path = out.unwrap_or_else(|| PathBuf::from(format!("单位名录-{}.json", file_name_part(&name))));
            write(&path, &bytes)?;
            let members = store.roster()?;
            let approved = members.iter().filter(|e| e.status == walklog::model::RosterStatus::Approved).count();
            let fingerprint = store.identity_view()?.map(|v| v.fingerprint).unwrap_or_default();
            let text = format!(
                "已导出单位名录文件：{}\n共 {} 台安装，其中已批准 {approved} 台。\n党建办密钥指纹：{fingerprint}\n请把文件发给各单位；单位首次导入时请电话告知这个指纹供其核对。\n",
                path.display(),
                members.len()
            );
            let json = serde_json::json!({ "path": path, "members": members.len(), "approved": approved, "fingerprint": fingerprint });
            Outcome::new(text, &json)
        }
        RosterVerb::Import { file } => {
            let r = store.roster_import(&read(&file)?)?;
            let mut text = format!("已导入 {} 的单位名录（{} 台安装）。\n党建办密钥指纹：{}\n", r.office_department, r.members, r.fingerprint);
            if r.pinned_now {
                text.push_str("首次导入：本机已固定这个党建办密钥。请与党建办电话核对上面的指纹；此后只接受该密钥（或经其签名认可的新密钥）签名的名录和报送包。\n");
            } else if r.key_changed {
                text.push_str("党建办已更换密钥：新密钥经原密钥签名认可，本机已改为固定新密钥。\n");
            } else {
                text.push_str("党建办密钥未变。\n");
            }
            Outcome::new(text, &r)
        }
        RosterVerb::RotateKey => {
            let view = store.rotate_office_key()?;
            let text = format!(
                "已更换本机密钥。新的密钥指纹：{}\n原密钥文件已另存在 {} 旁。\n请导出单位名录发给各单位（walklog roster export）：新密钥由原密钥签名认可，各单位导入后即改用新密钥。\n",
                view.fingerprint, view.key_file
            );
            Outcome::new(text, &view)
        }
    }
}
