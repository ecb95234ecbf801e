// Helpers shared by the e2e specs: start the app on a fresh temp database, find elements by
// their visible Chinese text, wait for the UI, and save screenshots.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { remote } from 'webdriverio';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../..');
const APP = process.env.WALKLOG_APP ?? join(repoRoot, 'target/debug/walklog-app');
const CLI = process.env.WALKLOG_CLI ?? join(repoRoot, 'target/debug/walklog');
const PORT = Number(process.env.E2E_PORT ?? 4444);

/**
 * Starts the app on a new temp database. `seed(dbPath)` may fill it first (e.g. demo data);
 * `args` are more arguments for the app (e.g. a test clock). `dir` names a folder of one's own
 * instead (another start of the same install: it is kept on close). `standalone` makes the new
 * database an install from before 本机身份 existed (see `becomeOlderInstall`).
 * Returns the WebdriverIO browser, the db path and a `close()` that ends the session and
 * removes the temp folder.
 */
export async function openApp({ seed, args = [], dir: own, standalone = false } = {}) {
  const dir = own ?? mkdtempSync(join(tmpdir(), 'walklog-e2e-db-'));
  const db = join(dir, 'walklog.db');
  if (seed) seed(db);
  const browser = await remote({
    hostname: '127.0.0.1',
    port: PORT,
    logLevel: 'warn',
    connectionRetryCount: 0,
    capabilities: {
      'tauri:options': { application: APP, args: ['--db', db, ...args] },
    },
  });
  const close = async () => {
    try {
      await browser.deleteSession();
    } finally {
      if (!own) rmSync(dir, { recursive: true, force: true });
    }
  };
  if (standalone) {
    try {
      await becomeOlderInstall(browser);
    } catch (err) {
      await close();
      throw err;
    }
  }
  return { browser, db, dir, close };
}

/** Calls a Tauri command as the UI does, from inside the window; resolves to its value. */
export async function invoke(browser, cmd, args = {}) {
  return browser.execute((c, a) => window.__TAURI_INTERNALS__.invoke(c, a), cmd, args);
}

/**
 * Turns the new, empty database the window shows the first-run screen for into an install from
 * before 本机身份 existed: used once (one line in its log, as a remembered screen leaves) and never
 * set up. The app then opens as it always did, stand-alone, everything in one window, which is
 * what the specs of those screens test. Reloads the page so the UI asks again.
 */
export async function becomeOlderInstall(browser) {
  await (await browser.$('[data-testid="first-run"]')).waitForExist({ timeout: 15000 });
  await invoke(browser, 'set_ui_state', { key: 'last_screen', value: 'dashboard' });
  await browser.refresh();
  const nav = await browser.$('nav [data-screen="dashboard"]');
  await nav.waitForExist({ timeout: 15000, timeoutMsg: '用过的旧数据库仍显示首次使用界面' });
}

/**
 * Answers the first-run screen: 单位端 or 党建办端 (`role` 'unit' | 'office'), a new unit and the
 * person who uses this computer. Ends on 工作台.
 */
export async function completeFirstRun(browser, { role, unit, user, title = '', shot } = {}) {
  await (await browser.$('[data-testid="first-run"]')).waitForExist({ timeout: 15000 });
  await click(browser, `[data-testid="role-${role}"]`);
  await typeInto(browser, '[data-testid="init-dept-name"]', unit);
  await typeInto(browser, '[data-testid="init-user-name"]', user);
  if (title) await typeInto(browser, '[data-testid="init-user-title"]', title);
  if (shot) await screenshot(browser, shot);
  await click(browser, '[data-testid="init-save"]');
  await (await browser.$('nav [data-screen="dashboard"]')).waitForExist({ timeout: 15000 });
}

/** Seeds a database with the core's demo data through the `walklog` CLI. */
export function seedDemo(db) {
  execFileSync(CLI, ['--db', db, 'demo', '--seed', '7'], { stdio: 'pipe' });
}

/** Runs the `walklog` CLI and returns its stdout. */
export function cli(...args) {
  return execFileSync(CLI, args, { encoding: 'utf8' });
}

/** Waits until `fn()` returns a truthy value; returns it. */
export async function until(browser, fn, { timeout = 10000, msg = '等待超时' } = {}) {
  let value;
  await browser.waitUntil(
    async () => {
      value = await fn();
      return Boolean(value);
    },
    { timeout, interval: 100, timeoutMsg: msg },
  );
  return value;
}

/** Text of the element matched by the CSS selector, once it exists. */
export async function textOf(browser, selector, timeout = 10000) {
  const el = await browser.$(selector);
  await el.waitForExist({ timeout });
  return (await browser.execute((node) => node.textContent ?? '', el)).trim();
}

/** Clicks the nav entry of a screen (data-screen attribute = screen id). */
export async function goTo(browser, screenId) {
  const el = await browser.$(`nav [data-screen="${screenId}"]`);
  await el.waitForClickable({ timeout: 10000 });
  await el.click();
}

/** The first button whose visible text is exactly `text`. */
export async function button(browser, text) {
  const el = await browser.$(`//button[normalize-space(.)="${text}"]`);
  await el.waitForClickable({ timeout: 10000 });
  return el;
}

/**
 * Saves a PNG of the window as the X display shows it (ImageMagick's `import`, cropped to the
 * window). WebDriver's own screenshot asks WebKit for a snapshot, which hangs now and then when
 * the app uses WebKit's non-DMA-BUF renderer (its choice on machines without a GPU, see
 * src-tauri/src/main.rs). Waits two animation frames first so the last DOM change is painted.
 * The folder is WALKLOG_SCREENSHOTS_DIR (`make screenshots` sets docs/screenshots) or
 * target/e2e-screenshots.
 */
export async function screenshot(browser, name) {
  const outDir = process.env.WALKLOG_SCREENSHOTS_DIR
    ? resolve(repoRoot, process.env.WALKLOG_SCREENSHOTS_DIR)
    : join(repoRoot, 'target/e2e-screenshots');
  mkdirSync(outDir, { recursive: true });
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  const { x, y, width, height } = await browser.getWindowRect();
  const file = join(outDir, `${name}.png`);
  execFileSync('import', ['-window', 'root', '-crop', `${width}x${height}+${x}+${y}`, '+repage', file], {
    stdio: 'pipe', timeout: 30000,
  });
  return file;
}

/**
 * Sets an input, select or textarea the way a user's edit would end: value, then the `input`
 * and `change` events Svelte listens to. (Typing into <input type=date> differs per WebKit
 * version; this is what the browser itself does once a date is picked.)
 */
export async function setField(browser, selector, value) {
  const el = await browser.$(selector);
  await el.waitForExist({ timeout: 10000 });
  await browser.execute(
    (node, v) => {
      const proto = Object.getPrototypeOf(node);
      const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
      if (setter) setter.call(node, v);
      else node.value = v;
      node.dispatchEvent(new Event('input', { bubbles: true }));
      node.dispatchEvent(new Event('change', { bubbles: true }));
    },
    el,
    value,
  );
}

/** Types text into a field through real key events (Chinese works through WebDriver). */
export async function typeInto(browser, selector, text) {
  const el = await browser.$(selector);
  await el.waitForDisplayed({ timeout: 10000 });
  await el.click();
  await el.clearValue();
  await el.addValue(text);
}

/** Clicks the element matched by the selector once it is clickable. */
export async function click(browser, selector) {
  const el = await browser.$(selector);
  await el.waitForClickable({ timeout: 10000 });
  await el.click();
}

/** Selects the <option> whose visible text contains `text`. */
export async function choose(browser, selector, text) {
  const el = await browser.$(selector);
  await el.waitForExist({ timeout: 10000 });
  const value = await browser.execute(
    (node, t) => [...node.options].find((o) => o.textContent.includes(t))?.value ?? null,
    el,
    text,
  );
  if (value === null) throw new Error(`选项“${text}”不存在于 ${selector}`);
  await setField(browser, selector, value);
}

/** Waits until the element's text satisfies `pred` (string = contains). */
export async function waitText(browser, selector, pred, timeout = 10000) {
  const test = typeof pred === 'string' ? (t) => t.includes(pred) : pred;
  let last = '';
  await browser.waitUntil(
    async () => {
      const el = await browser.$(selector);
      if (!(await el.isExisting())) return false;
      // textContent rather than WebDriver's rendered text: WebKitWebDriver returns "" for
      // some styled containers (lists without markers) although their text is on screen.
      last = await browser.execute((node) => node.textContent ?? '', el);
      return test(last);
    },
    { timeout, interval: 100, timeoutMsg: `${selector} 的文字不符合预期，最后为：“${last}”` },
  );
  return last;
}

/** Local date as YYYY-MM-DD, offset by `days`. */
export function isoDate(days = 0) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/**
 * Runs `fn(app)` on a fresh app and always closes it; on failure saves a screenshot named
 * `failed-<name>` (in target/e2e-screenshots) and prints the error shown on screen, if any.
 */
export async function withApp(name, fn, options = {}) {
  const app = await openApp(options);
  try {
    await fn(app);
  } catch (err) {
    try {
      const file = await screenshot(app.browser, `failed-${name}`);
      const errors = await app.browser.$$('[data-testid="error"], [data-testid="field-error"]').map((e) => e.getText());
      console.error(`失败截图：${file}${errors.length ? `；界面上的错误：${errors.join(' | ')}` : ''}`);
    } catch {
      // The window may be gone; the original error matters more.
    }
    throw err;
  } finally {
    await app.close();
  }
}

/**
 * Writes a small JPEG (drawn by ImageMagick) with an EXIF DateTimeOriginal of `taken` (a Date),
 * as a camera writes it: this machine's local wall time, no offset. Returns the file's path.
 */
export function exifJpeg(path, taken) {
  try {
    execFileSync('convert', ['-size', '64x48', 'xc:#8899aa', path], { stdio: 'pipe' });
  } catch (e) {
    throw new Error(`需要 ImageMagick 的 convert 来生成测试照片（apt install imagemagick）：${e.message}`);
  }
  const p = (n) => String(n).padStart(2, '0');
  const text = `${taken.getFullYear()}:${p(taken.getMonth() + 1)}:${p(taken.getDate())} ${p(taken.getHours())}:${p(taken.getMinutes())}:${p(taken.getSeconds())}\0`;
  // TIFF, little-endian: IFD0 holds only the Exif IFD's offset (26); that IFD holds only
  // DateTimeOriginal (ASCII, 20 bytes at 44).
  const tiff = Buffer.alloc(64);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  tiff.writeUInt16LE(1, 8);
  tiff.writeUInt16LE(0x8769, 10); tiff.writeUInt16LE(4, 12); tiff.writeUInt32LE(1, 14); tiff.writeUInt32LE(26, 18);
  tiff.writeUInt32LE(0, 22);
  tiff.writeUInt16LE(1, 26);
  tiff.writeUInt16LE(0x9003, 28); tiff.writeUInt16LE(2, 30); tiff.writeUInt32LE(20, 32); tiff.writeUInt32LE(44, 36);
  tiff.writeUInt32LE(0, 40);
  tiff.write(text, 44, 'latin1');
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(body.length + 2, 2);
  const jpeg = readFileSync(path);
  writeFileSync(path, Buffer.concat([jpeg.subarray(0, 2), app1, body, jpeg.subarray(2)]));
  return path;
}

/** Plans a 交叉体验 at 市民之家 of the current user's unit, by the command the 计划 form uses. */
export async function planWalk(browser, title, plannedDate, kind = 'cross') {
  const dept = (await invoke(browser, 'install_state')).identity.identity.department_id;
  const head = await invoke(browser, 'current_user');
  return invoke(browser, 'plan_walk', { walk: {
    id: '', title, department_id: dept, leader_id: head.id, kind, manner: null,
    ways: [], channel: 'hall', place_level: 'city_hall', place_name: '市民之家', matter_ids: [], companion_ids: [],
    incognito: null, alias: null, planned_date: plannedDate, started_at: null, ended_at: null, status: 'planned',
    reflection: '', suggestions: 0, questionnaires: 0, coordinated: 0, seal_code: null,
    capture: { mode: 'typed', entered_at: null, amended_at: null, original_started_at: null, original_ended_at: null },
  } });
}

/** A completed walk with a 复杂共性 problem and its task, done with a note (as the unit's head). */
export async function doneTask(browser) {
  const state = await invoke(browser, 'install_state');
  const dept = state.identity.identity.department_id;
  const head = await invoke(browser, 'current_user');
  const owner = await invoke(browser, 'save_person', { person: { id: '', name: '李华', title: '科长', role: 'owner', department_id: dept } });
  const today = new Date().toISOString().slice(0, 10);
  const walk = await planWalk(browser, '体验企业开办一件事', today, 'acceptance');
  await invoke(browser, 'start_walk', { walk_id: walk.id });
  await invoke(browser, 'next_step', { walk_id: walk.id, name: '综合窗口受理', place: '二楼' });
  await invoke(browser, 'complete_walk', { walk_id: walk.id });
  const problem = await invoke(browser, 'record_problem', { problem: {
    id: '', walk_id: walk.id, step_id: null, category: 'materials', standards: [], severity: 'major', nature: 'systemic',
    description: '开办材料要求反复提交', on_spot_action: null, resolved_on: null, found_on: today,
  } });
  const task = await invoke(browser, 'save_task', { task: {
    id: '', problem_ids: [problem.id], measure: '一次告知所需材料', department_id: dept, owner_id: owner.id,
    deadline: '2099-12-31', status: 'open', matter_id: null, before: null, after: null,
    outcomes: { process_optimised: true, time_compressed: false, policy_issued: false },
    sent_back_reason: null, done_on: null, closed_out_on: null, created_on: today,
  } });
  await invoke(browser, 'add_note', { task_id: task.id, text: '已印发一次性告知单' });
  await invoke(browser, 'mark_task_done', { task_id: task.id });
  return task.id;
}

const AXE = join(here, 'node_modules/axe-core/axe.min.js');

/** Runs axe-core (injected into the window through WebDriver) on what is on screen; returns its
 *  violations as { id, impact, help, nodes: ["selector html…"] }. */
export async function axeViolations(browser, where) {
  let source;
  try {
    source = readFileSync(AXE, 'utf8');
  } catch {
    throw new Error(`找不到 axe-core（${AXE}）：请在 tests/e2e 下运行 npm ci`);
  }
  const injected = await browser.execute(() => typeof window.axe === 'object');
  if (!injected) await browser.execute(`${source}\nreturn typeof window.axe;`);
  const raw = await browser.executeAsync((done) => {
    window.axe
      .run(document, { resultTypes: ['violations'] })
      .then((r) => done(JSON.stringify(r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => `${n.target.join(' ')} ${n.html.slice(0, 120)} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 200)}`),
      })))))
      .catch((e) => done(JSON.stringify({ error: String(e) })));
  });
  const result = JSON.parse(raw);
  if (result.error) throw new Error(`${where}：axe-core 运行失败：${result.error}`);
  return result;
}

export const isSerious = (v) => v.impact === 'serious' || v.impact === 'critical';

/** The violations of `where` as readable lines. */
export function axeReport(where, violations) {
  return violations.map((v) => `${where} [${v.impact}] ${v.id}（${v.help}）：\n${v.nodes.slice(0, 6).map((n) => `    ${n}`).join('\n')}`);
}

/**
 * Form fields (input, select, textarea) on screen whose accessible names are the same or
 * missing: a screen reader user hears two 「状态」 boxes and cannot tell them apart. The name
 * is aria-label, else aria-labelledby's text, else the <label> (for= or around it).
 */
export async function fieldNameProblems(browser) {
  return browser.execute(() => {
    const visible = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
    const nameOf = (e) => {
      const aria = e.getAttribute('aria-label');
      if (aria && aria.trim()) return aria.trim();
      const by = e.getAttribute('aria-labelledby');
      if (by) return by.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim();
      const label = (e.id && document.querySelector(`label[for="${CSS.escape(e.id)}"]`)) || e.closest('label');
      return (label?.textContent ?? '').replace(/\s+/g, ' ').trim();
    };
    const fields = [...document.querySelectorAll('input:not([type=hidden]), select, textarea')].filter(visible)
      // A group of radio buttons or check boxes shares its question; each option has its own label.
      .filter((e) => !(e.type === 'radio' || e.type === 'checkbox') || nameOf(e));
    const seen = new Map();
    const problems = [];
    for (const e of fields) {
      const name = nameOf(e);
      const what = `${e.tagName.toLowerCase()}${e.dataset.testid ? `[data-testid=${e.dataset.testid}]` : ''}`;
      if (!name) { problems.push(`${what} 没有名称`); continue; }
      if (seen.has(name) && !e.closest('[data-row], tr, li')) problems.push(`“${name}”重名：${seen.get(name)} 与 ${what}`);
      else seen.set(name, what);
    }
    return problems;
  });
}
