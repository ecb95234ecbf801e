-- 0005: 联网同步. The server this install syncs with and how the last attempt went. Local only:
-- the address holds this install's database password, so it is never logged or sent.
CREATE TABLE server_sync (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    url             TEXT,
    last_sync_at    TEXT,
    last_attempt_at TEXT,
    last_error      TEXT
);
