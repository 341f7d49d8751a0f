// Layering enforced, not hoped for (STYLE.md 3): shared/ imports no node:*, electron or react;
// renderer/ never imports electron/ code or node built-ins.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const rules = [
  { dir: 'shared', forbid: [/^node:/, /^electron/, /^react/, /^(fs|path|child_process|os|net|http|crypto)$/, /(^|\/)electron\//, /(^|\/)renderer\//] },
  { dir: 'renderer', forbid: [/^node:/, /^electron$/, /(^|\.\.\/)electron\//, /^(fs|path|child_process|os|net|http)$/] },
];
const importRe = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;
const bad = [];
const walk = (d) => readdirSync(d).flatMap((f) => {
  const p = join(d, f);
  return statSync(p).isDirectory() ? walk(p) : /\.(ts|tsx)$/.test(f) ? [p] : [];
});
for (const { dir, forbid } of rules) {
  let files = [];
  try { files = walk(dir); } catch { continue; }
  for (const f of files) {
    if (/\.test\.tsx?$/.test(f)) continue;
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(importRe)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (forbid.some((re) => re.test(spec))) bad.push(`${relative('.', f)}: imports "${spec}"`);
    }
  }
}
if (bad.length) { console.error('layering violations:\n  ' + bad.join('\n  ')); process.exit(1); }
console.log('layering ok');
