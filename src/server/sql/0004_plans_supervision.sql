-- walklog server, migration 4: the records of issue 13 — 走流程计划 (plan) belongs to its unit,
-- 整改节点 (milestone) to its task's unit;
-- 督办 (supervision) belongs to its task's unit and only the office may write one. The same
-- table as the core's src/sync/authority.rs; the functions are replaced whole.

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
    ELSIF p_entity IN ('person', 'matter', 'walk', 'task', 'outreach', 'plan') THEN
        RETURN p_body ->> 'department_id';
    ELSIF p_entity IN ('step', 'problem') THEN
        RETURN walklog.scope_of_record('walk', p_body ->> 'walk_id');
    ELSIF p_entity IN ('note', 'supervision', 'milestone') THEN
        RETURN walklog.scope_of_record('task', p_body ->> 'task_id');
    ELSIF p_entity = 'attachment' THEN
        RETURN walklog.scope_of_record(p_body ->> 'owner_kind', p_body ->> 'owner_id');
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION walklog.authorise(o walklog.installs, p_entity text, p_id text, p_action text, p_body json, p_base text)
RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    what text := p_entity || '（' || p_id || '）';
    before_scope text := walklog.scope_of_record(p_entity, p_id);
    after_scope text := walklog.scope_of_state(p_entity, p_body);
    b text;
    base_body json;
    ok boolean := false;
    bases integer := 0;
BEGIN
    IF o.role = 'unit' THEN
        IF p_entity = 'supervision' THEN
            RAISE EXCEPTION '单位端不能作出%，督办只能由党建办端作出', what;
        END IF;
        IF p_entity = 'task' AND p_action IN ('close_out', 'send_back') THEN
            RAISE EXCEPTION '单位端不能对%销号或退回，销号和退回只能由党建办端进行', what;
        END IF;
        IF (after_scope IS NOT NULL AND NOT walklog.within(after_scope, o.department_id))
           OR (before_scope IS NOT NULL AND NOT walklog.within(before_scope, o.department_id)) THEN
            RAISE EXCEPTION '%不属于本单位及其下级单位，单位端不能改动', what;
        END IF;
        IF p_entity = 'task' THEN
            -- The verdict stays as a base had it (none for a new task): no forged 销号.
            FOR b IN SELECT json_array_elements_text(p_base::json) LOOP
                bases := bases + 1;
                base_body := walklog.version_body('task', p_id, b)::json;
                IF base_body IS NOT NULL AND walklog.verdict_of(base_body) = walklog.verdict_of(p_body) THEN
                    ok := true;
                END IF;
            END LOOP;
            IF bases = 0 THEN
                ok := (p_body ->> 'status') <> 'closed_out' AND p_body ->> 'closed_out_by' IS NULL
                      AND p_body ->> 'sent_back_at' IS NULL;
            END IF;
            IF NOT ok THEN
                RAISE EXCEPTION '%的销号、退回信息只能由党建办端改动，单位端的这项改动不被接受', what;
            END IF;
        END IF;
        RETURN after_scope;
    END IF;
    IF coalesce(after_scope, o.department_id) = o.department_id AND coalesce(before_scope, o.department_id) = o.department_id THEN
        RETURN after_scope;
    END IF;
    -- 督办 is the office's over every unit's task.
    IF p_entity = 'supervision' THEN
        RETURN after_scope;
    END IF;
    IF p_entity <> 'task' THEN
        RAISE EXCEPTION '%属于其他单位，党建办端只能对其整改任务销号或退回', what;
    END IF;
    FOR b IN SELECT json_array_elements_text(p_base::json) LOOP
        base_body := walklog.version_body('task', p_id, b)::json;
        IF base_body IS NOT NULL THEN
            IF p_action = 'close_out' THEN
                ok := ok OR ((base_body ->> 'status') = 'done' AND (p_body ->> 'status') = 'closed_out');
            ELSIF p_action = 'send_back' THEN
                ok := ok OR ((base_body ->> 'status') = 'done' AND (p_body ->> 'status') = 'in_progress');
            ELSE
                -- A conflict resolved by the office keeps one side's verdict.
                ok := ok OR walklog.verdict_of(base_body) = walklog.verdict_of(p_body);
            END IF;
        END IF;
    END LOOP;
    IF NOT ok THEN
        RAISE EXCEPTION '%属于其他单位，党建办端只能对已完成待销号的任务销号或退回', what;
    END IF;
    RETURN after_scope;
END $$;
