//! Fuzzed inputs (issue 14, item 7): everything a person can hand the app as a file, mutated
//! thousands of ways. Nothing may panic; a refusal says why in Chinese and changes nothing.
//! Targets: the exchange JSON import, the 报送包 import, the template + Markdown path of the
//! report engine (a hostile template, and hostile Markdown in a record), photo decoding, and the
//! 好差评 import. See engine.rs for how to run longer (`make fuzz`) and where findings go.

#[path = "../core/fixture.rs"]
#[allow(dead_code)]
mod fixture;
#[path = "../core/installs.rs"]
#[allow(dead_code)]
mod installs;
#[path = "../support/exif_jpeg.rs"]
mod exif_jpeg;
mod engine;

use engine::{chinese, fuzz};
use proptest::test_runner::TestCaseError;
use walklog::model::*;
use walklog::report::{self, RenderOptions};
use walklog::Store;

/// What a refused input must leave as it was: the change log and every record table.
fn state(store: &Store) -> Vec<i64> {
    let tables = ["change_log", "walks", "steps", "problems", "tasks", "progress_notes", "reviews", "attachments", "departments", "people"];
    tables.iter().map(|t| store.conn().query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).expect("count")).collect()
}

fn refused_cleanly(err: &walklog::Error, before: &[i64], store: &Store) -> Result<(), TestCaseError> {
    chinese(&err.message_zh())?;
    let after = state(store);
    if after != before {
        return Err(TestCaseError::fail(format!("refused ({}) yet changed the data: {before:?} → {after:?}", err.message_zh())));
    }
    Ok(())
}

fn consistent(store: &Store) -> Result<(), TestCaseError> {
    let dangling: i64 = store.conn().query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).expect("fk check");
    if dangling > 0 {
        return Err(TestCaseError::fail(format!("{dangling} dangling references after an accepted import")));
    }
    let chain = store.check_chain().expect("verify chain");
    if !chain.is_intact() {
        return Err(TestCaseError::fail(format!("the change log is broken after an accepted import: {chain:?}")));
    }
    Ok(())
}

/// A small city with one walk, a problem and a task with a note, as the import seeds' base.
fn city_with_a_walk() -> (fixture::City, Walk) {
    let mut city = fixture::city();
    let (market, head) = (city.market.clone(), city.market_head.clone());
    let walk = city.walked(&market, &head, WalkKind::Daily, "2026-03-01T09:00:00+08:00");
    let problem = city.problem(&walk.id, ProblemCategory::Materials, Nature::Systemic, "申请材料清单与网上公示不一致");
    let task = city.task_for(&problem.id, "2026-06-30");
    city.store.add_note(&task.id, "已修订办事指南", None).expect("note");
    (city, walk)
}

#[test]
fn exchange_json_import() {
    let (city, _) = city_with_a_walk();
    // Its own export is a seed: mutations of it hit records that already exist.
    let own = city.store.export_json().expect("export").into_bytes();
    let (mut target, _dir) = fixture::empty_store();
    // Previews only (every check, then rolled back), so it stays empty and each input meets the
    // rules rather than a conflict with what an earlier input left.
    let (mut empty, _dir2) = fixture::empty_store();
    fuzz("exchange", vec![("own-export.json".into(), own)], |bytes| {
        if let Ok(doc) = walklog::exchange::Exchange::from_bytes(bytes) {
            let before = state(&empty);
            if let Err(e) = empty.preview_import(&doc) {
                chinese(&e.message_zh())?;
            }
            if state(&empty) != before {
                return Err(TestCaseError::fail("a preview changed the data"));
            }
        }
        let before = state(&target);
        match target.import_bytes(bytes) {
            // What was taken in keeps the database whole: no dangling reference, the chain intact.
            Ok(_) => consistent(&target),
            Err(e) => refused_cleanly(&e, &before, &target),
        }
    });
    drop(city.store);
}

#[test]
fn bundle_import() {
    let mut office = installs::office();
    let mut unit = installs::unit(&mut office, "市市场监管局");
    unit.walk_with_task("2026-03-02T09:00:00+08:00");
    let path = unit.bundle_for(None);
    let fresh = std::fs::read(&path).expect("bundle");
    // The parts of the fresh bundle, changed one at a time and packed again: past the gzip and
    // tar layers to the manifest, its signature and the entries.
    let mut extra = vec![("fresh.wlbundle".to_string(), fresh.clone())];
    for (name, part) in unpack(&fresh) {
        let mut changed = part.clone();
        if let Some(b) = changed.iter_mut().find(|b| b.is_ascii_digit()) {
            *b = if *b == b'9' { b'0' } else { *b + 1 };
        }
        extra.push((format!("fresh-{name}-changed.wlbundle"), repack(&fresh, &name, &changed)));
    }
    let fresh_parts = unpack(&fresh);
    fuzz("bundle", extra, |bytes| {
        let before = state(&office.store);
        match office.store.bundle_import_from(bytes) {
            // Only the bundle as sent can pass: its parts (signed and hashed) byte for byte; a
            // container field that carries nothing (a tar entry's mtime) may differ.
            Ok(_) if try_unpack(bytes).as_ref() == Some(&fresh_parts) => Ok(()),
            Ok(r) => Err(TestCaseError::fail(format!("a changed bundle was accepted: {r:?}"))),
            Err(e) => refused_cleanly(&e, &before, &office.store),
        }
    });
}

/// The (name, bytes) parts of a bundle.
fn unpack(bundle: &[u8]) -> Vec<(String, Vec<u8>)> {
    try_unpack(bundle).expect("a readable bundle")
}

fn try_unpack(bundle: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    use std::io::Read;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(bundle));
    let mut out = Vec::new();
    for item in archive.entries().ok()? {
        let mut item = item.ok()?;
        let name = item.path().ok()?.to_string_lossy().into_owned();
        let mut bytes = Vec::new();
        item.read_to_end(&mut bytes).ok()?;
        out.push((name, bytes));
    }
    Some(out)
}

/// The bundle with one part's bytes replaced, packed the way the app packs it.
fn repack(bundle: &[u8], name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast()));
    for (n, b) in unpack(bundle) {
        let data = if n == name { bytes.to_vec() } else { b };
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder.append_data(&mut header, &n, data.as_slice()).expect("append");
    }
    builder.into_inner().expect("tar").finish().expect("gzip")
}

fn render_opts() -> RenderOptions {
    RenderOptions { exported_at: "2026-03-10 09:00".into(), record: Some("WALK:x".into()), ..Default::default() }
}

/// Every N-th accepted input is laid out and written as a PDF too (the font is parsed once per
/// process, a page costs milliseconds); the rest stop after the template and the Markdown parse.
const FULL_RENDER_EVERY: usize = 8;

/// Parses the filled Markdown, and on every FULL_RENDER_EVERY-th call lays it out and writes the
/// PDF, which must come out whole; `what` names the input in a failure.
fn parse_and_sometimes_render(md: &str, n: &mut usize, what: &str) -> Result<(), TestCaseError> {
    let _ = report::markdown::parse(md);
    *n += 1;
    if *n % FULL_RENDER_EVERY != 0 {
        return Ok(());
    }
    let rendered = report::render_markdown(md, &render_opts(), &mut |_, _| {})
        .map_err(|e| TestCaseError::fail(format!("{what} failed to render: {}", e.message_zh())))?;
    if !rendered.pdf.starts_with(b"%PDF-") || rendered.pages == 0 {
        return Err(TestCaseError::fail(format!("{what}: the PDF is empty or not a PDF")));
    }
    Ok(())
}

#[test]
fn template_and_markdown_of_the_report_engine() {
    let (city, walk) = city_with_a_walk();
    let data = report::data::walk_record(&city.store, &walk.id).expect("walk data");
    let mut n = 0usize;
    // A hostile template (a secretary's edited copy): an error with its line, or a document.
    fuzz("template", Vec::new(), |bytes| {
        let source = String::from_utf8_lossy(bytes);
        match report::template::render("模板.md", &source, &data) {
            Err(e) => chinese(&e.message_zh()),
            Ok(md) => parse_and_sometimes_render(&md, &mut n, "a filled template"),
        }
    });
}

#[test]
fn hostile_markdown_in_a_record() {
    let (city, walk) = city_with_a_walk();
    let mut data = report::data::walk_record(&city.store, &walk.id).expect("walk data");
    let template = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/体验纪实表.md")).expect("template");
    let mut n = 0usize;
    // What a head typed as 体验感受 (Markdown the user rules allow): always a document.
    fuzz("markdown", Vec::new(), |bytes| {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let _ = report::markdown::parse_user(&text);
        data["walk"]["reflection"] = serde_json::Value::String(text);
        let md = report::template::render("体验纪实表.md", &template, &data)
            .map_err(|e| TestCaseError::fail(format!("user text broke the template: {}", e.message_zh())))?;
        parse_and_sometimes_render(&md, &mut n, "a record with this user text")
    });
}

#[test]
fn photo_decoding() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("photo");
    let extra = vec![
        ("exif-gps.jpg".to_string(), exif_jpeg::jpeg(64, 48, Some("2026:11:14 09:42:00"), Some((34.75, 113.62)))),
        // Longer than the export's largest side: decoded, shrunk and encoded again.
        ("wide.jpg".to_string(), exif_jpeg::jpeg(2600, 8, Some("2026:11:14 09:42:00"), None)),
    ];
    fuzz("photo", extra, |bytes| {
        match walklog::photo::read_photo(bytes) {
            Err(e) => chinese(&e.message_zh()),
            Ok(_) => {
                // Accepted at attach time: the export decodes it (or says why it cannot).
                std::fs::write(&path, bytes).expect("write");
                if let Err(e) = report::image::load(&path.to_string_lossy(), None, false, None) {
                    chinese(&e.message_zh())?;
                }
                Ok(())
            }
        }
    });
}

#[test]
fn reviews_import() {
    let mut city = fixture::city();
    let departments = city.store.departments().expect("departments");
    fuzz("reviews", Vec::new(), |bytes| {
        let table = match walklog::reviews::read_csv(bytes) {
            Ok(t) => t,
            Err(e) => return chinese(&e.message_zh()),
        };
        let mapping = match walklog::reviews::detect_mapping(&table.headers, &[]) {
            Ok(m) => m,
            Err(e) => return chinese(&e.message_zh()),
        };
        let parsed = walklog::reviews::parse(&table, &mapping, &departments);
        let before = state(&city.store);
        match city.store.import_reviews(&parsed) {
            Ok(_) => Ok(()),
            Err(e) => refused_cleanly(&e, &before, &city.store),
        }
    });
}

