//! The test PostgreSQL server itself: it answers, refuses wrong passwords over TCP as a
//! production server would, and survives a crash (immediate stop) and restart.

#[path = "support/pg.rs"]
mod pg;

use pg::PgServer;

#[test]
fn server_answers_refuses_wrong_passwords_and_survives_a_crash() {
    let pg = PgServer::start();
    assert_eq!(pg.psql("select 1"), "1");
    assert!(pg.admin_url().ends_with(&format!("@127.0.0.1:{}/postgres", pg.port())));
    // Production-like settings the sync tests rely on.
    assert_eq!(pg.psql("show max_connections"), "200");
    assert_eq!(pg.psql("show fsync"), "on");
    assert_eq!(pg.psql("show server_encoding"), "UTF8");

    // A role whose password needs percent-encoding in the URL.
    let password = "p@ss:w/rd 密码%";
    pg.psql(&format!("create role walker login password '{password}'"));
    let ok = pg.psql_as(&pg.url_for("walker", password), "select current_user");
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert_eq!(String::from_utf8_lossy(&ok.stdout).trim(), "walker");

    for user in ["walker", "postgres"] {
        let refused = pg.psql_as(&pg.url_for(user, "wrong"), "select 1");
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(!refused.status.success(), "{user} logged in with a wrong password");
        assert!(stderr.contains("password authentication failed"), "{user}: {stderr}");
    }

    // Committed data survives a crash; the server comes back on the same port.
    pg.psql("create table t (x int); insert into t values (42)");
    pg.stop_immediate();
    let down = pg.psql_as(pg.admin_url(), "select 1");
    assert!(!down.status.success(), "server still answers after stop_immediate");
    pg.restart();
    assert_eq!(pg.psql("select x from t"), "42");
}

#[test]
fn servers_run_side_by_side() {
    let a = PgServer::start();
    let b = PgServer::start();
    assert_ne!(a.port(), b.port());
    a.psql("create table only_in_a (x int)");
    assert_eq!(b.psql("select count(*) from pg_tables where tablename = 'only_in_a'"), "0");
    let dir = a.dir().to_path_buf();
    drop(a);
    assert!(!dir.exists(), "drop leaves {} behind", dir.display());
    assert_eq!(b.psql("select 2"), "2");
}
