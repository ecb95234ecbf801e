-- 0004: many installs, one programme. Who this install is, whom it trusts, what each peer holds,
-- and the origin chain of every change-log line (kept when a line is replicated elsewhere).

-- This install's identity (one row once set up): 单位端 bound to a unit, or 党建办端.
CREATE TABLE identity (
    install_id    TEXT PRIMARY KEY,
    role          TEXT NOT NULL,
    department_id TEXT NOT NULL REFERENCES departments(id),
    public_key    TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

-- 单位名录: the installs this one knows. On the office: enrolled units (pending, approved,
-- revoked). On a unit: the pinned office key.
CREATE TABLE roster (
    install_id      TEXT PRIMARY KEY,
    role            TEXT NOT NULL,
    department_id   TEXT NOT NULL,
    department_name TEXT NOT NULL,
    public_key      TEXT NOT NULL,
    status          TEXT NOT NULL,
    enrolled_at     TEXT NOT NULL,
    approved_at     TEXT,
    revoked_at      TEXT
);

-- What passed between this install and each peer: bundle counters both ways.
CREATE TABLE peers (
    install_id       TEXT PRIMARY KEY,
    sent_counter     INTEGER NOT NULL DEFAULT 0,
    sent_at          TEXT,
    received_counter INTEGER NOT NULL DEFAULT 0,
    received_at      TEXT
);

-- What each peer has acknowledged holding, per origin (its last bundle's `holds`).
CREATE TABLE peer_acks (
    peer   TEXT NOT NULL,
    origin TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    PRIMARY KEY (peer, origin)
) WITHOUT ROWID;

-- Signed heads of origin chains (this install's own, and those received).
CREATE TABLE checkpoints (
    origin    TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    hash      TEXT NOT NULL,
    signature TEXT NOT NULL,
    PRIMARY KEY (origin, seq)
) WITHOUT ROWID;

-- The origin chain: each install's own lines link to that install's previous line, so a
-- segment relayed elsewhere is still checked against its origin. `base` is the JSON list of the
-- record versions (origin hashes) the change was based on.
ALTER TABLE change_log ADD COLUMN origin_prev TEXT;
ALTER TABLE change_log ADD COLUMN origin_hash TEXT;
ALTER TABLE change_log ADD COLUMN base TEXT NOT NULL DEFAULT '[]';
-- (install_id, install_seq) is unique since 0001 (change_log_install); older lines get their
-- origin chain filled in by the program right after this file (store::changelog::backfill_origin).

-- The current versions of every record: one row normally; more than one is a conflict (冲突)
-- kept until a person resolves it.
CREATE TABLE record_heads (
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    version   TEXT NOT NULL,
    at        TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id, version)
) WITHOUT ROWID;
