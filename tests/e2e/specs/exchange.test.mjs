// 导入 and 核验 in the window: a file from another install is previewed (新增/未变/冲突) and
// imported whole; a tampered one is refused naming its record and field; the change log and a
// sealed walk's 核验码 are checked on the 核验 screen, and so is an exported file (文件核验). (A whole city's file goes into a stand-alone
// install; an install with an identity takes other units' records only as 报送包.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, click, goTo, screenshot, textOf, typeInto, waitText, withApp } from '../lib.mjs';

test('导入 previews and imports a file whole; 核验 checks the chain and a 核验码', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'walklog-e2e-exchange-'));
  const source = join(dir, 'source.db');
  cli('--db', source, 'demo', '--seed', '7');
  const file = join(dir, 'all.json');
  cli('--db', source, 'export-json', '--out', file);
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  const sealed = doc.walks.find((w) => w.status === 'archived');
  assert.ok(sealed, 'the demo has sealed walks');
  const tampered = join(dir, 'tampered.json');
  const bad = structuredClone(doc);
  bad.walks[doc.walks.indexOf(sealed)].title = '封存后改过的标题';
  writeFileSync(tampered, JSON.stringify(bad));

  await withApp('exchange', async ({ browser, db }) => {
    await goTo(browser, 'import');
    // A tampered file: refused, naming the record and field; nothing imported.
    await typeInto(browser, '[data-testid="import-path"]', tampered);
    await click(browser, '[data-testid="import-preview"]');
    const err = await textOf(browser, '[data-testid="error"]');
    assert.match(err, /walks\[\d+\]\.seal_code/, err);
    assert.match(err, /核验码/, err);

    await typeInto(browser, '[data-testid="import-path"]', file);
    await click(browser, '[data-testid="import-preview"]');
    await waitText(browser, '[data-testid="import-report"]', '新增');
    const report = await textOf(browser, '[data-testid="import-report"]');
    assert.match(report, /新增 \d+ 条，未变 0 条/, report);
    await screenshot(browser, '11-import');
    await click(browser, '[data-testid="import-run"]');
    await waitText(browser, '[data-testid="import-done"]', '导入完成');

    // The same file again: nothing new, the import button stays off.
    await click(browser, '[data-testid="import-preview"]');
    await waitText(browser, '[data-testid="import-report"]', '新增 0 条');
    assert.equal(await (await browser.$('[data-testid="import-run"]')).isEnabled(), false);

    await goTo(browser, 'verify');
    // The tables agree with the log, and the chain head to write down is shown.
    await waitText(browser, '[data-testid="tables-ok"]', '各表内容与变更记录一致');
    assert.match(await textOf(browser, '[data-testid="chain-anchor"]'), /^\d+:[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/);
    await waitText(browser, '[data-testid="chain"]', '哈希链完整');
    // 核对链头: the head shown is held, in the printed form too; one the log never reached is
    // said to be cut off; what cannot be a head keeps the button off, with a hint.
    const anchor = await textOf(browser, '[data-testid="chain-anchor"]');
    const [seq, hash] = anchor.split(':');
    await typeInto(browser, '[data-testid="anchor-input"]', `链头 第 ${seq} 条，${hash}`);
    await click(browser, '[data-testid="anchor-run"]');
    await waitText(browser, '[data-testid="anchor-result"]', '变更记录仍含有第');
    await typeInto(browser, '[data-testid="anchor-input"]', `${Number(seq) + 1000}:${hash}`);
    await click(browser, '[data-testid="anchor-run"]');
    await waitText(browser, '[data-testid="anchor-result"]', '变更记录被截断');
    await typeInto(browser, '[data-testid="anchor-input"]', '第五条');
    await waitText(browser, '[data-testid="anchor-hint"]', '请照抄');
    assert.equal(await (await browser.$('[data-testid="anchor-run"]')).isEnabled(), false);
    await typeInto(browser, '[data-testid="verify-code"]', sealed.seal_code.toLowerCase().replaceAll('-', ''));
    await click(browser, '[data-testid="verify-run"]');
    await waitText(browser, '[data-testid="verify-result"]', '核验通过');
    assert.match(await textOf(browser, '[data-testid="verify-result"]'), new RegExp(sealed.seal_code));
    await screenshot(browser, '12-verify');
    await typeInto(browser, '[data-testid="verify-code"]', '12-34');
    await click(browser, '[data-testid="verify-run"]');
    await waitText(browser, '[data-testid="error"]', '格式不对');

    // 文件核验: a ledger this install exported (through the CLI, on the same database) is known;
    // the same file with one byte changed is not.
    const ledger = join(dir, '台账.pdf');
    cli('--db', db, 'export', 'ledger', '--out', ledger);
    await typeInto(browser, '[data-testid="verify-file-path"]', ledger);
    await click(browser, '[data-testid="verify-file-run"]');
    await waitText(browser, '[data-testid="verify-file-result"]', '内容未改动');
    assert.match(await textOf(browser, '[data-testid="verify-file-result"]'), /本系统于 .* 导出（整改台账/);
    const bytes = readFileSync(ledger);
    bytes[bytes.length >> 1] ^= 1;
    const changed = join(dir, '改过的台账.pdf');
    writeFileSync(changed, bytes);
    await typeInto(browser, '[data-testid="verify-file-path"]', changed);
    await click(browser, '[data-testid="verify-file-run"]');
    await waitText(browser, '[data-testid="verify-file-result"]', '文件已被修改或不是本系统导出');
  }, { standalone: true });
});
