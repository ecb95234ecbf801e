//! `walklog reviews check`: a 好差评 export checked against the install's units.

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

#[test]
fn reviews_check_counts_bad_reviews_names_bad_lines_and_takes_a_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    ok(&db, &["dept", "add", "市医疗保障局", "--level", "市直部门"]);
    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        "评价时间,事项名称,办理部门,评价渠道,评价等级,评价内容,工单号\n\
         2026-03-01 09:00,医保转移,市医疗保障局,评价器,满意,,A1\n\
         2026-03-01 10:00,医保转移,市医疗保障局,郑好办,非常不满意,要交的材料太多,A2\n",
    )
    .unwrap();
    let out = ok(&db, &["reviews", "check", good.to_str().unwrap()]);
    assert!(out.contains("检查通过：好差评 2 条，其中差评 1 条"), "{out}");

    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "评价时间,办理部门,评价等级,工单号\n2026-03-01,市医疗保障局,满意,B1\n2026-03-01,市医疗保障局,一般,B2\n2026-03-01,市医保局,满意,B3\n",
    )
    .unwrap();
    let (code, _, err) = walklog(&db, &["reviews", "check", bad.to_str().unwrap()]);
    assert_ne!(code, 0);
    assert!(err.contains("有 2 行有误") && err.contains("第 3 行：评价等级“一般”") && err.contains("第 4 行：办理部门“市医保局”"), "{err}");

    let odd = dir.path().join("odd.csv");
    std::fs::write(&odd, "时刻,单位,结果,流水号\n2026-03-02 08:00,市医疗保障局,不满意,C1\n").unwrap();
    let (code, _, err) = walklog(&db, &["reviews", "check", odd.to_str().unwrap()]);
    assert_ne!(code, 0);
    assert!(err.contains("找不到评价时间、办理部门、评价等级、工单号列"), "{err}");
    let out = ok(
        &db,
        &["reviews", "check", odd.to_str().unwrap(), "--map", "评价时间=时刻", "--map", "办理部门=单位", "--map", "评价等级=结果", "--map", "工单号=流水号"],
    );
    assert!(out.contains("好差评 1 条，其中差评 1 条"), "{out}");
    let (code, _, err) = walklog(&db, &["reviews", "check", odd.to_str().unwrap(), "--map", "工单号"]);
    assert_ne!(code, 0);
    assert!(err.contains("应写成 字段=表头"), "{err}");
    let help = ok(&db, &["reviews", "check", "--help"]);
    assert!(help.contains("用法：") && !help.contains("Usage"), "{help}");
}

#[test]
fn reviews_import_makes_problems_once_and_stats_print_the_rate() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    ok(&db, &["dept", "add", "市医疗保障局", "--level", "市直部门"]);
    let file = dir.path().join("hcp.csv");
    std::fs::write(
        &file,
        "评价时间,事项名称,办理部门,评价渠道,评价等级,评价内容,工单号\n\
         2026-03-01 09:00,医保转移,市医疗保障局,评价器,满意,,A1\n\
         2026-03-01 10:00,医保转移,市医疗保障局,郑好办,非常不满意,要交的材料太多,A2\n",
    )
    .unwrap();
    let out = ok(&db, &["reviews", "import", file.to_str().unwrap()]);
    assert!(out.contains("新增 2 条，其中差评 1 条已转为问题"), "{out}");
    let out = ok(&db, &["reviews", "import", file.to_str().unwrap()]);
    assert!(out.contains("没有新增") && out.contains("2 条此前已导入"), "{out}");
    let out = ok(&db, &["reviews", "list"]);
    assert!(out.contains("A2") && out.contains("非常不满意") && out.contains("未解决") && !out.contains("A1"), "{out}");
    let out = ok(&db, &["stats", "--period", "2026-03"]);
    assert!(out.contains("好差评（条）") && out.contains("差评整改率") && out.contains("0.00%"), "{out}");
    // A bad line: refused whole, in Chinese, nothing imported.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "评价时间,办理部门,评价等级,工单号\n2026-03-02,市医疗保障局,不满意,A3\n2026-13-01,市医疗保障局,不满意,A4\n").unwrap();
    let (code, _, err) = walklog(&db, &["reviews", "import", bad.to_str().unwrap()]);
    assert_ne!(code, 0);
    assert!(err.contains("第 3 行：评价时间“2026-13-01”无法识别") && err.contains("未导入任何数据"), "{err}");
    let out = ok(&db, &["--json", "reviews", "list"]);
    let list: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(list.as_array().map(Vec::len), Some(1), "A3 was not imported");
    let out = ok(&db, &["verify"]);
    assert!(out.contains("各表内容与变更记录一致"), "{out}");
}
