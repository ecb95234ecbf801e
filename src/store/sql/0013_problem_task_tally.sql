-- 0013: "solved" (解决问题) without two lookups per problem. A 复杂共性 problem is solved when it
-- has tasks and every one is closed out; the figures asked task_problems and then tasks for each
-- of a year's problems (10,000 in a large city). This table holds, per problem, how many tasks
-- it has and how many of them are not closed out, and the triggers below keep it exact in the
-- same transaction as every write that can change it. It is derived, never a record: it is not in
-- the change log, exchanges or bundles, and a restored backup rebuilds it (backup/restore.rs).
CREATE TABLE problem_task_tally (
    problem_id TEXT PRIMARY KEY,
    tasks      INTEGER NOT NULL,
    unclosed   INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO problem_task_tally (problem_id, tasks, unclosed)
SELECT tp.problem_id, count(*), count(*) FILTER (WHERE t.status <> 'closed_out')
FROM task_problems tp JOIN tasks t ON t.id = tp.task_id GROUP BY tp.problem_id;

-- Each trigger recounts the problems it touches from the tables themselves rather than adding
-- and subtracting, so the order in which a cascade deletes rows cannot leave a count wrong. It
-- deletes and inserts instead of INSERT OR REPLACE: a trigger's conflict clause gives way to the
-- outer statement's, and the links are written with INSERT OR IGNORE.
CREATE TRIGGER task_problems_tally_insert AFTER INSERT ON task_problems BEGIN
    DELETE FROM problem_task_tally WHERE problem_id = new.problem_id;
    INSERT INTO problem_task_tally (problem_id, tasks, unclosed)
    SELECT new.problem_id, count(*), count(*) FILTER (WHERE t.status <> 'closed_out')
    FROM task_problems tp JOIN tasks t ON t.id = tp.task_id WHERE tp.problem_id = new.problem_id;
END;
CREATE TRIGGER task_problems_tally_delete AFTER DELETE ON task_problems BEGIN
    DELETE FROM problem_task_tally WHERE problem_id = old.problem_id;
    INSERT INTO problem_task_tally (problem_id, tasks, unclosed)
    SELECT old.problem_id, count(*), count(*) FILTER (WHERE t.status <> 'closed_out')
    FROM task_problems tp JOIN tasks t ON t.id = tp.task_id WHERE tp.problem_id = old.problem_id;
END;
CREATE TRIGGER task_problems_tally_update AFTER UPDATE ON task_problems BEGIN
    DELETE FROM problem_task_tally WHERE problem_id IN (old.problem_id, new.problem_id);
    INSERT INTO problem_task_tally (problem_id, tasks, unclosed)
    SELECT p.id, count(t.id), count(t.id) FILTER (WHERE t.status <> 'closed_out')
    FROM (SELECT old.problem_id AS id UNION SELECT new.problem_id) p
    LEFT JOIN task_problems tp ON tp.problem_id = p.id LEFT JOIN tasks t ON t.id = tp.task_id
    GROUP BY p.id;
END;
CREATE TRIGGER tasks_tally_status AFTER UPDATE OF status ON tasks
WHEN (old.status = 'closed_out') <> (new.status = 'closed_out') BEGIN
    DELETE FROM problem_task_tally WHERE problem_id IN (SELECT problem_id FROM task_problems WHERE task_id = new.id);
    INSERT INTO problem_task_tally (problem_id, tasks, unclosed)
    SELECT tp.problem_id, count(*), count(*) FILTER (WHERE t.status <> 'closed_out')
    FROM task_problems tp JOIN tasks t ON t.id = tp.task_id
    WHERE tp.problem_id IN (SELECT problem_id FROM task_problems WHERE task_id = new.id)
    GROUP BY tp.problem_id;
END;
CREATE TRIGGER problems_tally_delete AFTER DELETE ON problems BEGIN
    DELETE FROM problem_task_tally WHERE problem_id = old.id;
END;

-- The city's problems of a period from the index alone: found_on drives the range, and the
-- columns "solved" and "on the spot" read are carried along.
CREATE INDEX problems_source_found ON problems(source, found_on, nature, resolved_on, id);
