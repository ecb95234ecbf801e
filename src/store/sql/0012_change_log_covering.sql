-- 0012: the change log's (entity, entity_id) index also carries each line's action and time,
-- so the office's 纪实真实性 figures (lines after a walk's end) are answered from the index
-- alone. Reading the lines themselves touched one table page per line; on an encrypted
-- database every such page is decrypted and authenticated (issue 14's cost goal).
CREATE INDEX change_log_entity_at ON change_log(entity, entity_id, action, at);
DROP INDEX change_log_entity;
