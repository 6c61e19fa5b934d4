// serve.mjs PLENARY_BINARY SHOTS_DIR
//
// `plenary serve` in a real browser (Debian chromium + playwright-core), on a copy of the
// bundled demo:
//   - open a briefing, edit its Markdown: the open page shows the new text without anyone
//     reloading it;
//   - break the file: the page shows the error (file, line, hint) over the last good version;
//   - fix it: the overlay goes and the page shows the fixed text.
// Exit 1 on failure.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checker, launch } from './harness.mjs';

const [binary, shots = '/tmp/plenary-shots'] = process.argv.slice(2);
if (!binary) {
  console.error('usage: node serve.mjs PLENARY_BINARY [SHOTS_DIR]');
  process.exit(2);
}
fs.mkdirSync(shots, { recursive: true });
const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-serve-'));
fs.cpSync(path.join(repo, 'site-content'), path.join(work, 'site-content'), { recursive: true });
fs.cpSync(path.join(repo, 'themes'), path.join(work, 'themes'), { recursive: true });
const file = path.join(work, 'site-content/meetings/m76/connectivity-financing/v2.en.md');
const original = fs.readFileSync(file, 'utf8');

const server = spawn(binary, ['serve', '--site', path.join(work, 'site-content'), '--port', '0',
  '--as-of', '2026-06-10T12:00:00Z', '--audience', 'members'], { stdio: ['ignore', 'ignore', 'pipe'] });
let log = '';
const address = await new Promise((resolve, reject) => {
  server.stderr.on('data', (chunk) => {
    log += chunk;
    const found = log.match(/ at (http:\/\/[^\s]+)/);
    if (found) resolve(found[1]);
  });
  server.on('exit', () => reject(new Error(`serve exited:\n${log}`)));
  setTimeout(() => reject(new Error(`serve did not start:\n${log}`)), 60000);
});

const { check, report } = checker('serve');
const browser = await launch();
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${address}en/meetings/m76/connectivity-financing/`, { waitUntil: 'load' });
  // Wait for the live connection before editing.
  await page.waitForFunction(() => performance.getEntriesByType('resource')
    .some((r) => r.name.includes('/__plenary/events')), null, { timeout: 10000 }).catch(() => {});
  await page.waitForTimeout(300);
  const marker = await page.evaluate(() => { window.__notReloaded = true; return true; });
  check(marker, 'page scriptable');

  const started = Date.now();
  fs.writeFileSync(file, original.replace('## Session objective',
    '## Session objective\n\nA sentence typed while the preview was open.'));
  const shown = await page.waitForFunction(
    () => document.body.innerText.includes('A sentence typed while the preview was open.'),
    null, { timeout: 10000 }).then(() => true, () => false);
  check(shown, 'the edit appears in the open page without a manual reload');
  console.log(`edit shown after ${Date.now() - started} ms (write → reloaded page)`);
  check(await page.evaluate(() => window.__notReloaded === undefined),
    'the page was reloaded by the preview (a fresh document)');

  fs.writeFileSync(file, '+++\ntitle = "Unclosed\n');
  const overlay = page.locator('#plenary-errors');
  const appeared = await overlay.waitFor({ timeout: 10000 }).then(() => true, () => false);
  check(appeared, 'a broken file shows the error overlay');
  if (appeared) {
    const text = await overlay.innerText();
    check(text.includes('connectivity-financing/v2.en.md:'), `the overlay names the file and line: ${text}`);
    check(text.includes('hint:'), 'the overlay says what to do');
    await page.screenshot({ path: path.join(shots, 'serve-error.png') });
  }
  check(await page.locator('main').count() === 1, 'the last good page stays under the overlay');

  fs.writeFileSync(file, original.replace('## Session objective', '## Session objective\n\nFixed again.'));
  const back = await page.waitForFunction(
    () => !document.getElementById('plenary-errors') && document.body.innerText.includes('Fixed again.'),
    null, { timeout: 10000 }).then(() => true, () => false);
  check(back, 'fixing the file removes the overlay and shows the page');
  check(errors.length === 0, `no script errors: ${errors.join('; ')}`);
} finally {
  await browser.close();
  server.kill();
  fs.rmSync(work, { recursive: true, force: true });
}
report(`edit, break and fix on ${address}`);
