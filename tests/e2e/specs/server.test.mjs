// Installs that sync through a shared PostgreSQL server, in the real window: a throwaway server
// (tests/support/pg-test-server.sh), an office and a unit set up and enrolled through the CLI,
// the office's `walklog server enrol` handing out each install's address. The unit's app takes
// its address in 设置, syncs (已同步 HH:MM), the office closes the unit's task out and syncs from
// the CLI, and after 同步 the unit's ledger shows 已销号. With the server stopped, 同步 says so
// beside the button (no dialog) and the status bar counts what waits: 未同步 N 条.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  choose, cli, click, doneTask, goTo, invoke, repoRoot, screenshot, textOf, typeInto, waitText, withApp,
} from '../lib.mjs';

const UNIT = '市市场监管局';
const OFFICE = '市委党建办';
const PG = join(repoRoot, 'tests/support/pg-test-server.sh');

const pg = (...args) => execFileSync('bash', [PG, ...args], {
  encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PG_TEST_OWNER_PID: String(process.pid) },
}).trim();

test('a unit syncs through the server: its address in 设置, 已同步, the office\'s 销号 arrives, offline is said calmly', async () => {
  const root = mkdtempSync(join(tmpdir(), 'walklog-e2e-server-'));
  const unitDir = join(root, 'unit');
  const officeDir = join(root, 'office');
  for (const d of [unitDir, officeDir]) mkdirSync(d);
  const unitDb = join(unitDir, 'walklog.db');
  const officeDb = join(officeDir, 'walklog.db');
  // Short and plain: the server's folder is also its unix socket directory.
  const pgDir = mkdtempSync('/tmp/wlpg-e2e-');

  try {
    // ---- Two installs through the CLI: enrolled, approved, the roster back to the unit.
    cli('--db', officeDb, 'init', '--office', OFFICE, '--user', '赵敏', '--title', '党建办主任');
    cli('--db', unitDb, 'init', '--unit', UNIT, '--user', '张明', '--title', '局长');
    cli('--db', unitDb, 'enrol', 'export', '--out', join(root, '登记文件.json'));
    cli('--db', officeDb, 'enrol', 'import', join(root, '登记文件.json'));
    cli('--db', officeDb, 'enrol', 'approve', UNIT);
    cli('--db', officeDb, 'roster', 'export', '--out', join(root, '单位名录.json'));
    cli('--db', unitDb, 'roster', 'import', join(root, '单位名录.json'));

    // ---- The server: the DBA creates the schema, the office enrols both installs.
    const admin = pg('start', pgDir);
    assert.match(admin, /^postgres:\/\//);
    cli('server', 'init', '--url', admin);
    const enrolled = JSON.parse(cli('--db', officeDb, '--json', 'server', 'enrol', '--url', admin));
    const unitUrl = enrolled.find((e) => e.role === 'unit')?.url;
    const officeUrl = enrolled.find((e) => e.role === 'office')?.url;
    assert.ok(unitUrl && officeUrl, JSON.stringify(enrolled));
    cli('--db', officeDb, 'server', 'use', officeUrl);
    const password = new URL(unitUrl).password;

    await withApp('server-unit', async ({ browser }) => {
      await (await browser.$('nav [data-screen="dashboard"]')).waitForExist({ timeout: 15000 });
      assert.equal(await (await browser.$('[data-testid="sync-bar"]')).isExisting(), false, '未设置服务器时没有同步状态栏');
      const task = await doneTask(browser);

      // 设置 → 同步服务器: a wrong address is refused beside the field and not kept.
      await goTo(browser, 'settings');
      await waitText(browser, '[data-testid="server-panel"]', 'walklog server enrol');
      await typeInto(browser, '[data-testid="server-url"]', 'postgres://127.0.0.1:5432/walklog');
      await click(browser, '[data-testid="server-save"]');
      await waitText(browser, '[data-testid="field-error"][data-field="server_url"]', '登录账号');
      assert.equal(await (await browser.$('[data-testid="sync-bar"]')).isExisting(), false, '错误的地址没有保存');

      // The address from the office: saved, shown without its password, synced at once.
      await typeInto(browser, '[data-testid="server-url"]', unitUrl);
      await click(browser, '[data-testid="server-save"]');
      await waitText(browser, '[data-testid="server-msg"]', '已保存');
      const masked = await textOf(browser, '[data-testid="server-masked"]');
      assert.match(masked, /^wl_[0-9a-f]+@127\.0\.0\.1:\d+\/postgres$/);
      await waitText(browser, '[data-testid="sync-state"]', (t) => /^已同步 \d{2}:\d{2}$/.test(t.trim()), 20000);
      assert.equal(await browser.execute((p) => document.body.textContent.includes(p), password), false, '密码不显示在界面上');
      assert.equal(await (await browser.$('[data-testid="server-url"]')).getValue(), '');

      // 同步 pressed: done, said beside the button.
      await click(browser, '[data-testid="sync-now"]');
      await waitText(browser, '[data-testid="sync-message"]', '同步完成', 20000);
      await waitText(browser, '[data-testid="server-last-sync"]', (t) => /\d{2}:\d{2}/.test(t));
      const title = await browser.execute(() => document.querySelector('[data-testid="sync-state"]').title);
      assert.ok(title.includes(masked) && title.includes('上次同步'), title);
      const panel = await browser.$('[data-testid="server-panel"]');
      await panel.scrollIntoView();
      await screenshot(browser, '17-sync-settings');

      // ---- The office receives the task, closes it out and syncs (CLI).
      const got = cli('--db', officeDb, 'sync');
      assert.match(got, /收到 [1-9]\d* 条/, got);
      cli('--db', officeDb, 'task', 'close-out', task);
      const sent = cli('--db', officeDb, 'sync');
      assert.match(sent, /上传本机变更 [1-9]\d* 条/, sent);

      // ---- The unit's ledger still says 已完成待销号 until 同步 brings the 销号.
      await goTo(browser, 'ledger');
      const row = `[data-testid="ledger-rows"] [data-task-id="${task}"]`;
      await waitText(browser, row, '已完成待销号');
      await click(browser, row);
      await waitText(browser, '[data-testid="task-status"]', '已完成待销号');
      await click(browser, '[data-testid="sync-now"]');
      await waitText(browser, '[data-testid="sync-message"]', '收到', 20000);
      await waitText(browser, row, '已销号');
      await waitText(browser, '[data-testid="task-status"]', '已销号');
      await waitText(browser, '[data-testid="sync-state"]', '已同步');
      await screenshot(browser, '18-sync-status');

      // ---- Offline: the server stops; a change made here waits, 同步 says why beside it.
      pg('stop', pgDir);
      await goTo(browser, 'settings');
      await typeInto(browser, '[data-testid="person-name"]', '周敏');
      await choose(browser, '[data-testid="person-role"]', '责任人');
      await click(browser, '//button[normalize-space(.)="添加人员"]');
      await waitText(browser, 'main table.grid', '周敏');
      await waitText(browser, '[data-testid="sync-state"]', '未同步 1 条');
      await click(browser, '[data-testid="sync-now"]');
      const said = await waitText(browser, '[data-testid="sync-error"]', '未连上同步服务器', 20000);
      assert.ok(said.includes('记录已保存在本机'), said);
      assert.equal(await (await browser.$('[data-testid="sync-error"]')).getAttribute('data-code'), 'server_unreachable');
      assert.equal(await (await browser.$('[data-testid="confirm"]')).isExisting(), false, '离线不弹出对话框');
      await waitText(browser, '[data-testid="sync-state"]', '未同步 1 条');
      const offTitle = await browser.execute(() => document.querySelector('[data-testid="sync-state"]').title);
      assert.ok(offTitle.includes('未能同步'), offTitle);
      await waitText(browser, '[data-testid="server-last-error"]', '未连上同步服务器');
      await (await browser.$('[data-testid="server-panel"]')).scrollIntoView();
      await screenshot(browser, '19-sync-offline');
    }, { dir: unitDir });
  } finally {
    try { pg('remove', pgDir); } catch { /* already gone */ }
    rmSync(root, { recursive: true, force: true });
  }
});
