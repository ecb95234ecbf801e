-- walklog server, migration 3: who may do what. The installs' roles (members of walklog_app)
-- may only EXECUTE the doors; reporting tools (walklog_report) may read the current state.
-- Both group roles are created by `walklog server init` before this runs.

REVOKE ALL ON SCHEMA walklog FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA walklog FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA walklog FROM PUBLIC;
GRANT USAGE ON SCHEMA walklog TO walklog_app, walklog_report;
GRANT EXECUTE ON FUNCTION walklog.whoami() TO walklog_app;
GRANT EXECUTE ON FUNCTION walklog.head(text) TO walklog_app;
GRANT EXECUTE ON FUNCTION walklog.heads_held() TO walklog_app;
GRANT EXECUTE ON FUNCTION walklog.push(text, bigint[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text) TO walklog_app;
GRANT EXECUTE ON FUNCTION walklog.pull(text[], bigint[], integer) TO walklog_app;
GRANT EXECUTE ON FUNCTION walklog.missing_blobs(text[]) TO walklog_app;
GRANT EXECUTE ON FUNCTION walklog.put_blob(text, bytea) TO walklog_app;
GRANT EXECUTE ON FUNCTION walklog.get_blob(text) TO walklog_app;
GRANT SELECT ON walklog.departments, walklog.walks, walklog.steps, walklog.problems, walklog.tasks, walklog.notes TO walklog_report;
