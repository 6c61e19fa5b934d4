// reader-pages.mjs OUT_DIR SHOTS_DIR
//
// Opens the bundled demo's reader pages in headless Chromium (Debian's, driven by
// playwright-core from $EVALTOOLS), on a phone and a desktop viewport, saves a
// screenshot of each, and checks what a reader would trip over:
//   - no console errors, no failed requests, no horizontal scrolling on the phone;
//   - a redline shows insertions and deletions, each marked by more than colour;
//   - a transcript's speaker list leads to the speaker's first turn;
//   - the Arabic page is right-to-left and its meeting code reads left-to-right;
//   - printed, a briefing drops the navigation and keeps the Document Administration block,
//     and its external links show where they lead.
// OUT_DIR is a built audience folder (dist/public). Exit 1 on any failure.
import fs from 'node:fs';
import path from 'node:path';
import { checker, launch, serve, watch } from './harness.mjs';

const [dir, shots = '/tmp/plenary-shots'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node reader-pages.mjs OUT_DIR [SHOTS_DIR]');
  process.exit(2);
}
fs.mkdirSync(shots, { recursive: true });
const server = await serve(dir);
const base = server.base;

const pages = {
  home: '/en/',
  meeting: '/en/meetings/m76/',
  briefing: '/en/meetings/m76/connectivity-financing/',
  transcript: '/en/meetings/m76/transcript-session-5/',
  redline: '/en/meetings/m76/connectivity-financing/changes/v2/',
  arabic: '/ar/meetings/m76/connectivity-financing/',
};
const viewports = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } };

const { check, report } = checker('reader pages');
const browser = await launch();
for (const [vname, viewport] of Object.entries(viewports)) {
  const context = await browser.newContext({ viewport });
  for (const [name, rel] of Object.entries(pages)) {
    const page = await context.newPage();
    const errors = [];
    watch(page, errors);
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
report(`${Object.keys(pages).length} pages × ${Object.keys(viewports).length} viewports, screenshots in ${shots}`);
