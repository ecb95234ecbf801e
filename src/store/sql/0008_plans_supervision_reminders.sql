-- Issue 13: walk plans (走流程计划), the office's 督办 of tasks, and the reminders' local marks.

-- One plan per head per period; the period is a year, or a quarter of it.
CREATE TABLE walk_plans (
    id             TEXT PRIMARY KEY,
    department_id  TEXT NOT NULL REFERENCES departments(id),
    leader_id      TEXT NOT NULL REFERENCES people(id),
    year           INTEGER NOT NULL,
    quarter        INTEGER,
    daily          INTEGER NOT NULL DEFAULT 0,
    cross_unit     INTEGER NOT NULL DEFAULT 0,
    acceptance     INTEGER NOT NULL DEFAULT 0,
    matter_ids     TEXT NOT NULL DEFAULT '[]',
    places         TEXT NOT NULL DEFAULT '',
    note           TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX walk_plans_period ON walk_plans(leader_id, year, ifnull(quarter, 0));
CREATE INDEX walk_plans_department ON walk_plans(department_id, year);

-- 督办: written once by the office. No cascade: a task under 督办 is never deleted silently.
CREATE TABLE supervisions (
    id           TEXT PRIMARY KEY,
    task_id      TEXT NOT NULL REFERENCES tasks(id),
    note         TEXT NOT NULL,
    required_by  TEXT NOT NULL,
    by_person    TEXT NOT NULL,
    at           TEXT NOT NULL
);
CREATE INDEX supervisions_task ON supervisions(task_id, at);

-- Reminders are this install's: what was shown as an OS notification, and what the user
-- dismissed, per reminder and day (a reminder comes back the next day while it still holds).
CREATE TABLE reminder_marks (
    key     TEXT NOT NULL,
    day     TEXT NOT NULL,
    shown   INTEGER NOT NULL DEFAULT 0,
    dismissed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (key, day)
);

-- Reminders ask for walks under way and planned walks of a week across a city's years.
CREATE INDEX walks_status_date ON walks(status, walk_date);
