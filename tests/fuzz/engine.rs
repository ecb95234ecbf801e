//! A small mutation fuzzer on stable Rust, built on proptest: inputs are corpus files changed by
//! a list of byte-level edits (which proptest shrinks to the fewest, smallest edits when a check
//! fails), or plain random bytes. No libFuzzer, so it runs in `cargo test` on any toolchain.
//!
//! `cargo test --test fuzz` replays the corpus and tries `WALKLOG_FUZZ_CASES` (default 48)
//! mutations per target; `make fuzz` sets `WALKLOG_FUZZ_SECS` (60) and runs each target for that
//! long. A failing input is written to target/fuzz-findings/<target>/ for adding to the corpus.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Bytes that tend to break parsers: JSON and Markdown syntax, template delimiters, control and
/// bidi characters, numbers and dates out of range, a long Chinese run.
const TOKENS: &[&str] = &[
    "\"", "\\", "{", "}", "[", "]", ",", ":", "null", "true", "-1", "1e400", "18446744073709551616", "-0",
    "\"2026-02-30\"", "\"9999-12-31T25:61:00+08:00\"", "\u{0}", "\u{202E}", "\u{FEFF}", "\r\n", "{{", "}}", "{%", "%}",
    "{{ 1/0 }}", "{% for x in range(99999999) %}", "<script>", "](javascript:x)", "![](/etc/passwd)", "|", "#", "> ",
    "- ", "```", "$$", "\u{FFFD}", "材料", "\u{1F600}", "İ",
];

#[derive(Debug, Clone)]
pub enum Edit {
    /// XOR one byte.
    Flip(usize, u8),
    /// Insert random bytes.
    Insert(usize, Vec<u8>),
    /// Insert one of TOKENS.
    Token(usize, usize),
    /// Remove a range.
    Delete(usize, usize),
    /// Repeat a range in place.
    Repeat(usize, usize, u8),
    /// Cut the rest off.
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (any::<usize>(), 1u8..=255).prop_map(|(at, x)| Edit::Flip(at, x)),
        2 => (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..16)).prop_map(|(at, b)| Edit::Insert(at, b)),
        3 => (any::<usize>(), 0..TOKENS.len()).prop_map(|(at, t)| Edit::Token(at, t)),
        2 => (any::<usize>(), 1usize..64).prop_map(|(at, n)| Edit::Delete(at, n)),
        1 => (any::<usize>(), 1usize..256, 1u8..8).prop_map(|(at, n, k)| Edit::Repeat(at, n, k)),
        1 => any::<usize>().prop_map(Edit::Truncate),
    ]
}

/// Applies the edits in order; positions wrap around the current length.
pub fn apply(seed: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut b = seed.to_vec();
    for e in edits {
        let at = |p: usize, len: usize| if len == 0 { 0 } else { p % (len + 1) };
        match e {
            Edit::Flip(p, x) if !b.is_empty() => {
                let i = p % b.len();
                b[i] ^= x;
            }
            Edit::Flip(..) => {}
            Edit::Insert(p, bytes) => {
                let i = at(*p, b.len());
                b.splice(i..i, bytes.iter().copied());
            }
            Edit::Token(p, t) => {
                let i = at(*p, b.len());
                b.splice(i..i, TOKENS[*t].bytes());
            }
            Edit::Delete(p, n) => {
                let i = at(*p, b.len());
                let end = (i + n).min(b.len());
                b.drain(i..end);
            }
            Edit::Repeat(p, n, k) => {
                let i = at(*p, b.len());
                let end = (i + n).min(b.len());
                let part = b[i..end].to_vec();
                for _ in 0..*k {
                    b.splice(end..end, part.iter().copied());
                }
            }
            Edit::Truncate(p) => {
                let i = at(*p, b.len());
                b.truncate(i);
            }
        }
    }
    b
}

/// A change to one value of a JSON document: the structure stays valid, so the input gets past
/// the parser to the rules (an import's checks), which byte edits rarely reach.
#[derive(Debug, Clone)]
pub enum JsonEdit {
    Text(usize),
    Long(usize),
    Number(i64),
    Float(f64),
    Null,
    Remove,
    Duplicate,
}

fn json_edit() -> impl Strategy<Value = (usize, JsonEdit)> {
    let edit = prop_oneof![
        3 => (0..TOKENS.len()).prop_map(JsonEdit::Text),
        1 => (1usize..20_000).prop_map(JsonEdit::Long),
        2 => prop_oneof![Just(i64::MIN), Just(i64::MAX), Just(-1i64), Just(0i64), any::<i64>()].prop_map(JsonEdit::Number),
        1 => prop_oneof![Just(f64::MAX), Just(-0.5f64), Just(1e-300f64)].prop_map(JsonEdit::Float),
        1 => Just(JsonEdit::Null),
        2 => Just(JsonEdit::Remove),
        1 => Just(JsonEdit::Duplicate),
    ];
    (any::<usize>(), edit)
}

/// The JSON pointers of every value below the root, in document order.
fn pointers(v: &serde_json::Value, at: String, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(x, p, out);
            }
        }
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(x, p, out);
            }
        }
        _ => {}
    }
}

/// Applies the edits to a JSON seed; a seed that is not JSON comes back unchanged.
pub fn apply_json(seed: &[u8], edits: &[(usize, JsonEdit)]) -> Vec<u8> {
    let Ok(mut doc) = serde_json::from_slice::<serde_json::Value>(seed) else {
        return seed.to_vec();
    };
    for (pick, edit) in edits {
        let mut all = Vec::new();
        pointers(&doc, String::new(), &mut all);
        if all.is_empty() {
            break;
        }
        let ptr = all[pick % all.len()].clone();
        let (parent_ptr, key) = ptr.rsplit_once('/').expect("a pointer below the root");
        let new = match edit {
            JsonEdit::Text(t) => serde_json::Value::String(TOKENS[*t].to_string()),
            JsonEdit::Long(n) => serde_json::Value::String("长".repeat(*n)),
            JsonEdit::Number(n) => serde_json::Value::from(*n),
            JsonEdit::Float(f) => serde_json::Value::from(*f),
            JsonEdit::Null => serde_json::Value::Null,
            JsonEdit::Remove | JsonEdit::Duplicate => {
                let Some(parent) = doc.pointer_mut(parent_ptr) else { continue };
                let key = key.replace("~1", "/").replace("~0", "~");
                match (parent, edit) {
                    (serde_json::Value::Object(m), JsonEdit::Remove) => {
                        m.remove(&key);
                    }
                    (serde_json::Value::Array(a), JsonEdit::Remove) => {
                        if let Ok(i) = key.parse::<usize>() {
                            a.remove(i);
                        }
                    }
                    (serde_json::Value::Array(a), JsonEdit::Duplicate) => {
                        if let Ok(i) = key.parse::<usize>() {
                            let copy = a[i].clone();
                            a.insert(i, copy);
                        }
                    }
                    _ => {}
                }
                continue;
            }
        };
        if let Some(slot) = doc.pointer_mut(&ptr) {
            *slot = new;
        }
    }
    serde_json::to_vec(&doc).expect("JSON")
}

/// The corpus of a target: the files under tests/fuzz/corpus/<target>/, by name.
pub fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/corpus").join(target);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("fuzz corpus {} missing: {e}", dir.display()))
        .map(|entry| {
            let path = entry.expect("corpus entry").path();
            let bytes = std::fs::read(&path).expect("corpus file");
            (path.file_name().expect("name").to_string_lossy().into_owned(), bytes)
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "fuzz corpus {} is empty", dir.display());
    files
}

/// Replays every seed, then fuzzes `check` with mutations of them (and of `extra` seeds made at
/// run time). `check` returns Err for a broken property; a panic inside it is a finding too.
pub fn fuzz(target: &str, extra: Vec<(String, Vec<u8>)>, mut check: impl FnMut(&[u8]) -> Result<(), TestCaseError>) {
    if std::env::var_os("WALKLOG_FUZZ_WRITE_SEEDS").is_some() {
        // Refreshes the corpus with the seeds made at run time (a fresh export, a fresh bundle).
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/corpus").join(target);
        std::fs::create_dir_all(&dir).expect("corpus dir");
        for (name, bytes) in &extra {
            std::fs::write(dir.join(name), bytes).expect("write seed");
        }
    }
    let mut seeds = corpus(target);
    let known: std::collections::HashSet<Vec<u8>> = seeds.iter().map(|s| s.1.clone()).collect();
    seeds.extend(extra.into_iter().filter(|s| !known.contains(&s.1)));
    for (name, bytes) in &seeds {
        if let Err(e) = check(bytes) {
            panic!("fuzz {target}: corpus file {name} fails: {e}");
        }
    }
    let secs: u64 = std::env::var("WALKLOG_FUZZ_SECS").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
    let cases: u32 = std::env::var("WALKLOG_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48);
    let budget = Duration::from_secs(secs);
    let started = Instant::now();
    let blobs: Vec<Vec<u8>> = seeds.iter().map(|s| s.1.clone()).collect();
    let json_blobs = blobs.clone();
    let strategy = prop_oneof![
        6 => (0..blobs.len(), proptest::collection::vec(edit(), 1..12)).prop_map(move |(i, edits)| apply(&blobs[i], &edits)),
        // For JSON seeds: valid JSON with values changed, to reach the checks behind the parser.
        3 => (0..json_blobs.len(), proptest::collection::vec(json_edit(), 1..6)).prop_map(move |(i, edits)| apply_json(&json_blobs[i], &edits)),
        1 => proptest::collection::vec(any::<u8>(), 0..512),
    ];
    // proptest wants an `Fn`; the checks keep state (a store), so they are borrowed per case.
    let check = std::cell::RefCell::new(check);
    let (mut round, mut tried) = (0u64, 0u64);
    loop {
        let batch = if secs > 0 { 64 } else { cases };
        let config = Config { cases: batch, failure_persistence: None, max_shrink_iters: 2000, ..Config::default() };
        let mut seed = [0u8; 32];
        seed[..8].copy_from_slice(&round.to_le_bytes());
        seed[8..8 + target.len().min(24)].copy_from_slice(&target.as_bytes()[..target.len().min(24)]);
        let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed));
        match runner.run(&strategy, |bytes| (check.borrow_mut())(&bytes)) {
            Ok(()) => {}
            Err(TestError::Fail(why, input)) => {
                let saved = save_finding(target, &input);
                panic!("fuzz {target}: finding ({why}); input saved as {}", saved.display());
            }
            Err(TestError::Abort(why)) => panic!("fuzz {target}: aborted: {why}"),
        }
        tried += u64::from(batch);
        round += 1;
        if secs == 0 || started.elapsed() >= budget {
            break;
        }
    }
    let spent = started.elapsed();
    println!("fuzz {target}: {} seeds, {tried} mutated inputs in {:.1} s, no finding", seeds.len(), spent.as_secs_f64());
}

fn save_finding(target: &str, input: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-findings").join(target);
    let _ = std::fs::create_dir_all(&dir);
    let name = format!("finding-{}", &hex::encode(Sha256::digest(input))[..16]);
    let path = dir.join(name);
    let _ = std::fs::write(&path, input);
    path
}

/// Fails the case unless `text` reads as a Chinese message (the bar for every refusal).
pub fn chinese(text: &str) -> Result<(), TestCaseError> {
    if text.trim().is_empty() || !text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) {
        return Err(TestCaseError::fail(format!("refusal without a Chinese message: {text:?}")));
    }
    Ok(())
}
