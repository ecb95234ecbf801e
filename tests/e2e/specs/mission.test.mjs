// The whole mission of issue 5 on a fresh database: set up units and people, walk incognito
// with three steps, record problems, raise a task, evidence it, close it out as 党建办, and see
// the figures change. Also: a deadline before the walk is refused on screen, and a note with
// HTML shows as text. It runs on an install from before 本机身份 (stand-alone), where one window
// holds every role; with an identity the 销号 is the 党建办端's (sync.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import {
  choose, click, goTo, isoDate, screenshot, setField, textOf, typeInto, waitText, withApp,
} from '../lib.mjs';

/** The text of a PDF (pdftotext), without line breaks and spaces, which table cells add. */
function pdfText(path) {
  assert.ok(existsSync(path), `${path} 不存在`);
  return execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

test('the mission: plan, walk, record, rectify, close out, count', async () => {
  await withApp('mission', async ({ browser }) => {
    // ---- 设置: a unit and three people, then "I am" the head.
    await goTo(browser, 'settings');
    await typeInto(browser, '[data-testid="dept-name"]', '市不动产登记中心');
    await click(browser, '//button[normalize-space(.)="添加单位"]');
    await waitText(browser, '[data-testid="dept-tree"]', '市不动产登记中心');
    for (const [name, role] of [['张明', '一把手'], ['李华', '责任人'], ['王芳', '党建办']]) {
      await typeInto(browser, '[data-testid="person-name"]', name);
      await choose(browser, '[data-testid="person-role"]', role);
      await choose(browser, '[data-testid="person-dept"]', '市不动产登记中心');
      await click(browser, '//button[normalize-space(.)="添加人员"]');
      await waitText(browser, 'main table.grid', name);
    }
    await choose(browser, '[data-testid="current-user"]', '张明');
    await waitText(browser, '[data-testid="current-role"]', '一把手');

    // ---- 体验记录: plan an incognito 日常 walk for today and enter the live screen.
    await goTo(browser, 'walks');
    await click(browser, '[data-testid="new-walk"]');
    await typeInto(browser, '[data-testid="walk-title"]', '以群众身份体验二手房转移登记');
    await setField(browser, '[data-testid="walk-date"]', isoDate(0));
    await typeInto(browser, '[data-testid="walk-place"]', '市民之家不动产登记区');
    for (const id of ['no-identity', 'no-notice', 'no-escort']) {
      assert.equal(await (await browser.$(`[data-testid="${id}"]`)).isSelected(), true, `${id} 默认勾选`);
    }
    await click(browser, '[data-testid="save-walk"]');
    await waitText(browser, '[data-testid="live-title"]', '二手房转移登记');
    await click(browser, '[data-testid="start-walk"]');
    await waitText(browser, '[data-testid="walk-status"]', '进行中');

    // ---- Three steps with the big button.
    for (const name of ['取号排队', '窗口受理', '缴税登记']) {
      await typeInto(browser, '[data-testid="next-name"]', name);
      await click(browser, '[data-testid="next-step"]');
      await waitText(browser, '[data-testid="steps"]', name);
    }
    await waitText(browser, '[data-testid="step-timer"]', '缴税登记');
    const items = await browser.$$('[data-testid="steps"] li');
    assert.equal(items.length, 3);

    // ---- Observations with HTML: stored, previewed as text, never as an element.
    await typeInto(browser, '[data-testid="step-observations"]', '窗口要求复印件 <img src=x onerror=alert(1)> 排队 40 分钟');
    await waitText(browser, '[data-testid="step-card"]', '已保存');
    await click(browser, '[data-testid="toggle-preview"]');
    const preview = await waitText(browser, '[data-testid="observations-preview"]', '<img src=x onerror=alert(1)>');
    assert.match(preview, /排队 40 分钟/);
    assert.equal(await (await browser.$('[data-testid="observations-preview"] img')).isExisting(), false);
    await screenshot(browser, 'live-walk');

    // ---- 记问题: one simple problem fixed on the spot, one systemic problem.
    await click(browser, '[data-testid="open-problem"]');
    await typeInto(browser, '[data-testid="problem-description"]', '窗口要求提交身份证复印件');
    await typeInto(browser, '[data-testid="problem-action"]', '当场告知窗口取消复印件要求');
    await click(browser, '[data-testid="save-problem"]');
    await waitText(browser, '[data-testid="walk-problems"]', '已立行立改');

    await click(browser, '[data-testid="open-problem"]');
    await click(browser, '[data-testid="nature-systemic"]');
    await choose(browser, '[data-testid="problem-category"]', '办理流程');
    await typeInto(browser, '[data-testid="problem-description"]', '转移登记与缴税分窗口办理，需排两次队');
    await click(browser, '[data-testid="save-problem"]');
    await waitText(browser, '[data-testid="walk-problems"]', '需排两次队');

    await click(browser, '[data-testid="finish-walk"]');
    await click(browser, '[data-testid="confirm-ok"]');
    await waitText(browser, '[data-testid="walk-status"]', '已完成');

    // ---- 问题清单: generate the task; a deadline before the walk is refused in Chinese.
    await goTo(browser, 'problems');
    await waitText(browser, '[data-testid="problem-list"]', '需排两次队');
    await click(browser, '[data-testid="raise-task"]');
    await setField(browser, '[data-testid="task-measure"]', '推行“一窗受理、集成服务”，转移登记与缴税一次办结');
    await choose(browser, '[data-testid="task-owner"]', '李华');
    await setField(browser, '[data-testid="task-deadline"]', isoDate(-30));
    await click(browser, '[data-testid="save-task"]');
    const refusal = await waitText(browser, '[data-testid="field-error"][data-field="deadline"]', '整改时限');
    assert.match(refusal, /不能早于/);
    await setField(browser, '[data-testid="task-deadline"]', isoDate(20));
    await click(browser, '[data-testid="save-task"]');

    // ---- 整改台账: the task is selected; a progress note is the evidence; mark done.
    await waitText(browser, '[data-testid="task-detail"]', '一窗受理');
    await waitText(browser, '[data-testid="task-status"]', '待整改');
    await typeInto(browser, '[data-testid="note-text"]', '已设综合窗口，税务人员进驻');
    await click(browser, '[data-testid="add-note"]');
    await waitText(browser, '[data-testid="task-notes"]', '税务人员进驻');
    await click(browser, '[data-testid="done-task"]');
    await waitText(browser, '[data-testid="task-status"]', '已完成待销号');
    // Each change of state says so where it is seen, in a live region a screen reader reads.
    await waitText(browser, '[data-testid="notice"]', '已完成，等待党建办销号');
    assert.equal(await (await browser.$('[data-testid="close-out"]')).isExisting(), false, '一把手不能销号');

    // ---- As 党建办: close it out.
    await goTo(browser, 'settings');
    await choose(browser, '[data-testid="current-user"]', '王芳');
    await waitText(browser, '[data-testid="current-role"]', '党建办');
    await goTo(browser, 'stats');
    const before = await textOf(browser, '[data-testid="stats-rate"]');
    assert.equal(before, '0%');
    await goTo(browser, 'ledger');
    await waitText(browser, '[data-testid="ledger-total"]', '共 1 项');
    await click(browser, '[data-testid="ledger-rows"] [data-task-id]');

    // 退回 needs a reason: without one the core's Chinese message shows and nothing changes;
    // with one the task goes back to 整改中 with the reason shown, and is done again after a note.
    await click(browser, '[data-testid="send-back"]');
    await click(browser, '[data-testid="confirm-send-back"]');
    const noReason = await waitText(browser, '[data-testid="field-error"][data-field="reason"]', '不能为空');
    assert.match(noReason, /理由不能为空/);
    assert.equal(await textOf(browser, '[data-testid="task-status"]'), '已完成待销号');
    await typeInto(browser, '[data-testid="send-back-reason"]', '缺少税务人员进驻的照片');
    await click(browser, '[data-testid="confirm-send-back"]');
    await waitText(browser, '[data-testid="task-status"]', '整改中');
    await waitText(browser, '[data-testid="task-detail"]', '缺少税务人员进驻的照片');
    await typeInto(browser, '[data-testid="note-text"]', '补充综合窗口现场照片说明');
    await click(browser, '[data-testid="add-note"]');
    await waitText(browser, '[data-testid="task-notes"]', '补充综合窗口现场照片说明');
    await click(browser, '[data-testid="done-task"]');
    await waitText(browser, '[data-testid="task-status"]', '已完成待销号');

    await click(browser, '[data-testid="close-out"]');
    await click(browser, '[data-testid="confirm-ok"]');
    await waitText(browser, '[data-testid="task-status"]', '已销号');
    await waitText(browser, '[data-testid="notice"]', '已销号：该整改任务已办结');

    // ---- 统计: the figures changed.
    await goTo(browser, 'stats');
    await waitText(browser, '[data-testid="stats-rate"]', '100%');
    assert.equal(await textOf(browser, '[data-testid="stats-problems"]'), '2');
    assert.equal(await textOf(browser, '[data-testid="stats-walks"]'), '1');
    await waitText(browser, '[data-testid="stats-sentence"]', '发现问题 2 个、解决问题 2 个');
    await waitText(browser, '[data-testid="standalone-banner"]', '单机模式');
    await goTo(browser, 'dashboard');
    await waitText(browser, '[data-testid="fig-walks"]', '1');
    assert.equal(await textOf(browser, '[data-testid="fig-problems"]'), '2');

    // ---- 导出: the 纪实表 and the ledger as PDF hold the walk's text; so does the data file.
    await goTo(browser, 'export');
    await click(browser, '[data-testid="export-kind-walk_record"]');
    await waitText(browser, '[data-testid="export-walk"]', '二手房转移登记');
    await click(browser, '[data-testid="run-export"]');
    const walkPdf = (await waitText(browser, '[data-testid="export-path"]', '.pdf', 60000)).trim();
    const walkText = pdfText(walkPdf);
    assert.match(walkText, /以群众身份体验二手房转移登记/);
    assert.match(walkText, /取号排队/);
    assert.match(walkText, /转移登记与缴税分窗口办理/);

    await click(browser, '[data-testid="export-kind-ledger_pdf"]');
    await click(browser, '[data-testid="run-export"]');
    const ledgerPdf = (await waitText(browser, '[data-testid="export-path"]', '整改台账', 60000)).trim();
    assert.match(pdfText(ledgerPdf), /一窗受理/);
    await screenshot(browser, 'export-done');

    await click(browser, '[data-testid="export-kind-json"]');
    await click(browser, '[data-testid="run-export"]');
    const path = (await waitText(browser, '[data-testid="export-path"]', '.json')).trim();
    const text = readFileSync(path, 'utf8');
    assert.match(text, /以群众身份体验二手房转移登记/);
    assert.match(text, /一窗受理、集成服务/);
  }, { standalone: true });
});
