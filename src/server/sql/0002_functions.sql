-- walklog server, migration 2: the only doors. Each install's database role may EXECUTE the
-- door functions (whoami, head, heads_held, push, pull and the blob ones) and nothing else; they
-- run with the owner's rights (SECURITY DEFINER, a fixed search_path) and find the install by
-- `session_user`. The helpers they call are the owner's alone and run inside them. So a role can
-- push only its own origin's lines (the office may also forward what it received by bundle) and
-- pull only what its unit may see. Authority is checked here as the core checks it; the lines'
-- signatures are checked by every client.

CREATE FUNCTION walklog.me() RETURNS walklog.installs
LANGUAGE plpgsql STABLE AS $$
DECLARE
    r walklog.installs;
BEGIN
    SELECT * INTO r FROM walklog.installs WHERE db_role = session_user;
    IF NOT FOUND THEN
        RAISE EXCEPTION '数据库角色 % 不是登记过的走流程纪实安装，请由党建办用 walklog server enrol 登记', session_user;
    END IF;
    IF r.status <> 'approved' THEN
        RAISE EXCEPTION '本机的安装已被党建办吊销，服务器不再接收其同步';
    END IF;
    RETURN r;
END $$;

CREATE FUNCTION walklog.whoami() RETURNS TABLE(install_id text, role text, department_id text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = walklog, pg_temp AS $$
DECLARE
    r walklog.installs;
BEGIN
    r := walklog.me();
    RETURN QUERY SELECT r.install_id, r.role, r.department_id;
END $$;

-- Is `dept` the unit `root` or one of its sub-units (as the server's departments say)?
CREATE FUNCTION walklog.within(dept text, root text) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
DECLARE
    cur text := dept;
    n integer := 0;
BEGIN
    -- Bounded, like the core: a damaged tree cannot loop.
    WHILE cur IS NOT NULL AND n < 32 LOOP
        IF cur = root THEN
            RETURN true;
        END IF;
        SELECT body::json ->> 'parent_id' INTO cur FROM walklog.records WHERE entity = 'department' AND id = cur;
        IF NOT FOUND THEN
            RETURN false;
        END IF;
        n := n + 1;
    END LOOP;
    RETURN false;
END $$;

-- The unit a record belongs to as the server holds it now.
CREATE FUNCTION walklog.scope_of_record(p_entity text, p_id text) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    d text;
BEGIN
    SELECT department_id INTO d FROM walklog.records WHERE entity = p_entity AND id = p_id;
    RETURN d;
END $$;

-- The unit a record's new state belongs to (the core's authority::scope_of_state).
CREATE FUNCTION walklog.scope_of_state(p_entity text, p_body json) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_id text := p_body ->> 'id';
BEGIN
    IF p_entity = 'department' THEN
        IF EXISTS (SELECT 1 FROM walklog.records WHERE entity = 'department' AND records.id = v_id) THEN
            RETURN v_id;
        END IF;
        RETURN coalesce(p_body ->> 'parent_id', v_id);
    ELSIF p_entity IN ('person', 'matter', 'walk', 'task', 'outreach') THEN
        RETURN p_body ->> 'department_id';
    ELSIF p_entity IN ('step', 'problem') THEN
        RETURN walklog.scope_of_record('walk', p_body ->> 'walk_id');
    ELSIF p_entity = 'note' THEN
        RETURN walklog.scope_of_record('task', p_body ->> 'task_id');
    ELSIF p_entity = 'attachment' THEN
        RETURN walklog.scope_of_record(p_body ->> 'owner_kind', p_body ->> 'owner_id');
    END IF;
    RETURN NULL;
END $$;

-- The state a version of a record carried, from the entries.
CREATE FUNCTION walklog.version_body(p_entity text, p_id text, p_version text) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    s text;
    a text;
BEGIN
    SELECT state, action INTO s, a FROM walklog.entries
    WHERE entity = p_entity AND entity_id = p_id AND hash = p_version LIMIT 1;
    IF a = 'archive' THEN
        RETURN (s::json -> 'walk')::text;
    END IF;
    RETURN s;
END $$;

-- A task's verdict as one comparable text: 销号 (on, by) and 退回 (at, by, reason).
CREATE FUNCTION walklog.verdict_of(t json) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN concat_ws('|', (t ->> 'status') = 'closed_out', t ->> 'closed_out_on', t ->> 'closed_out_by',
                     t ->> 'sent_back_reason', t ->> 'sent_back_by', t ->> 'sent_back_at');
END $$;

-- Who may originate which change: the core's table (src/sync/authority.rs). A unit writes its
-- unit's and sub-units' records and never 销号 or 退回; the office writes its own records and
-- only 销号 or 退回 on another unit's task that is done.
CREATE FUNCTION walklog.authorise(o walklog.installs, p_entity text, p_id text, p_action text, p_body json, p_base text)
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

-- A head's time in UTC with a fixed width, so text order is time order (the core's heads::utc).
CREATE FUNCTION walklog.utc(p_at text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT to_char((p_at::timestamp with time zone) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

-- The record's versions after this line, and its current-state row (the core's replay).
CREATE FUNCTION walklog.apply(p_entity text, p_id text, p_version text, p_at text, p_base text, p_scope text,
                              p_action text, p_body text)
RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    b text;
    winner text := p_version;
    n integer;
    w_action text := p_action;
    w_body text := p_body;
    strongest text;
BEGIN
    IF p_base <> '[]' THEN
        FOR b IN SELECT json_array_elements_text(p_base::json) LOOP
            DELETE FROM walklog.heads WHERE entity = p_entity AND entity_id = p_id AND version = b;
        END LOOP;
    END IF;
    INSERT INTO walklog.heads(entity, entity_id, version, at) VALUES (p_entity, p_id, p_version, walklog.utc(p_at));
    SELECT count(*) INTO n FROM walklog.heads WHERE entity = p_entity AND entity_id = p_id;
    -- The usual case: this line replaced the only head, and is the record's state.
    IF n > 1 THEN
        SELECT version INTO winner FROM walklog.heads WHERE entity = p_entity AND entity_id = p_id
        ORDER BY at DESC, version COLLATE "C" DESC LIMIT 1;
        IF winner <> p_version THEN
            SELECT action INTO w_action FROM walklog.entries WHERE entity = p_entity AND entity_id = p_id AND hash = winner LIMIT 1;
            w_body := walklog.version_body(p_entity, p_id, winner);
        END IF;
    END IF;
    IF w_action IN ('delete', 'detach') THEN
        DELETE FROM walklog.records WHERE entity = p_entity AND id = p_id;
        RETURN;
    END IF;
    IF p_entity = 'task' AND n > 1 THEN
        -- 销号 first (the earliest), else the latest 退回 (the core's strongest_verdict).
        SELECT x.body INTO strongest FROM (
            SELECT walklog.version_body('task', p_id, h.version) AS body FROM walklog.heads h
            WHERE h.entity = 'task' AND h.entity_id = p_id) x
        WHERE (x.body::json ->> 'status') = 'closed_out'
        ORDER BY x.body::json ->> 'closed_out_on' LIMIT 1;
        IF strongest IS NULL THEN
            SELECT x.body INTO strongest FROM (
                SELECT walklog.version_body('task', p_id, h.version) AS body FROM walklog.heads h
                WHERE h.entity = 'task' AND h.entity_id = p_id) x
            WHERE x.body::json ->> 'sent_back_at' IS NOT NULL
            ORDER BY (x.body::json ->> 'sent_back_at')::timestamp with time zone DESC LIMIT 1;
        END IF;
    END IF;
    UPDATE walklog.records SET version = winner, action = w_action, body = w_body, verdict = strongest, heads = n,
        department_id = coalesce(p_scope, walklog.scope_of_state(p_entity, w_body::json)), updated_at = now()
    WHERE entity = p_entity AND id = p_id;
    IF NOT FOUND THEN
        INSERT INTO walklog.records(entity, id, version, action, body, verdict, heads, department_id, updated_at)
        VALUES (p_entity, p_id, winner, w_action, w_body, strongest, n,
                coalesce(p_scope, walklog.scope_of_state(p_entity, w_body::json)), now());
    END IF;
END $$;

-- What the server holds of each origin: its last line.
CREATE FUNCTION walklog.head(p_origin text) RETURNS TABLE(seq bigint, hash text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = walklog, pg_temp AS $$
BEGIN
    PERFORM walklog.me();
    RETURN QUERY SELECT e.seq, e.hash FROM walklog.entries e WHERE e.origin = p_origin ORDER BY e.seq DESC LIMIT 1;
END $$;

CREATE FUNCTION walklog.heads_held() RETURNS TABLE(origin text, seq bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = walklog, pg_temp AS $$
BEGIN
    PERFORM walklog.me();
    RETURN QUERY SELECT e.origin, max(e.seq) FROM walklog.entries e GROUP BY e.origin;
END $$;

-- Appends lines of one origin's chain, ending at its signed head. Lines the server already
-- holds must be the same lines (a retried push adds nothing); a gap or a fork is refused.
-- Returns the server's head of that origin afterwards.
CREATE FUNCTION walklog.push(
    p_origin text, p_seqs bigint[], p_prevs text[], p_hashes text[], p_ats text[], p_actors text[],
    p_entities text[], p_entity_ids text[], p_actions text[], p_states text[], p_bases text[],
    p_signature text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = walklog, pg_temp AS $$
DECLARE
    pusher walklog.installs := walklog.me();
    o walklog.installs;
    head_seq bigint;
    head_hash text;
    n integer := coalesce(array_length(p_seqs, 1), 0);
    i integer;
    scope text;
    body json;
BEGIN
    IF p_origin <> pusher.install_id AND pusher.role <> 'office' THEN
        RAISE EXCEPTION '单位端只能上传本机自己的变更，不能上传其他安装（%）的变更', p_origin;
    END IF;
    -- One push of an origin at a time: the row lock orders concurrent pushes.
    SELECT * INTO o FROM walklog.installs WHERE install_id = p_origin FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION '服务器上没有登记安装 %', p_origin;
    END IF;
    IF o.status <> 'approved' AND p_origin <> pusher.install_id THEN
        RAISE EXCEPTION '安装 % 已被吊销，不再转发其变更', p_origin;
    END IF;
    IF n = 0 THEN
        RAISE EXCEPTION '没有要上传的变更';
    END IF;
    SELECT e.seq, e.hash INTO head_seq, head_hash FROM walklog.entries e WHERE e.origin = p_origin ORDER BY e.seq DESC LIMIT 1;
    head_seq := coalesce(head_seq, 0);
    head_hash := coalesce(head_hash, '0000000000000000000000000000000000000000000000000000000000000000');
    FOR i IN 1..n LOOP
        IF p_seqs[i] <= head_seq THEN
            IF NOT EXISTS (SELECT 1 FROM walklog.entries e WHERE e.origin = p_origin AND e.seq = p_seqs[i] AND e.hash = p_hashes[i]) THEN
                RAISE EXCEPTION '第 % 条变更与服务器上已有的同一条不同（记录分叉），不予接收', p_seqs[i];
            END IF;
        ELSE
            IF p_seqs[i] <> head_seq + 1 THEN
                RAISE EXCEPTION '变更序号不连续：服务器已有到第 % 条，本次从第 % 条开始', head_seq, p_seqs[i];
            END IF;
            IF p_prevs[i] <> head_hash THEN
                RAISE EXCEPTION '第 % 条变更与上一条不衔接（哈希链断开）', p_seqs[i];
            END IF;
            scope := NULL;
            IF p_actions[i] <> 'redacted' AND p_entities[i] NOT IN ('setting') THEN
                body := p_states[i]::json;
                IF p_actions[i] = 'archive' THEN
                    body := body -> 'walk';
                END IF;
                scope := walklog.authorise(o, p_entities[i], p_entity_ids[i], p_actions[i], body, p_bases[i]);
            END IF;
            INSERT INTO walklog.entries(origin, seq, prev, hash, at, actor, entity, entity_id, action, state, base, department_id, pushed_by)
            VALUES (p_origin, p_seqs[i], p_prevs[i], p_hashes[i], p_ats[i], p_actors[i], p_entities[i], p_entity_ids[i],
                    p_actions[i], p_states[i], p_bases[i], scope, pusher.install_id);
            IF p_actions[i] <> 'redacted' AND p_entities[i] NOT IN ('setting') THEN
                PERFORM walklog.apply(p_entities[i], p_entity_ids[i], p_hashes[i], p_ats[i], p_bases[i], scope,
                                      p_actions[i], body::text);
            END IF;
            head_seq := p_seqs[i];
            head_hash := p_hashes[i];
        END IF;
    END LOOP;
    IF p_seqs[n] = head_seq AND p_hashes[n] = head_hash
       AND NOT EXISTS (SELECT 1 FROM walklog.checkpoints c WHERE c.origin = p_origin AND c.seq = head_seq) THEN
        INSERT INTO walklog.checkpoints(origin, seq, hash, signature) VALUES (p_origin, head_seq, head_hash, p_signature);
    END IF;
    RETURN head_seq;
END $$;

-- The lines this install has not seen: per origin it may see, from after what it holds up to a
-- signed head, `p_limit` lines or so in all. A unit gets its unit's lines whole and everyone
-- else's as places only (origin, seq, hashes), so each chain still verifies.
CREATE FUNCTION walklog.pull(p_origins text[], p_seqs bigint[], p_limit integer)
RETURNS TABLE(origin text, seq bigint, prev text, hash text, at text, actor text, entity text, entity_id text,
              action text, state text, base text, signature text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = walklog, pg_temp AS $$
DECLARE
    me walklog.installs := walklog.me();
    o walklog.installs;
    mine text[];
    above text[] := ARRAY[]::text[];
    cur text;
    have bigint;
    upto bigint;
    budget bigint := p_limit;
    i integer;
    k integer := 0;
BEGIN
    FOR i IN 1..coalesce(array_length(p_origins, 1), 0) LOOP
        DELETE FROM walklog.cursors c WHERE c.install_id = me.install_id AND c.origin = p_origins[i];
        INSERT INTO walklog.cursors(install_id, origin, seq) VALUES (me.install_id, p_origins[i], p_seqs[i]);
    END LOOP;
    IF me.role = 'unit' THEN
        mine := ARRAY(SELECT d.id FROM walklog.departments d WHERE walklog.within(d.id, me.department_id));
        mine := mine || me.department_id;
        cur := me.department_id;
        WHILE cur IS NOT NULL AND k < 32 LOOP
            above := above || cur;
            SELECT body::json ->> 'parent_id' INTO cur FROM walklog.records WHERE records.entity = 'department' AND id = cur;
            k := k + 1;
        END LOOP;
    END IF;
    -- A revoked install's lines were accepted while it was approved: they stay and are served.
    FOR o IN SELECT * FROM walklog.installs ORDER BY install_id LOOP
        IF budget <= 0 THEN
            EXIT;
        END IF;
        IF me.role = 'unit' AND o.role = 'unit' AND o.install_id <> me.install_id
           AND NOT (o.department_id = ANY (mine)) AND NOT (o.department_id = ANY (above)) THEN
            CONTINUE;
        END IF;
        have := 0;
        FOR i IN 1..coalesce(array_length(p_origins, 1), 0) LOOP
            IF p_origins[i] = o.install_id THEN
                have := p_seqs[i];
            END IF;
        END LOOP;
        SELECT max(c.seq) INTO upto FROM walklog.checkpoints c WHERE c.origin = o.install_id AND c.seq > have AND c.seq <= have + budget;
        IF upto IS NULL THEN
            SELECT min(c.seq) INTO upto FROM walklog.checkpoints c WHERE c.origin = o.install_id AND c.seq > have;
        END IF;
        IF upto IS NULL THEN
            CONTINUE;
        END IF;
        RETURN QUERY
        SELECT e.origin, e.seq, e.prev, e.hash,
               CASE WHEN v.shown THEN e.at ELSE '' END,
               CASE WHEN v.shown THEN e.actor ELSE '' END,
               CASE WHEN v.shown THEN e.entity ELSE '' END,
               CASE WHEN v.shown THEN e.entity_id ELSE '' END,
               CASE WHEN v.shown THEN e.action ELSE 'redacted' END,
               CASE WHEN v.shown THEN e.state ELSE '' END,
               CASE WHEN v.shown THEN e.base ELSE '[]' END,
               c.signature
        FROM walklog.entries e
        JOIN (SELECT x.seq, (x.action <> 'redacted' AND x.entity <> 'setting' AND (
                    me.role = 'office' OR x.origin = me.install_id OR x.department_id = ANY (mine)
                    OR (o.role = 'office' AND x.entity IN ('department', 'person', 'matter') AND x.department_id = o.department_id)
                )) AS shown
              FROM walklog.entries x WHERE x.origin = o.install_id AND x.seq > have AND x.seq <= upto) v ON v.seq = e.seq
        LEFT JOIN walklog.checkpoints c ON c.origin = e.origin AND c.seq = e.seq AND e.seq = upto
        WHERE e.origin = o.install_id AND e.seq > have AND e.seq <= upto
        ORDER BY e.seq;
        budget := budget - (upto - have);
    END LOOP;
END $$;

-- Photos: which of these the server lacks, store one, fetch one.
CREATE FUNCTION walklog.missing_blobs(p_shas text[]) RETURNS TABLE(sha256 text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = walklog, pg_temp AS $$
DECLARE
    i integer;
BEGIN
    PERFORM walklog.me();
    FOR i IN 1..coalesce(array_length(p_shas, 1), 0) LOOP
        IF NOT EXISTS (SELECT 1 FROM walklog.blobs b WHERE b.sha256 = p_shas[i]) THEN
            sha256 := p_shas[i];
            RETURN NEXT;
        END IF;
    END LOOP;
END $$;

CREATE FUNCTION walklog.put_blob(p_sha text, p_bytes bytea) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = walklog, pg_temp AS $$
BEGIN
    PERFORM walklog.me();
    PERFORM 1 FROM walklog.blobs b WHERE b.sha256 = p_sha FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO walklog.blobs(sha256, size, bytes) VALUES (p_sha, length(p_bytes), p_bytes);
    END IF;
END $$;

CREATE FUNCTION walklog.get_blob(p_sha text) RETURNS bytea
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = walklog, pg_temp AS $$
DECLARE
    b bytea;
BEGIN
    PERFORM walklog.me();
    SELECT bytes INTO b FROM walklog.blobs WHERE sha256 = p_sha;
    RETURN b;
END $$;

-- Lines are never changed or removed, whoever asks (the DBA included, short of dropping this).
CREATE FUNCTION walklog.append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '服务器上的变更记录只能追加，不能修改或删除';
END $$;

CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON walklog.entries
FOR EACH ROW EXECUTE PROCEDURE walklog.append_only();
