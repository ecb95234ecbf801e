//! The domain-free engine: Markdown in, PDF out, checked with poppler and qpdf.

mod report_common;

use report_common::*;
use walklog::files::write_atomic;
use walklog::report::{render_markdown, render_template, FontChoice, RenderOptions};
use walklog::Error;

fn opts() -> RenderOptions {
    RenderOptions { exported_at: "2026-11-22 10:00".into(), ..Default::default() }
}

fn sample(rows: usize) -> String {
    let mut md = String::from("---\nheader: 郑州市市场监督管理局\ncode: ABCD-1234-EF56\n---\n# 「一把手走流程」体验纪实\n\n");
    md.push_str("## 一、基本情况\n\n体验人在**市政务服务大厅**以*普通群众*身份办理企业开办，~~预约~~全程不亮身份、不打招呼、不安排陪同。办理时限由16个工作日压缩至5个工作日，压缩率87.5%。\n\n");
    md.push_str("- [x] 不亮身份\n- [x] 不打招呼\n- [ ] 不安排陪同\n\n1. 第一项\n2. 第二项\n\n> 引用：群众反映“进门无引导”。\n\n---\n\n");
    md.push_str("| 序号 | 问题描述 | 责任单位 | 整改时限 | 状态 |\n|:---:|---|---|---|:---:|\n");
    for i in 1..=rows {
        md.push_str(&format!("| {i} | 第{i}号问题：窗口人员对容缺受理政策不熟悉，一次告知制落实不到位，群众需多次往返补充材料。 | 市场监管局登记注册处 | 2026-12-31 | 整改中 |\n"));
    }
    md.push_str("\n<!-- pagebreak -->\n\n## 二、签字\n\n```signatures\n体验人\n记录人\n日期\n```\n");
    md
}

#[test]
fn multi_page_table_repeats_header_and_keeps_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sample.pdf");
    let r = render_markdown(&sample(60), &opts(), &mut |_, _| {}).unwrap();
    write_atomic(&out, &r.pdf).unwrap();
    keep(&out, "sample.pdf");
    assert!(r.pages >= 4, "expected several pages, got {}", r.pages);
    assert_eq!(page_count(&out), r.pages);
    assert_qpdf_ok(&out);
    assert_fonts_embedded_subset(&out);
    let text = pdftotext(&out);
    let pages = pages(&text);
    let total = pages.len();
    for (i, p) in pages.iter().enumerate() {
        let s = squeezed(p);
        assert!(s.contains("郑州市市场监督管理局"), "header missing on page {}", i + 1);
        assert!(s.contains(&format!("第{}页共{}页", i + 1, total)), "footer missing on page {}: {s}", i + 1);
        assert!(s.contains("核验码：ABCD-1234-EF56"), "code missing on page {}", i + 1);
    }
    // Table pages (all but the last, which holds the signatures) repeat the header row.
    for (i, p) in pages.iter().enumerate().take(total - 1).skip(1) {
        assert!(squeezed(p).contains("序号问题描述责任单位整改时限状态"), "table header missing on page {}", i + 1);
    }
    let all = squeezed(&text);
    assert_in_order(&all, &["「一把手走流程」体验纪实", "一、基本情况", "压缩率87.5%", "不亮身份", "第1号问题", "第60号问题", "二、签字", "体验人", "记录人", "日期"]);
    // No row lost.
    for i in 1..=60 {
        assert!(all.contains(&format!("第{i}号问题")), "row {i} lost");
    }
}

#[test]
fn photos_with_exif_orientation_are_placed() {
    let dir = tempfile::tempdir().unwrap();
    jpeg_with_orientation(&dir.path().join("a.jpg"), 400, 300, 6);
    jpeg_with_orientation(&dir.path().join("b.jpg"), 400, 300, 1);
    png(&dir.path().join("c.png"), 300, 200);
    let md = "# 照片\n\n环节一\n\n![取号机](a.jpg) ![窗口](b.jpg) ![告示](c.png)\n\n![不存在](missing.jpg)\n";
    let o = RenderOptions { image_base: Some(dir.path().to_path_buf()), ..opts() };
    let r = render_markdown(md, &o, &mut |_, _| {}).unwrap();
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    let out = dir.path().join("photos.pdf");
    write_atomic(&out, &r.pdf).unwrap();
    keep(&out, "photos.pdf");
    assert_qpdf_ok(&out);
    let text = squeezed(&pdftotext(&out));
    assert_in_order(&text, &["环节一", "取号机", "窗口", "告示", "图片无法读取"]);
    let list = std::process::Command::new("pdfimages").arg("-list").arg(&out).output().unwrap();
    let list = String::from_utf8_lossy(&list.stdout);
    assert_eq!(list.lines().skip(2).count(), 3, "{list}");
    assert!(list.contains("jpeg"), "JPEGs are embedded as they are: {list}");
}

#[test]
fn missing_font_is_one_clear_error() {
    let empty = tempfile::tempdir().unwrap();
    let o = RenderOptions { font: FontChoice::Dirs(vec![empty.path().to_path_buf()]), ..opts() };
    let err = render_markdown("# 标题", &o, &mut |_, _| {}).err().expect("must fail");
    assert!(matches!(err, Error::FontNotFound));
    assert_eq!(err.code(), "font_not_found");
    assert!(err.message_zh().contains("fonts-noto-cjk"));
}

#[test]
fn explicit_font_path_with_index() {
    let spec = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc#2";
    // A missing font fails the test: a skipped test would pass green and prove nothing.
    assert!(
        std::path::Path::new("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc").exists(),
        "this test needs Noto Sans CJK: apt-get install fonts-noto-cjk (make test installs it)"
    );
    let o = RenderOptions { font: FontChoice::parse(spec).unwrap(), ..opts() };
    let r = render_markdown("# 标题\n\n正文", &o, &mut |_, _| {}).unwrap();
    assert!(r.pdf.starts_with(b"%PDF"));
    let bad = RenderOptions { font: FontChoice::parse("/nonexistent/font.ttf").unwrap(), ..opts() };
    assert_eq!(render_markdown("x", &bad, &mut |_, _| {}).err().unwrap().code(), "font_invalid");
}

#[test]
fn hostile_note_prints_literally() {
    let note = "**粗体** # 标题 | 竖线 | <img src=x onerror=alert(1)> {{ secret }} {% if %} [链接](javascript:x) `代码` ~~删~~ - [ ] 任务";
    let tpl = "# 记录\n\n| 项 | 内容 |\n|---|---|\n| 备注 | {{ note }} |\n\n{{ note }}\n";
    let data = serde_json::json!({ "note": note });
    let r = render_template("t.md", tpl, &data, &opts(), &mut |_, _| {}).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("hostile.pdf");
    write_atomic(&out, &r.pdf).unwrap();
    keep(&out, "hostile.pdf");
    let text = squeezed(&pdftotext_raw(&out));
    let expected = squeezed(note);
    assert_eq!(text.matches(&expected).count(), 2, "note not printed literally twice:\n{text}");
}

#[test]
fn bad_template_reports_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.pdf");
    let data = serde_json::json!({ "a": 1 });
    for (tpl, line) in [("# 标题\n\n{{ a }}\n{{ missing_field }}\n", 4), ("# 标题\n{% for x in %}\n", 2)] {
        let err = render_template("t.md", tpl, &data, &opts(), &mut |_, _| {}).err().expect("must fail");
        match &err {
            Error::Template { line: l, .. } => assert_eq!(*l, line, "{err}"),
            e => panic!("{e:?}"),
        }
        assert!(err.message_zh().contains(&format!("第 {line} 行")));
    }
    assert!(!out.exists());
}

#[test]
fn atomic_write_keeps_old_file_on_failure() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("old.pdf");
    std::fs::write(&out, b"old content").unwrap();
    // Renaming a file over a directory fails: the old file must stay, no temp file remains.
    let target_dir = dir.path().join("adir");
    std::fs::create_dir(&target_dir).unwrap();
    std::fs::write(target_dir.join("keep"), b"x").unwrap();
    assert!(write_atomic(&target_dir, b"new").is_err());
    assert_eq!(std::fs::read(&out).unwrap(), b"old content");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "temp file left behind: {names:?}");
    // A missing folder fails cleanly too.
    assert!(write_atomic(&dir.path().join("nope/x.pdf"), b"new").is_err());
    // Success replaces the content in one step.
    write_atomic(&out, b"new content").unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), b"new content");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let fresh = dir.path().join("fresh.pdf");
        write_atomic(&fresh, b"x").unwrap();
        assert_eq!(std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777, 0o644, "an export is not a private temp file");
    }
}

#[test]
fn a_row_taller_than_a_page_splits_between_lines_and_keeps_all_text() {
    let long: String = (1..=400).map(|i| format!("第{i}句进展记录。")).collect();
    let md = format!("---\npage: landscape\n---\n# 台账\n\n| 序号 | 进展情况 | 状态 |\n|---|---|---|\n| 1 | {long} | 整改中 |\n| 2 | 短行 | 已销号 |\n");
    let r = render_markdown(&md, &opts(), &mut |_, _| {}).unwrap();
    assert!(r.pages >= 2, "the tall row spans pages");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tall.pdf");
    write_atomic(&out, &r.pdf).unwrap();
    keep(&out, "tall.pdf");
    assert_qpdf_ok(&out);
    let raw = squeezed(&pdftotext_raw(&out));
    for i in [1, 137, 250, 400] {
        assert!(raw.contains(&format!("第{i}句进展记录。")), "sentence {i} lost");
    }
    for (n, p) in pages(&pdftotext(&out)).iter().enumerate() {
        assert!(squeezed(p).contains("序号进展情况状态"), "header on page {}", n + 1);
    }
    assert!(raw.contains("短行"));
}
