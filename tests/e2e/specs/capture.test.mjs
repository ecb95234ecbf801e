// 记录方式 as a person sees it: a walk logged on the live screen reads 现场记录 2/2 环节; a walk
// whose step was typed in afterwards (补录环节) reads 现场记录 0/1 环节 with the sentence saying when
// it was typed — on the live screen and in the 体验记录 list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { click, completeFirstRun, exifJpeg, goTo, invoke, planWalk, screenshot, textOf, typeInto, waitText, withApp } from '../lib.mjs';

const CLOCK = '2026-03-05T09:30:00+08:00';

test('live and typed-in walks show their capture modes', async () => {
  await withApp('capture', async ({ browser, dir }) => {
    await completeFirstRun(browser, { role: 'unit', unit: '市政务服务中心', user: '周强', title: '主任' });
    await planWalk(browser, '现场体验企业开办', '2026-03-05');
    await planWalk(browser, '补录体验社保卡补换', '2026-03-05');

    // Live: 开始, two 下一环节, 结束.
    await goTo(browser, 'walks');
    await click(browser, '//button[normalize-space(.)="现场体验企业开办"]');
    await click(browser, '[data-testid="start-walk"]');
    await waitText(browser, '[data-testid="walk-status"]', '进行中');
    for (const name of ['取号', '综合窗口受理']) {
      await typeInto(browser, '[data-testid="next-name"]', name);
      await click(browser, '[data-testid="next-step"]');
      await waitText(browser, '[data-testid="steps"]', name);
    }
    await click(browser, '[data-testid="finish-walk"]');
    await click(browser, '[data-testid="confirm-ok"]');
    await waitText(browser, '[data-testid="walk-status"]', '已完成');
    await waitText(browser, '[data-testid="capture"]', (t) => t.includes('现场记录 2/2 环节'));
    assert.equal((await browser.$$('[data-testid="step-capture"]')).length, 0, 'no step is marked');

    // Photos of 取号 with their camera times: one a minute into the step, one three hours before.
    const live = (await invoke(browser, 'walks', {})).find((w) => w.title === '现场体验企业开办');
    const first = (await invoke(browser, 'walk_detail', { walk_id: live.id })).steps[0];
    const at = (minutes) => new Date(Date.parse(first.started_at) + minutes * 60000);
    await invoke(browser, 'attach_file', { owner_kind: 'step', owner_id: first.id, path: exifJpeg(join(dir, '排队取号.jpg'), at(1)) });
    await invoke(browser, 'attach_file', { owner_kind: 'step', owner_id: first.id, path: exifJpeg(join(dir, '早上的照片.jpg'), at(-180)) });
    await goTo(browser, 'walks');
    await click(browser, '//button[normalize-space(.)="现场体验企业开办"]');
    await click(browser, '//button[contains(@class,"step-btn")][.//span[normalize-space(.)="取号"]]');
    const photos = await waitText(browser, '[data-testid="photo-list"]', (t) => t.includes('早上的照片'));
    // On the step's clock (+08:00), whatever time zone this machine read the camera time in.
    assert.match(photos, /排队取号\.jpg\s*拍摄于 3月5日 09:3\d/, photos);
    assert.match(photos, /早上的照片\.jpg\s*拍摄于 3月5日 06:3\d/, photos);
    assert.equal((await browser.$$('[data-testid="photo-flag"]')).length, 1, photos);
    assert.match(await textOf(browser, '[data-testid="photo-flag"]'), /拍摄时间不在本环节内（早 (2 小时 5\d 分|3 小时)/);
    await screenshot(browser, 'capture-photo-presence');

    // Typed in: started and ended at once, its step entered afterwards with its times.
    await goTo(browser, 'walks');
    await click(browser, '//button[normalize-space(.)="补录体验社保卡补换"]');
    await click(browser, '[data-testid="start-walk"]');
    await waitText(browser, '[data-testid="walk-status"]', '进行中');
    await click(browser, '[data-testid="finish-walk"]');
    await click(browser, '[data-testid="confirm-ok"]');
    await waitText(browser, '[data-testid="walk-status"]', '已完成');
    await click(browser, '[data-testid="typed-open"]');
    await typeInto(browser, '[data-testid="typed-name"]', '窗口受理');
    await typeInto(browser, '[data-testid="typed-start"]', '9点');
    await typeInto(browser, '[data-testid="typed-end"]', '09:25');
    await click(browser, '[data-testid="typed-save"]');
    await waitText(browser, '[data-testid="typed-step"]', (t) => t.includes('时间应写成'));
    await typeInto(browser, '[data-testid="typed-start"]', '09:05');
    await click(browser, '[data-testid="typed-save"]');
    await waitText(browser, '[data-testid="steps"]', '窗口受理');
    const capture = await waitText(browser, '[data-testid="capture"]', (t) => t.includes('现场记录 0/1 环节'));
    assert.match(capture, /第 1 环节时间为事后补录（3月5日 09:30 录入）/, capture);
    assert.match(await textOf(browser, '[data-testid="step-capture"]'), /事后补录/);
    await screenshot(browser, 'capture-typed-walk');
    // Its 修改记录: the step typed in after the walk ended is a late edit, with how it was recorded.
    await click(browser, '[data-testid="history-walk"] summary');
    const history = await waitText(browser, '[data-testid="history-entries"]', '补录环节');
    assert.match(history, /记录方式/, history);
    await screenshot(browser, 'capture-walk-history');

    // The list says which walk was recorded live.
    await goTo(browser, 'walks');
    const row = async (title) => textOf(browser, `//table[@data-testid="walk-list"]//tr[.//button[normalize-space(.)="${title}"]]`);
    await waitText(browser, '[data-testid="walk-list"]', (t) => t.includes('现场记录 0/1 环节'));
    assert.match(await row('现场体验企业开办'), /现场记录 2\/2 环节/);
    assert.match(await row('补录体验社保卡补换'), /现场记录 0\/1 环节/);
    await screenshot(browser, 'capture-walk-list');

    // Sealed and printed; the QR payload scanned at 核验 says what the walk is now.
    const typed = (await invoke(browser, 'walks', {})).find((w) => w.title === '补录体验社保卡补换');
    const sealed = await invoke(browser, 'archive_walk', { walk_id: typed.id });
    await goTo(browser, 'verify');
    await typeInto(browser, '[data-testid="verify-code"]', `WALKLOG1:${sealed.seal_code}:WALK:${typed.id.toUpperCase()}`);
    await click(browser, '[data-testid="verify-run"]');
    await waitText(browser, '[data-testid="verify-result"]', '核验通过');
    const now = await waitText(browser, '[data-testid="verify-now"]', '体验状态：已归档');
    assert.match(now, /记录方式：现场记录 0\/1 环节/, now);
    await screenshot(browser, 'capture-verify-now');
  }, { args: ['--clock', CLOCK] });
});
