//! 以评促改 (issue 13, item 5): a 好差评 export imported — every rating kept, each 差评 a problem
//! of its unit that goes to the ledger and 销号 like any other, a re-import adding nothing, a bad
//! line refusing the file whole, and 差评整改率 counted from the records.

use super::fixture::{city, d, City};
use super::installs::{office, send, unit};
use walklog::model::*;
use walklog::ops::ProblemFilter;
use walklog::reviews;
use walklog::stats::{Period, Scope};

const HEADER: &str = "评价时间,事项名称,办理部门,评价渠道,评价等级,评价内容,工单号";

fn import(c: &mut City, name: &str, csv: &str) -> walklog::Result<walklog::ops::ReviewImport> {
    let path = c._dir.path().join(name);
    std::fs::write(&path, csv).expect("write csv");
    let parsed = reviews::parse_file(&path, &[], &c.store.departments()?)?;
    c.store.import_reviews(&parsed)
}

fn count(c: &City, table: &str) -> i64 {
    c.store.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).expect("count")
}

fn march(c: &City) -> Period {
    Period::parse_at("2026-03", c.store.today()).expect("period")
}

fn five_ratings() -> String {
    format!(
        "{HEADER}\n\
         2026-03-01 09:12:00,食品经营许可,市市场监管局,窗口评价器,非常满意,办得快,HC-001\n\
         2026-03-02 10:00:00,食品经营许可,市市场监管局,郑好办,不满意,要求提供的证明材料太多,HC-002\n\
         2026-03-03 14:30:00,居住证办理,花园路街道,政务服务网,非常不满意,窗口人员态度差,HC-003\n\
         2026-03-04 08:00:00,居住证办理,花园路街道,短信,基本满意,,HC-004\n\
         2026-03-05 11:00:00,食品经营许可,市市场监管局,评价器,不满意,排队等了一个小时,HC-005\n"
    )
}

#[test]
fn a_csv_becomes_ratings_and_problems_and_a_second_import_adds_nothing() {
    let mut c = city();
    let done = import(&mut c, "好差评.csv", &five_ratings()).expect("import");
    assert_eq!((done.rows, done.added, done.added_bad, done.existing, done.other_units), (5, 5, 3, 0, 0));
    assert!(done.message_zh.contains("新增 5 条，其中差评 3 条已转为问题"), "{}", done.message_zh);
    assert_eq!(count(&c, "reviews"), 5);

    let filter = ProblemFilter { source: Some(ProblemSource::Reviews), ..Default::default() };
    let list = c.store.problems(&filter).expect("problems");
    assert_eq!(list.len(), 3);
    let hc3 = list.iter().find(|r| r.problem.work_order_no.as_deref() == Some("HC-003")).expect("HC-003");
    assert_eq!(hc3.problem.walk_id, None);
    assert_eq!(hc3.walk_title, None);
    assert_eq!(hc3.department_id, c.street);
    assert_eq!(hc3.problem.severity, Severity::Major, "非常不满意 is major");
    assert_eq!(hc3.problem.nature, Nature::Systemic);
    assert_eq!(hc3.problem.found_on, d("2026-03-03"));
    assert!(hc3.problem.description.contains("窗口人员态度差") && hc3.problem.description.contains("HC-003"));
    // Global search finds a 差评, which has no walk, by its words.
    let hits = c.store.search("态度", 10).expect("search");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!((hits[0].id.as_str(), hits[0].walk_id.as_deref()), (hc3.problem.id.as_str(), None));
    assert_eq!(hits[0].context, "好差评 · 工单号 HC-003");
    // The walk figures do not count a 差评 as found on a walk.
    let f = c.store.figures(&Scope::City, &march(&c)).expect("figures");
    assert_eq!(f.problems_found, 0);
    assert_eq!((f.reviews, f.reviews_bad, f.reviews_bad_solved, f.bad_review_fix_rate), (5, 3, 0, Some(0.0)));

    let lines = count(&c, "change_log");
    let again = import(&mut c, "好差评.csv", &five_ratings()).expect("re-import");
    assert_eq!((again.added, again.added_bad, again.existing), (0, 0, 5));
    assert!(again.message_zh.contains("5 条此前已导入"), "{}", again.message_zh);
    assert_eq!(count(&c, "change_log"), lines, "a re-import writes nothing");
    assert_eq!(count(&c, "problems"), 3);
    // A later export overlapping the first adds only its new rows.
    let later = format!("{HEADER}\n2026-03-05 11:00:00,食品经营许可,市市场监管局,评价器,不满意,排队等了一个小时,HC-005\n\
                         2026-03-06 09:00:00,营业执照,市市场监管局,APP,满意,,HC-006\n");
    let more = import(&mut c, "第二批.csv", &later).expect("second file");
    assert_eq!((more.added, more.added_bad, more.existing), (1, 0, 1));
    assert!(c.store.check_tables().expect("audit").is_empty());
}

#[test]
fn a_bad_line_refuses_the_file_whole_with_its_line_number() {
    let mut c = city();
    let csv = format!(
        "{HEADER}\n2026-03-01 09:12:00,食品经营许可,市市场监管局,窗口,不满意,慢,HC-001\n\
         2026-02-30 09:00:00,食品经营许可,市市场监管局,窗口,不满意,慢,HC-002\n\
         2026-03-01 09:12:00,食品经营许可,市市场监管局,窗口,不满意,{},HC-003\n",
        "长".repeat(20_001)
    );
    let lines = count(&c, "change_log");
    let err = import(&mut c, "bad.csv", &csv).expect_err("bad lines");
    assert_eq!(err.code(), "import");
    let msg = err.message_zh();
    assert!(msg.contains("第 3 行：评价时间“2026-02-30 09:00:00”无法识别"), "{msg}");
    assert!(msg.contains("第 4 行：评价内容过长"), "{msg}");
    assert!(msg.contains("未导入任何数据"), "{msg}");
    assert_eq!((count(&c, "reviews"), count(&c, "problems"), count(&c, "change_log")), (0, 0, lines));
}

#[test]
fn an_xlsx_written_here_imports_like_the_csv() {
    use rust_xlsxwriter::Workbook;
    let mut c = city();
    let path = c._dir.path().join("好差评.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (row, line) in five_ratings().lines().enumerate() {
        for (col, cell) in line.split(',').enumerate() {
            sheet.write_string(row as u32, col as u16, cell).expect("cell");
        }
    }
    book.save(&path).expect("save");
    let parsed = reviews::parse_file(&path, &[], &c.store.departments().unwrap()).expect("parse");
    let preview = c.store.preview_reviews(&parsed).expect("preview");
    assert!(preview.message_zh.contains("将新增 5 条"), "{}", preview.message_zh);
    assert_eq!(count(&c, "reviews"), 0, "a preview writes nothing");
    let done = c.store.import_reviews(&parsed).expect("import");
    assert_eq!((done.added, done.added_bad), (5, 3));
}

#[test]
fn a_bad_review_goes_to_the_ledger_and_its_close_out_raises_the_rate() {
    let mut c = city();
    import(&mut c, "好差评.csv", &five_ratings()).expect("import");
    let list = c.store.problems(&ProblemFilter { source: Some(ProblemSource::Reviews), ..Default::default() }).unwrap();
    let hc2 = list.iter().find(|r| r.problem.work_order_no.as_deref() == Some("HC-002")).unwrap().problem.clone();
    // A deadline before the rating is refused as for a walk's problem; a later one is taken.
    let early = Task::new(vec![hc2.id.clone()], "精简证明材料", c.market.clone(), c.owner.clone(), d("2026-02-28"));
    assert_eq!(c.store.raise_task(early).unwrap_err().field(), Some("deadline"));
    let task = c.store.raise_task(Task::new(vec![hc2.id.clone()], "精简证明材料", c.market.clone(), c.owner.clone(), d("2026-03-31"))).unwrap();
    c.store.start_task(&task.id).unwrap();
    c.store.add_note(&task.id, "取消两项证明材料", None).unwrap();
    c.store.mark_task_done(&task.id).unwrap();
    c.store.close_out_task(&task.id, &c.office).unwrap();
    // HC-005 was dealt with on the spot after all: a 差评 may be made simple and resolved.
    let hc5 = list.iter().find(|r| r.problem.work_order_no.as_deref() == Some("HC-005")).unwrap().problem.clone();
    c.store.update_problem(Problem { nature: Nature::Simple, ..hc5.clone() }).unwrap();
    c.store.resolve_on_spot(&hc5.id, "增开窗口分流").unwrap();
    // Its source and 工单号 are not the user's to change.
    let moved = c.store.update_problem(Problem { work_order_no: Some("HC-999".into()), source: ProblemSource::Walk, ..c.store.problem(&hc5.id).unwrap() }).unwrap();
    assert_eq!((moved.source, moved.work_order_no.as_deref()), (ProblemSource::Reviews, Some("HC-005")));

    // 差评整改率 = 2 solved of 3 差评; the market alone: 2 of 2; the district (with its street): 0 of 1.
    let f = c.store.figures(&Scope::City, &march(&c)).unwrap();
    assert_eq!((f.reviews, f.reviews_bad, f.reviews_bad_solved), (5, 3, 2));
    assert!((f.bad_review_fix_rate.unwrap() - 200.0 / 3.0).abs() < 1e-9);
    let m = c.store.figures(&Scope::Department(c.market.clone()), &march(&c)).unwrap();
    assert_eq!((m.reviews, m.reviews_bad, m.reviews_bad_solved, m.bad_review_fix_rate), (3, 2, 2, Some(100.0)));
    let district = c.store.figures(&Scope::District(c.district.clone()), &march(&c)).unwrap();
    assert_eq!((district.reviews, district.reviews_bad, district.reviews_bad_solved), (2, 1, 0));
    let feb = Period::parse_at("2026-02", c.store.today()).unwrap();
    assert_eq!(c.store.figures(&Scope::City, &feb).unwrap().reviews, 0, "rated in March");

    let bad = c.store.bad_reviews(Some(&c.market), 10).unwrap();
    assert_eq!(bad.iter().map(|b| (b.review.work_order_no.as_str(), b.solved)).collect::<Vec<_>>(), vec![("HC-005", true), ("HC-002", true)]);
    // A 差评 came from outside: it cannot be deleted, only solved.
    let hc3 = list.iter().find(|r| r.problem.work_order_no.as_deref() == Some("HC-003")).unwrap();
    assert_eq!(c.store.delete_problem(&hc3.problem.id).unwrap_err().code(), "transition");
    assert!(c.store.check_tables().unwrap().is_empty());
}

#[test]
fn a_rating_edited_behind_the_app_is_found_by_the_audit() {
    let mut c = city();
    import(&mut c, "好差评.csv", &five_ratings()).expect("import");
    c.store.conn().execute("UPDATE reviews SET grade = 'satisfied' WHERE work_order_no = 'HC-002'", []).unwrap();
    let found = c.store.check_tables().unwrap();
    assert!(found.iter().any(|t| t.entity == "review" && t.what.contains("评价等级")), "{found:?}");
}

#[test]
fn a_problem_without_a_walk_cannot_be_typed_in() {
    let mut c = city();
    let loose = Problem {
        id: String::new(),
        walk_id: None,
        department_id: c.market.clone(),
        source: ProblemSource::Reviews,
        work_order_no: Some("HC-X".into()),
        step_id: None,
        category: ProblemCategory::Other,
        standards: vec![],
        severity: Severity::Minor,
        nature: Nature::Systemic,
        description: "伪造的差评".into(),
        on_spot_action: None,
        resolved_on: None,
        found_on: d("2026-03-01"),
    };
    assert_eq!(c.store.record_problem(loose).unwrap_err().field(), Some("walk_id"));
    assert_eq!(count(&c, "problems"), 0);
}

#[test]
fn a_units_ratings_reach_the_office_and_the_office_imports_only_its_own() {
    let mut office = office();
    let mut u = unit(&mut office, "市市场监管局");
    let name = u.store.department(&u.dept).unwrap().name;
    let csv = format!("{HEADER}\n2026-03-11 09:00:00,食品经营许可,{name},窗口,不满意,材料多,HC-101\n\
                       2026-03-11 10:00:00,食品经营许可,{name},窗口,满意,,HC-102\n");
    let path = u.dir.path().join("好差评.csv");
    std::fs::write(&path, &csv).unwrap();
    let parsed = reviews::parse_file(&path, &[], &u.store.departments().unwrap()).unwrap();
    let done = u.store.import_reviews(&parsed).expect("the unit imports its own ratings");
    assert_eq!((done.added, done.added_bad), (2, 1));
    send(&mut u, &mut office).expect("report");
    let period = Period::parse_at("2026-03", office.store.today()).unwrap();
    let f = office.store.figures(&Scope::City, &period).unwrap();
    assert_eq!((f.reviews, f.reviews_bad), (2, 1), "the office sees the unit's ratings");
    assert!(office.store.check_tables().unwrap().is_empty());

    // The office's install knows the unit but does not speak for it: the rows are left and counted.
    let more = format!("{HEADER}\n2026-03-12 09:00:00,食品经营许可,{name},窗口,非常不满意,没人管,HC-103\n");
    let opath = office.dir.path().join("全市好差评.csv");
    std::fs::write(&opath, &more).unwrap();
    let parsed = reviews::parse_file(&opath, &[], &office.store.departments().unwrap()).unwrap();
    let o = office.store.import_reviews(&parsed).expect("nothing of its own");
    assert_eq!((o.added, o.other_units), (0, 1));
    assert!(o.message_zh.contains("1 条属于其他单位"), "{}", o.message_zh);
}
