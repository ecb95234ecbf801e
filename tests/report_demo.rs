//! Every record from the core's demo city (a year of the programme): nothing panics, every
//! PDF is valid with embedded subset fonts, and every walk of the year exports.

mod report_common;

use report_common::*;
use walklog::model::WalkStatus;
use walklog::ops::WalkFilter;
use walklog::report::{export, ExportRequest, Record};

#[test]
fn demo_city_exports_every_record() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = walklog::Store::open(dir.path().join("walklog.db")).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    walklog::demo::generate_until(&mut store, 7, today).unwrap();
    let req = ExportRequest::default();
    for (record, name) in [(Record::Problems, "problems.pdf"), (Record::Ledger, "ledger.pdf"), (Record::Report, "report.pdf"), (Record::Ledger, "ledger.xlsx")] {
        let out = dir.path().join(name);
        let s = export(&mut store, &record, &req, &out, &mut |_, _| {}).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(s.bytes > 0);
        if name.ends_with(".pdf") {
            assert_qpdf_ok(&out);
            assert_fonts_embedded_subset(&out);
            keep(&out, &format!("demo-{name}"));
        }
    }
    let walks = store.walks(&WalkFilter::default()).unwrap();
    assert!(walks.len() > 10);
    for w in &walks {
        let out = dir.path().join("walk.pdf");
        let s = export(&mut store, &Record::Walk(w.id.clone()), &req, &out, &mut |_, _| {}).unwrap_or_else(|e| panic!("walk {}: {e}", w.id));
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
        let text = squeezed(&pdftotext_raw(&out));
        assert!(text.contains(&squeezed(&w.title)), "title of {}", w.id);
        if w.status == WalkStatus::Archived {
            let code = w.seal_code.clone().unwrap();
            assert!(text.contains(&format!("核验码：{code}")));
        }
    }
    let sealed = walks.iter().find(|w| w.status == WalkStatus::Archived).map(|w| w.id.clone());
    if let Some(id) = sealed {
        let out = dir.path().join("sealed.pdf");
        export(&mut store, &Record::Walk(id), &req, &out, &mut |_, _| {}).unwrap();
        assert_qpdf_ok(&out);
        keep(&out, "demo-walk.pdf");
    }
}
