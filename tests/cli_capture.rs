//! 记录方式 through the command line: a walk logged live (`walk step`) and one typed in afterwards
//! (`walk add-step`) say so in `walks`, in `walk show` and in the exported 体验纪实表; a corrected
//! time (`walk retime`) is 事后修改 with the original kept.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn walklog(db: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_walklog")).arg("--db").arg(db).args(args).output().expect("run walklog");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn ok(db: &Path, args: &[&str]) -> String {
    let (code, out, err) = walklog(db, args);
    assert_eq!(code, 0, "walklog {args:?} failed:\n{out}\n{err}");
    out
}

fn json(db: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&ok(db, &all)).expect("JSON")
}

fn pdf_text(pdf: &Path) -> String {
    let out = match Command::new("pdftotext").args(["-enc", "UTF-8"]).arg(pdf).arg("-").output() {
        Ok(out) => out,
        Err(e) => panic!("pdftotext is needed to check the exported 纪实表 (apt install poppler-utils): {e}"),
    };
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).split_whitespace().collect()
}

#[test]
fn live_and_typed_walks_show_their_capture_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("walklog.db");
    ok(&db, &["dept", "add", "市医疗保障局", "--level", "市直部门"]);
    ok(&db, &["person", "add", "周敏", "--dept", "市医疗保障局", "--role", "一把手"]);
    let new = |title: &str| {
        json(&db, &["walk", "new", "--title", title, "--leader", "周敏", "--kind", "交叉体验", "--place", "市民之家"])["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let live = new("医保转移现场体验");
    ok(&db, &["walk", "start", &live]);
    ok(&db, &["walk", "step", &live, "取号"]);
    ok(&db, &["walk", "step", &live, "窗口受理"]);
    ok(&db, &["walk", "finish", &live]);

    let typed = new("医保报销补录体验");
    ok(&db, &["walk", "start", &typed]);
    ok(&db, &["walk", "finish", &typed]);
    // Yesterday: a time typed in is never in the future, whenever the test runs.
    let today = (chrono::Local::now() - chrono::Duration::days(1)).format("%Y-%m-%d").to_string();
    let step = json(&db, &["walk", "add-step", &typed, "窗口受理", "--start", &format!("{today} 00:10"), "--end", &format!("{today} 00:30")]);
    assert_eq!(step["capture"]["mode"], "typed");
    assert!(step["capture"]["entered_at"].is_string(), "{step}");
    let (code, _, err) = walklog(&db, &["walk", "add-step", &typed, "缴费", "--start", "明天上午", "--end", "x"]);
    assert_eq!(code, 1);
    assert!(err.contains("不是时间") && err.contains("2026-11-14 09:10"), "{err}");

    let list = ok(&db, &["walks"]);
    let line = |title: &str| list.lines().find(|l| l.contains(title)).unwrap_or_else(|| panic!("{title} not listed:\n{list}")).to_string();
    assert!(list.contains("记录方式"), "{list}");
    assert!(line("医保转移现场体验").contains("现场记录 2/2 环节"), "{list}");
    assert!(line("医保报销补录体验").contains("现场记录 0/1 环节"), "{list}");

    let shown = ok(&db, &["walk", "show", &typed]);
    assert!(shown.contains("记录方式：现场记录 0/1 环节"), "{shown}");
    assert!(shown.contains("第 1 环节时间为事后补录（") && shown.contains(" 录入）"), "{shown}");

    // A live time corrected by hand.
    let first = json(&db, &["walk", "show", &live])["steps"][0]["id"].as_str().unwrap().to_string();
    let fixed = json(&db, &["walk", "retime", &first, "--start", &format!("{today} 00:01")]);
    assert!(fixed["capture"]["amended_at"].is_string() && fixed["capture"]["original_started_at"].is_string(), "{fixed}");
    let shown = ok(&db, &["walk", "show", &live]);
    assert!(shown.contains("记录方式：现场记录 1/2 环节") && shown.contains("第 1 环节时间为事后修改（"), "{shown}");

    let pdf = dir.path().join("typed.pdf");
    ok(&db, &["export", "walk", &typed, "--out", pdf.to_str().unwrap()]);
    let text = pdf_text(&pdf);
    assert!(text.contains("记录方式：现场记录0/1环节"), "{text}");
    assert!(text.contains("第1环节时间为事后补录（") && text.contains("事后补录）"), "{text}");
    let pdf = dir.path().join("live.pdf");
    ok(&db, &["export", "walk", &live, "--out", pdf.to_str().unwrap()]);
    let text = pdf_text(&pdf);
    assert!(text.contains("记录方式：现场记录1/2环节") && text.contains("事后修改"), "{text}");

    // The office's figures: neither walk is live throughout now (one typed in, one corrected).
    let figures = ok(&db, &["stats", "--evidence"]);
    let row = figures.lines().find(|l| l.starts_with("市医疗保障局")).unwrap_or_else(|| panic!("{figures}"));
    assert!(row.contains("★") && row.split_whitespace().collect::<Vec<_>>()[2..5] == ["2", "0", "0%"], "{figures}");
    assert!(figures.contains("完成的 2 次体验中，现场记录 0 次（0%）"), "{figures}");
    let v = json(&db, &["stats", "--evidence"]);
    assert_eq!(v["total"]["walks"], 2);
    assert_eq!(v["units"][0]["evidence"]["stands_out"], true);
}
