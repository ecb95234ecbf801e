-- 0007: 记录方式. How the times of each walk and step were recorded: live (stamped at 开始/下一环节/
-- 结束), typed in after the fact (with when), or imported; and 事后修改 with the times first kept.
ALTER TABLE walks ADD COLUMN capture_mode TEXT NOT NULL DEFAULT 'typed';
ALTER TABLE walks ADD COLUMN entered_at TEXT;
ALTER TABLE walks ADD COLUMN amended_at TEXT;
ALTER TABLE walks ADD COLUMN original_started_at TEXT;
ALTER TABLE walks ADD COLUMN original_ended_at TEXT;
ALTER TABLE steps ADD COLUMN capture_mode TEXT NOT NULL DEFAULT 'typed';
ALTER TABLE steps ADD COLUMN entered_at TEXT;
ALTER TABLE steps ADD COLUMN amended_at TEXT;
ALTER TABLE steps ADD COLUMN original_started_at TEXT;
ALTER TABLE steps ADD COLUMN original_ended_at TEXT;

-- Records made before are read from the log: a step opened by 下一环节 ('start') or a walk
-- started on the live screen was live; an 'import' line imported, when it was written; a step
-- otherwise typed in, when its first line was written. A 'retime' line is a hand correction;
-- the line before the first one holds the times first recorded. Sealed records get these marks too (the seal covers the
-- content, not how its times were captured), so their triggers step aside for this update.
DROP TRIGGER walks_sealed_update;
DROP TRIGGER steps_sealed_update;

UPDATE steps SET
    capture_mode = CASE (SELECT action FROM change_log l WHERE l.entity = 'step' AND l.entity_id = steps.id ORDER BY seq LIMIT 1)
        WHEN 'start' THEN 'live' WHEN 'import' THEN 'imported' ELSE 'typed' END,
    entered_at = (SELECT CASE WHEN action = 'start' THEN NULL ELSE at END FROM change_log l
        WHERE l.entity = 'step' AND l.entity_id = steps.id ORDER BY seq LIMIT 1),
    amended_at = (SELECT max(at) FROM change_log l WHERE l.entity = 'step' AND l.entity_id = steps.id AND action = 'retime');
UPDATE steps SET
    original_started_at = (SELECT json_extract(state, '$.started_at') FROM change_log l
        WHERE l.entity = 'step' AND l.entity_id = steps.id AND action <> 'retime'
          AND seq < (SELECT min(seq) FROM change_log r WHERE r.entity = 'step' AND r.entity_id = steps.id AND r.action = 'retime')
        ORDER BY seq DESC LIMIT 1),
    original_ended_at = (SELECT json_extract(state, '$.ended_at') FROM change_log l
        WHERE l.entity = 'step' AND l.entity_id = steps.id AND action <> 'retime'
          AND seq < (SELECT min(seq) FROM change_log r WHERE r.entity = 'step' AND r.entity_id = steps.id AND r.action = 'retime')
        ORDER BY seq DESC LIMIT 1)
WHERE amended_at IS NOT NULL;

UPDATE walks SET
    capture_mode = CASE
        WHEN EXISTS (SELECT 1 FROM change_log l WHERE l.entity = 'walk' AND l.entity_id = walks.id AND action = 'start') THEN 'live'
        WHEN (SELECT action FROM change_log l WHERE l.entity = 'walk' AND l.entity_id = walks.id ORDER BY seq LIMIT 1) = 'import' THEN 'imported'
        ELSE 'typed' END,
    amended_at = (SELECT max(at) FROM change_log l WHERE l.entity = 'walk' AND l.entity_id = walks.id AND action = 'retime');
UPDATE walks SET entered_at = (SELECT at FROM change_log l WHERE l.entity = 'walk' AND l.entity_id = walks.id ORDER BY seq LIMIT 1)
WHERE capture_mode = 'imported';
UPDATE walks SET
    original_started_at = (SELECT json_extract(state, '$.started_at') FROM change_log l
        WHERE l.entity = 'walk' AND l.entity_id = walks.id AND action <> 'retime'
          AND seq < (SELECT min(seq) FROM change_log r WHERE r.entity = 'walk' AND r.entity_id = walks.id AND r.action = 'retime')
        ORDER BY seq DESC LIMIT 1),
    original_ended_at = (SELECT json_extract(state, '$.ended_at') FROM change_log l
        WHERE l.entity = 'walk' AND l.entity_id = walks.id AND action <> 'retime'
          AND seq < (SELECT min(seq) FROM change_log r WHERE r.entity = 'walk' AND r.entity_id = walks.id AND r.action = 'retime')
        ORDER BY seq DESC LIMIT 1)
WHERE amended_at IS NOT NULL;

CREATE TRIGGER walks_sealed_update BEFORE UPDATE ON walks WHEN old.status = 'archived'
BEGIN SELECT RAISE(ABORT, 'walk sealed'); END;
CREATE TRIGGER steps_sealed_update BEFORE UPDATE ON steps
WHEN (SELECT status FROM walks WHERE id = old.walk_id) = 'archived'
BEGIN SELECT RAISE(ABORT, 'walk sealed'); END;

-- Deleted steps and problems are found by their delete line (a walk's 修改记录 lists them, the
-- office's figures count their edits after the walk ended): few lines, kept in a small index.
CREATE INDEX change_log_deletes ON change_log(entity, action) WHERE action = 'delete';
