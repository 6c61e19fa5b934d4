// reader-pages.mjs OUT_DIR SHOTS_DIR
//
// Opens the bundled demo's reader pages in headless Chromium (Debian's, driven by
// playwright-core from /opt/evaltools), on a phone and a desktop viewport, saves a
// screenshot of each, and checks what a reader would trip over:
//   - no console errors, no failed requests, no horizontal scrolling on the phone;
//   - a redline shows insertions and deletions, each marked by more than colour;
//   - a transcript's speaker list leads to the speaker's first turn;
//   - the Arabic page is right-to-left and its meeting code reads left-to-right;
//   - printed, a briefing drops the navigation and keeps the Document Administration block,
//     and its external links show where they lead.
// OUT_DIR is a built audience folder (dist/public). Exit 1 on any failure.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const tools = process.env.EVALTOOLS || '/opt/evaltools';
const require = createRequire(path.join(tools, 'package.json'));
const { chromium } = require('playwright-core');

const [dir, shots = '/tmp/plenary-shots'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node reader-pages.mjs OUT_DIR [SHOTS_DIR]');
  process.exit(2);
}
fs.mkdirSync(shots, { recursive: true });
const root = path.resolve(dir);

const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.xml': 'application/xml', '.svg': 'image/svg+xml' };
const server = http.createServer((req, res) => {
  const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  let file = path.join(root, path.normalize(rel));
  if (file !== root && !file.startsWith(root + path.sep)) { res.writeHead(403).end(); return; }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!fs.existsSync(file)) { res.writeHead(404).end(); return; }
  res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

const pages = {
  home: '/en/',
  meeting: '/en/meetings/m76/',
  briefing: '/en/meetings/m76/connectivity-financing/',
  transcript: '/en/meetings/m76/transcript-session-5/',
  redline: '/en/meetings/m76/connectivity-financing/changes/v2/',
  arabic: '/ar/meetings/m76/connectivity-financing/',
};
const viewports = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } };

const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
for (const [vname, viewport] of Object.entries(viewports)) {
  const context = await browser.newContext({ viewport });
  for (const [name, rel] of Object.entries(pages)) {
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('response', (r) => r.status() >= 400 && errors.push(`HTTP ${r.status()} ${r.url()}`));
    const response = await page.goto(base + rel, { waitUntil: 'load' });
    check(response && response.ok(), `${vname} ${name}: ${rel} did not load`);
    check(errors.length === 0, `${vname} ${name}: ${errors.join('; ')}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    check(overflow <= 0, `${vname} ${name}: scrolls sideways by ${overflow}px`);
    await page.screenshot({ path: path.join(shots, `${name}-${vname}.png`), fullPage: true });

    if (name === 'redline') {
      const marks = await page.evaluate(() => ['ins', 'del'].map((tag) => {
        const el = document.querySelector(`.redline ${tag}`);
        if (!el) return null;
        const s = getComputedStyle(el);
        return { line: s.textDecorationLine, bg: s.backgroundColor };
      }));
      check(marks[0] && marks[0].line.includes('underline'), `redline: insertions not underlined (${JSON.stringify(marks[0])})`);
      check(marks[1] && marks[1].line.includes('line-through'), `redline: deletions not struck through (${JSON.stringify(marks[1])})`);
    }
    if (name === 'transcript' && vname === 'desktop') {
      const first = await page.locator('.speakers a').first();
      const target = await first.getAttribute('href');
      await first.click();
      const hash = await page.evaluate(() => location.hash);
      const inView = await page.evaluate((id) => {
        const r = document.getElementById(id).getBoundingClientRect();
        return r.top >= 0 && r.top < innerHeight;
      }, target.slice(1));
      check(hash === target && inView, `transcript: speaker link ${target} did not bring its turn into view`);
    }
    if (name === 'arabic') {
      const facts = await page.evaluate(() => ({
        dir: document.documentElement.dir,
        lang: document.documentElement.lang,
        isolated: [...document.querySelectorAll('bdi, [dir=ltr]')].length,
      }));
      check(facts.dir === 'rtl' && facts.lang === 'ar', `arabic: dir=${facts.dir} lang=${facts.lang}`);
      check(facts.isolated > 0, 'arabic: no isolated left-to-right runs');
    }
    if (name === 'briefing' && vname === 'desktop') {
      await page.emulateMedia({ media: 'print' });
      const printed = await page.evaluate(() => {
        const shown = (sel) => { const el = document.querySelector(sel); return el && getComputedStyle(el).display !== 'none'; };
        const link = document.querySelector('.prose a[href^="http"]');
        return {
          masthead: shown('.masthead'),
          admin: shown('.admin'),
          linkTarget: link ? getComputedStyle(link, '::after').content : 'no external link',
        };
      });
      check(!printed.masthead, 'print: the navigation is printed');
      check(printed.admin, 'print: the Document Administration block is not printed');
      check(printed.linkTarget === 'no external link' || printed.linkTarget.includes('http'), `print: link targets not shown (${printed.linkTarget})`);
      await page.screenshot({ path: path.join(shots, 'briefing-print.png'), fullPage: true });
    }
    await page.close();
  }
  await context.close();
}
await browser.close();
server.close();
console.log(`reader pages: ${Object.keys(pages).length} pages × ${Object.keys(viewports).length} viewports, screenshots in ${shots}`);
if (failures.length) {
  console.log(failures.map((f) => `FAIL ${f}`).join('\n'));
  process.exit(1);
}
console.log('reader pages: all checks passed');
