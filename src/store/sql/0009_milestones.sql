-- 整改节点: the milestones of a task (挂图推进). A milestone belongs to its task's unit.
CREATE TABLE milestones (
    id         TEXT PRIMARY KEY,
    task_id    TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    planned_on TEXT NOT NULL,
    done_on    TEXT,
    evidence   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX milestones_task ON milestones(task_id, planned_on);
