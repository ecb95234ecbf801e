//! What users typed, as the records print it (issue 8, item 5): a step's Markdown
//! observations as formatting, the place named once, the "no"s that were not kept, and units
//! without a recorded head in the 完成情况报告. Checked through real PDFs with pdftotext.

mod report_common;

use std::path::Path;
use std::process::Command;

use report_common::fixture::{d, ts};
use report_common::*;
use serde_json::json;
use walklog::model::*;
use walklog::report::{export, ExportRequest, Filters, Record};
use walklog::stats::Period;
use walklog::Store;

struct Unit {
    store: Store,
    dir: tempfile::TempDir,
    dept: String,
    head: String,
}

fn unit() -> Unit {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path().join("walklog.db")).expect("open store");
    store.set_clock(Some(ts("2026-05-06T09:00:00+08:00")));
    let dept = store
        .save_department(Department { id: String::new(), name: "市政务服务中心".into(), level: DeptLevel::CityDepartment, parent_id: None })
        .expect("dept")
        .id;
    let head = store
        .save_person(Person { id: String::new(), name: "张明".into(), title: "主任".into(), role: Role::Head, department_id: dept.clone() })
        .expect("head")
        .id;
    Unit { store, dir, dept, head }
}

/// A daily walk at `place_name` in the city hall, with one step whose observations are `obs`.
fn walk_with(u: &mut Unit, place_name: &str, incognito: serde_json::Value, obs: &str) -> String {
    // Through JSON, as the app sends it: fields added to Walk later keep their defaults here.
    let walk: Walk = serde_json::from_value(json!({
        "id": "", "title": "体验企业开办", "department_id": u.dept, "leader_id": u.head,
        "kind": "daily", "manner": "in_person", "ways": ["unannounced"], "channel": "hall",
        "place_level": "city_hall", "place_name": place_name, "incognito": incognito,
        "planned_date": "2026-05-06", "status": "planned",
    }))
    .expect("walk json");
    let walk = u.store.plan_walk(walk).expect("plan");
    u.store.start_walk(&walk.id).expect("start");
    let mut step = u.store.next_step(&walk.id, "窗口受理", "综合窗口").expect("step");
    step.observations = obs.into();
    u.store.save_step(step).expect("save step");
    u.store.complete_walk(&walk.id).expect("complete");
    walk.id
}

fn pdf(store: &mut Store, record: Record, req: &ExportRequest, out: &Path) -> String {
    export(store, &record, req, out, &mut |_, _| {}).unwrap_or_else(|e| panic!("export failed: {e}"));
    assert_qpdf_ok(out);
    squeezed(&pdftotext_raw(out))
}

const OBSERVATIONS: &str = "窗口**无人引导**，*等候*较久\n第二行\n\n- 材料甲\n- 材料乙\n\n# 我的标题\n\n<b>粗</b> {{ walk.title }}\n\n<!-- pagebreak -->\n\n最后一段";

#[test]
fn markdown_observations_print_as_formatting_not_as_markup() {
    let mut u = unit();
    let all_kept = json!({"identity_hidden": true, "no_notice": true, "no_escort": true});
    let walk = walk_with(&mut u, "市民之家", all_kept, OBSERVATIONS);
    let out = u.dir.path().join("walk.pdf");
    let text = pdf(&mut u.store, Record::Walk(walk), &ExportRequest::default(), &out);
    keep(&out, "record-walk-markdown.pdf");
    assert!(!text.contains("**") && !text.contains("\\*"), "Markdown printed as markup: {text}");
    assert!(!text.contains("#我的标题"), "{text}");
    assert_in_order(
        &text,
        &["环节1", "窗口受理", "窗口无人引导，等候较久", "第二行", "•材料甲", "•材料乙", "我的标题", "<b>粗</b>{{walk.title}}", "<!--pagebreak-->", "最后一段", "三、发现的问题"],
    );
}

#[test]
fn user_bold_is_printed_bold() {
    // A template that prints only the observations: any bold face in the PDF comes from them.
    let mut u = unit();
    let all_kept = json!({"identity_hidden": true, "no_notice": true, "no_escort": true});
    let walk = walk_with(&mut u, "市民之家", all_kept, "窗口**无人引导**");
    let tpl = u.dir.path().join("only-notes.md");
    std::fs::write(&tpl, "{% for s in steps %}{{ s.observations | markdown }}{% endfor %}\n").unwrap();
    let out = u.dir.path().join("notes.pdf");
    let text = pdf(&mut u.store, Record::Walk(walk), &ExportRequest { template: Some(tpl), ..Default::default() }, &out);
    assert!(text.contains("窗口无人引导") && !text.contains("**"), "{text}");
    let fonts = Command::new("pdffonts").arg(&out).output().expect("pdffonts (poppler-utils) is needed");
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    assert!(fonts.contains("Bold"), "the bold face is embedded for the user's bold: {fonts}");
}

#[test]
fn the_place_is_named_once_and_the_nos_not_kept_are_said() {
    let mut u = unit();
    let broken = json!({"identity_hidden": false, "no_notice": true, "no_escort": false});
    let walk = walk_with(&mut u, "市政务服务大厅 综合窗口", broken, "");
    let out = u.dir.path().join("walk.pdf");
    let text = pdf(&mut u.store, Record::Walk(walk), &ExportRequest::default(), &out);
    assert!(text.contains("体验地点市政务服务大厅综合窗口"), "{text}");
    assert!(!text.contains("市政务服务大厅（市政务服务大厅"), "{text}");
    assert!(text.contains("未做到：不亮身份、不安排陪同人员。"), "{text}");

    let kept = json!({"identity_hidden": true, "no_notice": true, "no_escort": true});
    let walk = walk_with(&mut u, "市民之家", kept, "");
    let text = pdf(&mut u.store, Record::Walk(walk), &ExportRequest::default(), &out);
    assert!(text.contains("体验地点市政务服务大厅（市民之家）"), "{text}");
    assert!(!text.contains("未做到"), "{text}");
}

#[test]
fn the_completion_report_lists_units_without_a_head() {
    let mut u = unit();
    let kept = json!({"identity_hidden": true, "no_notice": false, "no_escort": true});
    walk_with(&mut u, "市民之家", kept, "");
    u.store
        .save_department(Department { id: String::new(), name: "市医保局".into(), level: DeptLevel::CityDepartment, parent_id: None })
        .expect("a unit with no head yet");
    let out = u.dir.path().join("report.pdf");
    let req = ExportRequest {
        filters: Filters { period: Some(Period::new(d("2026-01-01"), d("2026-12-31")).unwrap()), ..Default::default() },
        ..Default::default()
    };
    let text = pdf(&mut u.store, Record::Report, &req, &out);
    assert!(text.contains("以下1个单位尚未登记一把手：市医保局。"), "{text}");
    assert!(!text.contains("均已开展"), "{text}");
    assert!(text.contains("其中日常体验1次，未做到“不亮身份、不打招呼、不安排陪同人员”的1次。"), "{text}");

    // Once the unit has a head and both heads walked, and only then, all heads walked.
    let head = u
        .store
        .save_person(Person {
            id: String::new(),
            name: "李华".into(),
            title: "局长".into(),
            role: Role::Head,
            department_id: u.store.departments().unwrap().iter().find(|x| x.name == "市医保局").unwrap().id.clone(),
        })
        .unwrap();
    let text = pdf(&mut u.store, Record::Report, &req, &out);
    assert!(!text.contains("尚未登记一把手"), "{text}");
    assert!(text.contains("市医保局：李华"), "{text}");
    assert!(!text.contains("均已开展"), "{text}");
    u.dept = head.department_id.clone();
    u.head = head.id;
    walk_with(&mut u, "市民之家", json!({"identity_hidden": true, "no_notice": true, "no_escort": true}), "");
    let text = pdf(&mut u.store, Record::Report, &req, &out);
    assert!(text.contains("统计期内各单位一把手均已开展走流程体验。"), "{text}");
}

#[test]
fn edits_made_after_the_walk_ended_are_listed_at_the_end_of_the_record() {
    let mut u = unit();
    let kept = json!({"identity_hidden": true, "no_notice": true, "no_escort": true});
    let walk = walk_with(&mut u, "市民之家", kept, "窗口人员主动引导");
    let out = u.dir.path().join("walk.pdf");
    let text = pdf(&mut u.store, Record::Walk(walk.clone()), &ExportRequest::default(), &out);
    assert!(!text.contains("事后修改"), "nothing edited after the end: {text}");

    // Two hours after the end, the step's start is moved (事后修改).
    u.store.set_clock(Some(ts("2026-05-06T11:30:00+08:00")));
    let step = u.store.steps(&walk).expect("steps").remove(0);
    let earlier = step.started_at - chrono::Duration::minutes(20);
    u.store.retime_step(&step.id, earlier, step.ended_at).expect("retime");
    let text = pdf(&mut u.store, Record::Walk(walk), &ExportRequest::default(), &out);
    keep(&out, "record-walk-late-edits.pdf");
    assert!(text.contains("事后修改：体验结束后，本纪实的内容有1处改动"), "{text}");
    assert!(text.contains("5月6日11:30") && text.contains("第1环节"), "{text}");
}
