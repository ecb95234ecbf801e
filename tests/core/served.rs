//! Installs that meet through a real PostgreSQL server started for the test (shared by the
//! server sync, fault and load tests).

use super::installs::Install;
use super::pg::PgServer;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use walklog::server::{self, Link, PgLink, PushChunk, Pulled, ServerIdentity, SyncReport};
use walklog::{Error, Result, Store};

pub struct Net {
    pub pg: PgServer,
    /// Each install's own address (its database role and password).
    pub urls: HashMap<String, String>,
}

/// One runtime for all the tests' connections: a connection's task lives on it between calls,
/// whichever test thread calls next.
pub fn rt() -> &'static tokio::runtime::Runtime {
    static RT: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RT.get_or_init(|| tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime"))
}

/// A server with walklog's schema, every install of the office's roster enrolled.
pub fn net(office: &Install) -> Net {
    let pg = PgServer::start();
    let rt = rt();
    let init = rt.block_on(server::server_init(pg.admin_url())).expect("server init");
    assert_eq!(init.applied, vec![1, 2, 3, 4, 5]);
    let again = rt.block_on(server::server_init(pg.admin_url())).expect("server init again");
    assert!(again.applied.is_empty(), "a second init changes nothing");
    let mut net = Net { pg, urls: HashMap::new() };
    net.enrol(office);
    net
}

impl Net {
    /// Enrols the roster's installs not enrolled yet.
    pub fn enrol(&mut self, office: &Install) {
        let list = rt().block_on(server::server_enrol(self.pg.admin_url(), &office.store, None, false)).expect("enrol");
        for i in list {
            if let Some(url) = i.url {
                self.urls.insert(i.install_id, url);
            }
        }
    }

    pub fn url(&self, i: &Install) -> &str {
        self.urls.get(&i.install_id()).map(String::as_str).expect("install enrolled on the server")
    }

    pub fn sync(&self, i: &mut Install) -> Result<SyncReport> {
        let url = self.url(i).to_string();
        sync_store(&mut i.store, &url)
    }

    pub fn link(&self, i: &Install) -> PgLink {
        rt().block_on(PgLink::connect(self.url(i))).expect("connect")
    }

    /// A number the server answers, through the superuser.
    pub fn count(&self, sql: &str) -> i64 {
        self.pg.psql(sql).trim().parse().unwrap_or_else(|_| panic!("not a number from {sql}"))
    }
}

pub fn sync_store(store: &mut Store, url: &str) -> Result<SyncReport> {
    let access = std::sync::Mutex::new(store);
    rt().block_on(server::sync(&access, Some(url)))
}

pub fn sync_over(store: &mut Store, link: &mut impl Link) -> Result<SyncReport> {
    let access = std::sync::Mutex::new(store);
    rt().block_on(server::sync_over(&access, link))
}

/// What goes wrong on the way, once: the reply of the n-th push lost after the server
/// committed it, the n-th pull cut before its reply, or the server crashing before the n-th push.
#[derive(Default)]
pub struct Faults {
    pub lose_push_reply: Option<u32>,
    pub cut_pull: Option<u32>,
    pub crash_before_push: Option<u32>,
}

pub struct FaultyLink<'a> {
    pub inner: PgLink,
    pub faults: Faults,
    pub pg: &'a PgServer,
    pushes: AtomicU32,
    pulls: AtomicU32,
}

impl<'a> FaultyLink<'a> {
    pub fn new(inner: PgLink, faults: Faults, pg: &'a PgServer) -> Self {
        FaultyLink { inner, faults, pg, pushes: AtomicU32::new(0), pulls: AtomicU32::new(0) }
    }
}

fn cut() -> Error {
    Error::ServerUnreachable { message: "连接已断开（测试）".into() }
}

impl Link for FaultyLink<'_> {
    async fn whoami(&mut self) -> Result<ServerIdentity> {
        self.inner.whoami().await
    }
    async fn head(&mut self, origin: &str) -> Result<(i64, String)> {
        self.inner.head(origin).await
    }
    async fn heads(&mut self) -> Result<Vec<(String, i64)>> {
        self.inner.heads().await
    }
    async fn push(&mut self, chunk: &PushChunk) -> Result<i64> {
        let n = self.pushes.fetch_add(1, Ordering::SeqCst) + 1;
        if self.faults.crash_before_push == Some(n) {
            self.pg.stop_immediate();
        }
        let result = self.inner.push(chunk).await;
        if self.faults.lose_push_reply == Some(n) {
            result?;
            return Err(cut());
        }
        result
    }
    async fn pull(&mut self, have: &[(String, i64)], limit: i64) -> Result<Pulled> {
        let n = self.pulls.fetch_add(1, Ordering::SeqCst) + 1;
        if self.faults.cut_pull == Some(n) {
            return Err(cut());
        }
        self.inner.pull(have, limit.min(700)).await
    }
    async fn missing_blobs(&mut self, shas: &[String]) -> Result<Vec<String>> {
        self.inner.missing_blobs(shas).await
    }
    async fn put_blob(&mut self, sha: &str, bytes: Vec<u8>) -> Result<()> {
        self.inner.put_blob(sha, bytes).await
    }
    async fn get_blob(&mut self, sha: &str) -> Result<Option<Vec<u8>>> {
        self.inner.get_blob(sha).await
    }
}

/// The task rows (id, status, closed_out_by, sent_back_at) of a SQLite store, sorted.
pub fn local_tasks(store: &Store) -> Vec<(String, String, String, String)> {
    let mut stmt = store
        .conn()
        .prepare("SELECT id, status, coalesce(closed_out_by, ''), coalesce(sent_back_at, '') FROM tasks ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).unwrap().map(|r| r.unwrap()).collect()
}

/// The same from the server's current-state view.
pub fn server_tasks(net: &Net) -> Vec<(String, String, String, String)> {
    let out = net.pg.psql(
        "SELECT id || '|' || status || '|' || coalesce(closed_out_by, '') || '|' || coalesce(sent_back_at, '') FROM walklog.tasks ORDER BY id",
    );
    out.lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let p: Vec<&str> = l.split('|').collect();
            (p[0].to_string(), p[1].to_string(), p[2].to_string(), p[3].to_string())
        })
        .collect()
}
