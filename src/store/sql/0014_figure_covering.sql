-- 0014 (issue 15): a period's city-wide figures (统计) read only these two indexes, never the tables. The
-- figures of a year count 5,000 walks and 10,000 tasks of a large city; each was an index
-- entry and then a lookup of its row (6 ms apiece on the core bench's 10-year city). Each
-- begins with the date the figures select by, so it replaces the date-only index.
CREATE INDEX walks_date_figures ON walks(walk_date, status, kind, leader_id, department_id, suggestions,
    questionnaires, coordinated, identity_hidden, no_notice, no_escort);
DROP INDEX walks_date;
CREATE INDEX tasks_created_figures ON tasks(created_on, status, deadline, process_optimised, time_compressed,
    policy_issued, before_steps, after_steps, before_materials, after_materials, before_days, after_days,
    before_trips, after_trips, department_id);
DROP INDEX tasks_created;

-- An import fills the full-text index once at its end (store/search_index.rs): while it runs,
-- the insert triggers stand aside. Their bodies are unchanged.
DROP TRIGGER walks_fts_insert;
CREATE TRIGGER walks_fts_insert AFTER INSERT ON walks WHEN NOT wl_search_deferred() BEGIN
    INSERT INTO walks_fts(rowid, body) VALUES (new.n, wl_bigrams(new.title || ' ' || new.place_name || ' ' || new.reflection));
END;
DROP TRIGGER steps_fts_insert;
CREATE TRIGGER steps_fts_insert AFTER INSERT ON steps WHEN NOT wl_search_deferred() BEGIN
    INSERT INTO steps_fts(rowid, body) VALUES (new.n, wl_bigrams(new.name || ' ' || new.place || ' ' || new.materials_names || ' ' || new.observations));
END;
DROP TRIGGER problems_fts_insert;
CREATE TRIGGER problems_fts_insert AFTER INSERT ON problems WHEN NOT wl_search_deferred() BEGIN
    INSERT INTO problems_fts(rowid, body) VALUES (new.n, wl_bigrams(new.description || ' ' || coalesce(new.on_spot_action, '')));
END;
DROP TRIGGER tasks_fts_insert;
CREATE TRIGGER tasks_fts_insert AFTER INSERT ON tasks WHEN NOT wl_search_deferred() BEGIN
    INSERT INTO tasks_fts(task_id, body) VALUES (new.id, wl_bigrams(new.measure || ' ' || coalesce(new.sent_back_reason, '')));
END;
DROP TRIGGER notes_fts_insert;
CREATE TRIGGER notes_fts_insert AFTER INSERT ON progress_notes WHEN NOT wl_search_deferred() BEGIN
    INSERT INTO notes_fts(note_id, task_id, body) VALUES (new.id, new.task_id, wl_bigrams(new.text));
END;
