//! Two installs that meet only through files, driven through the built `walklog` binary: the
//! office and a unit set up their identities, the unit enrols and pins the office's roster, walks
//! and reports in a 报送包, the office closes the task out and sends the verdict back. On the
//! way: the unit cannot 销号, a tampered or truncated bundle is refused whole, a crossing edit is
//! kept as a conflict and resolved, and a revoked unit's next bundle is refused.

#[path = "support/cli.rs"]
mod cli;

use cli::{s, Install};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

const UNIT: &str = "市人力资源和社会保障局";
const OFFICE: &str = "市委党建工作领导小组办公室";

fn is_fingerprint(f: &str) -> bool {
    let groups: Vec<&str> = f.split('-').collect();
    groups.len() == 5 && groups.iter().all(|g| g.len() == 4 && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The bundle with one byte of its entries changed (inside the gzip, so the change reaches the
/// content rather than bytes no part is read from).
fn tampered(bundle: &Path, to: &Path) {
    let mut tar = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(bundle).unwrap()).read_to_end(&mut tar).unwrap();
    let needle = "社保卡补换".as_bytes();
    let at = tar.windows(needle.len()).position(|w| w == needle).expect("the walk's title is in the entries");
    tar[at + 1] ^= 0x01;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&tar).unwrap();
    std::fs::write(to, gz.finish().unwrap()).unwrap();
}

fn task_status(install: &Install, id: &str) -> String {
    s(&install.ok(&["task", "show", id])["task"]["status"]).to_string()
}

#[test]
fn office_and_unit_exchange_bundles_through_the_command_line() {
    let office = Install::new();
    let unit = Install::new();

    // Without a role, init keeps its old behaviour and says the identity is not set.
    let plain = office.text(&["init"]);
    assert!(plain.contains("数据库已就绪") && plain.contains("本机身份：未设置"), "{plain}");
    assert!(office.ok(&["identity"])["identity"].is_null());
    office.refused(&["bundle", "status"], "identity");

    // 本机身份 on both sides.
    let o = office.ok(&["init", "--office", OFFICE, "--user", "王芳"]);
    assert_eq!(o["identity"]["identity"]["role"], "office");
    assert_eq!(o["current_user"]["role"], "office");
    let office_fp = s(&o["identity"]["fingerprint"]).to_string();
    assert!(is_fingerprint(&office_fp), "{office_fp}");
    let text = unit.text(&["init", "--unit", UNIT, "--level", "市直部门", "--user", "张伟", "--title", "局长"]);
    for want in ["本机身份：单位端", UNIT, "安装编号", "密钥指纹", "张伟（一把手）"] {
        assert!(text.contains(want), "«{want}» not in:\n{text}");
    }
    unit.refused(&["init", "--unit", "另一个单位"], "identity");
    let u = unit.ok(&["identity"]);
    let unit_id = s(&u["identity"]["identity"]["install_id"]).to_string();
    let unit_fp = s(&u["identity"]["fingerprint"]).to_string();
    assert!(unit.text(&["identity"]).contains(&unit_fp));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(unit.path("walklog.key")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the key file is its owner's only");
    }

    // Enrolment: the unit's file, listed 待批准 at the office until approved.
    let enrolment = unit.path("登记.json");
    let e = unit.ok(&["enrol", "export", "--out", enrolment.to_str().unwrap()]);
    assert_eq!(e["fingerprint"], unit_fp.as_str());
    office.refused(&["enrol", "export"], "identity");
    let shown = office.text(&["enrol", "import", enrolment.to_str().unwrap()]);
    for want in [UNIT, "待批准", unit_id.as_str(), unit_fp.as_str(), "电话"] {
        assert!(shown.contains(want), "«{want}» not in:\n{shown}");
    }
    office.refused(&["bundle", "export", "--to", UNIT], "authority"); // not approved yet
    assert_eq!(office.ok(&["enrol", "approve", UNIT])["status"], "approved");
    let roster = office.ok(&["enrol", "list"]);
    assert_eq!(roster.as_array().unwrap().len(), 1);
    assert_eq!(roster[0]["install_id"], unit_id.as_str());

    // The roster: the unit pins the office key on the first import only.
    let roster_file = office.path("名录.json");
    office.ok(&["roster", "export", "--out", roster_file.to_str().unwrap()]);
    unit.refused(&["roster", "export"], "authority");
    let r = unit.ok(&["roster", "import", roster_file.to_str().unwrap()]);
    assert_eq!((r["pinned_now"].as_bool(), r["fingerprint"].as_str()), (Some(true), Some(office_fp.as_str())));
    let again = unit.text(&["roster", "import", roster_file.to_str().unwrap()]);
    assert!(again.contains("密钥未变") && !again.contains("首次导入"), "{again}");

    // The unit walks; its current user (张伟) acts unless --as names someone else.
    unit.ok(&["person", "add", "李娜", "--dept", UNIT, "--role", "责任人"]);
    let walk = unit.ok(&["walk", "new", "--title", "社保卡补换受理体验", "--leader", "张伟", "--kind", "受理体验"]);
    let walk_id = s(&walk["id"]).to_string();
    unit.ok(&["walk", "start", &walk_id]);
    unit.ok(&["walk", "step", &walk_id, "窗口受理"]);
    let problem = unit.ok(&["problem", "add", &walk_id, "补换需在两个窗口排队", "--step", "1", "--nature", "systemic"]);
    unit.ok(&["walk", "finish", &walk_id]);
    let deadline = (chrono::Local::now().date_naive() + chrono::Duration::days(60)).to_string();
    let task = unit.ok(&["task", "raise", "--problem", s(&problem["id"]), "--measure", "合并两个窗口为一窗受理", "--dept", UNIT, "--owner", "李娜", "--deadline", &deadline]);
    let task_id = s(&task["id"]).to_string();
    unit.ok(&["--as", "李娜", "task", "start", &task_id]);
    unit.ok(&["--as", "李娜", "task", "note", &task_id, "两个窗口已合并"]);
    let photo = unit.path("窗口.txt");
    std::fs::write(&photo, "合并后的窗口").unwrap();
    unit.ok(&["--as", "李娜", "task", "attach", &task_id, photo.to_str().unwrap()]);
    unit.ok(&["--as", "李娜", "task", "done", &task_id]);

    // 销号 is not the unit's, whoever it names as acting: the authority table says so.
    unit.refused(&["task", "close-out", &task_id], "authority");
    unit.ok(&["person", "add", "冒充党建办", "--dept", UNIT, "--role", "党建办"]);
    let err = unit.refused(&["--as", "冒充党建办", "task", "close-out", &task_id], "authority");
    assert!(s(&err["message_zh"]).contains("党建办端"), "{err}");

    // The unit's bundle, named in its folder, and what it holds.
    let b = unit.ok(&["bundle", "export"]);
    let bundle = PathBuf::from(s(&b["path"]));
    let bundle = if bundle.is_absolute() { bundle } else { unit.dir.path().join(bundle) };
    assert_eq!(bundle.file_name().unwrap().to_str().unwrap(), format!("报送包-{UNIT}-至-{OFFICE}-第1号.wlbundle"));
    assert!(bundle.exists());
    let sum = &b["summary"];
    for (key, want) in [("walks", 1), ("steps", 1), ("problems", 1), ("tasks", 1), ("notes", 1), ("photos", 1)] {
        assert_eq!(sum[key], want, "{key}: {b}");
    }
    unit.refused(&["bundle", "export", "--to", "某单位"], "validation"); // a unit sends to its office only

    // Tampered or cut short: refused whole, in Chinese, nothing written.
    let bad = office.path("改过的.wlbundle");
    tampered(&bundle, &bad);
    let run = office.run(false, &["bundle", "import", bad.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.out);
    assert!(run.err.starts_with("错误[bundle_refused]") && run.err.contains("改动"), "{}", run.err);
    let short = office.path("半个.wlbundle");
    let bytes = std::fs::read(&bundle).unwrap();
    std::fs::write(&short, &bytes[..bytes.len() / 2]).unwrap();
    let err = office.refused(&["bundle", "import", short.to_str().unwrap()], "bundle_refused");
    assert!(!err["reasons"].as_array().unwrap().is_empty(), "{err}");
    assert_eq!(office.ok(&["tasks"])["rows"].as_array().map(Vec::len), Some(0), "nothing was written");

    // The real one: the report parses; a second import changes nothing.
    let report = office.ok(&["bundle", "import", bundle.to_str().unwrap()]);
    assert_eq!(report["from"], unit_id.as_str());
    assert_eq!(report["from_department"], UNIT);
    assert!(report["inserted"].as_u64().unwrap() >= 8, "{report}");
    assert_eq!(report["photos"], 1);
    assert_eq!(report["conflicts"].as_array().unwrap().len(), 0);
    let twice = office.text(&["bundle", "import", bundle.to_str().unwrap()]);
    assert!(twice.contains("此前已经接收过") && twice.contains("新增 0 条"), "{twice}");
    assert_eq!(task_status(&office, &task_id), "done");

    // The office closes out (as its current user, 王芳); meanwhile the unit edits the task's
    // measure in the app (here through the library): the two cross in the post.
    assert_eq!(office.ok(&["task", "close-out", &task_id])["status"], "closed_out");
    {
        let mut store = walklog::Store::open(unit.db()).unwrap();
        store.set_actor("张伟");
        let mut t = store.task(&task_id).unwrap();
        t.measure = "合并两个窗口为一窗受理，并公开办事指南".into();
        store.update_task(t).unwrap();
    }
    let back = office.ok(&["bundle", "export", "--to", UNIT, "--out", "发往单位/"]);
    assert_eq!(back["to"], unit_id.as_str());
    let back_path = office.path(s(&back["path"]));
    assert!(back_path.exists(), "{back}");
    let at_unit = unit.ok(&["bundle", "import", back_path.to_str().unwrap()]);
    assert_eq!(at_unit["conflicts"].as_array().unwrap().len(), 1, "{at_unit}");
    // The 销号 stands whatever crossed it; the unit's ledger says 已销号.
    assert_eq!(task_status(&unit, &task_id), "closed_out");
    assert!(unit.text(&["tasks"]).contains("已销号"));

    // The conflict, side by side; resolved with the office's verdict and the unit's measure.
    let list = unit.ok(&["conflicts"]);
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    let shown = unit.text(&["conflicts"]);
    assert!(shown.contains("measure") && shown.contains("并公开办事指南") && shown.contains("本机"), "{shown}");
    let versions = list[0]["versions"].as_array().unwrap();
    let mine = versions.iter().position(|v| v["origin_name"] == "本机").unwrap() + 1;
    let theirs = 3 - mine;
    unit.refused(&["conflicts", "resolve", "task", &task_id, "--keep", "9"], "validation");
    // Keeping the unit's own version whole keeps its work; the 销号 that stands stays (the core
    // carries the strongest verdict into any resolution of a task).
    let _ = theirs;
    unit.ok(&["conflicts", "resolve", "整改任务", &task_id, "--keep", &mine.to_string()]);
    assert_eq!(unit.ok(&["conflicts"]).as_array().unwrap().len(), 0);
    let shown = unit.ok(&["task", "show", &task_id]);
    assert_eq!(shown["task"]["status"], "closed_out");
    assert_eq!(shown["task"]["measure"], "合并两个窗口为一窗受理，并公开办事指南");

    // The resolution travels: the office ends with no conflict and the same task.
    let b2 = unit.ok(&["bundle", "export", "--out", "第二号.wlbundle"]);
    assert_eq!(b2["counter"], 2);
    office.ok(&["bundle", "import", unit.path("第二号.wlbundle").to_str().unwrap()]);
    assert_eq!(office.ok(&["conflicts"]).as_array().unwrap().len(), 0);
    let t = office.ok(&["task", "show", &task_id]);
    assert_eq!((t["task"]["status"].as_str(), t["task"]["measure"].as_str()), (Some("closed_out"), Some("合并两个窗口为一窗受理，并公开办事指南")));

    // Who sent what to whom.
    let status = office.ok(&["bundle", "status"]);
    assert_eq!(status[0]["install_id"], unit_id.as_str());
    assert_eq!((status[0]["sent_counter"].as_i64(), status[0]["received_counter"].as_i64()), (Some(1), Some(2)));
    assert!(unit.text(&["bundle", "status"]).contains(OFFICE));

    // Revoked: the unit's next bundle is refused, and says why.
    assert_eq!(office.ok(&["enrol", "revoke", &unit_id])["status"], "revoked");
    unit.ok(&["walk", "new", "--title", "吊销后的体验", "--leader", "张伟", "--kind", "受理体验"]);
    unit.ok(&["bundle", "export", "--out", "第三号.wlbundle"]);
    let run = office.run(false, &["bundle", "import", unit.path("第三号.wlbundle").to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.err.contains("吊销"), "{}", run.err);
}

/// An enrolment file is signed by the unit's own key, so whoever runs a unit install can sign
/// any claim in it: the office must not take the claim of being a 党建办端, or of being the
/// office's own department, from it.
#[test]
fn an_enrolment_cannot_claim_the_office_role_or_the_office_department() {
    use walklog::model::InstallRole;
    use walklog::sync::roster::Enrolment;
    let office = Install::new();
    let unit = Install::new();
    let o = office.ok(&["init", "--office", OFFICE, "--user", "王芳"]);
    let office_dept = s(&o["identity"]["identity"]["department_id"]).to_string();
    unit.ok(&["init", "--unit", UNIT]);
    let file = unit.path("登记.json");
    unit.ok(&["enrol", "export", "--out", file.to_str().unwrap()]);
    let genuine: Enrolment = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let key = walklog::sync::keys::read_key(&unit.path("walklog.key"), None).unwrap();
    let forge = |change: &dyn Fn(&mut Enrolment)| -> PathBuf {
        let mut doc = genuine.clone();
        change(&mut doc);
        doc.signature.clear();
        doc.signature = walklog::sync::keys::sign(&key, "walklog-enrolment", &serde_json::to_vec(&doc).unwrap());
        let path = unit.path("改过的登记.json");
        std::fs::write(&path, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
        path
    };
    let as_office = forge(&|d| d.role = InstallRole::Office);
    office.refused(&["enrol", "import", as_office.to_str().unwrap()], "authority");
    let as_office_dept = forge(&|d| d.department.id = office_dept.clone());
    office.refused(&["enrol", "import", as_office_dept.to_str().unwrap()], "authority");
    assert_eq!(office.ok(&["enrol", "list"]).as_array().unwrap().len(), 0, "nothing was enrolled");
    // The genuine file still enrols.
    assert_eq!(office.ok(&["enrol", "import", file.to_str().unwrap()])["status"], "pending");
}
