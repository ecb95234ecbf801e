//! 数据加密 from the command line. Passwords come from the environment (scripts) or from a
//! prompt that does not echo; never from an argument, which other users can read in `ps`.

use super::output::{Failure, Outcome};
use super::{CliResult, Ctx};
use std::io::IsTerminal;
use std::path::Path;
use walklog::Error;
use zeroize::Zeroizing;

/// The password of an encrypted database.
pub const PASSWORD_ENV: &str = "WALKLOG_PASSWORD";
/// The password to set (`encryption on`, `encryption change`).
pub const NEW_PASSWORD_ENV: &str = "WALKLOG_NEW_PASSWORD";
/// The password of an encrypted backup made under another password (`restore`).
pub const BACKUP_PASSWORD_ENV: &str = "WALKLOG_BACKUP_PASSWORD";

pub type Secret = Zeroizing<String>;

#[derive(Debug, clap::Args)]
pub struct EncryptionArgs {
    #[command(subcommand)]
    pub verb: EncryptionVerb,
}

#[derive(Debug, clap::Subcommand)]
pub enum EncryptionVerb {
    /// 查看数据是否已加密
    Status,
    /// 开启数据加密：数据库、附件和备份都需密码才能读取（密码遗失后数据无法找回）
    On,
    /// 修改密码：数据库用新密码重新加密
    Change,
    /// 关闭数据加密
    Off,
}

/// The password for the database at `db`: None when it is not encrypted.
pub fn password_for(db: &Path) -> Result<Option<Secret>, Failure> {
    if !walklog::crypt::is_encrypted(db)? {
        return Ok(None);
    }
    secret(PASSWORD_ENV, &format!("数据库 {} 已加密，请输入密码：", db.display())).map(Some)
}

/// A password from `env`, else asked on the terminal.
pub fn secret(env: &str, prompt: &str) -> Result<Secret, Failure> {
    if let Some(v) = std::env::var(env).ok().filter(|v| !v.is_empty()) {
        return Ok(Zeroizing::new(v));
    }
    ask(env, prompt)
}

fn ask(env: &str, prompt: &str) -> Result<Secret, Failure> {
    if !std::io::stdin().is_terminal() {
        return Err(Error::Usage { message: format!("需要密码：请在终端中运行以输入密码，或设置环境变量 {env}") }.into());
    }
    Ok(Zeroizing::new(rpassword::prompt_password(prompt).map_err(Error::Io)?))
}

/// The password to set: from the environment, or typed twice.
fn new_secret() -> Result<Secret, Failure> {
    if let Some(v) = std::env::var(NEW_PASSWORD_ENV).ok().filter(|v| !v.is_empty()) {
        return Ok(Zeroizing::new(v));
    }
    let first = ask(NEW_PASSWORD_ENV, "请输入新密码（至少 8 个字符）：")?;
    let again = ask(NEW_PASSWORD_ENV, "请再输入一次新密码：")?;
    if *first != *again {
        return Err(Error::Validation { field: "new_password", message: "两次输入的新密码不一致，未作改动".into() }.into());
    }
    Ok(first)
}

pub fn run(ctx: &mut Ctx, args: EncryptionArgs) -> CliResult {
    let store = &mut ctx.store;
    match args.verb {
        EncryptionVerb::Status => {
            let text = if store.is_encrypted() {
                "数据已加密：数据库、附件和备份需密码才能读取。\n"
            } else {
                "数据未加密。可用 walklog encryption on 开启。\n"
            };
            Outcome::new(text.to_string(), &serde_json::json!({ "encrypted": store.is_encrypted() }))
        }
        EncryptionVerb::On => {
            if !store.is_encrypted() && std::env::var(NEW_PASSWORD_ENV).is_err() {
                eprintln!("注意：开启后，打开数据需要密码。密码遗失后，数据无法找回，任何人（包括本系统）都无法恢复。");
            }
            let password = new_secret()?;
            let status = store.encrypt(&password)?;
            Outcome::new(format!("{}。\n", status.sentence_zh()), &status)
        }
        EncryptionVerb::Change => {
            let old = opened_with(ctx.password.as_ref())?;
            let new = new_secret()?;
            ctx.store.change_password(&old, &new)?;
            let text = "密码已修改，数据库已用新密码重新加密。修改前做的备份仍需用原密码恢复。\n";
            Outcome::new(text.to_string(), &serde_json::json!({ "encrypted": true }))
        }
        EncryptionVerb::Off => {
            let password = opened_with(ctx.password.as_ref())?;
            let status = ctx.store.decrypt(&password)?;
            Outcome::new(format!("{}。\n", status.sentence_zh()), &status)
        }
    }
}

/// The password the database was opened with (the proof that the user knows it).
fn opened_with(password: Option<&Secret>) -> Result<Secret, Failure> {
    password.cloned().ok_or_else(|| Error::Validation { field: "password", message: "数据未加密".into() }.into())
}
