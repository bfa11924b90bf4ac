// Fails the build when an interface string is missing in one language or a page uses a key that does not exist.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { messages } from '../src/i18n.js';

const en = new Set(Object.keys(messages.en));
const hi = new Set(Object.keys(messages.hi));
const problems = [];
for (const k of en) if (!hi.has(k)) problems.push(`missing in hi: ${k}`);
for (const k of hi) if (!en.has(k)) problems.push(`missing in en: ${k}`);

function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (/\.(svelte|js)$/.test(e.name))
      for (const m of readFileSync(p, 'utf8').matchAll(/\bt\('([a-z_]+\.[a-z_0-9]+)'\s*[,)]/g))
        if (!en.has(m[1])) problems.push(`${p}: unknown key ${m[1]}`);
  }
}
walk(new URL('../src', import.meta.url).pathname);
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`i18n: ${en.size} strings in English and Hindi`);
