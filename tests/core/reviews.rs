//! 好差评 export parsing (issue 13, item 5): CSV and .xlsx written here, header aliases and an
//! explicit mapping, bad rows named by line number, 差评 told apart and categorised.

use super::fixture::city;
use walklog::model::ProblemCategory;
use walklog::reviews::{self, Field, Grade};

const HEADER: &str = "评价时间,事项名称,办理部门,评价渠道,评价等级,评价内容,工单号";

fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write csv");
    path
}

#[test]
fn csv_with_standard_headers_parses_and_tells_bad_reviews() {
    let c = city();
    let depts = c.store.departments().expect("departments");
    let csv = format!(
        "\u{feff}{HEADER}\n\
         2026-03-01 09:12:00,食品经营许可,市市场监管局,窗口评价器,非常满意,办得快,HC-001\n\
         2026/03/02 10:00,食品经营许可,市市场监管局 ,郑好办,不满意,要求提供的证明材料太多,HC-002\n\
         2026年3月3日 14:30,居住证办理,花园路街道,政务服务网,非常不满意,窗口人员态度差,HC-003\n\
         2026-03-04,居住证办理,金水区,短信,基本满意,,HC-004\n"
    );
    let path = write(c._dir.path(), "好差评.csv", &csv);
    let parsed = reviews::parse_file(&path, &[], &depts).expect("parse");
    assert!(parsed.bad.is_empty(), "{:?}", parsed.bad);
    assert_eq!(parsed.rows.len(), 4);
    assert_eq!(parsed.bad_reviews(), 2);
    let r2 = &parsed.rows[1];
    assert_eq!(r2.line, 3);
    assert_eq!(r2.work_order_no, "HC-002");
    assert_eq!(r2.department_id, c.market, "trailing blank in 办理部门 still matches");
    assert_eq!(r2.grade, Grade::Dissatisfied);
    assert_eq!(r2.category, ProblemCategory::Materials);
    assert_eq!(r2.rated_at.to_string(), "2026-03-02 10:00:00");
    let r3 = &parsed.rows[2];
    assert_eq!(r3.department_id, c.street);
    assert_eq!(r3.category, ProblemCategory::WorkStyle);
    assert_eq!(r3.rated_at.to_string(), "2026-03-03 14:30:00");
    assert!(!parsed.rows[3].grade.is_bad());
    assert_eq!(parsed.rows[3].rated_at.to_string(), "2026-03-04 00:00:00");
}

#[test]
fn bad_rows_are_named_by_line_and_the_file_yields_nothing() {
    let c = city();
    let depts = c.store.departments().expect("departments");
    let csv = format!(
        "{HEADER}\n\
         2026-03-01 09:12:00,食品经营许可,市市场监管局,窗口,满意,,HC-001\n\
         2026-03-01 09:13:00,食品经营许可,市市场监管局,窗口,满意,,\n\
         2026-03-01 09:14:00,食品经营许可,市交通局,窗口,满意,,HC-003\n\
         昨天下午,食品经营许可,市市场监管局,窗口,满意,,HC-004\n\
         2026-03-01 09:15:00,食品经营许可,市市场监管局,窗口,还行,,HC-005\n\
         2026-03-01 09:16:00,食品经营许可,市市场监管局,窗口,满意,,HC-001\n"
    );
    let path = write(c._dir.path(), "bad.csv", &csv);
    let parsed = reviews::parse_file(&path, &[], &depts).expect("parse");
    assert!(parsed.rows.is_empty(), "a file with bad rows gives no rows");
    let lines: Vec<String> = parsed.bad.iter().map(ToString::to_string).collect();
    assert_eq!(parsed.bad_total, 5, "{lines:?}");
    assert_eq!(lines[0], "第 3 行：缺少工单号");
    assert!(lines[1].starts_with("第 4 行：办理部门“市交通局”不在"), "{}", lines[1]);
    assert_eq!(lines[2], "第 5 行：评价时间“昨天下午”无法识别");
    assert!(lines[3].starts_with("第 6 行：评价等级“还行”"), "{}", lines[3]);
    assert_eq!(lines[4], "第 7 行：工单号“HC-001”与第 2 行重复");
}

#[test]
fn odd_headers_need_a_mapping_and_then_parse() {
    let c = city();
    let depts = c.store.departments().expect("departments");
    let csv = "提交于,服务名称,受理单位,来源,星级评价,留言,流水号\n\
               2026-03-05 08:00:00,营业执照,市市场监管局,APP,非常不满意,网上申报系统打不开,LS-9\n";
    let path = write(c._dir.path(), "odd.csv", csv);
    let err = reviews::parse_file(&path, &[], &depts).expect_err("unknown headers");
    let msg = err.to_string();
    assert!(msg.contains("找不到评价时间、办理部门、评价等级、工单号列"), "{msg}");
    let map: Vec<(String, String)> = [("评价时间", "提交于"), ("办理部门", "受理单位"), ("评价等级", "星级评价"), ("工单号", "流水号"), ("评价内容", "留言")]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    let parsed = reviews::parse_file(&path, &map, &depts).expect("mapped");
    assert!(parsed.bad.is_empty(), "{:?}", parsed.bad);
    assert_eq!(parsed.mapping.get(&Field::WorkOrder), Some(&6));
    assert_eq!(parsed.rows[0].work_order_no, "LS-9");
    assert_eq!(parsed.rows[0].category, ProblemCategory::OnlineService);
    let wrong = vec![("工单号".to_string(), "不存在的列".to_string())];
    let msg = reviews::parse_file(&path, &wrong, &depts).expect_err("bad mapping").to_string();
    assert!(msg.contains("文件中没有“不存在的列”列"), "{msg}");
}

#[test]
fn xlsx_written_here_parses_with_date_cells() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let c = city();
    let depts = c.store.departments().expect("departments");
    let path = c._dir.path().join("好差评.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (i, h) in HEADER.split(',').enumerate() {
        sheet.write_string(0, i as u16, h).expect("header");
    }
    let when = ExcelDateTime::parse_from_str("2026-03-06 16:45:30").expect("datetime");
    let fmt = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    sheet.write_datetime_with_format(1, 0, &when, &fmt).expect("time");
    for (i, v) in ["开办餐馆", "市市场监管局", "评价器", "不满意", "排队等待时间长"].iter().enumerate() {
        sheet.write_string(1, i as u16 + 1, *v).expect("cell");
    }
    sheet.write_number(1, 6, 20260306001.0).expect("work order number");
    sheet.write_string(2, 0, "2026-03-07 09:00").expect("time text");
    for (i, v) in ["开办餐馆", "花园路街道", "评价器", "满意", ""].iter().enumerate() {
        sheet.write_string(2, i as u16 + 1, *v).expect("cell");
    }
    sheet.write_string(2, 6, "X-2").expect("cell");
    sheet.write_string(3, 0, "2026-03-07 09:00").expect("time text");
    sheet.write_string(3, 2, "花园路街道").expect("cell");
    sheet.write_string(3, 4, "满意").expect("cell");
    book.save(&path).expect("save xlsx");

    let parsed = reviews::parse_file(&path, &[], &depts).expect("parse xlsx");
    assert_eq!(parsed.bad.len(), 1);
    assert_eq!(parsed.bad[0].to_string(), "第 4 行：缺少工单号");
    assert!(parsed.rows.is_empty());

    let table = reviews::read_table(&path).expect("table");
    let mut only_good = table.clone();
    only_good.rows.truncate(2);
    let parsed = reviews::parse(&only_good, &parsed.mapping, &depts);
    assert!(parsed.bad.is_empty(), "{:?}", parsed.bad);
    assert_eq!(parsed.rows[0].rated_at.to_string(), "2026-03-06 16:45:30");
    assert_eq!(parsed.rows[0].work_order_no, "20260306001");
    assert_eq!(parsed.rows[0].category, ProblemCategory::Efficiency);
    assert_eq!(parsed.rows[1].department_id, c.street);
    assert_eq!(parsed.bad_reviews(), 1);
}

#[test]
fn ten_thousand_rows_parse_quickly() {
    let c = city();
    let depts = c.store.departments().expect("departments");
    let mut csv = String::from(HEADER);
    csv.push('\n');
    for i in 0..10_000 {
        let grade = if i % 7 == 0 { "不满意" } else { "满意" };
        csv.push_str(&format!("2026-03-01 09:00:00,事项{i},市市场监管局,评价器,{grade},内容,W{i:06}\n"));
    }
    let path = write(c._dir.path(), "big.csv", &csv);
    let start = std::time::Instant::now();
    let parsed = reviews::parse_file(&path, &[], &depts).expect("parse");
    assert_eq!(parsed.rows.len(), 10_000);
    assert_eq!(parsed.bad_reviews(), (0..10_000).filter(|i| i % 7 == 0).count());
    assert!(start.elapsed().as_secs_f64() < 2.0, "{:?}", start.elapsed());
}
