// The window itself: title, navigation in Chinese, the database given on the command line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goTo, openApp, screenshot, textOf } from '../lib.mjs';

test('the window opens on the temp database with the Chinese navigation', async () => {
  const app = await openApp();
  try {
    const { browser } = app;
    assert.equal(await browser.getTitle(), '走流程纪实');
    const labels = await browser.$$('nav [data-screen]').map((el) => el.getText());
    assert.deepEqual(labels, ['工作台', '体验记录', '问题清单', '整改台账', '统计', '导出', '导入', '核验', '设置']);
    await goTo(browser, 'settings');
    assert.equal(await textOf(browser, 'main h1'), '设置');
    await browser.waitUntil(async () => (await textOf(browser, '[data-testid="db-path"]')) === app.db, {
      timeout: 10000,
      timeoutMsg: '设置页未显示临时数据库路径',
    });
    await screenshot(browser, 'shell');
  } finally {
    await app.close();
  }
});
