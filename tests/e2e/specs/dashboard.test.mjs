// 工作台 on the core's demo data: the figures on screen are the ones the core computes
// (read back through `walklog stats --json` on the same database), not typed-in numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, seedDemo, waitText, withApp } from '../lib.mjs';

test('工作台 shows the programme figures of the demo database', async () => {
  let expected;
  const seed = (db) => {
    seedDemo(db);
    expected = JSON.parse(cli('--db', db, 'stats', '--json'));
  };
  await withApp('dashboard', async ({ browser }) => {
    assert.ok(expected.walks > 0 && expected.problems_found > 0, 'the demo data has walks and problems');
    await waitText(browser, '[data-testid="fig-walks"]', (t) => t.trim() === String(expected.walks));
    await waitText(browser, '[data-testid="fig-problems"]', (t) => t.trim() === String(expected.problems_found));
    const open = expected.tasks_open + expected.tasks_in_progress + expected.tasks_done;
    await waitText(browser, '[data-testid="fig-open"]', (t) => t.trim() === String(open));
    await waitText(browser, '[data-testid="fig-overdue"]', (t) => t.trim() === String(expected.tasks_overdue));
    assert.ok(expected.tasks_overdue > 0, 'the demo data has overdue tasks');
  }, { seed });
});
