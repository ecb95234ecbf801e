-- 0001: the whole programme model. Released migrations are never edited; add a new file.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE departments (
    id        TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    level     TEXT NOT NULL,
    parent_id TEXT REFERENCES departments(id)
);
CREATE INDEX departments_parent ON departments(parent_id);

CREATE TABLE people (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    title         TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL,
    department_id TEXT NOT NULL REFERENCES departments(id)
);
CREATE INDEX people_department ON people(department_id, role);

CREATE TABLE matters (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    department_id   TEXT NOT NULL REFERENCES departments(id),
    legal_days      INTEGER,
    promised_days   INTEGER,
    materials_count INTEGER NOT NULL DEFAULT 0,
    steps_count     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX matters_department ON matters(department_id);

-- Walks, steps and problems carry an integer key `n` so their full-text rows keep a stable rowid.
CREATE TABLE walks (
    n               INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    title           TEXT NOT NULL,
    department_id   TEXT NOT NULL REFERENCES departments(id),
    leader_id       TEXT NOT NULL REFERENCES people(id),
    kind            TEXT NOT NULL,
    manner          TEXT,
    ways            TEXT NOT NULL DEFAULT '[]',
    channel         TEXT NOT NULL,
    place_level     TEXT NOT NULL,
    place_name      TEXT NOT NULL DEFAULT '',
    identity_hidden INTEGER,
    no_notice       INTEGER,
    no_escort       INTEGER,
    alias           TEXT,
    planned_date    TEXT NOT NULL,
    started_at      TEXT,
    ended_at        TEXT,
    -- the day the walk counts for in the figures: the local date it started, else the planned date
    walk_date       TEXT NOT NULL,
    status          TEXT NOT NULL,
    reflection      TEXT NOT NULL DEFAULT '',
    suggestions     INTEGER NOT NULL DEFAULT 0,
    questionnaires  INTEGER NOT NULL DEFAULT 0,
    coordinated     INTEGER NOT NULL DEFAULT 0,
    seal_code       TEXT
);
CREATE INDEX walks_department_date ON walks(department_id, walk_date);
CREATE INDEX walks_date ON walks(walk_date);
CREATE INDEX walks_leader ON walks(leader_id, status);

CREATE TABLE walk_matters (
    walk_id   TEXT NOT NULL REFERENCES walks(id) ON DELETE CASCADE,
    matter_id TEXT NOT NULL REFERENCES matters(id),
    PRIMARY KEY (walk_id, matter_id)
) WITHOUT ROWID;

CREATE TABLE walk_companions (
    walk_id   TEXT NOT NULL REFERENCES walks(id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people(id),
    PRIMARY KEY (walk_id, person_id)
) WITHOUT ROWID;

CREATE TABLE steps (
    n               INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    walk_id         TEXT NOT NULL REFERENCES walks(id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    name            TEXT NOT NULL,
    place           TEXT NOT NULL DEFAULT '',
    started_at      TEXT NOT NULL,
    ended_at        TEXT,
    waiting_minutes INTEGER NOT NULL DEFAULT 0,
    materials_count INTEGER NOT NULL DEFAULT 0,
    materials_names TEXT NOT NULL DEFAULT '',
    trips           INTEGER NOT NULL DEFAULT 0,
    observations    TEXT NOT NULL DEFAULT '',
    rating          INTEGER,
    UNIQUE (walk_id, seq)
);

CREATE TABLE problems (
    n              INTEGER PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    walk_id        TEXT NOT NULL REFERENCES walks(id) ON DELETE CASCADE,
    step_id        TEXT REFERENCES steps(id) ON DELETE SET NULL,
    category       TEXT NOT NULL,
    standards      TEXT NOT NULL DEFAULT '[]',
    severity       TEXT NOT NULL,
    nature         TEXT NOT NULL,
    description    TEXT NOT NULL,
    on_spot_action TEXT,
    resolved_on    TEXT,
    found_on       TEXT NOT NULL
);
CREATE INDEX problems_walk ON problems(walk_id);
CREATE INDEX problems_found ON problems(found_on);

CREATE TABLE tasks (
    id                TEXT PRIMARY KEY,
    measure           TEXT NOT NULL,
    department_id     TEXT NOT NULL REFERENCES departments(id),
    owner_id          TEXT NOT NULL REFERENCES people(id),
    deadline          TEXT NOT NULL,
    status            TEXT NOT NULL,
    matter_id         TEXT REFERENCES matters(id),
    before_steps      INTEGER,
    before_materials  INTEGER,
    before_days       INTEGER,
    before_trips      INTEGER,
    after_steps       INTEGER,
    after_materials   INTEGER,
    after_days        INTEGER,
    after_trips       INTEGER,
    process_optimised INTEGER NOT NULL DEFAULT 0,
    time_compressed   INTEGER NOT NULL DEFAULT 0,
    policy_issued     INTEGER NOT NULL DEFAULT 0,
    sent_back_reason  TEXT,
    done_on           TEXT,
    closed_out_on     TEXT,
    created_on        TEXT NOT NULL
);
CREATE INDEX tasks_department_status_deadline ON tasks(department_id, status, deadline);
CREATE INDEX tasks_status_deadline ON tasks(status, deadline);
CREATE INDEX tasks_deadline ON tasks(deadline);
CREATE INDEX tasks_created ON tasks(created_on);

CREATE TABLE task_problems (
    task_id    TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    problem_id TEXT NOT NULL REFERENCES problems(id),
    PRIMARY KEY (task_id, problem_id)
) WITHOUT ROWID;
CREATE INDEX task_problems_problem ON task_problems(problem_id);

CREATE TABLE progress_notes (
    id       TEXT PRIMARY KEY,
    task_id  TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    noted_on TEXT NOT NULL,
    text     TEXT NOT NULL,
    author   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX progress_notes_task ON progress_notes(task_id, noted_on);

CREATE TABLE attachments (
    id         TEXT PRIMARY KEY,
    owner_kind TEXT NOT NULL,
    owner_id   TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    file_name  TEXT NOT NULL,
    mime       TEXT NOT NULL,
    size       INTEGER NOT NULL,
    caption    TEXT NOT NULL DEFAULT '',
    taken_at   TEXT
);
CREATE INDEX attachments_owner ON attachments(owner_kind, owner_id);

CREATE TABLE outreach (
    id             TEXT PRIMARY KEY,
    department_id  TEXT NOT NULL REFERENCES departments(id),
    period_start   TEXT NOT NULL,
    period_end     TEXT NOT NULL,
    suggestions    INTEGER NOT NULL DEFAULT 0,
    questionnaires INTEGER NOT NULL DEFAULT 0,
    coordinated    INTEGER NOT NULL DEFAULT 0,
    note           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outreach_department ON outreach(department_id, period_start);

-- The append-only, hash-chained change log; also the replication log (install id + sequence).
CREATE TABLE change_log (
    seq         INTEGER PRIMARY KEY,
    install_id  TEXT NOT NULL,
    install_seq INTEGER NOT NULL,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    action      TEXT NOT NULL,
    state       TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL UNIQUE
);
CREATE INDEX change_log_entity ON change_log(entity, entity_id);
CREATE UNIQUE INDEX change_log_install ON change_log(install_id, install_seq);
CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN SELECT RAISE(ABORT, 'change log is append-only'); END;
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN SELECT RAISE(ABORT, 'change log is append-only'); END;

-- Sealing, enforced by the database itself as well as by the core.
CREATE TRIGGER walks_sealed_update BEFORE UPDATE ON walks WHEN old.status = 'archived'
BEGIN SELECT RAISE(ABORT, 'walk sealed'); END;
CREATE TRIGGER walks_sealed_delete BEFORE DELETE ON walks WHEN old.status = 'archived'
BEGIN SELECT RAISE(ABORT, 'walk sealed'); END;
CREATE TRIGGER steps_sealed_insert BEFORE INSERT ON steps
WHEN (SELECT status FROM walks WHERE id = new.walk_id) = 'archived'
BEGIN SELECT RAISE(ABORT, 'walk sealed'); END;
CREATE TRIGGER steps_sealed_update BEFORE UPDATE ON steps
WHEN (SELECT status FROM walks WHERE id = old.walk_id) = 'archived'
BEGIN SELECT RAISE(ABORT, 'walk sealed'); END;
CREATE TRIGGER steps_sealed_delete BEFORE DELETE ON steps
WHEN (SELECT status FROM walks WHERE id = old.walk_id) = 'archived'
BEGIN SELECT RAISE(ABORT, 'walk sealed'); END;
CREATE TRIGGER problems_sealed_insert BEFORE INSERT ON problems
WHEN (SELECT status FROM walks WHERE id = new.walk_id) = 'archived'
BEGIN SELECT RAISE(ABORT, 'walk sealed'); END;
CREATE TRIGGER problems_sealed_update BEFORE UPDATE ON problems
WHEN (SELECT status FROM walks WHERE id = old.walk_id) = 'archived'
BEGIN SELECT RAISE(ABORT, 'walk sealed'); END;
CREATE TRIGGER problems_sealed_delete BEFORE DELETE ON problems
WHEN (SELECT status FROM walks WHERE id = old.walk_id) = 'archived'
BEGIN SELECT RAISE(ABORT, 'walk sealed'); END;

-- Full-text search. Chinese has no spaces, so the text is indexed as overlapping character
-- bigrams (function wl_bigrams, registered by the core on every connection); a phrase query
-- of the query's bigrams then matches any substring of two or more characters.
CREATE VIRTUAL TABLE walks_fts USING fts5(body, content='', contentless_delete=1);
CREATE VIRTUAL TABLE steps_fts USING fts5(body, content='', contentless_delete=1);
CREATE VIRTUAL TABLE problems_fts USING fts5(body, content='', contentless_delete=1);

CREATE TRIGGER walks_fts_insert AFTER INSERT ON walks BEGIN
    INSERT INTO walks_fts(rowid, body) VALUES (new.n, wl_bigrams(new.title || ' ' || new.place_name || ' ' || new.reflection));
END;
CREATE TRIGGER walks_fts_update AFTER UPDATE OF title, place_name, reflection ON walks BEGIN
    DELETE FROM walks_fts WHERE rowid = old.n;
    INSERT INTO walks_fts(rowid, body) VALUES (new.n, wl_bigrams(new.title || ' ' || new.place_name || ' ' || new.reflection));
END;
CREATE TRIGGER walks_fts_delete AFTER DELETE ON walks BEGIN
    DELETE FROM walks_fts WHERE rowid = old.n;
END;
CREATE TRIGGER steps_fts_insert AFTER INSERT ON steps BEGIN
    INSERT INTO steps_fts(rowid, body) VALUES (new.n, wl_bigrams(new.name || ' ' || new.place || ' ' || new.materials_names || ' ' || new.observations));
END;
CREATE TRIGGER steps_fts_update AFTER UPDATE OF name, place, materials_names, observations ON steps BEGIN
    DELETE FROM steps_fts WHERE rowid = old.n;
    INSERT INTO steps_fts(rowid, body) VALUES (new.n, wl_bigrams(new.name || ' ' || new.place || ' ' || new.materials_names || ' ' || new.observations));
END;
CREATE TRIGGER steps_fts_delete AFTER DELETE ON steps BEGIN
    DELETE FROM steps_fts WHERE rowid = old.n;
END;
CREATE TRIGGER problems_fts_insert AFTER INSERT ON problems BEGIN
    INSERT INTO problems_fts(rowid, body) VALUES (new.n, wl_bigrams(new.description || ' ' || coalesce(new.on_spot_action, '')));
END;
CREATE TRIGGER problems_fts_update AFTER UPDATE OF description, on_spot_action ON problems BEGIN
    DELETE FROM problems_fts WHERE rowid = old.n;
    INSERT INTO problems_fts(rowid, body) VALUES (new.n, wl_bigrams(new.description || ' ' || coalesce(new.on_spot_action, '')));
END;
CREATE TRIGGER problems_fts_delete AFTER DELETE ON problems BEGIN
    DELETE FROM problems_fts WHERE rowid = old.n;
END;
