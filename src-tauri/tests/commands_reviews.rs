//! 以评促改 through the IPC layer: the 导入 screen's 好差评 steps (headers, preview, import) and
//! the 问题清单's 来源 filter, with the core's refusals crossing as {code, message_zh, field}.
mod common;

use common::TestApp;
use serde_json::{json, Value};

#[test]
fn headers_preview_and_import_of_a_reviews_file_with_its_mapping() {
    let t = TestApp::new();
    let _fx = t.fixture();
    let path = t.dir.path().join("好差评.csv");
    std::fs::write(
        &path,
        "提交时间,部门,星级,流水号,留言\n2026-03-01 09:00,市不动产登记中心,满意,L1,\n2026-03-02 10:00,市不动产登记中心,不满意,L2,排队太久\n",
    )
    .unwrap();
    let path = path.to_str().unwrap().to_string();
    let headers: Vec<String> = t.ok("review_headers", json!({"path": path}));
    assert_eq!(headers, ["提交时间", "部门", "星级", "流水号", "留言"]);
    // Without the mapping the usual headers are not there: refused beside the mapping.
    let e = t.invoke("preview_reviews", json!({"path": path, "mapping": []})).expect_err("no mapping");
    assert_eq!(e["field"].as_str(), Some("mapping"), "{e}");
    assert!(e["message_zh"].as_str().unwrap().contains("找不到评价时间"), "{e}");
    let mapping = json!([["评价时间", "提交时间"], ["办理部门", "部门"], ["评价等级", "星级"], ["工单号", "流水号"], ["评价内容", "留言"]]);
    let preview: Value = t.ok("preview_reviews", json!({"path": path, "mapping": mapping}));
    assert_eq!((preview["added"].as_u64(), preview["added_bad"].as_u64()), (Some(2), Some(1)), "{preview}");
    let none: Vec<Value> = t.ok("problems", json!({"filter": {"source": "reviews"}}));
    assert!(none.is_empty(), "a preview writes nothing");
    let done: Value = t.ok("import_reviews", json!({"path": path, "mapping": mapping}));
    assert!(done["message_zh"].as_str().unwrap().contains("差评 1 条已转为问题"), "{done}");
    let again: Value = t.ok("import_reviews", json!({"path": path, "mapping": mapping}));
    assert_eq!(again["existing"].as_u64(), Some(2));
    let list: Vec<Value> = t.ok("problems", json!({"filter": {"source": "reviews"}}));
    assert_eq!(list.len(), 1);
    assert_eq!((list[0]["walk_title"].as_str(), list[0]["problem"]["work_order_no"].as_str()), (None, Some("L2")));
    let walks_only: Vec<Value> = t.ok("problems", json!({"filter": {"source": "walk"}}));
    assert!(walks_only.is_empty());
    // A file that is not one: a Chinese refusal, nothing read.
    let (code, msg) = t.err("review_headers", json!({"path": t.dir.path().join("x.pdf").to_str().unwrap()}));
    assert_eq!(code, "validation");
    assert!(msg.contains(".csv 或 .xlsx"), "{msg}");
}
