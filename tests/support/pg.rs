//! A throwaway PostgreSQL server per test, run by tests/support/pg-test-server.sh: its own
//! cluster in a short temp folder (/tmp/wlpg.…, also the unix socket folder) and its own port on
//! 127.0.0.1, with password (scram) logins over TCP as in production. Include it with
//! `#[path = "support/pg.rs"] mod pg;` from tests/*.rs or `#[path = "../support/pg.rs"]` from
//! tests/core/*.rs. Tests never skip: without PostgreSQL, `PgServer::start` panics.
#![allow(dead_code)] // each test file uses part of the API

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

pub struct PgServer {
    dir: PathBuf,
    url: String,
    port: u16,
}

fn script() -> PathBuf {
    // Included from the core's tests and benches, and from src-tauri's tests (one level down).
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let here = root.join("tests/support/pg-test-server.sh");
    if here.exists() {
        here
    } else {
        root.join("../tests/support/pg-test-server.sh")
    }
}

/// Runs the script; panics with its messages (Chinese and English) when it fails.
fn run_script(args: &[&str]) -> String {
    try_script(args).unwrap_or_else(|message| panic!("{message}"))
}

fn try_script(args: &[&str]) -> Result<String, String> {
    let out = Command::new("bash")
        .arg(script())
        .args(args)
        // The script's watchdog removes the server if this test process dies without Drop.
        .env("PG_TEST_OWNER_PID", std::process::id().to_string())
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("无法运行 bash {}: {e}", script().display()));
    if !out.status.success() {
        return Err(format!(
            "pg-test-server.sh {} 失败 / failed ({}):\n{}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// A fresh, empty folder; created here (create_dir fails if it exists) so parallel tests
/// and leftovers of earlier runs never share one. Short, for the unix socket path.
fn fresh_dir() -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    loop {
        let n = N.fetch_add(1, Ordering::Relaxed);
        let dir = PathBuf::from(format!("/tmp/wlpg.{}.{}.{:x}", std::process::id(), n, nanos));
        match std::fs::create_dir(&dir) {
            Ok(()) => return dir,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => panic!("无法创建临时目录 {}: {e}", dir.display()),
        }
    }
}

/// Percent-encodes a URL userinfo part (user or password): all but RFC 3986 unreserved bytes.
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl PgServer {
    /// Starts a new server (about 1–2 s). Panics with the script's message if PostgreSQL is missing.
    pub fn start() -> PgServer {
        let dir = fresh_dir();
        let dir_s = dir.to_str().expect("temp dir is ASCII").to_owned();
        let stdout = try_script(&["start", &dir_s]).unwrap_or_else(|message| {
            let _ = std::fs::remove_dir(&dir); // still empty when PostgreSQL is missing
            panic!("{message}")
        });
        let url = stdout.trim().to_owned();
        let port = std::fs::read_to_string(dir.join("port"))
            .ok()
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or_else(|| panic!("pg-test-server.sh 未写出端口 / wrote no port in {dir_s}"));
        assert!(url.starts_with("postgres://"), "意外的输出 / unexpected output: {stdout}");
        PgServer { dir, url, port }
    }

    /// The superuser (`postgres`) URL.
    pub fn admin_url(&self) -> &str {
        &self.url
    }

    /// `postgres://user:password@127.0.0.1:PORT/postgres`, user and password percent-encoded.
    pub fn url_for(&self, user: &str, password: &str) -> String {
        format!("postgres://{}:{}@127.0.0.1:{}/postgres", encode(user), encode(password), self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The server's folder (data/, log, url, port).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A crash: `pg_ctl stop -m immediate` (no shutdown checkpoint; restart runs recovery).
    pub fn stop_immediate(&self) {
        run_script(&["stop", self.dir_str(), "immediate"]);
    }

    /// Starts the server again (after a stop) on the same port; returns once it accepts connections.
    pub fn restart(&self) {
        run_script(&["restart", self.dir_str()]);
    }

    /// Runs `sql` through psql as the superuser over TCP (`-At`, stops at the first error);
    /// returns stdout without its final newline. Panics on error, showing stderr.
    pub fn psql(&self, sql: &str) -> String {
        let out = self.psql_as(&self.url, sql);
        if !out.status.success() {
            panic!("psql 失败 / failed ({}):\n{sql}\n{}", out.status, String::from_utf8_lossy(&out.stderr));
        }
        let mut s = String::from_utf8_lossy(&out.stdout).into_owned();
        if s.ends_with('\n') {
            s.pop();
        }
        s
    }

    /// Runs `sql` through psql with any URL (e.g. `url_for` a role) and returns the raw output,
    /// for tests that expect a failure (a refused login, a denied statement).
    pub fn psql_as(&self, url: &str, sql: &str) -> Output {
        use std::io::Write;
        let mut child = Command::new(self.psql_bin())
            .args(["-X", "-At", "-v", "ON_ERROR_STOP=1", "-d", url])
            // The URL says it all: no settings from the caller's environment.
            .env_remove("PGPASSWORD")
            .env_remove("PGSERVICE")
            .env_remove("PGOPTIONS")
            .env_remove("PGSSLMODE")
            .env("PGCONNECT_TIMEOUT", "10")
            .env("PGCLIENTENCODING", "UTF8")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("无法运行 psql: {e}"));
        // psql reads the script from stdin, so multi-statement SQL shows every result. Fed from
        // a thread: a long script and a long result must not block each other.
        let mut stdin = child.stdin.take().unwrap();
        let sql = sql.to_owned();
        let feeder = std::thread::spawn(move || {
            let _ = stdin.write_all(sql.as_bytes()); // a refused login closes stdin early
        });
        let out = child.wait_with_output().expect("psql");
        let _ = feeder.join();
        out
    }

    /// psql from the server's own bin folder (same version), else whatever is on PATH.
    fn psql_bin(&self) -> PathBuf {
        std::fs::read_to_string(self.dir.join("bindir"))
            .ok()
            .map(|d| Path::new(d.trim()).join("psql"))
            .filter(|p| p.exists())
            .unwrap_or_else(|| PathBuf::from("psql"))
    }

    fn dir_str(&self) -> &str {
        self.dir.to_str().expect("temp dir is ASCII")
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        // Best effort: a panic here would abort a test that is already unwinding.
        let _ = Command::new("bash")
            .arg(script())
            .args(["remove", self.dir_str()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}
