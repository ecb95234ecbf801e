-- walklog server, migration 5: 以评促改 — a 差评's problem has no walk and belongs to its own
-- unit; a rating (review) belongs to its unit. The same table as the core's
-- src/sync/authority.rs; the function is replaced whole.

CREATE OR REPLACE FUNCTION walklog.scope_of_state(p_entity text, p_body json) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_id text := p_body ->> 'id';
BEGIN
    IF p_entity = 'department' THEN
        IF EXISTS (SELECT 1 FROM walklog.records WHERE entity = 'department' AND records.id = v_id) THEN
            RETURN v_id;
        END IF;
        RETURN coalesce(p_body ->> 'parent_id', v_id);
    ELSIF p_entity IN ('person', 'matter', 'walk', 'task', 'outreach', 'plan', 'review') THEN
        RETURN p_body ->> 'department_id';
    ELSIF p_entity = 'step' THEN
        RETURN walklog.scope_of_record('walk', p_body ->> 'walk_id');
    ELSIF p_entity = 'problem' THEN
        IF p_body ->> 'walk_id' IS NOT NULL THEN
            RETURN walklog.scope_of_record('walk', p_body ->> 'walk_id');
        END IF;
        RETURN p_body ->> 'department_id';
    ELSIF p_entity IN ('note', 'supervision', 'milestone') THEN
        RETURN walklog.scope_of_record('task', p_body ->> 'task_id');
    ELSIF p_entity = 'attachment' THEN
        RETURN walklog.scope_of_record(p_body ->> 'owner_kind', p_body ->> 'owner_id');
    END IF;
    RETURN NULL;
END $$;
