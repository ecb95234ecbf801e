-- walklog server, migration 1: the tables. Created by `walklog server init` with the DBA's
-- rights; the installs' roles get no rights on them, only EXECUTE on the functions of
-- migration 2 (GaussDB's row-level security has no WITH CHECK and does not govern INSERT, so
-- nothing here relies on it). Portable SQL: no extension, no MERGE, no ON CONFLICT.

CREATE SCHEMA walklog;

-- 安装名录: every install that may sync, the database role it logs in as, its key and unit.
CREATE TABLE walklog.installs (
    install_id    text PRIMARY KEY,
    db_role       text NOT NULL UNIQUE,
    role          text NOT NULL CHECK (role IN ('unit', 'office')),
    department_id text NOT NULL,
    department_name text NOT NULL,
    public_key    text NOT NULL,
    status        text NOT NULL CHECK (status IN ('approved', 'revoked')),
    enrolled_at   timestamp with time zone NOT NULL DEFAULT now()
);

-- Every change-log line of every install, once: keyed by its origin's chain.
CREATE TABLE walklog.entries (
    origin        text NOT NULL REFERENCES walklog.installs(install_id),
    seq           bigint NOT NULL CHECK (seq > 0),
    prev          text NOT NULL,
    hash          text NOT NULL,
    at            text NOT NULL,
    actor         text NOT NULL,
    entity        text NOT NULL,
    entity_id     text NOT NULL,
    action        text NOT NULL,
    state         text NOT NULL,
    base          text NOT NULL,
    -- The unit the record belongs to, as the server decided when the line arrived.
    department_id text,
    pushed_by     text NOT NULL,
    received_at   timestamp with time zone NOT NULL DEFAULT now(),
    PRIMARY KEY (origin, seq)
);
CREATE INDEX entries_record ON walklog.entries(entity, entity_id);

-- Signed heads of each origin's chain: a pull ends every origin's run at one.
CREATE TABLE walklog.checkpoints (
    origin    text NOT NULL REFERENCES walklog.installs(install_id),
    seq       bigint NOT NULL,
    hash      text NOT NULL,
    signature text NOT NULL,
    PRIMARY KEY (origin, seq)
);

-- What each install said it holds of each origin at its last pull.
CREATE TABLE walklog.cursors (
    install_id text NOT NULL REFERENCES walklog.installs(install_id),
    origin     text NOT NULL,
    seq        bigint NOT NULL,
    updated_at timestamp with time zone NOT NULL DEFAULT now(),
    PRIMARY KEY (install_id, origin)
);

-- The current versions of each record (two or more: a conflict), as on every install.
CREATE TABLE walklog.heads (
    entity    text NOT NULL,
    entity_id text NOT NULL,
    version   text NOT NULL,
    at        text NOT NULL,
    PRIMARY KEY (entity, entity_id, version)
);

-- Current state: each record as the winning head shows it (a task in conflict keeps the
-- strongest verdict among its heads in `verdict`), written by the same transaction as the
-- entry it comes from. The views below give it the columns reporting tools read.
CREATE TABLE walklog.records (
    entity        text NOT NULL,
    id            text NOT NULL,
    version       text NOT NULL,
    action        text NOT NULL,
    body          text NOT NULL,
    verdict       text,
    heads         integer NOT NULL,
    department_id text,
    updated_at    timestamp with time zone NOT NULL DEFAULT now(),
    PRIMARY KEY (entity, id)
);

-- Photos and evidence by their SHA-256, once.
CREATE TABLE walklog.blobs (
    sha256 text PRIMARY KEY,
    size   bigint NOT NULL,
    bytes  bytea NOT NULL
);

CREATE VIEW walklog.departments AS
SELECT id, body::json ->> 'name' AS name, body::json ->> 'level' AS level,
       body::json ->> 'parent_id' AS parent_id, version, updated_at
FROM walklog.records WHERE entity = 'department';

CREATE VIEW walklog.walks AS
SELECT id, body::json ->> 'title' AS title, body::json ->> 'department_id' AS department_id,
       body::json ->> 'leader_id' AS leader_id, body::json ->> 'kind' AS kind,
       body::json ->> 'status' AS status, body::json ->> 'planned_date' AS planned_date,
       body::json ->> 'started_at' AS started_at, body::json ->> 'ended_at' AS ended_at,
       body::json ->> 'place_name' AS place_name, body::json ->> 'seal_code' AS seal_code,
       heads > 1 AS in_conflict, version, updated_at
FROM walklog.records WHERE entity = 'walk';

CREATE VIEW walklog.steps AS
SELECT id, body::json ->> 'walk_id' AS walk_id, (body::json ->> 'seq')::integer AS seq,
       body::json ->> 'name' AS name, body::json ->> 'place' AS place,
       body::json ->> 'started_at' AS started_at, body::json ->> 'ended_at' AS ended_at,
       (body::json ->> 'waiting_minutes')::integer AS waiting_minutes,
       (body::json ->> 'materials_count')::integer AS materials_count,
       (body::json ->> 'trips')::integer AS trips, version, updated_at
FROM walklog.records WHERE entity = 'step';

CREATE VIEW walklog.problems AS
SELECT id, body::json ->> 'walk_id' AS walk_id, body::json ->> 'step_id' AS step_id,
       body::json ->> 'category' AS category, body::json ->> 'severity' AS severity,
       body::json ->> 'description' AS description, body::json ->> 'found_on' AS found_on,
       body::json ->> 'resolved_on' AS resolved_on, department_id, version, updated_at
FROM walklog.records WHERE entity = 'problem';

CREATE VIEW walklog.tasks AS
SELECT id, body::json ->> 'measure' AS measure, body::json ->> 'department_id' AS department_id,
       body::json ->> 'owner_id' AS owner_id, body::json ->> 'deadline' AS deadline,
       coalesce(verdict, body)::json ->> 'status' AS status,
       coalesce(verdict, body)::json ->> 'done_on' AS done_on,
       coalesce(verdict, body)::json ->> 'closed_out_on' AS closed_out_on,
       coalesce(verdict, body)::json ->> 'closed_out_by' AS closed_out_by,
       coalesce(verdict, body)::json ->> 'sent_back_reason' AS sent_back_reason,
       coalesce(verdict, body)::json ->> 'sent_back_at' AS sent_back_at,
       heads > 1 AS in_conflict, version, updated_at
FROM walklog.records WHERE entity = 'task';

CREATE VIEW walklog.notes AS
SELECT id, body::json ->> 'task_id' AS task_id, body::json ->> 'noted_on' AS noted_on,
       body::json ->> 'text' AS text, body::json ->> 'author' AS author, department_id,
       version, updated_at
FROM walklog.records WHERE entity = 'note';

-- Which migrations this server has (walklog server init applies the missing ones).
CREATE TABLE walklog.migrations (
    version    integer PRIMARY KEY,
    applied_at timestamp with time zone NOT NULL DEFAULT now()
);
