// The app's budgets of issue 5, measured on the built app under Xvfb through WebDriver:
//   launch to the 工作台 showing figures (< 1.5 s), the 整改台账 with 10,000 tasks rendering its
//   first screen (< 300 ms) and filtering (< 100 ms), resident memory with the demo data (< 250 MB).
// Run by `make bench` (tauri-driver must be listening on E2E_PORT; see bench/run.sh).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, openApp, seedDemo } from '../lib.mjs';
import { bigLedger } from './bigdata.mjs';

const ms = (a, b) => `${(b - a).toFixed(0)} ms`;

/** RSS in MB of every process whose command line mentions `needle`, and of WebKit's helpers. */
function rssOf(needle) {
  let app = 0, web = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let cmd = '', status = '';
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      status = readFileSync(`/proc/${pid}/status`, 'utf8');
    } catch { continue; }
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    if (cmd.includes(needle)) app += kb;
    else if (/WebKitWebProcess|WebKitNetworkProcess/.test(cmd)) web += kb;
  }
  return { app: app / 1024, web: web / 1024 };
}

async function waitFor(browser, script, timeout = 20000) {
  const t0 = Date.now();
  for (;;) {
    if (await browser.execute(script)) return;
    if (Date.now() - t0 > timeout) throw new Error(`超时：${script}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

// ---- launch and memory on the demo data
{
  let t0 = 0;
  // Launch = from just after the demo data is written to the figures on screen: the WebDriver
  // session starts the process, the window and the UI.
  const app = await openApp({ seed: (db) => { seedDemo(db); t0 = performance.now(); } });
  const t1 = performance.now();
  await waitFor(app.browser, () => Number(document.querySelector('[data-testid="fig-walks"]')?.textContent) > 0);
  const t2 = performance.now();
  const rss = rssOf(app.db);
  console.log(`启动到工作台显示数字：${ms(t0, t2)}（其中 WebDriver 建立会话 ${ms(t0, t1)}）`);
  console.log(`常驻内存（示例数据）：应用进程 ${rss.app.toFixed(0)} MB，WebKit 辅助进程 ${rss.web.toFixed(0)} MB，合计 ${(rss.app + rss.web).toFixed(0)} MB`);
  await app.close();
}

// ---- the ledger with 10,000 tasks
{
  const dir = mkdtempSync(join(tmpdir(), 'walklog-bench-'));
  const file = join(dir, 'big.json');
  const made = bigLedger(file, 10_000);
  const app = await openApp({ seed: (db) => cli('--db', db, 'import', file) });
  const { browser } = app;
  await waitFor(browser, () => document.querySelector('[data-testid="fig-walks"]') !== null);
  // Measured inside the page: from the click to the first rows painted (two animation frames).
  const first = await browser.executeAsync((done) => {
    const t0 = performance.now();
    document.querySelector('nav [data-screen="ledger"]').click();
    const check = () => {
      const rows = document.querySelectorAll('[data-testid="ledger-rows"] [data-task-id]').length;
      if (rows > 0) requestAnimationFrame(() => requestAnimationFrame(() => done({ ms: performance.now() - t0, rows })));
      else setTimeout(check, 1);
    };
    check();
  });
  const total = await browser.execute(() => document.querySelector('[data-testid="ledger-total"]')?.textContent);
  const filter = await browser.executeAsync((done) => {
    const sel = document.querySelector('[data-testid="ledger-status"]');
    const before = document.querySelector('[data-testid="ledger-total"]').textContent;
    const t0 = performance.now();
    sel.value = 'open';
    sel.dispatchEvent(new Event('change', { bubbles: true }));
    const check = () => {
      const now = document.querySelector('[data-testid="ledger-total"]').textContent;
      const rows = document.querySelectorAll('[data-testid="ledger-rows"] [data-task-id]').length;
      if (now !== before && rows > 0) requestAnimationFrame(() => requestAnimationFrame(() => done({ ms: performance.now() - t0, now })));
      else setTimeout(check, 1);
    };
    check();
  });
  console.log(`整改台账（${made.tasks} 项任务，${total}）首屏：${first.ms.toFixed(0)} ms，渲染 ${first.rows} 行`);
  console.log(`整改台账按状态筛选（${filter.now}）：${filter.ms.toFixed(0)} ms`);
  await app.close();
  execFileSync('rm', ['-rf', dir]);
}
