//! 挂图推进 from the command line: milestones on a task, and the wall chart PDF (A3 landscape,
//! the axis on every page, the task's milestones on it) read back with pdftotext.

use std::path::Path;
use std::process::Command;

fn walklog(db: &Path, args: &[&str]) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_walklog")).arg("--db").arg(db).args(args).output().expect("run walklog");
    (o.status.code().unwrap_or(-1), String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned())
}

fn ok(db: &Path, args: &[&str]) -> String {
    let (code, out, err) = walklog(db, args);
    assert_eq!(code, 0, "walklog {args:?} failed:\n{out}\n{err}");
    out
}

#[test]
fn milestones_on_a_task_and_the_wall_chart_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    ok(&db, &["demo", "--seed", "7"]);
    let list: serde_json::Value = serde_json::from_str(&ok(&db, &["--json", "tasks", "--status", "in_progress"])).unwrap();
    let task = list["rows"][0]["task"]["id"].as_str().unwrap().to_string();
    // 2099 is far past the deadline: refused; a sane date is accepted.
    let (code, _, err) = walklog(&db, &["task", "milestone", "add", &task, "完成调研摸底", "--planned", "2099-01-01"]);
    assert_ne!(code, 0);
    assert!(err.contains("不能晚于整改时限"), "{err}");
    ok(&db, &["task", "milestone", "add", &task, "完成调研摸底", "--planned", "2026-12-10"]);
    let (code, _, err) = walklog(&db, &["task", "milestone", "add", &task, "  ", "--planned", "2026-12-20"]);
    assert_ne!(code, 0);
    assert!(err.contains("名称不能为空"), "{err}");
    let a: serde_json::Value =
        serde_json::from_str(&ok(&db, &["--json", "task", "milestone", "add", &task, "印发实施方案", "--planned", "2026-12-20"])).unwrap();
    let id = a["id"].as_str().unwrap().to_string();
    let (code, _, err) = walklog(&db, &["task", "milestone", "done", &id, "--evidence", " "]);
    assert_ne!(code, 0);
    assert!(err.contains("完成佐证"), "{err}");
    let out = ok(&db, &["task", "milestone", "done", &id, "--evidence", "郑政办〔2026〕12号"]);
    assert!(out.contains("已完成"), "{out}");
    let out = ok(&db, &["task", "milestone", "list", &task]);
    assert!(out.contains("◆ 印发实施方案") && out.contains("郑政办〔2026〕12号"), "{out}");

    let pdf = dir.path().join("挂图.pdf");
    let out = ok(&db, &["export", "chart", "--out", pdf.to_str().unwrap()]);
    assert!(out.contains("已导出"), "{out}");
    let info = Command::new("pdfinfo").arg(&pdf).output().expect("pdfinfo");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("A3") || info.contains("1190.55 x 841.89"), "{info}");
    let text = Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    let pages: Vec<String> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).map(|p| p.split_whitespace().collect()).collect();
    assert!(pages.len() >= 2, "the demo's long tasks take more than one page: {}", pages.len());
    for (i, p) in pages.iter().enumerate() {
        assert!(p.contains("整改挂图"), "title on page {}", i + 1);
        assert!(p.contains("责任单位·整改措施") && p.contains("月"), "axis on page {}", i + 1);
        assert!(p.contains("按期") && p.contains("滞后") && p.contains("已完成"), "figures on page {}", i + 1);
        assert!(p.contains("链头"), "chain head on page {}", i + 1);
    }
    let all: String = pages.concat();
    assert!(all.contains("印发实施方案") && all.contains("完成调研摸底"), "the milestones are on the chart");
    // Registered like every other export.
    let out = ok(&db, &["verify-file", pdf.to_str().unwrap()]);
    assert!(out.contains("挂图"), "{out}");
}
