-- 以评促改 (and one index for 提醒): a 差评 from the 好差评 system becomes a problem that no walk found. SQLite cannot
-- drop NOT NULL from problems.walk_id, so the table is rebuilt the documented way (create, copy,
-- drop, rename); the runner runs migrations with foreign keys off and checks them before commit.
-- `n` is kept, so the full-text rows stay valid.
DROP TRIGGER problems_sealed_insert;
DROP TRIGGER problems_sealed_update;
DROP TRIGGER problems_sealed_delete;
DROP TRIGGER problems_fts_insert;
DROP TRIGGER problems_fts_update;
DROP TRIGGER problems_fts_delete;

CREATE TABLE problems_new (
    n              INTEGER PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    -- NULL for a 差评 (source 'reviews').
    walk_id        TEXT REFERENCES walks(id) ON DELETE CASCADE,
    -- The unit: the walk's for a walk's problem, the rated unit for a 差评.
    department_id  TEXT NOT NULL REFERENCES departments(id),
    source         TEXT NOT NULL DEFAULT 'walk' CHECK (source IN ('walk', 'reviews')),
    -- 工单号 of the 差评: the key that makes a re-import add nothing.
    work_order_no  TEXT,
    step_id        TEXT REFERENCES steps(id) ON DELETE SET NULL,
    category       TEXT NOT NULL,
    standards      TEXT NOT NULL DEFAULT '[]',
    severity       TEXT NOT NULL,
    nature         TEXT NOT NULL,
    description    TEXT NOT NULL,
    on_spot_action TEXT,
    resolved_on    TEXT,
    found_on       TEXT NOT NULL,
    CHECK ((source = 'walk') = (walk_id IS NOT NULL)),
    CHECK ((source = 'reviews') = (work_order_no IS NOT NULL))
);
INSERT INTO problems_new (n, id, walk_id, department_id, source, work_order_no, step_id, category,
                          standards, severity, nature, description, on_spot_action, resolved_on, found_on)
SELECT p.n, p.id, p.walk_id, w.department_id, 'walk', NULL, p.step_id, p.category, p.standards,
       p.severity, p.nature, p.description, p.on_spot_action, p.resolved_on, p.found_on
FROM problems p JOIN walks w ON w.id = p.walk_id;
DROP TABLE problems;
ALTER TABLE problems_new RENAME TO problems;

CREATE INDEX problems_walk ON problems(walk_id);
CREATE INDEX problems_found ON problems(found_on);
CREATE INDEX problems_department_found ON problems(department_id, found_on);
CREATE UNIQUE INDEX problems_work_order ON problems(work_order_no) WHERE work_order_no IS NOT NULL;

CREATE TRIGGER problems_sealed_insert BEFORE INSERT ON problems
WHEN (SELECT status FROM walks WHERE id = new.walk_id) = 'archived'
BEGIN SELECT RAISE(ABORT, 'walk sealed'); END;
CREATE TRIGGER problems_sealed_update BEFORE UPDATE ON problems
WHEN (SELECT status FROM walks WHERE id = old.walk_id) = 'archived'
BEGIN SELECT RAISE(ABORT, 'walk sealed'); END;
CREATE TRIGGER problems_sealed_delete BEFORE DELETE ON problems
WHEN (SELECT status FROM walks WHERE id = old.walk_id) = 'archived'
BEGIN SELECT RAISE(ABORT, 'walk sealed'); END;
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

-- Every row of an imported 好差评 file, good and bad (好差评总数). A 差评's problem is linked.
-- Keyed by `id`, which is the 工单号 itself or its digest (ops/reviews.rs), so it is unique as
-- the 工单号 is; WITHOUT ROWID and few indexes, because an export runs to 100,000 rows.
CREATE TABLE reviews (
    id             TEXT PRIMARY KEY,
    work_order_no  TEXT NOT NULL,
    rated_at       TEXT NOT NULL,
    matter         TEXT NOT NULL,
    department_id  TEXT NOT NULL REFERENCES departments(id),
    channel        TEXT NOT NULL,
    grade          TEXT NOT NULL,
    content        TEXT NOT NULL,
    problem_id     TEXT REFERENCES problems(id),
    imported_at    TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX reviews_department_rated ON reviews(department_id, rated_at);
CREATE INDEX reviews_problem ON reviews(problem_id) WHERE problem_id IS NOT NULL;

-- 提醒 of done tasks waiting for 销号, oldest first (the office's whole city): read in 完成 order
-- from this index and stopped at the list's length, not every done task sorted.
CREATE INDEX tasks_done_on ON tasks(done_on) WHERE status = 'done';
