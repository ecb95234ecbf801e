//! A whole walk headless: a secretary's script runs the programme through the built `walklog`
//! binary only — directory, an incognito 日常体验 with three steps, a problem fixed on the spot,
//! a systemic one through its task to 销号 (with a 退回 on the way), then the figures and the
//! 体验纪实表. Every refusal is checked by its error code.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

struct Run {
    code: i32,
    out: String,
    err: String,
}

fn walklog(db: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_walklog")).arg("--db").arg(db).arg("--json").args(args).output().expect("run walklog");
    Run {
        code: output.status.code().unwrap_or(-1),
        out: String::from_utf8_lossy(&output.stdout).into_owned(),
        err: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs a command that must succeed and returns its JSON result.
fn ok(db: &Path, args: &[&str]) -> Value {
    let run = walklog(db, args);
    assert_eq!(run.code, 0, "walklog {args:?} failed:\n{}\n{}", run.out, run.err);
    serde_json::from_str(&run.out).unwrap_or_else(|e| panic!("walklog {args:?} printed no JSON ({e}):\n{}", run.out))
}

/// Runs a command the core must refuse with `code`, and returns the JSON error.
fn refused(db: &Path, args: &[&str], code: &str) -> Value {
    let run = walklog(db, args);
    assert_eq!(run.code, 1, "walklog {args:?} should fail with {code}:\n{}\n{}", run.out, run.err);
    let err: Value = serde_json::from_str(run.err.trim()).unwrap_or_else(|e| panic!("no JSON error ({e}): {}", run.err));
    assert_eq!(err["code"], code, "walklog {args:?}: {err}");
    let message = err["message_zh"].as_str().unwrap_or_default();
    assert!(!message.is_empty() && !message.contains("。，"), "{err}");
    err
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap_or_else(|| panic!("no id in {v}")).to_string()
}

/// The text of a PDF, whitespace removed (pdftotext breaks lines where the layout did).
fn pdf_text(pdf: &Path) -> String {
    let out = match Command::new("pdftotext").args(["-enc", "UTF-8"]).arg(pdf).arg("-").output() {
        Ok(out) => out,
        Err(e) => panic!("pdftotext is needed to check the exported 纪实表 (apt install poppler-utils): {e}"),
    };
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).split_whitespace().collect()
}

#[test]
fn a_whole_walk_through_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");

    // The directory: two units whose names overlap, the office, a head, an owner, a 党建办 person.
    let unit = id(&ok(&db, &["dept", "add", "市人力资源和社会保障局", "--level", "市直部门"]));
    ok(&db, &["dept", "add", "市人力资源和社会保障局社保中心", "--parent", "市人力资源和社会保障局"]);
    ok(&db, &["dept", "add", "市委党建工作领导小组办公室"]);
    let err = refused(&db, &["person", "add", "张伟", "--dept", "人力资源", "--role", "一把手"], "ambiguous");
    assert!(err["message_zh"].as_str().unwrap().contains("社保中心"), "{err}");
    refused(&db, &["person", "add", "张伟", "--dept", "市教育局", "--role", "一把手"], "validation");
    let head = ok(&db, &["person", "add", "张伟", "--dept", "市人力资源和社会保障局", "--role", "一把手", "--title", "局长"]);
    assert_eq!(head["department_id"], unit.as_str());
    ok(&db, &["person", "add", "李娜", "--dept", "市人力资源和社会保障局", "--role", "责任人"]);
    let office = ok(&db, &["person", "add", "王芳", "--dept", "党建工作领导小组", "--role", "党建办"]);
    ok(&db, &["matter", "add", "社会保障卡补换", "--dept", "市人力资源和社会保障局", "--legal-days", "5", "--promised-days", "0"]);
    assert_eq!(ok(&db, &["person", "list"]).as_array().unwrap().len(), 3);
    assert_eq!(ok(&db, &["dept", "list"]).as_array().unwrap().len(), 3);
    assert_eq!(ok(&db, &["matter", "list", "--dept", "市人力资源和社会保障局"]).as_array().unwrap().len(), 1);

    // An incognito 日常体验, planned, started, three steps.
    let args = ["walk", "new", "--title", "社保卡补换日常体验", "--leader", "张伟", "--kind", "日常体验", "--manner", "亲自办"];
    refused(&db, &args, "validation"); // a 日常体验 must be incognito: the core's rule
    let mut args = args.to_vec();
    args.extend(["--incognito", "--place", "市民之家", "--matter", "社会保障卡"]);
    let walk = ok(&db, &args);
    let walk_id = id(&walk);
    assert_eq!(walk["status"], "planned");
    assert_eq!(walk["incognito"]["no_escort"], true);
    refused(&db, &["walk", "step", &walk_id, "取号"], "transition");
    assert_eq!(ok(&db, &["walk", "start", "社保卡补换"])["status"], "in_progress");
    for (n, step) in ["取号", "窗口受理", "领取社保卡"].iter().enumerate() {
        let s = ok(&db, &["walk", "step", &walk_id, step, "--place", "一楼大厅"]);
        assert_eq!(s["seq"], n as u64 + 1);
    }

    // A simple problem fixed on the spot; a systemic one for the ledger.
    let simple = ok(&db, &["--as", "张伟", "problem", "add", &walk_id, "窗口未一次告知所需材料", "--step", "2", "--nature", "simple", "--category", "申报材料", "--standard", "一次告知制"]);
    let resolved = ok(&db, &["problem", "resolve", &id(&simple), "--action", "当场补充告知并张贴材料清单"]);
    assert!(resolved["resolved_on"].is_string(), "{resolved}");
    let systemic = ok(&db, &["problem", "add", &walk_id, "补换需在两个窗口排队", "--step", "领取社保卡", "--nature", "systemic", "--category", "process"]);
    refused(&db, &["problem", "resolve", &id(&systemic), "--action", "无"], "transition");
    let shown = ok(&db, &["walk", "show", &walk_id]);
    assert_eq!(shown["steps"].as_array().unwrap().len(), 3);
    assert_eq!(shown["problems"].as_array().unwrap().len(), 2);
    assert_eq!(shown["problems"][0]["step_id"], shown["steps"][1]["id"]);

    ok(&db, &["walk", "finish", &walk_id]);
    let archived = ok(&db, &["walk", "archive", &walk_id]);
    let seal = archived["seal_code"].as_str().unwrap().to_string();
    refused(&db, &["problem", "add", &walk_id, "封存后补记", "--nature", "simple"], "sealed");

    // The task: raised, worked on with a note and evidence, done.
    let deadline = (chrono::Local::now().date_naive() + chrono::Duration::days(30)).to_string();
    let task = ok(&db, &["task", "raise", "--problem", &id(&systemic), "--measure", "合并两个窗口为一窗受理", "--dept", "市人力资源和社会保障局", "--owner", "李娜", "--deadline", &deadline]);
    let task_id = id(&task);
    assert_eq!(task["status"], "open");
    assert_eq!(ok(&db, &["--as", "李娜", "task", "start", "一窗受理"])["status"], "in_progress");
    refused(&db, &["task", "done", &task_id], "validation"); // no evidence yet
    let note = ok(&db, &["--as", "李娜", "task", "note", &task_id, "两个窗口已合并，试运行一周"]);
    assert_eq!(note["author"], "李娜", "--as sets who acts");
    let evidence = dir.path().join("一窗受理照片.txt");
    std::fs::write(&evidence, "合并后的窗口照片说明").unwrap();
    let attached = ok(&db, &["--as", "李娜", "task", "attach", &task_id, evidence.to_str().unwrap(), "--caption", "合并后的窗口"]);
    assert_eq!(attached["owner_id"], task_id.as_str());
    assert_eq!(ok(&db, &["--as", "李娜", "task", "done", &task_id])["status"], "done");
    // The back door is shut: a done task goes back only by the office's 退回.
    refused(&db, &["--as", "李娜", "task", "start", &task_id], "transition");

    // 销号 by the head is refused; the office sends it back; done needs new evidence.
    let err = refused(&db, &["--as", "张伟", "task", "close-out", &task_id], "authority");
    assert_eq!(err["field"], "closed_out_by");
    assert!(err["message_zh"].as_str().unwrap().contains("张伟"), "{err}");
    refused(&db, &["task", "close-out", &task_id], "authority"); // nobody named
    refused(&db, &["--as", "赵六", "task", "close-out", &task_id], "validation"); // nobody of that name
    let back = ok(&db, &["--as", "王芳", "task", "send-back", &task_id, "--reason", "缺少群众评价"]);
    assert_eq!(back["status"], "in_progress");
    assert_eq!(back["sent_back_by"], office["id"]);
    let err = refused(&db, &["--as", "李娜", "task", "done", &task_id], "validation");
    assert_eq!(err["field"], "evidence");
    ok(&db, &["--as", "李娜", "task", "note", &task_id, "补充群众评价 20 份，满意率 100%"]);
    assert_eq!(ok(&db, &["--as", "李娜", "task", "done", &task_id])["status"], "done");
    let closed = ok(&db, &["--as", "王芳", "task", "close-out", &task_id]);
    assert_eq!(closed["status"], "closed_out");
    assert_eq!(closed["closed_out_by"], office["id"]);
    let shown = ok(&db, &["task", "show", &task_id]);
    assert_eq!(shown["notes"].as_array().unwrap().len(), 2);
    assert_eq!(shown["attachments"].as_array().unwrap().len(), 1);
    assert_eq!(shown["task"]["sent_back_reason"], "缺少群众评价");

    // Two people of the very same name can be told apart only by id; the message lists them.
    let second = ok(&db, &["person", "add", "李娜", "--dept", "市委党建工作领导小组办公室", "--role", "staff"]);
    let err = refused(&db, &["--as", "李娜", "task", "show", &task_id], "ambiguous");
    assert!(err["message_zh"].as_str().unwrap().contains(&id(&second)), "{err}");
    // A command line that cannot be read: exit 2, the error in JSON too.
    let run = walklog(&db, &["walk", "step", &walk_id]);
    assert_eq!(run.code, 2, "{}", run.err);
    let err: Value = serde_json::from_str(run.err.trim()).unwrap();
    assert_eq!(err["code"], "usage", "{err}");

    // The figures.
    let f = ok(&db, &["stats"]);
    for (key, want) in [
        ("walks", 1), ("walks_daily", 1), ("heads_walked", 1), ("problems_found", 2), ("problems_solved", 2),
        ("problems_on_spot", 1), ("measures", 1), ("tasks_closed_out", 1), ("tasks_done", 0), ("tasks_overdue", 0),
    ] {
        assert_eq!(f[key], want, "{key}: {f}");
    }
    assert_eq!(f["closure_rate"], 100.0, "{f}");

    // The 体验纪实表.
    let pdf = dir.path().join("纪实.pdf");
    let out = ok(&db, &["export", "walk", &walk_id, "--out", pdf.to_str().unwrap()]);
    assert!(out["pages"].as_u64().unwrap() >= 1, "{out}");
    let text = pdf_text(&pdf);
    for want in [
        "体验纪实", "社保卡补换日常体验", "张伟", "日常体验", "亲自办", "取号", "窗口受理", "领取社保卡", "不亮身份", "窗口未一次告知所需材料",
        // Table cells wrap, so the on-the-spot fix is checked by its first line.
        "当场补充告知并张贴", "补换需在两个窗口排队", "合并两个窗口为一窗受理", "已销号", &seal,
    ] {
        assert!(text.contains(want), "«{want}» not in the exported 纪实表:\n{text}");
    }
}
