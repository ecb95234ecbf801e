//! The `walklog` binary against temporary databases: what a secretary or a script sees.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Run {
    code: i32,
    out: String,
    err: String,
}

fn walklog(db: &Path, args: &[&str]) -> Run {
    let output: Output = Command::new(env!("CARGO_BIN_EXE_walklog"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run walklog");
    Run {
        code: output.status.code().unwrap_or(-1),
        out: String::from_utf8_lossy(&output.stdout).into_owned(),
        err: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn ok(db: &Path, args: &[&str]) -> String {
    let run = walklog(db, args);
    assert_eq!(run.code, 0, "walklog {args:?} failed:\n{}\n{}", run.out, run.err);
    run.out
}

fn demo_db(dir: &Path, name: &str, seed: &str) -> PathBuf {
    let db = dir.join(name);
    let out = ok(&db, &["demo", "--seed", seed]);
    assert!(out.contains("已生成演示数据"), "{out}");
    db
}

fn change_log_lines(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT count(*) FROM change_log", [], |r| r.get(0)).unwrap()
}

#[test]
fn init_creates_a_database_and_bad_arguments_are_reported_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sub").join("walklog.db");
    let out = ok(&db, &["init"]);
    assert!(out.contains("数据库已就绪"), "{out}");
    assert!(db.exists());
    let run = walklog(&db, &["no-such-command"]);
    assert_eq!(run.code, 2);
    assert!(run.err.starts_with("错误[usage]"), "{}", run.err);
    let run = walklog(&db, &["stats", "--period", "2026-13"]);
    assert_ne!(run.code, 0);
    assert!(run.err.contains("错误[validation]") && run.err.contains("2026-13"), "{}", run.err);
}

#[test]
fn demo_fills_stats_tasks_and_search_and_refuses_a_second_run() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "demo.db", "5");

    let stats = ok(&db, &["stats"]);
    assert!(stats.contains("全市") && stats.contains("发现问题") && stats.contains("共发现问题"), "{stats}");
    let figures: serde_json::Value = serde_json::from_str(&ok(&db, &["stats", "--json"])).unwrap();
    assert!(figures["walks"].as_u64().unwrap() >= 60, "{figures}");
    for key in ["walks_daily", "walks_cross", "walks_acceptance", "tasks_open", "tasks_in_progress", "tasks_done", "tasks_closed_out", "tasks_overdue", "materials_removed"] {
        assert!(figures[key].as_u64().unwrap() > 0, "{key} is zero: {figures}");
    }

    let district = ok(&db, &["stats", "--district", "金水区", "--period", "2020-01-01..2099-12-31"]);
    assert!(district.contains("金水区（含下属单位）"), "{district}");

    let overdue = ok(&db, &["tasks", "--overdue"]);
    assert!(overdue.contains("逾期"), "{overdue}");
    let lines: Vec<&str> = overdue.lines().filter(|l| l.contains("-")).collect();
    assert!(!lines.is_empty());
    let closed = ok(&db, &["tasks", "--status", "已销号"]);
    assert!(closed.contains("已销号") && !closed.contains("待整改"), "{closed}");

    let walks = ok(&db, &["walks", "--kind", "cross"]);
    assert!(walks.contains("交叉体验") && !walks.contains("受理体验"), "{walks}");

    let hits = ok(&db, &["search", "材料"]);
    assert!(hits.contains("找到") && hits.contains("材料"), "{hits}");

    // The ledger's search box, from the CLI: a word of a task's problem finds it.
    let searched = ok(&db, &["tasks", "--text", "推诿"]);
    assert!(searched.contains("首问负责") && searched.contains("共 "), "{searched}");
    let kinds = ok(&db, &["search", "兜底"]);
    assert!(kinds.contains("整改任务"), "{kinds}");

    let again = walklog(&db, &["demo"]);
    assert_eq!(again.code, 1);
    assert!(again.err.contains("错误[not_empty]"), "{}", again.err);
    let forced = ok(&db, &["demo", "--seed", "5", "--force"]);
    assert!(forced.contains("已备份到"), "{forced}");
}

#[test]
fn demo_is_deterministic_for_a_seed() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo_db(dir.path(), "a.db", "42");
    let b = demo_db(dir.path(), "b.db", "42");
    let c = demo_db(dir.path(), "c.db", "43");
    let stats = |db: &Path| ok(db, &["stats", "--json"]);
    assert_eq!(stats(&a), stats(&b));
    assert_ne!(stats(&a), stats(&c));
    let walks = |db: &Path| ok(db, &["walks"]);
    assert_eq!(walks(&a), walks(&b), "same ids, titles and dates");
}

#[test]
fn verify_finds_an_edited_line_and_a_tampered_sealed_walk() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "v.db", "9");
    let out = ok(&db, &["verify"]);
    assert!(out.contains("逐条校验通过"), "{out}");

    // A sealed walk's code checks out.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (walk_id, code): (String, String) = conn
        .query_row("SELECT id, seal_code FROM walks WHERE status = 'archived' ORDER BY n LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    drop(conn);
    let out = ok(&db, &["verify", "--code", &code.to_lowercase().replace('-', "")]);
    assert!(out.contains("核验通过"), "{out}");

    // An exported record's code: the change-log line it was made from.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let hash: String = conn.query_row("SELECT hash FROM change_log WHERE seq = 50", [], |r| r.get(0)).unwrap();
    drop(conn);
    let out = ok(&db, &["verify", "--code", &hash[..16]]);
    assert!(out.contains("第 50 条变更记录"), "{out}");
    let run = walklog(&db, &["verify", "--code", "0000-0000-0000-0000"]);
    assert_eq!(run.code, 1);
    assert!(run.err.contains("错误[validation]") && run.err.contains("没有核验码"), "{}", run.err);

    // Someone edits the sealed walk's step behind the program's back (a column outside the
    // full-text index, whose triggers need the core's functions).
    let sealed = dir.path().join("sealed.db");
    std::fs::copy(&db, &sealed).unwrap();
    let conn = rusqlite::Connection::open(&sealed).unwrap();
    conn.execute_batch("DROP TRIGGER steps_sealed_update;").unwrap();
    conn.execute("UPDATE steps SET waiting_minutes = waiting_minutes + 30 WHERE walk_id = ?1 AND seq = 1", [&walk_id]).unwrap();
    drop(conn);
    let run = walklog(&sealed, &["verify", "--code", &code]);
    assert_eq!(run.code, 1, "{}\n{}", run.out, run.err);
    assert!(run.out.contains("第 1 个环节") && run.err.contains("错误[seal_mismatch]"), "{}\n{}", run.out, run.err);

    // Someone edits a line of the change log itself.
    let broken = dir.path().join("broken.db");
    std::fs::copy(&db, &broken).unwrap();
    let conn = rusqlite::Connection::open(&broken).unwrap();
    conn.execute_batch("DROP TRIGGER change_log_no_update; UPDATE change_log SET actor = '篡改者' WHERE seq = 100;").unwrap();
    drop(conn);
    let run = walklog(&broken, &["verify"]);
    assert_eq!(run.code, 1, "{}\n{}", run.out, run.err);
    assert!(run.out.contains("第 100 条") && run.err.contains("错误[chain_broken]"), "{}\n{}", run.out, run.err);
}

#[test]
fn verify_names_rows_changed_behind_the_log_and_a_log_cut_short() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "t.db", "4");
    let out = ok(&db, &["verify"]);
    assert!(out.contains("各表内容与变更记录一致"), "{out}");
    let anchor = out.lines().find_map(|l| l.strip_prefix("当前链头：")).and_then(|l| l.split('（').next()).unwrap().to_string();

    // An open task set to 已销号 in the table, behind the log.
    let edited = dir.path().join("edited.db");
    std::fs::copy(&db, &edited).unwrap();
    let conn = rusqlite::Connection::open(&edited).unwrap();
    let task: String = conn.query_row("SELECT id FROM tasks WHERE status = 'open' LIMIT 1", [], |r| r.get(0)).unwrap();
    conn.execute("UPDATE tasks SET status = 'closed_out' WHERE id = ?1", [&task]).unwrap();
    drop(conn);
    let run = walklog(&edited, &["verify"]);
    assert_eq!(run.code, 1, "{}\n{}", run.out, run.err);
    assert!(run.out.contains(&task) && run.out.contains("“状态”与变更记录不一致（表中：已销号，记录：待整改）") && run.err.contains("错误[tampered]"), "{}\n{}", run.out, run.err);

    // The last lines of the log deleted: the chain checks out on its own, the head written down
    // before does not.
    let cut = dir.path().join("cut.db");
    std::fs::copy(&db, &cut).unwrap();
    let conn = rusqlite::Connection::open(&cut).unwrap();
    conn.execute_batch("DROP TRIGGER change_log_no_delete; DELETE FROM change_log WHERE seq > (SELECT max(seq) - 2 FROM change_log);").unwrap();
    drop(conn);
    let run = walklog(&cut, &["verify", "--against", &anchor]);
    assert_eq!(run.code, 1, "{}\n{}", run.out, run.err);
    assert!(run.out.contains("截断") && run.err.contains("错误[tampered]"), "{}\n{}", run.out, run.err);
    let out = ok(&db, &["verify", "--against", &anchor]);
    assert!(out.contains("变更记录仍含有第 "), "{out}");
}

#[test]
fn verify_against_a_head_printed_earlier_catches_a_log_rewritten_and_rehashed() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "t.db", "5");
    // The head as a report's footer prints it, taken before the rewrite.
    let printed = walklog::Store::open(&db).unwrap().chain_head_printed().unwrap().expect("a head");
    assert!(ok(&db, &["verify", "--against", &printed]).contains("变更记录仍含有第 "));

    // An early line edited, then every hash after it recomputed: the chain checks out alone.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("DROP TRIGGER change_log_no_update; UPDATE change_log SET actor = '改写者' WHERE seq = 10;").unwrap();
    let (mut prev, mut origin_prev) = (walklog::store::GENESIS.to_string(), std::collections::HashMap::new());
    for mut e in walklog::store::read_lines(&conn).unwrap() {
        e.prev_hash = prev.clone();
        e.origin_prev = origin_prev.get(&e.install_id).cloned().unwrap_or_else(|| walklog::store::GENESIS.to_string());
        e.origin_hash = e.expected_origin_hash();
        e.hash = e.expected_hash();
        conn.execute(
            "UPDATE change_log SET prev_hash = ?2, hash = ?3, origin_prev = ?4, origin_hash = ?5 WHERE seq = ?1",
            rusqlite::params![e.seq, e.prev_hash, e.hash, e.origin_prev, e.origin_hash],
        )
        .unwrap();
        origin_prev.insert(e.install_id.clone(), e.origin_hash.clone());
        prev = e.hash;
    }
    drop(conn);
    let run = walklog(&db, &["verify", "--against", &printed]);
    assert_eq!(run.code, 1, "{}\n{}", run.out, run.err);
    assert!(run.out.contains("变更记录哈希链完整"), "the chain alone says nothing: {}", run.out);
    assert!(run.out.contains("的哈希与记下的不符") && run.out.contains("变更记录被改写") && run.err.contains("错误[tampered]"), "{}\n{}", run.out, run.err);
    // A head not written in a form it takes is a usage error, not a finding.
    let run = walklog(&db, &["verify", "--against", "第五条"]);
    assert!(run.code != 0 && run.err.contains("错误[validation]") && run.err.contains("链头应写作"), "{}\n{}", run.out, run.err);
}

#[test]
fn backup_and_restore_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "live.db", "3");
    let copy = dir.path().join("backup.db");
    let out = ok(&db, &["backup", copy.to_str().unwrap()]);
    assert!(out.contains("已备份到"), "{out}");
    let again = walklog(&db, &["backup", copy.to_str().unwrap()]);
    assert_ne!(again.code, 0, "an existing backup is never overwritten");

    let target = dir.path().join("target.db");
    ok(&target, &["init"]);
    let out = ok(&target, &["restore", copy.to_str().unwrap()]);
    assert!(out.contains("哈希链校验通过"), "{out}");
    assert_eq!(ok(&db, &["stats", "--json"]), ok(&target, &["stats", "--json"]));
    assert_eq!(change_log_lines(&db), change_log_lines(&target));

    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "这不是数据库").unwrap();
    let run = walklog(&target, &["restore", junk.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.err.contains("不是走流程纪实的数据库"), "{}", run.err);
    assert_eq!(change_log_lines(&db), change_log_lines(&target), "a refused restore changes nothing");

    // A backup from a newer program is refused, not half-read.
    let newer = dir.path().join("newer.db");
    std::fs::copy(&copy, &newer).unwrap();
    rusqlite::Connection::open(&newer).unwrap().execute_batch("PRAGMA user_version = 999;").unwrap();
    let run = walklog(&target, &["restore", newer.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.err.contains("错误[schema_too_new]"), "{}", run.err);
}

#[test]
fn importing_an_export_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "src.db", "11");
    let file = dir.path().join("all.json");
    let out = ok(&db, &["export-json", "--out", file.to_str().unwrap()]);
    assert!(out.contains("已导出到"), "{out}");

    let fresh = dir.path().join("fresh.db");
    let first = ok(&fresh, &["import", file.to_str().unwrap()]);
    assert!(first.contains("，未变 0 条"), "{first}");
    let lines = change_log_lines(&fresh);
    let second = ok(&fresh, &["import", file.to_str().unwrap()]);
    assert!(second.contains("新增 0 条，"), "{second}");
    assert_eq!(lines, change_log_lines(&fresh), "a second import writes nothing");
    let back = ok(&db, &["import", file.to_str().unwrap()]);
    assert!(back.contains("新增 0 条，"), "{back}");
    assert_eq!(ok(&db, &["stats", "--json"]), ok(&fresh, &["stats", "--json"]));
}

#[test]
fn a_bad_file_is_rejected_whole_naming_where() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "src.db", "13");
    let file = dir.path().join("all.json");
    ok(&db, &["export-json", "--out", file.to_str().unwrap()]);
    let text = std::fs::read_to_string(&file).unwrap();
    let target = dir.path().join("target.db");
    ok(&target, &["init"]);

    // A wrong code in the middle of the file: the line is named.
    let line = text.lines().position(|l| l.contains("\"kind\": \"cross\"")).unwrap() + 1;
    let bad = dir.path().join("bad-kind.json");
    std::fs::write(&bad, text.replacen("\"kind\": \"cross\"", "\"kind\": \"weekly\"", 1)).unwrap();
    let run = walklog(&target, &["import", bad.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.err.contains("错误[import]") && run.err.contains(&format!("第 {line} 行")), "{}", run.err);
    assert_eq!(change_log_lines(&target), 0, "nothing written");

    // A reference to a head who is in neither file nor database: the field is named.
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    doc["walks"][3]["leader_id"] = serde_json::json!("00000000-0000-0000-0000-000000000000");
    let bad = dir.path().join("bad-ref.json");
    std::fs::write(&bad, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let run = walklog(&target, &["import", bad.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.err.contains("walks[3].leader_id"), "{}", run.err);
    assert_eq!(change_log_lines(&target), 0, "nothing written");

    // A 销号 that names no 党建办 person; an archived walk whose 核验码 is not its content;
    // the same file re-imported into its own database changes nothing.
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let closed = doc["tasks"].as_array().unwrap().iter().position(|t| t["status"] == "closed_out").unwrap();
    doc["tasks"][closed]["closed_out_by"] = serde_json::Value::Null;
    let bad = dir.path().join("bad-close-out.json");
    std::fs::write(&bad, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let run = walklog(&target, &["import", bad.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.err.contains(&format!("tasks[{closed}].closed_out_by")) && run.err.contains("党建办"), "{}", run.err);
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let sealed = doc["walks"].as_array().unwrap().iter().position(|w| w["status"] == "archived").unwrap();
    doc["walks"][sealed]["reflection"] = serde_json::json!("封存后改写的感悟");
    std::fs::write(&bad, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let run = walklog(&target, &["import", bad.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.err.contains(&format!("walks[{sealed}].seal_code")), "{}", run.err);
    assert_eq!(change_log_lines(&target), 0, "nothing written");
    let before = change_log_lines(&db);
    let out = ok(&db, &["import", file.to_str().unwrap()]);
    assert!(out.contains("新增 0 条"), "{out}");
    assert_eq!(change_log_lines(&db), before);

    let run = walklog(&target, &["import", dir.path().join("missing.json").to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.err.contains("错误[io]"), "{}", run.err);
}

#[test]
fn export_puts_bare_names_in_the_exports_folder_and_names_its_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "e.db", "2");
    let exports = dir.path().join("exports");
    let out = ok(&db, &["export", "ledger", "--overdue", "--out", "台账.pdf"]);
    assert!(out.contains("台账.pdf") && exports.join("台账.pdf").exists(), "{out}");

    let walks: serde_json::Value = serde_json::from_str(&ok(&db, &["walks", "--json"])).unwrap();
    let walk_id = walks[0]["id"].as_str().unwrap();
    let run = walklog(&db, &["export", "walk", walk_id, "--out", "w.pdf", "--font", "/nope.ttf"]);
    assert_eq!(run.code, 1);
    assert!(run.err.contains("错误[font_invalid]"), "{}", run.err);
    assert!(!exports.join("w.pdf").exists(), "a failed export leaves no file");

    let out = ok(&db, &["export", "ledger", "--out", "台账.xlsx", "--status", "整改中"]);
    assert!(out.contains("台账.xlsx") && exports.join("台账.xlsx").exists(), "{out}");
    let run = walklog(&db, &["export", "report", "--period", "2026-13", "--out", "r.pdf"]);
    assert_eq!(run.code, 1);
    assert!(run.err.contains("错误[validation]") && run.err.contains("2026-13"), "{}", run.err);
    let run = walklog(&db, &["export", "ledger", "--status", "weekly", "--out", "x.pdf"]);
    assert!(run.err.contains("错误[usage]") && run.err.contains("已销号"), "{}", run.err);
}

#[test]
fn verify_file_knows_an_exported_file_and_refuses_it_with_one_byte_changed() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "v.db", "3");
    let exports = dir.path().join("exports");
    ok(&db, &["export", "ledger", "--status", "整改中", "--out", "台账.pdf"]);
    ok(&db, &["export", "ledger", "--out", "台账.xlsx"]);
    for (name, what) in [("台账.pdf", "PDF"), ("台账.xlsx", "Excel")] {
        let file = exports.join(name);
        let out = ok(&db, &["verify-file", file.to_str().unwrap()]);
        assert!(out.contains("本系统于") && out.contains("整改台账") && out.contains(what) && out.contains("内容未改动"), "{out}");
        // One byte changed anywhere (the middle): not this system's file any more.
        let mut bytes = std::fs::read(&file).unwrap();
        let at = bytes.len() / 2;
        bytes[at] ^= 0x01;
        let bad = dir.path().join(format!("改过的{name}"));
        std::fs::write(&bad, &bytes).unwrap();
        let run = walklog(&db, &["verify-file", bad.to_str().unwrap()]);
        assert_eq!(run.code, 1, "{}", run.out);
        assert!(run.out.contains("文件已被修改或不是本系统导出") && run.err.contains("错误[file_unverified]"), "{}\n{}", run.out, run.err);
    }
    let out = ok(&db, &["--json", "verify-file", exports.join("台账.pdf").to_str().unwrap()]);
    let check: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!((check["known"].as_bool(), check["export"]["filters_zh"].as_str()), (Some(true), Some("状态：整改中")), "{check}");
    // A missing file or a folder is a clear message, not a verdict.
    let run = walklog(&db, &["verify-file", dir.path().to_str().unwrap()]);
    assert!(run.err.contains("错误[validation]") && run.err.contains("不是文件夹"), "{}", run.err);
    let run = walklog(&db, &["verify-file", "/没有这个文件.pdf"]);
    assert_eq!(run.code, 1);
    assert!(run.err.contains("错误[read_failed]"), "{}", run.err);
}

#[test]
fn every_help_text_is_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    let paths: &[&[&str]] = &[
        &[], &["export"], &["export", "walk"], &["export", "ledger"], &["walk"], &["walk", "new"], &["walk", "step"],
        &["problem", "add"], &["task"], &["task", "raise"], &["task", "close-out"], &["dept", "add"], &["person", "add"],
        &["matter", "add"], &["stats"], &["verify"],
    ];
    for path in paths {
        let mut args = path.to_vec();
        args.push("--help");
        let out = ok(&db, &args);
        for english in ["Usage", "Options", "Arguments", "Commands", "[OPTIONS]", "Print help", " of one walk", "Output file"] {
            assert!(!out.contains(english), "walklog {path:?} --help shows «{english}»:\n{out}");
        }
        assert!(out.contains("用法：") && out.contains("选项："), "{out}");
    }
    let run = walklog(&db, &["walk", "step"]);
    assert_eq!(run.code, 2);
    assert!(run.err.starts_with("错误[usage]: 缺少必需的参数"), "{}", run.err);
}

#[test]
fn templates_are_files_a_copy_is_checked_and_becomes_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "demo.db", "3");
    let list = ok(&db, &["templates"]);
    for name in ["体验纪实表", "问题清单", "整改台账", "完成情况报告", "督办单", "周报"] {
        assert!(dir.path().join("模板").join(name).join(format!("{name}.md")).is_file(), "{name}: {list}");
    }
    let bad = dir.path().join("坏.md");
    std::fs::write(&bad, "# 副本\n\n{{ walk.title }\n").unwrap();
    let refused = walklog(&db, &["templates", "--record", "体验纪实表", "--save", bad.to_str().unwrap(), "--name", "市局版"]);
    assert_eq!(refused.code, 1);
    assert!(refused.err.contains("模板第 3 行有错误"), "{}", refused.err);
    assert!(!dir.path().join("模板/体验纪实表/市局版.md").exists());
    let good = dir.path().join("好.md");
    std::fs::write(&good, "# 市局版纪实 {{ walk.title }}\n").unwrap();
    let saved = ok(&db, &["templates", "--record", "体验纪实表", "--save", good.to_str().unwrap(), "--name", "市局版", "--default", "市局版"]);
    assert!(saved.contains("已保存") && saved.contains("今后默认使用模板“市局版”"), "{saved}");
    let listed: serde_json::Value = serde_json::from_str(&ok(&db, &["--json", "templates", "--record", "体验纪实表"])).unwrap();
    let copy = listed.as_array().unwrap().iter().find(|t| t["name"] == "市局版").expect("listed");
    assert_eq!(copy["default"], true);
    let unknown = walklog(&db, &["templates", "--record", "周记"]);
    assert!(unknown.err.contains("没有“周记”这种记录"), "{}", unknown.err);
}

#[test]
fn the_manual_prints_as_a_pdf_with_its_screenshots() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let out = dir.path().join("用户手册.pdf");
    let said = ok(&db, &["export", "manual", "--out", out.to_str().unwrap()]);
    assert!(said.contains("已导出用户手册") && said.contains(" 页"), "{said}");
    let check = Command::new("qpdf").arg("--check").arg(&out).output().expect("qpdf (apt install qpdf)");
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
    let images = Command::new("pdfimages").arg("-list").arg(&out).output().expect("pdfimages (apt install poppler-utils)");
    let listed = String::from_utf8_lossy(&images.stdout).lines().skip(2).count();
    assert_eq!(listed, walklog::manual::IMAGES.len(), "every screenshot printed once");
    let text = Command::new("pdftotext").arg(&out).arg("-").output().expect("pdftotext");
    let text: String = String::from_utf8_lossy(&text.stdout).split_whitespace().collect();
    for heading in ["走流程纪实用户手册", "一、开始使用", "二、一把手：走一遍流程", "四、整改与销号", "七、常见问题"] {
        assert!(text.contains(heading), "{heading} missing");
    }
}

fn walklog_env(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_walklog"));
    command.arg("--db").arg(db).args(args).stdin(std::process::Stdio::null());
    for (k, v) in env {
        command.env(k, v);
    }
    let output = command.output().expect("run walklog");
    Run {
        code: output.status.code().unwrap_or(-1),
        out: String::from_utf8_lossy(&output.stdout).into_owned(),
        err: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn encryption_takes_its_password_from_the_environment_and_refuses_a_wrong_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "walklog.db", "7");
    let walks_before = ok(&db, &["walks"]);
    let on = walklog_env(&db, &["encryption", "on"], &[("WALKLOG_NEW_PASSWORD", "短")]);
    assert_eq!(on.code, 1);
    assert!(on.err.contains("密码至少 8 个字符"), "{}", on.err);
    let on = walklog_env(&db, &["encryption", "on"], &[("WALKLOG_NEW_PASSWORD", "演示单位密码2026")]);
    assert_eq!(on.code, 0, "{}", on.err);
    assert!(on.out.contains("数据已加密") && on.out.contains("无法找回"), "{}", on.out);

    // No terminal and no variable: it says which variable to set.
    let locked = walklog_env(&db, &["walks"], &[]);
    assert_eq!(locked.code, 1);
    assert!(locked.err.contains("WALKLOG_PASSWORD"), "{}", locked.err);
    let before = std::fs::read(&db).unwrap();
    let wrong = walklog_env(&db, &["walks"], &[("WALKLOG_PASSWORD", "不对的密码不对")]);
    assert_eq!(wrong.code, 1);
    assert!(wrong.err.contains("密码不正确"), "{}", wrong.err);
    assert!(!wrong.err.contains("ERROR CORE"), "SQLCipher's own log stays quiet: {}", wrong.err);
    assert_eq!(std::fs::read(&db).unwrap(), before, "a wrong password changes nothing");
    let pw = [("WALKLOG_PASSWORD", "演示单位密码2026")];
    let walks = walklog_env(&db, &["walks"], &pw);
    assert_eq!((walks.code, &walks.out), (0, &walks_before), "{}", walks.err);
    let status = walklog_env(&db, &["encryption", "status"], &pw);
    assert!(status.out.contains("数据已加密"), "{}", status.out);

    // A backup needs the password it was made under; after a change, that old one.
    let backup = dir.path().join("before-change.db");
    let made = walklog_env(&db, &["backup", backup.to_str().unwrap()], &pw);
    assert_eq!(made.code, 0, "{}", made.err);
    let changed =
        walklog_env(&db, &["encryption", "change"], &[pw[0], ("WALKLOG_NEW_PASSWORD", "第二个密码-2027")]);
    assert_eq!(changed.code, 0, "{}", changed.err);
    let pw2 = [("WALKLOG_PASSWORD", "第二个密码-2027")];
    assert_eq!(walklog_env(&db, &["walks"], &pw).code, 1, "the old password no longer opens it");
    let refused = walklog_env(&db, &["restore", backup.to_str().unwrap()], &pw2);
    assert_eq!(refused.code, 1);
    assert!(refused.err.contains("请输入该备份的密码"), "{}", refused.err);
    let restored =
        walklog_env(&db, &["restore", backup.to_str().unwrap()], &[pw2[0], ("WALKLOG_BACKUP_PASSWORD", "演示单位密码2026")]);
    assert_eq!(restored.code, 0, "{}", restored.err);
    assert!(restored.out.contains("已恢复"), "{}", restored.out);

    let off = walklog_env(&db, &["encryption", "off"], &pw2);
    assert_eq!(off.code, 0, "{}", off.err);
    assert_eq!(ok(&db, &["walks"]), walks_before, "plain again: opens without a password");
}
