// Writes a walklog exchange document (docs/exchange-format.md) with `tasks` rectification tasks,
// for the app's budgets: 20 units, 2,000 completed walks, 5 systemic problems each, one task per
// problem. Deterministic: the same arguments give the same file.
import { writeFileSync } from 'node:fs';

export function bigLedger(path, tasks = 10_000) {
  let n = 0;
  const id = (p) => `${p}-${String(++n).padStart(8, '0')}`;
  const pad = (x) => String(x).padStart(2, '0');
  const day = (base, add) => {
    const d = new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth(), base.getUTCDate() + add));
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  };
  const start = new Date(Date.UTC(new Date().getFullYear() - 1, 0, 1));
  const departments = [], people = [], walks = [], problems = [], out = [];
  const units = [];
  for (let u = 0; u < 20; u++) {
    const dept = { id: id('d'), name: `测试单位${u + 1}`, level: 'city_department', parent_id: null };
    const head = { id: id('p'), name: `局长${u + 1}`, title: '局长', role: 'head', department_id: dept.id };
    const owner = { id: id('p'), name: `科长${u + 1}`, title: '科长', role: 'owner', department_id: dept.id };
    departments.push(dept);
    people.push(head, owner);
    units.push({ dept, head, owner });
  }
  const perWalk = 5;
  const walkCount = Math.ceil(tasks / perWalk);
  for (let w = 0; w < walkCount; w++) {
    const u = units[w % units.length];
    const date = day(start, Math.floor((w * 540) / walkCount));
    const walk = {
      id: id('w'), title: `体验第 ${w + 1} 次`, department_id: u.dept.id, leader_id: u.head.id, kind: 'daily',
      manner: 'in_person', ways: [], channel: 'hall', place_level: 'city_hall', place_name: '市民之家',
      matter_ids: [], companion_ids: [], incognito: { identity_hidden: true, no_notice: true, no_escort: true },
      alias: null, planned_date: date, started_at: `${date}T09:00:00+08:00`, ended_at: `${date}T11:00:00+08:00`,
      status: 'completed', reflection: '', suggestions: 0, questionnaires: 0, coordinated: 0, seal_code: null,
    };
    walks.push(walk);
    for (let k = 0; k < perWalk && out.length < tasks; k++) {
      const p = {
        id: id('q'), walk_id: walk.id, step_id: null, category: 'materials', standards: [], severity: 'minor',
        nature: 'systemic', description: `申请材料重复提交（${w + 1}-${k + 1}）`, on_spot_action: null,
        resolved_on: null, found_on: date,
      };
      problems.push(p);
      out.push({
        id: id('t'), problem_ids: [p.id], measure: `梳理材料清单，可共享的免提交（${w + 1}-${k + 1}）`,
        department_id: u.dept.id, owner_id: u.owner.id, deadline: day(new Date(`${date}T00:00:00Z`), 30 + ((w * 7 + k * 13) % 400)),
        status: ['open', 'in_progress'][k % 2], matter_id: null, before: null, after: null,
        outcomes: { process_optimised: false, time_compressed: false, policy_issued: false },
        sent_back_reason: null, done_on: null, closed_out_on: null, created_on: date,
      });
    }
  }
  const doc = { format: 'walklog-exchange', version: 1, departments, people, walks, problems, tasks: out };
  writeFileSync(path, JSON.stringify(doc));
  return { walks: walks.length, tasks: out.length };
}
