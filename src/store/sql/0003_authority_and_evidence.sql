-- 0003: who made the office's verdicts, and when evidence was recorded.
-- 销号 and 退回 name the 党建办 person who made them; a 退回 carries its moment, and notes and
-- attachments carry the moment the core recorded them, so 完成 after a 退回 can demand evidence
-- newer than the 退回.

ALTER TABLE tasks ADD COLUMN closed_out_by TEXT REFERENCES people(id);
ALTER TABLE tasks ADD COLUMN sent_back_by TEXT REFERENCES people(id);
ALTER TABLE tasks ADD COLUMN sent_back_at TEXT;
ALTER TABLE progress_notes ADD COLUMN recorded_at TEXT;
ALTER TABLE attachments ADD COLUMN added_at TEXT;
