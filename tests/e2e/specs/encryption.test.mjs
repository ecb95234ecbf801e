// 数据加密 (issue 14, item 2): 设置 turns it on after saying a lost password cannot be recovered;
// the next start shows only the unlock screen, a wrong password is refused and opens nothing,
// the right one opens the 工作台; the file on disk is no longer a plain SQLite database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, openSync, readSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  axeReport, axeViolations, click, fieldNameProblems, goTo, isSerious, openApp, screenshot, seedDemo, setField,
  typeInto, waitText,
} from '../lib.mjs';

const PASSWORD = '示范单位密码2026';

function header(db) {
  const fd = openSync(db, 'r');
  const buf = Buffer.alloc(16);
  readSync(fd, buf, 0, 16, 0);
  closeSync(fd);
  return buf.toString('latin1');
}

test('encryption is turned on in 设置 and the next start asks for the password', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'walklog-e2e-enc-'));
  try {
    let app = await openApp({ seed: seedDemo, dir });
    try {
      const { browser } = app;
      await goTo(browser, 'settings');
      await waitText(browser, '[data-testid="no-recovery"]', '无法找回');
      // Too short, then not confirmed: refused beside the field, nothing encrypted.
      await setField(browser, '[data-testid="enc-new"]', '太短了');
      await setField(browser, '[data-testid="enc-again"]', '太短了');
      await click(browser, '[data-testid="enc-enable"]');
      await waitText(browser, '[data-testid="encryption"] [data-testid="field-error"]', '密码至少 8 个字符');
      await setField(browser, '[data-testid="enc-new"]', PASSWORD);
      await setField(browser, '[data-testid="enc-again"]', PASSWORD);
      await click(browser, '[data-testid="enc-enable"]');
      await waitText(browser, '[data-testid="encryption"] [data-testid="field-error"]', '密码遗失后数据无法找回');
      assert.equal(header(app.db), 'SQLite format 3\0', 'still plain');
      const panel = await browser.$('[data-testid="encryption"]');
      await panel.scrollIntoView();
      await screenshot(browser, '36-encryption-settings');
      await click(browser, '[data-testid="enc-understood"]');
      await click(browser, '[data-testid="enc-enable"]');
      await waitText(browser, '[data-testid="notice"]', '数据已加密', 30000);
      await waitText(browser, '[data-testid="enc-on"]', '数据已加密');
    } finally {
      await app.close();
    }
    assert.notEqual(header(join(dir, 'walklog.db')), 'SQLite format 3\0', 'the file is encrypted');

    app = await openApp({ dir });
    try {
      const { browser } = app;
      await waitText(browser, '[data-testid="unlock"]', '本机数据已加密', 15000);
      assert.equal((await browser.$$('nav [data-screen="dashboard"]')).length, 0, 'nothing but the unlock screen');
      const serious = (await axeViolations(browser, '解锁')).filter(isSerious);
      assert.deepEqual(axeReport('解锁', serious), []);
      assert.deepEqual(await fieldNameProblems(browser), []);
      await typeInto(browser, '[data-testid="unlock-password"]', '猜的密码不对吧');
      await click(browser, '[data-testid="unlock-submit"]');
      await waitText(browser, '[data-testid="unlock"] [data-testid="field-error"]', '密码不正确', 15000);
      await screenshot(browser, '37-unlock-wrong-password');
      await typeInto(browser, '[data-testid="unlock-password"]', PASSWORD);
      await click(browser, '[data-testid="unlock-submit"]');
      await (await browser.$('nav [data-screen="dashboard"]')).waitForExist({ timeout: 20000 });
      await goTo(browser, 'walks');
      await waitText(browser, 'main', '体验');
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
