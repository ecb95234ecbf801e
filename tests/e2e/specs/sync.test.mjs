// Many installs, one programme, in the real window: a unit's install and the office's, each its
// own data folder, set up on their first-run screens and started one after the other. The unit
// enrols, the office approves after comparing the fingerprint, the roster goes back; the unit's
// 报送包 is previewed and written; the office refuses a tampered copy naming its reasons, takes
// the real one (新增 …) and closes the task out; a unit edit made meanwhile arrives as a 冲突,
// resolved on screen field by field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  click, completeFirstRun, doneTask, goTo, invoke, screenshot, textOf, typeInto, waitText, withApp,
} from '../lib.mjs';

const UNIT = '市市场监管局';
const OFFICE = '市委党建办';
const NEW_MEASURE = '一次告知所需材料，并在网上公开办事指南';

test('a unit reports, the office refuses a tampered bundle, takes the real one, and a 冲突 is resolved', async () => {
  const root = mkdtempSync(join(tmpdir(), 'walklog-e2e-sync-'));
  const unitDir = join(root, 'unit');
  const officeDir = join(root, 'office');
  const usb = join(root, 'U盘');
  for (const d of [unitDir, officeDir, usb]) mkdirSync(d);
  const enrolment = join(usb, '登记文件.json');
  const rosterFile = join(usb, '单位名录.json');
  let unitFingerprint = '';
  let task = '';
  let first = '';
  let second = '';

  try {
    // ---- The unit's computer: first run, then its enrolment file onto the USB stick.
    await withApp('sync-unit-1', async ({ browser }) => {
      await completeFirstRun(browser, { role: 'unit', unit: UNIT, user: '张明', title: '局长' });
      await goTo(browser, 'settings');
      unitFingerprint = await textOf(browser, '[data-testid="identity-fingerprint"]');
      await typeInto(browser, '[data-testid="file-out-path"]', enrolment);
      await click(browser, '[data-testid="enrolment-export"]');
      await waitText(browser, '[data-testid="file-written"]', '登记文件.json');
    }, { dir: unitDir });
    assert.match(unitFingerprint, /^[0-9A-F]{4}(-[0-9A-F]{4}){4}$/);

    // ---- The office: first run, enrol the unit, approve after the fingerprint, the roster back.
    await withApp('sync-office-1', async ({ browser }) => {
      await completeFirstRun(browser, { role: 'office', unit: OFFICE, user: '赵敏', title: '党建办主任', shot: '13-first-run' });
      await goTo(browser, 'settings');
      await waitText(browser, '[data-testid="identity-role"]', '党建办端');
      await typeInto(browser, '[data-testid="enrol-path"]', enrolment);
      await click(browser, '[data-testid="enrol-run"]');
      await waitText(browser, '[data-testid="roster-list"]', '待批准');
      assert.ok((await textOf(browser, '[data-testid="roster-list"]')).includes(unitFingerprint), '名录显示单位的指纹');
      await click(browser, '[data-testid="roster-approve"]');
      const ask = await waitText(browser, '[data-testid="confirm"]', '指纹');
      assert.ok(ask.includes(unitFingerprint) && ask.includes('电话'), ask);
      await click(browser, '[data-testid="confirm-ok"]');
      await waitText(browser, '[data-testid="roster-status"]', '已批准');
      await typeInto(browser, '[data-testid="file-out-path"]', rosterFile);
      await click(browser, '[data-testid="roster-export"]');
      await waitText(browser, '[data-testid="file-written"]', '单位名录.json');
      await screenshot(browser, '14-identity');
    }, { dir: officeDir });

    // ---- The unit: pins the office, works a task to 完成 (no 销号 here), writes its 报送包.
    await withApp('sync-unit-2', async ({ browser }) => {
      await goTo(browser, 'settings');
      await typeInto(browser, '[data-testid="roster-path"]', rosterFile);
      await click(browser, '[data-testid="roster-import"]');
      await waitText(browser, '[data-testid="roster-imported"]', '首次导入');
      await waitText(browser, '[data-testid="pinned-office"]', OFFICE);
      task = await doneTask(browser);

      await goTo(browser, 'ledger');
      await click(browser, `[data-testid="ledger-rows"] [data-task-id="${task}"]`);
      await waitText(browser, '[data-testid="task-status"]', '已完成待销号');
      await waitText(browser, '[data-testid="awaits-office"]', '党建办端销号或退回');
      assert.equal(await (await browser.$('[data-testid="close-out"]')).isExisting(), false, '单位端没有销号按钮');
      assert.equal(await (await browser.$('[data-testid="send-back"]')).isExisting(), false, '单位端没有退回按钮');

      await goTo(browser, 'exchange');
      const preview = await waitText(browser, '[data-testid="bundle-preview"]', '体验 1 次');
      assert.match(preview, /第 1 号/);
      assert.match(preview, new RegExp(OFFICE));
      assert.match(preview, /问题 1 个、整改任务 1 项、进展 1 条/);
      await typeInto(browser, '[data-testid="bundle-out-path"]', usb);
      await click(browser, '[data-testid="bundle-export"]');
      first = (await waitText(browser, '[data-testid="bundle-written-path"]', '.wlbundle')).trim();
      assert.ok(first.startsWith(usb), first);
      await waitText(browser, '[data-testid="bundle-preview"]', '第 2 号');
      await screenshot(browser, '15b-exchange-unit');
    }, { dir: unitDir });

    // A copy changed by one byte on the way.
    const bytes = readFileSync(first);
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    const tampered = join(usb, '改过的报送包.wlbundle');
    writeFileSync(tampered, bytes);

    // ---- The office: the tampered copy is refused with its reasons; the real one is taken.
    await withApp('sync-office-2', async ({ browser }) => {
      await goTo(browser, 'exchange');
      await typeInto(browser, '[data-testid="bundle-path"]', tampered);
      await click(browser, '[data-testid="bundle-import"]');
      const refused = await waitText(browser, '[data-testid="bundle-refused"]', '没有任何改动');
      assert.ok((await browser.$$('[data-testid="bundle-refused"] li')).length >= 1, refused);
      assert.equal((await invoke(browser, 'walks', { filter: {} })).length, 0, '拒收的报送包没有写入任何记录');

      await typeInto(browser, '[data-testid="bundle-path"]', first);
      await click(browser, '[data-testid="bundle-import"]');
      const counts = await waitText(browser, '[data-testid="bundle-report-counts"]', '新增');
      assert.match(counts, /新增 [1-9]\d* 条，更新 \d+ 条，未变 0 条，冲突 0 条/);
      await waitText(browser, '[data-testid="bundle-report"]', `${UNIT}的第 1 号报送包`);
      await waitText(browser, '[data-testid="peer-table"]', '已报送');

      // 销号 on the office's install: the button is there for another unit's done task.
      await goTo(browser, 'ledger');
      await click(browser, `[data-testid="ledger-rows"] [data-task-id="${task}"]`);
      await waitText(browser, '[data-testid="task-detail"]', UNIT); // the unit and its people came with the bundle
      await waitText(browser, '[data-testid="task-detail"]', '李华');
      await click(browser, '[data-testid="close-out"]');
      await click(browser, '[data-testid="confirm-ok"]');
      await waitText(browser, '[data-testid="task-status"]', '已销号');
    }, { dir: officeDir });

    // ---- Meanwhile the unit, not yet holding the 销号, edits the measure and reports again.
    await withApp('sync-unit-3', async ({ browser }) => {
      const { task: t } = await invoke(browser, 'task_detail', { task_id: task });
      await invoke(browser, 'save_task', { task: { ...t, measure: NEW_MEASURE } });
      await goTo(browser, 'exchange');
      await waitText(browser, '[data-testid="bundle-preview"]', '第 2 号');
      await click(browser, '[data-testid="bundle-export"]');
      second = (await waitText(browser, '[data-testid="bundle-written-path"]', '.wlbundle')).trim();
    }, { dir: unitDir });

    // ---- The office: the second bundle crosses its 销号: a 冲突, resolved field by field.
    await withApp('sync-office-3', async ({ browser }) => {
      await goTo(browser, 'exchange');
      await typeInto(browser, '[data-testid="bundle-path"]', second);
      await click(browser, '[data-testid="bundle-import"]');
      await waitText(browser, '[data-testid="bundle-report-counts"]', '冲突 1 条');
      await waitText(browser, '[data-testid="bundle-report-conflicts"]', '整改任务');
      await waitText(browser, '[data-testid="conflict-badge"]', '1');
      await screenshot(browser, '15-exchange');

      await click(browser, '[data-testid="go-conflicts"]');
      await waitText(browser, '[data-testid="conflict-detail"]', '整改措施');
      const heads = await browser.$$('[data-testid="version-head"]').map((h) => h.getText());
      assert.equal(heads.length, 2, heads.join(' | '));
      const mine = heads.findIndex((h) => h.includes('本机'));
      const theirs = heads.findIndex((h) => h.includes(UNIT));
      assert.ok(mine >= 0 && theirs >= 0 && mine !== theirs, heads.join(' | '));
      assert.equal((await browser.$$('[data-testid="version-current"]')).length, 1, '一个版本标为当前显示');
      // When the unit's edit is the version shown, the row still shows the office's 销号: said so.
      if (heads[theirs].includes('当前显示')) {
        await waitText(browser, '[data-testid="shown-status"]', '已销号');
      }
      const row = await textOf(browser, '[data-testid="conflict-detail"] tr[data-field="measure"]');
      assert.ok(row.includes(NEW_MEASURE) && row.includes('一次告知所需材料'), row);
      // Keep the office's version (its 销号), take the unit's measure.
      await click(browser, `[data-testid="keep-${mine}"]`);
      await click(browser, `[data-testid="pick-measure-${theirs}"]`);
      await screenshot(browser, '16-conflicts');
      await click(browser, '[data-testid="resolve-save"]');
      await waitText(browser, '[data-testid="conflict-saved"]', '冲突已解决');
      await waitText(browser, '[data-testid="conflicts-empty"]', '没有需要处理的冲突');
      assert.equal(await (await browser.$('[data-testid="conflict-badge"]')).isExisting(), false, '冲突数已清零');
      const { task: t } = await invoke(browser, 'task_detail', { task_id: task });
      assert.equal(t.status, 'closed_out');
      assert.equal(t.measure, NEW_MEASURE);

      await goTo(browser, 'stats');
      await waitText(browser, '[data-testid="stats-reporting"]', UNIT);
      await waitText(browser, '[data-testid="stats-reporting"]', '本月各单位均已报送');
    }, { dir: officeDir });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
