// 以评促改: a 好差评 export whose headers differ from the usual ones is read on 导入, its columns
// mapped by hand, previewed and imported; its 差评 then show in 问题清单 under 来源“好差评”, and one
// becomes a rectification task like any problem.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { choose, click, goTo, screenshot, seedDemo, setField, typeInto, until, waitText, withApp } from '../lib.mjs';

test('a 好差评 file is mapped, imported once, and its 差评 are problems', async () => {
  let file;
  const seed = (db) => {
    seedDemo(db);
    file = join(db, '..', '好差评导出.csv');
    writeFileSync(file, [
      '提交时间,服务事项,办理部门,评价渠道,星级评价,评价内容,流水号',
      '2026-11-20 10:15,住房公积金提取,郑州住房公积金管理中心,实体大厅评价器,非常满意,很快,HCP-E2E-1',
      '2026-11-21 09:00,住房公积金提取,郑州住房公积金管理中心,郑好办APP,不满意,要求提交的材料太多，跑了两次,HCP-E2E-2',
      '2026-11-22 14:30,不动产登记,郑州市不动产登记中心,政务服务网,非常不满意,窗口排队时间太长,HCP-E2E-3',
    ].join('\n') + '\n');
  };
  await withApp('reviews', async ({ browser }) => {
    await goTo(browser, 'import');
    await setField(browser, '[data-testid="reviews-path"]', file);
    await click(browser, '[data-testid="reviews-read"]');
    await (await browser.$('[data-testid="reviews-mapping"]')).waitForExist({ timeout: 10000 });
    // 办理部门 and 评价渠道 are found by their usual headers; the rest need a hand.
    await waitText(browser, '[data-testid="reviews-mapping"]', '请为评价时间、评价等级、工单号选择列');
    await choose(browser, '[data-testid="reviews-map-rated_at"]', '提交时间');
    await choose(browser, '[data-testid="reviews-map-grade"]', '星级评价');
    await choose(browser, '[data-testid="reviews-map-work_order"]', '流水号');
    await choose(browser, '[data-testid="reviews-map-matter"]', '服务事项');
    await click(browser, '[data-testid="reviews-preview"]');
    await waitText(browser, '[data-testid="reviews-report"]', '将新增 3 条，其中差评 2 条');
    await screenshot(browser, '31-reviews-import');
    await click(browser, '[data-testid="reviews-run"]');
    await waitText(browser, '[data-testid="reviews-done"]', '导入完成');
    // The same file again adds nothing.
    await click(browser, '[data-testid="reviews-preview"]');
    await waitText(browser, '[data-testid="reviews-report"]', '3 条此前已导入');
    const run = await browser.$('[data-testid="reviews-run"]');
    assert.equal(await run.isEnabled(), false, 'nothing to import the second time');

    await goTo(browser, 'problems');
    await choose(browser, '[data-testid="problem-source"]', '好差评');
    await until(browser, async () => (await browser.$$('[data-testid="problem-list"] tbody tr[data-problem-id]')).length === 2,
      { msg: '问题清单中应有 2 个好差评差评' });
    await waitText(browser, '[data-testid="problem-list"]', '好差评 · 工单号 HCP-E2E-3');
    await waitText(browser, '[data-testid="problem-list"]', '窗口排队时间太长');
    await screenshot(browser, '32-problems-reviews');
    // A 差评 follows the usual path: 生成整改任务 from the row, then the task in 整改台账.
    const row = await browser.$('//tr[@data-problem-id][.//*[contains(., "HCP-E2E-3")]]');
    await (await row.$('[data-testid="raise-task"]')).click();
    await typeInto(browser, '[data-testid="task-measure"]', '高峰期增开不动产登记窗口，推行预约办理');
    await click(browser, '[data-testid="save-task"]');
    await waitText(browser, '[data-testid="task-detail"]', '高峰期增开不动产登记窗口');
    await waitText(browser, '[data-testid="task-detail"]', '窗口排队时间太长');
  }, { seed });
});
