//! Commands that move whole databases or documents: init, demo, import, export-json, backup,
//! restore.

use super::{open, CliError, CliResult, Outcome};
use crate::store::Store;
use std::path::Path;

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// 随机种子：同一种子生成同样的数据
    #[arg(long, default_value_t = 2021)]
    pub seed: u64,
    /// 数据库已有数据时，先备份再清空并生成
    #[arg(long)]
    pub force: bool,
}

pub fn init(store: &Store) -> CliResult {
    let lines: i64 = store.conn().query_row("SELECT count(*) FROM change_log", [], |r| r.get(0)).map_err(crate::Error::from)?;
    Ok(Outcome::text(format!(
        "数据库已就绪：{}\n数据库版本：{}\n本机编号：{}\n变更记录：{lines} 条\n",
        store.path().display(),
        crate::store::schema_version_supported(),
        store.install_id()
    )))
}

/// Whether the database holds any record (the install id alone does not count).
fn has_records(store: &Store) -> Result<bool, CliError> {
    let n: i64 = store
        .conn()
        .query_row("SELECT (SELECT count(*) FROM change_log) + (SELECT count(*) FROM departments)", [], |r| r.get(0))
        .map_err(crate::Error::from)?;
    Ok(n > 0)
}

pub fn demo(db: &Path, actor: Option<&str>, args: &DemoArgs) -> CliResult {
    let mut store = open(db, actor)?;
    let mut text = String::new();
    if has_records(&store)? {
        if !args.force {
            return Err(CliError::new(
                "not_empty",
                format!("数据库 {} 中已有数据，未生成演示数据。如确需替换，请加 --force（会先自动备份）。", db.display()),
            ));
        }
        // Never destroy data silently: keep a backup beside the database first.
        let stamp = chrono::Local::now().format("%Y%m%d%H%M%S");
        let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(format!(".{stamp}.bak"));
        let saved = db.with_file_name(name);
        store.backup_to(&saved)?;
        drop(store);
        for suffix in ["", "-wal", "-shm"] {
            let mut name = db.as_os_str().to_os_string();
            name.push(suffix);
            match std::fs::remove_file(&name) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(crate::Error::from(e).into()),
            }
        }
        text.push_str(&format!("原有数据已备份到 {}，并已清空。\n", saved.display()));
        store = open(db, actor)?;
    }
    if actor.is_none() {
        store.set_actor("演示数据");
    }
    let summary = crate::demo::generate(&mut store, args.seed)?;
    text.push_str(&format!("已生成演示数据（种子 {}）：{}。\n数据库：{}\n", args.seed, summary.sentence_zh(), db.display()));
    Ok(Outcome::text(text))
}

pub fn import(store: &mut Store, file: &Path) -> CliResult {
    let bytes = std::fs::read(file).map_err(|e| CliError::new("io", format!("无法读取文件 {}：{e}", file.display())))?;
    let report = store.import_bytes(&bytes)?;
    Ok(Outcome::text(format!("导入完成：新增 {} 条，未变 {} 条。\n", report.inserted, report.unchanged)))
}

pub fn export_json(store: &Store, out: Option<&Path>) -> CliResult {
    let json = store.export_json()?;
    let Some(out) = out else {
        return Ok(Outcome::text(json));
    };
    write_atomically(out, json.as_bytes())?;
    let doc = store.export_exchange()?;
    Ok(Outcome::text(format!(
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
    )))
}

/// Writes beside the target and renames, so a crash never leaves half a file under its name.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let io = |e: std::io::Error| CliError::from(crate::Error::from(e));
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut tmp = path.as_os_str().to_os_string();
    tmp.push(".part");
    std::fs::write(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)?;
    Ok(())
}

/// A backup that lacks an attachment file is still written (the records are worth keeping),
/// but the command fails so a script notices.
pub fn backup(store: &Store, file: &Path) -> CliResult {
    let report = store.backup_to(file)?;
    Ok(Outcome { text: format!("{}。\n", report.sentence_zh()), problem: report.missing_error().map(CliError::from) })
}

/// The core checks the backup whole (schema, integrity, hash chain, attachments) before it
/// touches the database, so a refused restore changes nothing.
pub fn restore(store: &mut Store, file: &Path) -> CliResult {
    let report = store.restore_from(file)?;
    let count = |table: &str| -> i64 { store.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap_or(0) };
    let mut text = format!(
        "已从 {} 恢复：单位 {} 个，体验 {} 次，问题 {} 个，整改任务 {} 项，变更记录 {} 条，写入附件 {} 个。\n变更记录哈希链校验通过。\n恢复前的数据库已另存为 {}\n",
        file.display(),
        count("departments"),
        count("walks"),
        count("problems"),
        count("tasks"),
        report.entries,
        report.attachments_written,
        report.safety_copy.display()
    );
    if !report.attachments_missing.is_empty() {
        text.push_str(&format!(
            "注意：有 {} 个附件在备份和本机中都找不到：{}\n",
            report.attachments_missing.len(),
            crate::backup::name_list(&report.attachments_missing)
        ));
    }
    Ok(Outcome::text(text))
}

