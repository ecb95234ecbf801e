// The UI's production npm packages (issue 14, item 8): `npm audit --omit=dev` where the registry
// answers it, and always the reviewed list (npm-production.txt) against ui/package-lock.json:
// every shipped package listed at its version, with its licence one we accept.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const ui = join(here, '..', 'ui');
const ACCEPTED = ['MIT', 'Apache-2.0', 'BSD-3-Clause', 'BSD-2-Clause', '0BSD', 'ISC', 'MPL-2.0'];
const problems = [];

const lock = JSON.parse(readFileSync(join(ui, 'package-lock.json'), 'utf8'));
const shipped = new Map();
for (const [path, p] of Object.entries(lock.packages)) {
  if (!path || p.dev || p.devOptional) continue;
  shipped.set(path.replace(/^.*node_modules\//, ''), p.version);
}

const reviewed = new Map();
for (const line of readFileSync(join(here, 'npm-production.txt'), 'utf8').split('\n')) {
  if (!line.trim() || line.startsWith('#')) continue;
  const [name, version, ...licence] = line.trim().split(/\s+/);
  reviewed.set(name, { version, licence: licence.join(' ') });
}

for (const [name, version] of shipped) {
  const r = reviewed.get(name);
  if (!r) problems.push(`${name}@${version} 随应用发布，但不在 supply-chain/npm-production.txt 的已审核清单中`);
  else if (r.version !== version) problems.push(`${name} 已审核的是 ${r.version}，锁文件中是 ${version}：请审核新版本后更新清单`);
  let declared = '';
  try {
    declared = JSON.parse(readFileSync(join(ui, 'node_modules', name, 'package.json'), 'utf8')).license ?? '';
  } catch {
    problems.push(`${name} 未安装（先在 ui 下运行 npm ci）`);
    continue;
  }
  if (r && declared !== r.licence) problems.push(`${name} 声明的许可证“${declared}”与清单中的“${r.licence}”不同`);
  // An SPDX expression: every OR branch may be chosen; one accepted branch is enough.
  const branches = declared.replace(/[()]/g, '').split(/\s+OR\s+/).map((b) => b.trim());
  if (!branches.some((b) => b.split(/\s+AND\s+/).every((part) => ACCEPTED.includes(part)))) {
    problems.push(`${name} 的许可证“${declared}”不在接受范围内（${ACCEPTED.join('、')}）`);
  }
}
for (const name of reviewed.keys()) {
  if (!shipped.has(name)) problems.push(`清单中的 ${name} 已不随应用发布：请从 npm-production.txt 删去`);
}

// npm audit needs the registry's advisory endpoint; the registry this network reaches refuses
// it (HTTP 405), and then the reviewed list above is the check.
let audit = 'npm audit：';
try {
  const out = execFileSync('npm', ['audit', '--omit=dev', '--json'], { cwd: ui, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000 });
  const v = JSON.parse(out).metadata?.vulnerabilities ?? {};
  audit += `没有已知漏洞（${JSON.stringify(v)}）`;
} catch (e) {
  let report = null;
  try { report = JSON.parse(e.stdout ?? ''); } catch { /* not JSON */ }
  const v = report?.metadata?.vulnerabilities;
  if (v && Object.values(v).some((n) => n > 0)) {
    const serious = (v.moderate ?? 0) + (v.high ?? 0) + (v.critical ?? 0);
    if (serious > 0) problems.push(`npm audit 报告生产依赖有漏洞：${JSON.stringify(v)}（cd ui && npm audit --omit=dev 查看）`);
    audit += `报告 ${JSON.stringify(v)}`;
  } else {
    const why = report?.message ?? report?.error?.summary ?? String(e.stderr ?? e.message).split('\n').find((l) => l.includes('audit')) ?? '无响应';
    audit += `注册表的漏洞接口不可用（${why.trim()}），以已审核清单为准`;
  }
}

console.log(`npm 生产依赖：${shipped.size} 个，已审核 ${reviewed.size} 个。${audit}`);
if (problems.length) {
  console.error(`npm 供应链检查未通过：\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('npm 供应链检查通过。');
