//! Templates as files (issue 14, item 3): the shipped ones installed in `<data>/模板/<record>/`,
//! a user's copy saved beside them under its own name, previewed on the current data, and
//! remembered as the record's default; a bad one refused with its line, nothing written.

mod report_common;

use report_common::fixture::demo;
use report_common::*;
use walklog::report::library::TemplateKind;
use walklog::report::{export, ExportRequest, Filters, Record};
use walklog::ErrorCode;

const COPY: &str = "---\ntitle: 副本\n---\n# 市局版体验纪实：{{ walk.title }}\n\n体验单位：{{ unit }}\n";

#[test]
fn shipped_templates_are_files_and_come_back_when_edited_in_place() {
    let demo = demo(1, 3, 0, 1);
    demo.store.install_templates().expect("install");
    let dir = demo.store.templates_dir();
    for kind in TemplateKind::ALL {
        let list = demo.store.templates(kind).expect("list");
        assert_eq!(list.len(), 1, "{kind:?}: {list:?}");
        assert!(list[0].builtin && list[0].default);
        assert_eq!(list[0].name, kind.label_zh());
        assert!(std::path::Path::new(&list[0].path).starts_with(&dir));
        assert!(std::fs::metadata(&list[0].path).expect("file").len() > 100);
    }
    let walk = dir.join("体验纪实表/体验纪实表.md");
    let shipped = std::fs::read_to_string(&walk).expect("shipped");
    std::fs::write(&walk, "{{ 改坏了").expect("edit in place");
    demo.store.install_templates().expect("again");
    assert_eq!(std::fs::read_to_string(&walk).expect("restored"), shipped);
}

#[test]
fn a_copy_is_checked_saved_previewed_and_becomes_the_default() {
    let mut demo = demo(1, 3, 0, 1);
    let kind = TemplateKind::Walk;

    // Bad names and bad templates are refused in Chinese and write nothing.
    for bad in ["", "../逃出", "a/b", "体验纪实表", ".隐藏", &"长".repeat(41)] {
        let e = demo.store.save_template(kind, bad, COPY).expect_err(bad);
        assert_eq!(e.field(), Some("name"), "{bad}: {e}");
    }
    let e = demo.store.save_template(kind, "坏模板", "# 标题\n\n{{ walk.title }\n").expect_err("syntax");
    assert_eq!(e.kind(), ErrorCode::TemplateError);
    assert!(e.message_zh().contains("第 3 行"), "{}", e.message_zh());
    assert_eq!(e.line(), Some(3));
    let e = demo.store.save_template(kind, "坏模板", "{{ walk.no_such_field }}").expect_err("field");
    assert!(e.message_zh().contains("不存在的字段"), "{}", e.message_zh());
    assert_eq!(demo.store.templates(kind).unwrap().len(), 1, "nothing was written");
    assert!(!demo.store.templates_dir().parent().unwrap().join("逃出.md").exists());

    // Preview on the current data: the walk's title filled in, and a page count.
    let preview = demo.store.preview_template(kind, COPY, &Filters::default(), Some(&demo.walk_id)).expect("preview");
    let title = demo.store.walk(&demo.walk_id).unwrap().title;
    assert!(preview.markdown.contains(&format!("# 市局版体验纪实：{title}")), "{}", preview.markdown);
    assert_eq!(preview.pages, 1);

    let saved = demo.store.save_template(kind, "市局版", COPY).expect("save");
    assert!(!saved.builtin && !saved.default);
    assert_eq!(std::fs::read_to_string(&saved.path).unwrap(), COPY);
    assert_eq!(demo.store.template_source(kind, "市局版").unwrap(), COPY);
    let names: Vec<String> = demo.store.templates(kind).unwrap().into_iter().map(|t| t.name).collect();
    assert_eq!(names, vec!["体验纪实表", "市局版"]);

    // The default: an export naming no template uses it.
    demo.store.set_default_template(kind, Some("市局版")).expect("default");
    assert!(demo.store.templates(kind).unwrap().iter().any(|t| t.name == "市局版" && t.default));
    let out = demo.dir.path().join("walk.pdf");
    let record = Record::Walk(demo.walk_id.clone());
    let summary = export(&mut demo.store, &record, &ExportRequest::default(), &out, &mut |_, _| {}).expect("export");
    assert_eq!(summary.pages, 1);
    assert!(squeezed(&pdftotext(&out)).contains("市局版体验纪实"));
    assert!(demo.store.set_default_template(kind, Some("没有这个")).is_err());

    // The default's file removed: the shipped template again, not an error.
    std::fs::remove_file(&saved.path).unwrap();
    export(&mut demo.store, &record, &ExportRequest::default(), &out, &mut |_, _| {}).expect("export");
    assert!(squeezed(&pdftotext(&out)).contains("一、基本情况"));
    demo.store.set_default_template(kind, None).expect("back to shipped");
    assert!(demo.store.templates(kind).unwrap()[0].default);
}
