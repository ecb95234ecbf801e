//! The PostgreSQL transport (`tokio-postgres`): the server's schema and roles (`walklog server
//! init`, `walklog server enrol`, with the DBA's rights) and the [`Link`] an install syncs over
//! (with its own role, which may only call the functions of `sql/0002_functions.sql`).
//!
//! The openGauss family (openGauss, GaussDB, Vastbase) reuses PostgreSQL's authentication codes
//! with other meanings; stock drivers refuse them. Set the server's `password_encryption_type=1`
//! (MD5) for walklog's roles, or build with a fork of this driver (docs/server.md).

use super::{Link, PushChunk, Pulled, ServerIdentity};
use crate::error::{Error, Result};
use crate::model::{InstallRole, RosterStatus};
use crate::store::Store;
use crate::sync::bundle::{Segment, WireEntry};
use serde::Serialize;
use std::time::Duration;
use super::driver::{self, Client, Config, NoTls};

/// The server's migrations, in order. Never edit one; append a new file.
const MIGRATIONS: &[(i32, &str)] = &[
    (1, include_str!("sql/0001_schema.sql")),
    (2, include_str!("sql/0002_functions.sql")),
    (3, include_str!("sql/0003_grants.sql")),
    (4, include_str!("sql/0004_plans_supervision.sql")),
    (5, include_str!("sql/0005_reviews.sql")),
];

/// The group roles: installs (EXECUTE on the doors only) and reporting tools (read the views).
const APP_ROLE: &str = "walklog_app";
const REPORT_ROLE: &str = "walklog_report";
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

fn config(url: &str) -> Result<Config> {
    let mut c = super::local::check_url(url)?;
    if c.get_connect_timeout().is_none() {
        c.connect_timeout(CONNECT_TIMEOUT);
    }
    c.application_name("walklog");
    Ok(c)
}

/// A driver error as the core's: the server's own refusal (a RAISE in our functions, a
/// permission) is `ServerRefused`; anything else (no route, closed, timed out) is offline.
fn map_err(e: driver::Error) -> Error {
    match e.as_db_error() {
        Some(db) => Error::ServerRefused { message: db.message().to_string() },
        None => Error::ServerUnreachable { message: unreachable_reason(&e) },
    }
}

fn unreachable_reason(e: &driver::Error) -> String {
    let text = e.to_string();
    let source = std::error::Error::source(e).map(|s| s.to_string()).unwrap_or_default();
    if text.contains("timed out") || source.contains("timed out") {
        "连接超时".into()
    } else if source.contains("refused") {
        "服务器拒绝连接，可能未启动".into()
    } else if e.is_closed() {
        "连接已断开".into()
    } else if source.is_empty() {
        text
    } else {
        format!("{text}：{source}")
    }
}

async fn connect(url: &str) -> Result<Client> {
    let (client, connection) = config(url)?.connect(NoTls).await.map_err(map_err)?;
    // The connection does the socket work; it ends when the client is dropped.
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(client)
}

/// An install's connection to the server, as its own database role.
pub struct PgLink {
    client: Client,
}

impl PgLink {
    pub async fn connect(url: &str) -> Result<PgLink> {
        Ok(PgLink { client: connect(url).await? })
    }
}

fn text(row: &driver::Row, i: usize) -> Result<String> {
    row.try_get::<_, Option<String>>(i).map(Option::unwrap_or_default).map_err(map_err)
}

impl Link for PgLink {
    async fn whoami(&mut self) -> Result<ServerIdentity> {
        let row = self.client.query_one("SELECT install_id, role, department_id FROM walklog.whoami()", &[]).await.map_err(map_err)?;
        Ok(ServerIdentity { install_id: text(&row, 0)?, role: text(&row, 1)?, department_id: text(&row, 2)? })
    }

    async fn head(&mut self, origin: &str) -> Result<(i64, String)> {
        let rows = self.client.query("SELECT seq, hash FROM walklog.head($1)", &[&origin]).await.map_err(map_err)?;
        match rows.first() {
            Some(r) => Ok((r.try_get(0).map_err(map_err)?, text(r, 1)?)),
            None => Ok((0, crate::store::GENESIS.to_string())),
        }
    }

    async fn heads(&mut self) -> Result<Vec<(String, i64)>> {
        let rows = self.client.query("SELECT origin, seq FROM walklog.heads_held()", &[]).await.map_err(map_err)?;
        rows.iter().map(|r| Ok((text(r, 0)?, r.try_get(1).map_err(map_err)?))).collect()
    }

    async fn push(&mut self, chunk: &PushChunk) -> Result<i64> {
        let e = &chunk.entries;
        let seqs: Vec<i64> = e.iter().map(|x| x.seq).collect();
        let col = |f: fn(&WireEntry) -> String| -> Vec<String> { e.iter().map(f).collect() };
        let prevs = col(|x| x.prev.clone());
        let hashes = col(|x| x.hash.clone());
        let ats = col(|x| x.at.clone());
        let actors = col(|x| x.actor.clone());
        let entities = col(|x| x.entity.clone());
        let ids = col(|x| x.entity_id.clone());
        let actions = col(|x| x.action.clone());
        let states = col(|x| x.state.clone());
        let bases = col(|x| serde_json::to_string(&x.base).unwrap_or_else(|_| "[]".into()));
        let row = self
            .client
            .query_one(
                "SELECT walklog.push($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                &[&chunk.origin, &seqs, &prevs, &hashes, &ats, &actors, &entities, &ids, &actions, &states, &bases, &chunk.signature],
            )
            .await
            .map_err(map_err)?;
        row.try_get(0).map_err(map_err)
    }

    async fn pull(&mut self, have: &[(String, i64)], limit: i64) -> Result<Pulled> {
        let origins: Vec<&str> = have.iter().map(|(o, _)| o.as_str()).collect();
        let seqs: Vec<i64> = have.iter().map(|(_, s)| *s).collect();
        let limit = limit as i32;
        let rows = self
            .client
            .query(
                "SELECT origin, seq, prev, hash, at, actor, entity, entity_id, action, state, base, signature
                 FROM walklog.pull($1, $2, $3)",
                &[&origins, &seqs, &limit],
            )
            .await
            .map_err(map_err)?;
        let mut out = Pulled::default();
        let mut firsts: std::collections::HashMap<String, i64> = std::collections::HashMap::new();
        for r in &rows {
            let base: Vec<String> = serde_json::from_str(&text(r, 10)?).unwrap_or_default();
            let entry = WireEntry {
                origin: text(r, 0)?,
                seq: r.try_get(1).map_err(map_err)?,
                prev: text(r, 2)?,
                hash: text(r, 3)?,
                at: text(r, 4)?,
                actor: text(r, 5)?,
                entity: text(r, 6)?,
                entity_id: text(r, 7)?,
                action: text(r, 8)?,
                state: text(r, 9)?,
                base,
            };
            firsts.entry(entry.origin.clone()).or_insert(entry.seq);
            if let Some(signature) = r.try_get::<_, Option<String>>(11).map_err(map_err)? {
                out.segments.push(Segment {
                    origin: entry.origin.clone(),
                    first: firsts.get(&entry.origin).copied().unwrap_or(entry.seq),
                    last: entry.seq,
                    head: entry.hash.clone(),
                    signature,
                });
            }
            out.entries.push(entry);
        }
        Ok(out)
    }

    async fn missing_blobs(&mut self, shas: &[String]) -> Result<Vec<String>> {
        let rows = self.client.query("SELECT sha256 FROM walklog.missing_blobs($1)", &[&shas]).await.map_err(map_err)?;
        rows.iter().map(|r| text(r, 0)).collect()
    }

    async fn put_blob(&mut self, sha: &str, bytes: Vec<u8>) -> Result<()> {
        self.client.execute("SELECT walklog.put_blob($1, $2)", &[&sha, &bytes]).await.map_err(map_err)?;
        Ok(())
    }

    async fn get_blob(&mut self, sha: &str) -> Result<Option<Vec<u8>>> {
        let row = self.client.query_one("SELECT walklog.get_blob($1)", &[&sha]).await.map_err(map_err)?;
        row.try_get(0).map_err(map_err)
    }
}

/// What `server init` did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServerInit {
    pub applied: Vec<i32>,
    pub version: i32,
}

async fn role_exists(client: &Client, name: &str) -> Result<bool> {
    Ok(!client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&name]).await.map_err(map_err)?.is_empty())
}

/// Creates or upgrades the server's schema (run once by the office's DBA, again after an
/// upgrade): the group roles, then every migration not applied yet, each in its transaction.
pub async fn server_init(admin_url: &str) -> Result<ServerInit> {
    let mut client = connect(admin_url).await?;
    for role in [APP_ROLE, REPORT_ROLE] {
        if !role_exists(&client, role).await? {
            client.batch_execute(&format!("CREATE ROLE {role} NOLOGIN")).await.map_err(map_err)?;
        }
    }
    let present = client
        .query("SELECT 1 FROM information_schema.tables WHERE table_schema = 'walklog' AND table_name = 'migrations'", &[])
        .await
        .map_err(map_err)?;
    let mut done: Vec<i32> = Vec::new();
    if !present.is_empty() {
        for r in client.query("SELECT version FROM walklog.migrations", &[]).await.map_err(map_err)? {
            done.push(r.try_get(0).map_err(map_err)?);
        }
    }
    let mut applied = Vec::new();
    for (version, sql) in MIGRATIONS {
        if done.contains(version) {
            continue;
        }
        let tx = client.transaction().await.map_err(map_err)?;
        tx.batch_execute(sql).await.map_err(map_err)?;
        tx.execute("INSERT INTO walklog.migrations(version) VALUES ($1)", &[version]).await.map_err(map_err)?;
        tx.commit().await.map_err(map_err)?;
        applied.push(*version);
    }
    Ok(ServerInit { applied, version: MIGRATIONS[MIGRATIONS.len() - 1].0 })
}

/// One install as `server enrol` left it on the server.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnrolledInstall {
    pub install_id: String,
    pub department_name: String,
    pub role: InstallRole,
    pub db_role: String,
    pub status: String,
    /// The address the install syncs with (its role and a new password), when one was made.
    pub url: Option<String>,
}

/// The database role of an install: a fixed prefix and the id's letters and digits (a role name
/// must be plain to appear in DDL, which takes no parameters).
pub fn db_role(install_id: &str) -> String {
    let clean: String = install_id.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect();
    format!("wl_{clean}")
}

fn password() -> String {
    use rand::Rng;
    const CHARS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut rng = rand::thread_rng();
    (0..24).map(|_| CHARS[rng.gen_range(0..CHARS.len())] as char).collect()
}

fn install_url(admin: &Config, role: &str, password: &str) -> String {
    let host = match admin.get_hosts().first() {
        Some(driver::config::Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(driver::config::Host::Unix(p)) => p.display().to_string(),
        None => "localhost".into(),
    };
    let port = admin.get_ports().first().copied().unwrap_or(5432);
    let db = admin.get_dbname().unwrap_or("postgres");
    format!("postgres://{role}:{password}@{host}:{port}/{db}")
}

/// Registers this office's installs on the server (run by the office with the DBA's address):
/// the office itself and every approved unit get a database role (a new one: with a new
/// password, shown once in the address returned); revoked installs lose their login. `only`
/// limits it to one install; `reset` gives an existing role a new password.
pub async fn server_enrol(admin_url: &str, store: &Store, only: Option<&str>, reset: bool) -> Result<Vec<EnrolledInstall>> {
    let me = store.require_identity()?.clone();
    if me.role != InstallRole::Office {
        return Err(Error::Identity { message: "只有党建办端可以在服务器上登记安装".into() });
    }
    let office_name = store.department(&me.department_id).map(|d| d.name).unwrap_or_default();
    let mut installs = vec![(me.install_id.clone(), InstallRole::Office, me.department_id.clone(), office_name, me.public_key.clone(), true)];
    for e in store.roster()? {
        match e.status {
            RosterStatus::Approved => installs.push((e.install_id, e.role, e.department_id, e.department_name, e.public_key, true)),
            RosterStatus::Revoked => installs.push((e.install_id, e.role, e.department_id, e.department_name, e.public_key, false)),
            RosterStatus::Pending | RosterStatus::Pinned => {}
        }
    }
    if let Some(only) = only {
        installs.retain(|i| i.0 == only || i.3 == only);
        if installs.is_empty() {
            return Err(Error::not_found("install", only));
        }
    }
    let admin = config(admin_url)?;
    let mut client = connect(admin_url).await?;
    let mut out = Vec::new();
    for (id, role, dept, name, key, approved) in installs {
        let db_role = db_role(&id);
        let tx = client.transaction().await.map_err(map_err)?;
        let mut url = None;
        let exists = !tx.query("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&db_role]).await.map_err(map_err)?.is_empty();
        if approved && (!exists || reset) {
            let pw = password();
            let verb = if exists { "ALTER" } else { "CREATE" };
            tx.batch_execute(&format!("{verb} ROLE {db_role} LOGIN PASSWORD '{pw}'")).await.map_err(map_err)?;
            tx.batch_execute(&format!("GRANT {APP_ROLE} TO {db_role}")).await.map_err(map_err)?;
            url = Some(install_url(&admin, &db_role, &pw));
        } else if !approved && exists {
            tx.batch_execute(&format!("ALTER ROLE {db_role} NOLOGIN")).await.map_err(map_err)?;
        }
        let status = if approved { "approved" } else { "revoked" };
        let role_text = role.code();
        let updated = tx
            .execute(
                "UPDATE walklog.installs SET db_role = $2, role = $3, department_id = $4, department_name = $5, public_key = $6, status = $7
                 WHERE install_id = $1",
                &[&id, &db_role, &role_text, &dept, &name, &key, &status],
            )
            .await
            .map_err(map_err)?;
        if updated == 0 {
            tx.execute(
                "INSERT INTO walklog.installs(install_id, db_role, role, department_id, department_name, public_key, status)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &[&id, &db_role, &role_text, &dept, &name, &key, &status],
            )
            .await
            .map_err(map_err)?;
        }
        tx.commit().await.map_err(map_err)?;
        out.push(EnrolledInstall { install_id: id, department_name: name, role, db_role, status: status.into(), url });
    }
    Ok(out)
}
