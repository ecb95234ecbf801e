//! The three commands of a networked deployment, through the built `walklog` binary against a
//! real PostgreSQL: the DBA's `server init`, the office's `server enrol`, each install's
//! `server use` and `sync`. On the way: a unit's role cannot 销号 through the server, a bad or
//! unreachable address is a clear Chinese message and changes nothing.

#[path = "support/cli.rs"]
mod cli;
#[path = "support/pg.rs"]
mod pg;

use cli::{s, Install};

const UNIT: &str = "市人力资源和社会保障局";
const OFFICE: &str = "市委党建工作领导小组办公室";

fn install(role: &str, name: &str, user: &str) -> Install {
    let i = Install::new();
    i.ok(&["init", role, name, "--user", user]);
    i
}

#[test]
fn an_office_sets_up_the_server_and_a_unit_syncs_through_it() {
    let server = pg::PgServer::start();
    let office = install("--office", OFFICE, "王主任");
    let unit = install("--unit", UNIT, "张伟");
    let enrolment = unit.path("登记.json");
    unit.ok(&["enrol", "export", "--out", enrolment.to_str().unwrap()]);
    office.ok(&["enrol", "import", enrolment.to_str().unwrap()]);
    office.ok(&["enrol", "approve", UNIT]);
    let roster = office.path("名录.json");
    office.ok(&["roster", "export", "--out", roster.to_str().unwrap()]);
    unit.ok(&["roster", "import", roster.to_str().unwrap()]);

    // 1. The DBA creates the schema (twice: the second changes nothing).
    let init = office.text(&["server", "init", "--url", server.admin_url()]);
    assert!(init.contains("已在服务器上建立") && init.contains("第 5 版"), "{init}");
    assert!(office.text(&["server", "init", "--url", server.admin_url()]).contains("已是最新"));
    // 2. The office enrols its installs and gets one address each, shown once.
    let enrolled = office.ok(&["server", "enrol", "--url", server.admin_url()]);
    let list = enrolled.as_array().expect("a list");
    assert_eq!(list.len(), 2);
    let url_of = |role: &str| s(&list.iter().find(|i| i["role"] == role).expect("enrolled")["url"]).to_string();
    let (office_url, unit_url) = (url_of("office"), url_of("unit"));
    let again = office.text(&["server", "enrol", "--url", server.admin_url()]);
    assert!(again.contains("账号已存在") && !again.contains(&unit_url), "{again}");

    // 3. Each install sets its address and syncs.
    unit.refused(&["server", "use", "不是地址"], "validation");
    assert_eq!(unit.ok(&["server", "status"])["configured"], false, "a bad address is not stored");
    let status = unit.ok(&["server", "use", &unit_url]);
    assert_eq!(status["configured"], true);
    assert!(!s(&status["server"]).contains(unit_url.split(':').nth(2).unwrap().split('@').next().unwrap()), "no password shown");
    office.ok(&["server", "use", &office_url]);

    unit.ok(&["person", "add", "李娜", "--dept", UNIT, "--role", "责任人"]);
    let walk = unit.ok(&["walk", "new", "--title", "社保卡补换受理体验", "--leader", "张伟", "--kind", "受理体验"]);
    let walk_id = s(&walk["id"]).to_string();
    unit.ok(&["walk", "start", &walk_id]);
    unit.ok(&["walk", "step", &walk_id, "窗口受理"]);
    let problem = unit.ok(&["problem", "add", &walk_id, "补换需在两个窗口排队", "--step", "1", "--nature", "systemic"]);
    unit.ok(&["walk", "finish", &walk_id]);
    let task = unit.ok(&["task", "raise", "--problem", s(&problem["id"]), "--measure", "合并两个窗口", "--dept", UNIT, "--owner", "李娜", "--deadline", "2027-06-30"]);
    let task_id = s(&task["id"]).to_string();
    unit.ok(&["--as", "李娜", "task", "start", &task_id]);
    unit.ok(&["--as", "李娜", "task", "note", &task_id, "两个窗口已合并"]);
    unit.ok(&["--as", "李娜", "task", "done", &task_id]);
    let pending = unit.ok(&["server", "status"]);
    assert!(pending["unsynced"].as_i64().unwrap() > 5, "{pending}");

    let synced = unit.text(&["sync"]);
    assert!(synced.contains("已同步") && synced.contains("上传本机变更"), "{synced}");
    assert_eq!(unit.ok(&["server", "status"])["unsynced"], 0);
    let r = office.ok(&["sync"]);
    assert!(r["pulled"].as_i64().unwrap() > 5, "{r}");
    assert_eq!(office.ok(&["task", "show", &task_id])["task"]["status"], "done");

    // The verdict is the office's alone: the unit's own door refuses it, the server too.
    unit.refused(&["task", "close-out", &task_id], "authority");
    office.ok(&["task", "close-out", &task_id]);
    office.ok(&["sync"]);
    unit.ok(&["sync"]);
    assert_eq!(unit.ok(&["task", "show", &task_id])["task"]["status"], "closed_out");
    let rows = server.psql("SELECT status FROM walklog.tasks");
    assert_eq!(rows, "closed_out");

    // Offline: a stopped server is 未同步 with a reason, and the next sync catches up.
    server.stop_immediate();
    unit.ok(&["walk", "new", "--title", "医保报销回访体验", "--leader", "张伟", "--kind", "受理体验"]);
    let err = unit.refused(&["sync"], "server_unreachable");
    assert!(s(&err["message_zh"]).contains("未连上同步服务器") && s(&err["message_zh"]).contains("稍后"), "{err}");
    let status = unit.text(&["server", "status"]);
    assert!(status.contains("上次尝试未成功") && status.contains("尚未同步到服务器的本机变更：1 条"), "{status}");
    server.restart();
    unit.ok(&["sync"]);
    assert_eq!(unit.ok(&["server", "status"])["unsynced"], 0);

    // The unit cannot enrol installs; an address for another database role is refused.
    unit.refused(&["server", "enrol", "--url", server.admin_url()], "identity");
    let err = unit.refused(&["sync", "--server", &office_url], "server_refused");
    assert!(s(&err["message_zh"]).contains("另一台安装"), "{err}");
}
