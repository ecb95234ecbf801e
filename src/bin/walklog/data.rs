//! Commands that move whole databases or documents: demo, import, export-json, backup, restore
//! (`init` is with 本机身份, in `install`).

use super::output::{Failure, Outcome};
use super::CliResult;
use std::path::Path;
use walklog::{Error, Store};

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// 随机种子：同一种子生成同样的数据
    #[arg(long, default_value_t = 2021, value_name = "数字")]
    pub seed: u64,
    /// 数据库已有数据时，先备份再清空并生成
    #[arg(long)]
    pub force: bool,
}

pub fn demo(db: &Path, args: &DemoArgs) -> CliResult {
    let password = super::encryption::password_for(db)?;
    let mut store = Store::open_unlocking(db, password.as_deref().map(String::as_str))?;
    let mut text = String::new();
    let mut saved = None;
    if !store.is_empty()? {
        if !args.force {
            let message = format!("数据库 {} 中已有数据，未生成演示数据。如确需替换，请加 --force（会先自动备份）。", db.display());
            return Err(Error::NotEmpty { message }.into());
        }
        // Never destroy data silently: keep a backup beside the database first.
        let stamp = chrono::Local::now().format("%Y%m%d%H%M%S");
        let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(format!(".{stamp}.bak"));
        let backup = db.with_file_name(name);
        store.backup_to(&backup)?;
        drop(store);
        for suffix in ["", "-wal", "-shm"] {
            let mut name = db.as_os_str().to_os_string();
            name.push(suffix);
            match std::fs::remove_file(&name) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::from(e).into()),
            }
        }
        text.push_str(&format!("原有数据已备份到 {}，并已清空。\n", backup.display()));
        store = Store::open(db)?;
        saved = Some(backup);
    }
    store.set_actor("演示数据");
    let summary = walklog::demo::generate(&mut store, args.seed)?;
    text.push_str(&format!("已生成演示数据（种子 {}）：{}。\n数据库：{}\n", args.seed, summary.sentence_zh(), db.display()));
    Outcome::new(text, &serde_json::json!({ "seed": args.seed, "summary": summary.sentence_zh(), "db": db, "backup": saved }))
}

pub fn import(store: &mut Store, file: &Path) -> CliResult {
    // The io error names the file, so the message says which one could not be read.
    let bytes = std::fs::read(file).map_err(|e| Error::Io(std::io::Error::new(e.kind(), format!("{}：{e}", file.display()))))?;
    let report = store.import_bytes(&bytes)?;
    Outcome::new(format!("导入完成：新增 {} 条，未变 {} 条。\n", report.inserted, report.unchanged), &report)
}

pub fn export_json(store: &Store, out: Option<&Path>) -> CliResult {
    let doc = store.export_exchange()?;
    let Some(out) = out else {
        let text = store.export_json()?;
        return Outcome::new(text, &doc);
    };
    write_atomically(out, store.export_json()?.as_bytes())?;
    let counts = serde_json::json!({
        "path": out, "departments": doc.departments.len(), "people": doc.people.len(), "matters": doc.matters.len(),
        "walks": doc.walks.len(), "steps": doc.steps.len(), "problems": doc.problems.len(), "tasks": doc.tasks.len(), "notes": doc.notes.len(),
    });
    let text = format!(
        "已导出到 {}：单位 {} 个、人员 {} 人、事项 {} 项、体验 {} 次、环节 {} 个、问题 {} 个、整改任务 {} 项、进展 {} 条。\n",
        out.display(),
        doc.departments.len(),
        doc.people.len(),
        doc.matters.len(),
        doc.walks.len(),
        doc.steps.len(),
        doc.problems.len(),
        doc.tasks.len(),
        doc.notes.len()
    );
    Outcome::new(text, &counts)
}

/// The core's atomic write (a crash never leaves half a file under its name), into a folder
/// made if missing.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(Error::from)?;
    }
    Ok(walklog::files::write_atomic(path, bytes)?)
}

/// A backup that lacks an attachment file is still written (the records are worth keeping),
/// but the command fails so a script notices.
pub fn backup(store: &Store, file: &Path) -> CliResult {
    let report = store.backup_to(file)?;
    let problem = report.missing_error().map(Failure::from);
    let text = format!("{}。\n", report.sentence_zh());
    let json = serde_json::json!({ "path": report.path, "attachments": report.attachments, "missing": report.missing });
    Ok(Outcome::new(text, &json)?.with_problem(problem))
}

/// The core checks the backup whole (schema, integrity, hash chain, attachments) before it
/// touches the database, so a refused restore changes nothing.
pub fn restore(store: &mut Store, file: &Path) -> CliResult {
    use super::encryption::{secret, BACKUP_PASSWORD_ENV};
    use std::io::IsTerminal;
    let given = std::env::var(BACKUP_PASSWORD_ENV).ok().filter(|v| !v.is_empty());
    let report = match store.restore_with_password(file, given.as_deref()) {
        // A backup under another password: ask for it (or say which variable gives it).
        Err(e) if e.field() == Some("backup_password") && given.is_none() && std::io::stdin().is_terminal() => {
            let password = secret(BACKUP_PASSWORD_ENV, &format!("{}。\n备份文件的密码：", e.message_zh()))?;
            store.restore_with_password(file, Some(&password))?
        }
        other => other?,
    };
    let count = |table: &str| -> Result<i64, Error> {
        Ok(store.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
    };
    let (departments, walks, problems, tasks) = (count("departments")?, count("walks")?, count("problems")?, count("tasks")?);
    let text = format!(
        "从 {}：单位 {departments} 个，体验 {walks} 次，问题 {problems} 个，整改任务 {tasks} 项。\n{}。\n",
        file.display(),
        report.sentence_zh()
    );
    let json = serde_json::json!({
        "path": file, "departments": departments, "walks": walks, "problems": problems, "tasks": tasks,
        "entries": report.entries, "attachments_written": report.attachments_written,
        "attachments_missing": report.attachments_missing, "safety_copy": report.safety_copy,
    });
    Outcome::new(text, &json)
}
