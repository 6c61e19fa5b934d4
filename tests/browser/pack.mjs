// pack.mjs OUT_DIR SHOTS_DIR
//
// The briefing pack as a delegate uses it: the ZIP unpacked (Python's zipfile) and its page
// opened from the file system in headless Chromium (Debian's, driven by playwright-core from
// $EVALTOOLS) — no server — in English, Chinese and Arabic, on a phone and a desktop. Checks:
//   - nothing fails to load from disk, no console errors, every attachment link leads to a
//     file in the pack, no sideways scrolling on the phone, Arabic is right-to-left;
//   - printed to PDF: a page break before each document (pdfinfo counts the pages), every
//     document's title in the PDF's text (pdftotext; a glyph drawn as a box has no text, so a
//     missing title is cut text or tofu) and every font embedded (pdffonts);
//   - the titles are drawn with a font that writes the language (Chromium's own account of
//     the platform fonts it used: a CJK font in Chinese, an Arabic one in Arabic).
// Screenshots of the printed page (print media) go to SHOTS_DIR. OUT_DIR is a built audience.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checker, launch, watch } from './harness.mjs';

const [dir, shots = '/tmp/plenary-shots'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node pack.mjs OUT_DIR [SHOTS_DIR]');
  process.exit(2);
}
fs.mkdirSync(shots, { recursive: true });
const meeting = 'm76';
// What a font able to write each language is called in pdffonts' list.
const fonts = { en: /./, zh: /CJK|Han|Hei|Song|Ming/i, ar: /Arab|Naskh|Kufi/i };
const viewports = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } };
// Text compared without spaces and bidi marks; in Arabic also without alef and lam, which
// pdftotext writes out of order where they were drawn as one ligature (لا as "ال").
const squash = (s, lang) => {
  const flat = s.normalize('NFKC').replace(/[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g, '');
  return lang === 'ar' ? flat.replace(/[\u0621-\u0627\u0644]/g, '') : flat;
};

/** The fonts Chromium drew the element `selector` with (DevTools protocol). */
async function fontsOf(page, selector) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument');
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts: used } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  return used.map((f) => f.familyName);
}

const { check, report } = checker('briefing pack');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-pack-'));
const browser = await launch();
let printed = 0;
for (const lang of Object.keys(fonts)) {
  const zip = path.join(dir, lang, 'meetings', meeting, `briefing-pack-${meeting}-${lang}.zip`);
  check(fs.existsSync(zip), `${lang}: no ${zip}`);
  if (!fs.existsSync(zip)) continue;
  const into = path.join(work, lang);
  execFileSync('python3', ['-m', 'zipfile', '-e', zip, into]);
  const index = path.join(into, `${meeting}-${lang}`, 'index.html');
  for (const [vname, viewport] of Object.entries(viewports)) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const errors = [];
    watch(page, errors);
    page.on('requestfailed', (r) => errors.push(`failed ${r.url()}`));
    await page.goto(pathToFileURL(index).href, { waitUntil: 'load' });
    check(errors.length === 0, `${lang} ${vname}: ${errors.join('; ')}`);
    const facts = await page.evaluate(() => ({
      dir: getComputedStyle(document.documentElement).direction,
      // pack.css draws the Document Administration block in a 1px frame: the sheet is there.
      styled: getComputedStyle(document.querySelector('.admin')).borderTopWidth === '1px',
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      titles: [...document.querySelectorAll('.pack-document h2[id$="-title"]')].map((h) => h.textContent),
      attachments: [...document.querySelectorAll('.pack-document a[href]')]
        .map((a) => a.getAttribute('href'))
        .filter((href) => !/^([a-z]+:|#)/.test(href)),
    }));
    check(facts.dir === (lang === 'ar' ? 'rtl' : 'ltr'), `${lang}: direction ${facts.dir}`);
    check(facts.styled, `${lang} ${vname}: the pack's style sheet is not applied`);
    check(facts.overflow <= 0, `${lang} ${vname}: scrolls sideways by ${facts.overflow}px`);
    check(facts.titles.length >= 3, `${lang}: only ${facts.titles.length} documents`);
    for (const href of facts.attachments) {
      const file = path.join(path.dirname(index), decodeURIComponent(href));
      check(fs.existsSync(file), `${lang}: the link ${href} leads to no file in the pack`);
    }
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: path.join(shots, `pack-${lang}-${vname}-print.png`), fullPage: false });
    if (vname === 'desktop') {
      const pdf = path.join(work, `pack-${lang}.pdf`);
      await page.pdf({ path: pdf, format: 'A4', printBackground: true });
      printed += 1;
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))[1]);
      check(pages > facts.titles.length, `${lang}: ${pages} PDF pages for ${facts.titles.length} documents and the contents`);
      const text = squash(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }), lang);
      for (const title of facts.titles) {
        check(text.includes(squash(title, lang)), `${lang}: the PDF's text lacks the title "${title}"`);
      }
      const list = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
      const notEmbedded = list.filter((line) => line.split(/\s+/).at(-5) !== 'yes');
      check(notEmbedded.length === 0, `${lang}: fonts not embedded: ${notEmbedded.join(' | ')}`);
      const drawn = await fontsOf(page, 'h1');
      check(drawn.some((family) => fonts[lang].test(family)), `${lang}: the title is drawn with ${drawn.join(', ')}`);
    }
    await context.close();
  }
}
await browser.close();
fs.rmSync(work, { recursive: true, force: true });
report(`${printed} packs printed to PDF (en, zh, ar), opened from disk on a phone and a desktop`);
