// The window itself: title, the first-run screen of a new database (who this computer is), then
// the Chinese navigation, the database given on the command line and 设置 → 本机身份.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completeFirstRun, goTo, openApp, screenshot, textOf, typeInto, waitText } from '../lib.mjs';

test('a new database opens on the first-run screen, then the Chinese navigation', async () => {
  const app = await openApp();
  try {
    const { browser } = app;
    assert.equal(await browser.getTitle(), '走流程纪实');
    await waitText(browser, '[data-testid="first-run"]', '这台电脑是');
    const first = await textOf(browser, '[data-testid="first-run"]');
    for (const words of ['单位端', '本单位使用', '党建办端', '党建办使用', '先看看演示数据']) assert.ok(first.includes(words), `首次使用界面缺少“${words}”`);
    assert.equal(await (await browser.$('nav')).isExisting(), false, '首次使用时不显示导航');

    await completeFirstRun(browser, { role: 'unit', unit: '市医疗保障局', user: '周敏', title: '局长' });
    const labels = await browser.$$('nav [data-screen]').map((el) => el.getText());
    assert.deepEqual(labels, ['工作台', '提醒', '计划', '体验记录', '问题清单', '整改台账', '挂图推进', '统计', '报送与接收', '冲突', '导出', '导入', '核验', '设置', '帮助']);
    await waitText(browser, '[data-testid="install-role"]', '单位端 · 市医疗保障局');
    assert.equal(await (await browser.$('[data-testid="standalone-banner"]')).isExisting(), false);

    await goTo(browser, 'settings');
    assert.equal(await textOf(browser, 'main h1'), '设置');
    await browser.waitUntil(async () => (await textOf(browser, '[data-testid="db-path"]')) === app.db, {
      timeout: 10000,
      timeoutMsg: '设置页未显示临时数据库路径',
    });
    await waitText(browser, '[data-testid="identity-role"]', '单位端');
    assert.equal(await textOf(browser, '[data-testid="identity-unit"]'), '市医疗保障局');
    assert.match(await textOf(browser, '[data-testid="identity-fingerprint"]'), /^[0-9A-F]{4}(-[0-9A-F]{4}){4}$/);
    assert.ok((await textOf(browser, '[data-testid="identity-key-file"]')).startsWith(app.dir), '密钥文件在数据文件夹中');
    await waitText(browser, '[data-testid="current-role"]', '一把手');
    await screenshot(browser, 'shell');
  } finally {
    await app.close();
  }
});

test('先看看演示数据 loads the demo and stays stand-alone, saying so', async () => {
  const app = await openApp();
  try {
    const { browser } = app;
    await waitText(browser, '[data-testid="first-run"]', '先看看演示数据');
    await (await browser.$('[data-testid="first-run-demo"]')).click();
    await waitText(browser, '[data-testid="standalone-banner"]', '演示数据 · 单机模式，不能报送', 60000);
    await waitText(browser, '[data-testid="fig-walks"]', (t) => Number(t) > 0);
    await goTo(browser, 'exchange');
    await waitText(browser, '[data-testid="exchange-standalone"]', '单机模式');
    await goTo(browser, 'settings');
    await waitText(browser, '[data-testid="identity-missing"]', '演示数据');
  } finally {
    await app.close();
  }
});

test('an install from before 本机身份 opens as it did, and sets its identity in 设置', async () => {
  const app = await openApp({ standalone: true });
  try {
    const { browser } = app;
    await waitText(browser, '[data-testid="standalone-banner"]', '未设置本机身份');
    await goTo(browser, 'settings');
    await waitText(browser, '[data-testid="identity-missing"]', '单机模式');
    await (await browser.$('[data-testid="identity-setup"]')).click();
    await (await browser.$('[data-testid="role-office"]')).click();
    await typeInto(browser, '[data-testid="init-dept-name"]', '金水区委党建办');
    await typeInto(browser, '[data-testid="init-user-name"]', '孙丽');
    await (await browser.$('[data-testid="init-save"]')).click();
    await waitText(browser, '[data-testid="identity-role"]', '党建办端');
    await waitText(browser, '[data-testid="roster-list"]', '还没有单位登记');
    await waitText(browser, '[data-testid="install-role"]', '党建办端 · 金水区委党建办');
    assert.equal(await (await browser.$('[data-testid="standalone-banner"]')).isExisting(), false);
  } finally {
    await app.close();
  }
});
