-- Full-text search over rectification tasks (整改措施) and their progress notes (进展情况), as
-- 0001 did for walks, steps and problems: bodies are character bigrams (wl_bigrams).
--
-- tasks and progress_notes are keyed by text ids with no INTEGER PRIMARY KEY, and their implicit
-- rowids may change on VACUUM (and in a backup made with VACUUM INTO), so the index keeps the id
-- as an UNINDEXED column instead of borrowing the rowid. Finding that column's row scans the
-- index, so the update triggers fire only when the text itself changed: a status change rewrites
-- the whole task row and must not pay for it.
CREATE VIRTUAL TABLE tasks_fts USING fts5(task_id UNINDEXED, body);
CREATE VIRTUAL TABLE notes_fts USING fts5(note_id UNINDEXED, task_id UNINDEXED, body);

CREATE TRIGGER tasks_fts_insert AFTER INSERT ON tasks BEGIN
    INSERT INTO tasks_fts(task_id, body) VALUES (new.id, wl_bigrams(new.measure || ' ' || coalesce(new.sent_back_reason, '')));
END;
CREATE TRIGGER tasks_fts_update AFTER UPDATE OF measure, sent_back_reason ON tasks
WHEN old.measure IS NOT new.measure OR old.sent_back_reason IS NOT new.sent_back_reason BEGIN
    DELETE FROM tasks_fts WHERE task_id = old.id;
    INSERT INTO tasks_fts(task_id, body) VALUES (new.id, wl_bigrams(new.measure || ' ' || coalesce(new.sent_back_reason, '')));
END;
CREATE TRIGGER tasks_fts_delete AFTER DELETE ON tasks BEGIN
    DELETE FROM tasks_fts WHERE task_id = old.id;
END;

CREATE TRIGGER notes_fts_insert AFTER INSERT ON progress_notes BEGIN
    INSERT INTO notes_fts(note_id, task_id, body) VALUES (new.id, new.task_id, wl_bigrams(new.text));
END;
CREATE TRIGGER notes_fts_update AFTER UPDATE OF text ON progress_notes WHEN old.text IS NOT new.text BEGIN
    DELETE FROM notes_fts WHERE note_id = old.id;
    INSERT INTO notes_fts(note_id, task_id, body) VALUES (new.id, new.task_id, wl_bigrams(new.text));
END;
CREATE TRIGGER notes_fts_delete AFTER DELETE ON progress_notes BEGIN
    DELETE FROM notes_fts WHERE note_id = old.id;
END;

INSERT INTO tasks_fts(task_id, body) SELECT id, wl_bigrams(measure || ' ' || coalesce(sent_back_reason, '')) FROM tasks;
INSERT INTO notes_fts(note_id, task_id, body) SELECT id, task_id, wl_bigrams(text) FROM progress_notes;
