-- 0002: indexes the programme's figures need on a large city (issue 3's budgets).
-- "Solved" looks up the status of every task of every problem in a period: (id, status) answers
-- it from the index alone, without reading the task row.
CREATE INDEX tasks_id_status ON tasks(id, status);
-- "Heads who have not walked in the period": a head's walks by date, not all of their years.
CREATE INDEX walks_leader_date ON walks(leader_id, walk_date);
