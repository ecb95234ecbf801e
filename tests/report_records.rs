//! The four records rendered from a store built through the core's verbs, checked with
//! poppler (text, fonts, images), qpdf, and openpyxl for the Excel ledger.

mod report_common;

use std::path::Path;
use std::process::Command;

use report_common::fixture::demo;
use report_common::*;
use walklog::report::{export, ExportRequest, Filters, Record};
use walklog::Error;

fn run(store: &mut walklog::Store, record: Record, req: &ExportRequest, out: &Path) -> walklog::report::ExportSummary {
    let mut last = 0.0;
    let summary = export(store, &record, req, out, &mut |f, _| {
        assert!(f >= last, "progress goes forward");
        last = f;
    })
    .unwrap_or_else(|e| panic!("export failed: {e}"));
    assert_eq!(last, 1.0);
    // Every export is registered: the file is known, by its hash, as what it was.
    let check = store.verify_file(out).expect("verify file");
    assert!(check.known, "{check:?}");
    assert_eq!(check.export.as_ref().map(|e| e.pages as usize), Some(summary.pages));
    summary
}

fn check_pdf(out: &Path) -> String {
    assert_qpdf_ok(out);
    assert_fonts_embedded_subset(out);
    pdftotext(out)
}

#[test]
fn walk_record_has_every_field_in_order() {
    let mut demo = demo(3, 12, 6, 4);
    let out = demo.dir.path().join("walk.pdf");
    let s = run(&mut demo.store, Record::Walk(demo.walk_id.clone()), &ExportRequest::default(), &out);
    keep(&out, "record-walk.pdf");
    let code = demo.store.walk(&demo.walk_id).unwrap().seal_code.expect("sealed");
    let text = check_pdf(&out);
    let all = squeezed(&pdftotext_raw(&out));
    assert_in_order(
        &all,
        &[
            "「一把手走流程」体验纪实", "一、基本情况", "体验单位", "市市场监管局", "体验人", "王建国（局长）", "体验日期", "2026年3月2日",
            "体验方式", "日常体验", "办理方式", "亲自办", "走法", "深入暗访走", "办理渠道", "大厅", "体验地点", "市政务服务大厅（市民之家）",
            "体验事项", "开办餐饮店（食品经营许可）", "体验主题", "暗访开办餐饮店全流程", "不亮身份", "不打招呼", "不安排陪同人员",
            "二、办理环节", "序号", "环节", "地点/窗口", "起止时间", "进门咨询", "一楼导服台", "服务评价",
            "环节1", "进门咨询", "环节1办理顺利", "环节现场照片1",
            "环节2", "取号排队", "取号机提示语不清楚", "等候区座位充足", "环节现场照片2",
            "环节4", "窗口受理", "要求提供房屋产权证明复印件", "所需材料：营业执照、法定代表人身份证", "环节现场照片4",
            "环节12", "服务评价",
            "三、发现的问题", "导服人员未主动询问办理事项", "服务质量", "首问负责制、一次告知制", "现场提醒导服人员落实首问负责制",
            "要求提供容缺受理清单之外的房屋产权证明复印件", "申报材料", "复杂共性",
            "四、整改任务", "科长1", "2026年4月30日",
            "五、体验感受", "以普通群众身份走完开办餐饮店全流程", "让群众少跑腿", "收集意见建议6条",
            "体验人", "记录人", "日期", &format!("核验码：{code}"),
        ],
    );
    // Header, footer and the seal's code on every page.
    let pages = pages(&text);
    assert_eq!(pages.len(), s.pages);
    for (i, p) in pages.iter().enumerate() {
        let p = squeezed(p);
        assert!(p.contains("市市场监管局"), "header on page {}", i + 1);
        assert!(p.contains(&format!("第{}页共{}页", i + 1, pages.len())), "footer on page {}", i + 1);
        assert!(p.contains(&format!("核验码：{code}")), "code on page {}", i + 1);
        assert!(p.contains("链头第"), "chain head on page {}", i + 1);
    }
    // The head printed is one `verify --against` takes, and the log still holds it.
    let all_pages = squeezed(&text);
    let at = all_pages.find("链头第").expect("a head");
    // Text runs on after the footer (whitespace squeezed): the head is 链头第N条， and 19 characters.
    // (Not a middle dot: CJK fonts draw · and the list bullet • with one glyph, and a PDF maps a
    // glyph back to one character, so the bullets would read as dots.)
    let rest = &all_pages[at..];
    let comma = rest.find('，').expect("the separator");
    let printed: String = format!("{}{}", &rest[..comma + '，'.len_utf8()], rest[comma + '，'.len_utf8()..].chars().take(19).collect::<String>());
    demo.store.check_anchor(&printed).unwrap_or_else(|e| panic!("{printed}: {e}"));
    let list = Command::new("pdfimages").arg("-list").arg(&out).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&list.stdout).lines().skip(2).count(), 6, "six photos embedded");
}

#[test]
fn walk_without_steps_says_so_instead_of_an_empty_table() {
    let mut demo = demo(1, 0, 0, 0);
    let out = demo.dir.path().join("walk-no-steps.pdf");
    run(&mut demo.store, Record::Walk(demo.walk_id.clone()), &ExportRequest::default(), &out);
    let all = squeezed(&check_pdf(&out));
    assert_in_order(&all, &["二、办理环节", "本次体验未记录办理环节。", "三、发现的问题"]);
    assert!(!all.contains("起止时间"), "no empty step table: {all}");
}

#[test]
fn ledger_pdf_repeats_header_and_keeps_every_row() {
    let mut demo = demo(12, 2, 0, 150);
    let out = demo.dir.path().join("ledger.pdf");
    let s = run(&mut demo.store, Record::Ledger, &ExportRequest::default(), &out);
    keep(&out, "record-ledger.pdf");
    let info = Command::new("pdfinfo").arg(&out).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("841.89 x 595.2"), "A4 landscape: {info}");
    let text = check_pdf(&out);
    let pages = pages(&text);
    assert!(pages.len() >= 5, "a multi-page ledger, got {}", pages.len());
    assert_eq!(pages.len(), s.pages);
    for (i, p) in pages.iter().enumerate() {
        let p = squeezed(p);
        assert!(p.contains("序号问题描述问题类别责任单位责任人整改措施整改时限进展情况状态"), "table header on page {}", i + 1);
        assert!(p.contains(&format!("第{}页共{}页", i + 1, pages.len())), "footer on page {}", i + 1);
    }
    let all = squeezed(&pdftotext_raw(&out));
    assert!(all.contains("范围：全市"), "filters stated");
    for t in 1..=152 {
        // 150 tasks plus the 2 of the sealed walk; each problem text carries its number.
        if t <= 150 {
            assert!(all.contains(&format!("（第{t}项）")), "row of task {t} lost");
        }
    }
    assert!(all.contains("逾期（待整改）"), "overdue marked");
    assert!(all.contains("已销号"));
}

#[test]
fn the_last_page_carries_a_qr_code_of_the_code_and_the_record_that_核验_accepts() {
    let mut demo = demo(2, 3, 0, 4);
    let out = demo.dir.path().join("walk.pdf");
    let s = run(&mut demo.store, Record::Walk(demo.walk_id.clone()), &ExportRequest::default(), &out);
    let code = demo.store.walk(&demo.walk_id).unwrap().seal_code.expect("sealed");
    let last = qr_codes(&out, s.pages);
    assert_eq!(last, vec![format!("WALKLOG1:{code}:WALK:{}", demo.walk_id).to_uppercase()]);
    if s.pages > 1 {
        assert!(qr_codes(&out, 1).is_empty(), "only the last page carries it");
    }
    // Scanned into 核验, the payload stands for its 核验码.
    let by_qr = demo.store.check_code(&last[0]).expect("check the scanned payload");
    let by_code = demo.store.check_code(&code).expect("check the code");
    assert_eq!(format!("{:?}", by_qr.verdict), format!("{:?}", by_code.verdict));
    // The ledger (landscape, a narrower margin) too.
    let ledger = demo.dir.path().join("ledger.pdf");
    let s = run(&mut demo.store, Record::Ledger, &ExportRequest::default(), &ledger);
    let found = qr_codes(&ledger, s.pages);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("WALKLOG1:") && found[0].ends_with(":LEDGER"), "{found:?}");
}

#[test]
fn ledger_filters_narrow_and_are_stated() {
    let mut demo = demo(4, 2, 0, 40);
    let out = demo.dir.path().join("overdue.pdf");
    let req = ExportRequest {
        filters: Filters { department_id: Some(demo.departments[1].clone()), overdue: true, ..Default::default() },
        ..Default::default()
    };
    // The list's 核验码 is the change-log head when it is made (the export's own registration
    // comes after it), which `walklog verify --code` finds.
    let data = walklog::report::data::ledger(&demo.store, &Filters::default()).unwrap();
    let code = data["code"].as_str().unwrap().to_string();
    run(&mut demo.store, Record::Ledger, &req, &out);
    let all = squeezed(&pdftotext(&out));
    assert!(all.contains("范围：市人社局；仅逾期"), "{all}");
    assert!(!all.contains("已销号"), "closed-out tasks are never overdue");
    assert!(!all.contains("市市场监管局科长"), "other units filtered out");
    assert!(walklog::store::find_by_code(demo.store.conn(), &code).unwrap().is_some());
    assert!(all.contains(&format!("核验码：{code}")));
}

#[test]
fn problem_list_groups_by_category() {
    let mut demo = demo(3, 3, 0, 12);
    let out = demo.dir.path().join("problems.pdf");
    run(&mut demo.store, Record::Problems, &ExportRequest::default(), &out);
    keep(&out, "record-problems.pdf");
    check_pdf(&out);
    let all = squeezed(&pdftotext_raw(&out));
    assert_in_order(&all, &["走流程发现问题清单", "范围：全市", "申报材料", "办理流程", "服务机制"]);
    assert!(all.contains("导服人员未主动询问办理事项"));
    assert!(all.contains("已解决"));
}

#[test]
fn completion_report_has_figures_table_and_chart() {
    let mut demo = demo(20, 2, 0, 60);
    let out = demo.dir.path().join("report.pdf");
    run(&mut demo.store, Record::Report, &ExportRequest::default(), &out);
    keep(&out, "record-report.pdf");
    check_pdf(&out);
    let all = squeezed(&pdftotext_raw(&out));
    let f = demo.store.figures(&walklog::stats::Scope::City, &walklog::stats::Period::all()).unwrap();
    assert_in_order(
        &all,
        &["工作完成情况报告", "一、总体情况", &squeezed(&f.sentence()), "二、各单位完成情况", "市市场监管局", "合计",
          "三、尚未开展走流程的单位", "市交通运输局", "惠济区政务服务中心", "四、纪实真实性",
          &squeezed(&demo.store.evidence(&walklog::stats::Scope::City, &walklog::stats::Period::all()).unwrap().0.sentence()),
          "现场记录", "五、各单位整改办结率", "各单位整改办结率", "报送单位（盖章）"],
    );
    assert!(all.contains("0%25%50%75%100%"), "chart axis labels");
}

#[test]
fn bad_template_writes_nothing_and_keeps_old_file() {
    let mut demo = demo(2, 2, 0, 2);
    let out = demo.dir.path().join("ledger.pdf");
    std::fs::write(&out, b"previous export").unwrap();
    let tpl = demo.dir.path().join("my.md");
    std::fs::write(&tpl, "# 台账\n\n{% for r in rows %}\n| {{ r.no }} | {{ r.nonexistent }} |\n{% endfor %}\n").unwrap();
    let req = ExportRequest { template: Some(tpl), ..Default::default() };
    let err = export(&mut demo.store, &Record::Ledger, &req, &out, &mut |_, _| {}).expect_err("must fail");
    assert!(matches!(err, Error::Template { line: 4, .. }), "{err}");
    assert_eq!(std::fs::read(&out).unwrap(), b"previous export");
    let leftovers: Vec<_> = std::fs::read_dir(demo.dir.path()).unwrap().filter_map(|e| e.ok()).filter(|e| e.file_name().to_string_lossy().contains(".part")).collect();
    assert!(leftovers.is_empty());
}

#[test]
fn custom_template_is_used() {
    let mut demo = demo(2, 2, 0, 3);
    let out = demo.dir.path().join("mine.pdf");
    let tpl = demo.dir.path().join("mine.md");
    std::fs::write(&tpl, "---\npage: landscape\n---\n# 我的台账\n\n共 {{ total }} 项。\n").unwrap();
    let req = ExportRequest { template: Some(tpl), ..Default::default() };
    run(&mut demo.store, Record::Ledger, &req, &out);
    assert!(squeezed(&pdftotext(&out)).contains("我的台账共5项。"));
}

/// A Python that has openpyxl: `WALKLOG_PYTHON` if set, else Debian's own (where the
/// python3-openpyxl package installs; a pyenv `python3` earlier on PATH does not see it), else
/// `python3`. Missing, the test fails saying what to install: it never installs anything.
fn python_with_openpyxl() -> String {
    let candidates: Vec<String> = match std::env::var("WALKLOG_PYTHON") {
        Ok(p) if !p.is_empty() => vec![p],
        _ => vec!["/usr/bin/python3".into(), "python3".into()],
    };
    for p in &candidates {
        let ok = Command::new(p).args(["-c", "import openpyxl"]).output().map(|o| o.status.success()).unwrap_or(false);
        if ok {
            return p.clone();
        }
    }
    panic!(
        "reading the Excel ledger back needs python3 with openpyxl (tried {}): apt-get install python3-openpyxl (make test installs it), or set WALKLOG_PYTHON",
        candidates.join(", ")
    );
}

#[test]
fn excel_ledger_reads_back() {
    let mut demo = demo(4, 2, 0, 30);
    let out = demo.dir.path().join("ledger.xlsx");
    let s = run(&mut demo.store, Record::Ledger, &ExportRequest::default(), &out);
    assert_eq!(s.pages, 32);
    let python = python_with_openpyxl();
    let script = r#"
import sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["整改台账"]
header = [c.value for c in ws[3]]
assert header == ["序号","问题描述","问题类别","责任单位","责任人","整改措施","整改时限","进展情况","状态"], header
assert ws.freeze_panes == "A4", ws.freeze_panes
rows = list(ws.iter_rows(min_row=4, max_row=35, values_only=True))
assert ws.cell(row=36, column=1).value is None
head = ws.cell(row=37, column=1).value
assert head.startswith("链头 第 "), head
assert head in ws.oddFooter.left.text, ws.oddFooter.left.text
assert [r[0] for r in rows] == list(range(1, 33))
assert all(isinstance(r[6], datetime.datetime) for r in rows), rows[0]
late = [r for r in rows if str(r[8]).startswith("逾期")]
assert late, "some overdue rows"
for i, r in enumerate(rows):
    if str(r[8]).startswith("逾期"):
        fill = ws.cell(row=4 + i, column=2).fill.fgColor.rgb
        assert fill.endswith("FDE2E2"), fill
assert ws.column_dimensions["B"].width > 30
print("ok", len(rows), len(late))
"#;
    let res = Command::new(&python).arg("-c").arg(script).arg(&out).output().expect("python3 runs");
    let stdout = String::from_utf8_lossy(&res.stdout);
    assert!(res.status.success(), "openpyxl check failed: {stdout}{}", String::from_utf8_lossy(&res.stderr));
}

#[test]
fn core_errors_met_in_a_report_keep_their_code_and_field() {
    let mut demo = demo(2, 2, 0, 2);
    let out = demo.dir.path().join("x.pdf");
    // Formerly a `data_error`/`not_found` string: now the core's own error, naming what is missing.
    let err = export(&mut demo.store, &Record::Walk("nope".into()), &ExportRequest::default(), &out, &mut |_, _| {}).expect_err("must fail");
    assert!(matches!(&err, Error::NotFound { entity: "walk", id } if id == "nope"), "{err:?}");
    let filters = Filters { department_id: Some("nope".into()), ..Default::default() };
    let req = ExportRequest { filters, ..Default::default() };
    let err = export(&mut demo.store, &Record::Ledger, &req, &out, &mut |_, _| {}).expect_err("must fail");
    assert_eq!((err.code(), err.field()), ("not_found", None), "{err:?}");
    // Formerly `bad_argument`: a validation error beside the file name.
    let xlsx = demo.dir.path().join("x.xlsx");
    let err = export(&mut demo.store, &Record::Problems, &ExportRequest::default(), &xlsx, &mut |_, _| {}).expect_err("must fail");
    assert_eq!((err.code(), err.field()), ("validation", Some("path")), "{err:?}");
    assert!(!out.exists() && !xlsx.exists());
}
