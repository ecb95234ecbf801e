// The app's budgets (issue 15), measured on the built app under Xvfb through WebDriver:
//   launch to the 工作台 showing figures (< 0.7 s), memory after every screen of the menu has
//   been opened once (< 250 MB PSS, app and WebKit's processes together), the 整改台账 with
//   10,000 tasks rendering its first screen (< 100 ms) and filtering (< 50 ms); and the 挂图推进
//   of the same 10,000 long tasks (issue 13: first screen < 300 ms).
// Run by `make bench` on the release build (tauri-driver must be listening on E2E_PORT; see
// bench/run.sh). Each line ends with the budget and whether it was met.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, openApp, seedDemo } from '../lib.mjs';
import { bigLedger } from './bigdata.mjs';

const ms = (a, b) => `${(b - a).toFixed(0)} ms`;
/** 「（预算 < 100 ms，达标）」 */
const budget = (value, limit, unit) => `（预算 < ${limit} ${unit}，${value < limit ? '达标' : '超出'}）`;

/**
 * Memory in MB of the app process and of WebKit's web and network processes: RSS, and PSS
 * (shared pages divided among the processes that map them). RSS counts libwebkit2gtk once per
 * process, so the RSS sum overstates what the app costs; the PSS sum is that cost.
 */
function memoryOf(needle) {
  const sum = { app: { rss: 0, pss: 0 }, web: { rss: 0, pss: 0 } };
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let cmd = '', rollup = '';
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (!cmd.includes(needle) && !/WebKitWebProcess|WebKitNetworkProcess/.test(cmd)) continue;
      rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    } catch { continue; }
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(rollup)?.[1] ?? 0) / 1024;
    const into = cmd.includes(needle) ? sum.app : sum.web;
    into.rss += kb('Rss');
    into.pss += kb('Pss');
  }
  return sum;
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
  const mem = memoryOf(app.db);
  const mb = (x) => `${x.toFixed(0)} MB`;
  console.log(`启动到工作台显示数字：${ms(t0, t2)}（其中 WebDriver 建立会话 ${ms(t0, t1)}）${budget(t2 - t0, 700, 'ms')}`);
  console.log(`内存（示例数据，PSS）：应用进程 ${mb(mem.app.pss)} + WebKit 辅助进程 ${mb(mem.web.pss)} = ${mb(mem.app.pss + mem.web.pss)}`);
  console.log(`  （RSS 各自计入共享库：应用进程 ${mb(mem.app.rss)}，WebKit 辅助进程 ${mb(mem.web.rss)}）`);
  // And after every screen of the menu has been opened once (统计 loads ECharts and draws its
  // charts), back on the 工作台.
  const screens = await app.browser.execute(() => [...document.querySelectorAll('nav [data-screen]')].map((b) => b.dataset.screen));
  for (const screen of [...screens.filter((s) => s !== 'dashboard'), 'dashboard']) {
    await app.browser.execute((s) => document.querySelector(`nav [data-screen="${s}"]`).click(), screen);
    await new Promise((r) => setTimeout(r, 700));
  }
  const after = memoryOf(app.db);
  const total = after.app.pss + after.web.pss;
  console.log(`内存（打开过菜单中全部 ${screens.length} 个界面后，PSS）：应用进程 ${mb(after.app.pss)} + WebKit 辅助进程 ${mb(after.web.pss)} = ${mb(total)}${budget(total, 250, 'MB')}`);
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
  // The command alone (IPC + core query + JSON), to tell its share from the re-render's.
  const ipc = await browser.executeAsync((done) => {
    const filter = { status: 'open', sort: 'deadline_asc', offset: 0, limit: 200 };
    const times = [];
    const once = () => {
      const t0 = performance.now();
      window.__TAURI_INTERNALS__.invoke('ledger', { filter }).then(() => {
        times.push(performance.now() - t0);
        if (times.length < 5) once();
        else done(times.sort((a, b) => a - b)[2]);
      });
    };
    once();
  });
  console.log(`整改台账（${made.tasks} 项任务，${total}）首屏：${first.ms.toFixed(0)} ms，渲染 ${first.rows} 行${budget(first.ms, 100, 'ms')}`);
  console.log(`整改台账按状态筛选（${filter.now}）：${filter.ms.toFixed(0)} ms（其中 ledger 命令往返 200 行，五次中位 ${ipc.toFixed(0)} ms）${budget(filter.ms, 50, 'ms')}`);
  // 挂图推进 (issue 13: 500 tasks render their first screen < 300 ms): every one of these tasks
  // runs 30 days or more, so the chart holds all 10,000 — twenty times the budget's rows.
  const chart = await browser.executeAsync((done) => {
    const t0 = performance.now();
    document.querySelector('nav [data-screen="chart"]').click();
    const check = () => {
      const rows = document.querySelectorAll('[data-testid="chart-rows"] .crow').length;
      if (rows > 0) requestAnimationFrame(() => requestAnimationFrame(() => done({ ms: performance.now() - t0, rows })));
      else setTimeout(check, 1);
    };
    check();
  });
  const charted = await browser.execute(() => document.querySelector('[data-testid="chart-figures"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '');
  console.log(`挂图推进（${made.tasks} 项长期任务${charted ? `，${charted}` : ''}）首屏：${chart.ms.toFixed(0)} ms，渲染 ${chart.rows} 行${budget(chart.ms, 300, 'ms')}`);
  await app.close();
  execFileSync('rm', ['-rf', dir]);
}
