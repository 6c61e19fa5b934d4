// languages.mjs DIST_DIR SHOTS_DIR
//
// Seven languages in a real browser (Debian chromium + playwright-core), on a built demo
// (DIST_DIR holds public/ and members/):
//   - Arabic and Chinese briefings: `lang`/`dir` right, every left-to-right run inside the
//     Arabic page (meeting codes, versions, dates, URLs) reads left to right, and the language
//     switcher offers exactly the languages of the page's hreflang links and leads to the
//     same document in the chosen language;
//   - the language chooser at / sends a French or Arabic browser to its home, and without
//     JavaScript is a list of every language, each named in itself;
//   - the members build has a translation coverage page whose cells say their state in words
//     and in colour; the public build has none.
// Saves screenshots, among them an Arabic and an English page side by side. Exit 1 on failure.
import fs from 'node:fs';
import path from 'node:path';
import { checker, launch, serve, watch } from './harness.mjs';

const [dist, shots = '/tmp/plenary-shots'] = process.argv.slice(2);
if (!dist) {
  console.error('usage: node languages.mjs DIST_DIR [SHOTS_DIR]');
  process.exit(2);
}
fs.mkdirSync(shots, { recursive: true });
const publicSite = await serve(path.join(dist, 'public'));
const membersSite = await serve(path.join(dist, 'members'));
const { check, report } = checker('languages');
const browser = await launch();
const desktop = { viewport: { width: 1280, height: 900 } };
const doc = 'meetings/m76/connectivity-financing/';

async function open(context, url) {
  const page = await context.newPage();
  const errors = [];
  watch(page, errors);
  const response = await page.goto(url, { waitUntil: 'load' });
  check(response && response.ok(), `${url} did not load`);
  return { page, errors };
}

// The switcher offers exactly the languages the page exists in (its hreflang links) and each
// choice leads to this document in that language.
async function checkSwitcher(page, from, to) {
  const facts = await page.evaluate(() => ({
    alternates: [...document.querySelectorAll('link[rel=alternate][hreflang]')]
      .map((l) => l.hreflang).filter((h) => h !== 'x-default').sort(),
    xDefault: document.querySelectorAll('link[rel=alternate][hreflang=x-default]').length,
    offered: [...document.querySelectorAll('nav.languages [lang]')].map((e) => e.lang).sort(),
    current: document.querySelector('nav.languages [aria-current]')?.lang,
  }));
  check(JSON.stringify(facts.alternates) === JSON.stringify(facts.offered),
    `${from}: switcher offers ${facts.offered} but the page exists in ${facts.alternates}`);
  check(facts.xDefault === 1, `${from}: ${facts.xDefault} x-default links`);
  check(facts.current === from, `${from}: the switcher marks ${facts.current} as current`);
  await Promise.all([page.waitForNavigation(), page.click(`nav.languages a[hreflang=${to}]`)]);
  const landed = await page.evaluate(() => ({ path: location.pathname, lang: document.documentElement.lang }));
  check(landed.path === `/${to}/${doc}` && landed.lang === to,
    `${from}: choosing ${to} led to ${landed.path} (lang=${landed.lang})`);
}

{
  const context = await browser.newContext(desktop);
  // Arabic: right to left, with left-to-right runs isolated.
  const ar = await open(context, `${publicSite.base}/ar/${doc}`);
  const arFacts = await ar.page.evaluate(() => {
    const html = document.documentElement;
    // A run reads left to right when its first character sits left of its last.
    const scrambled = [];
    const loose = [];
    let runs = 0;
    // Runs that must read left to right: code, elements marked dir=ltr, and isolates
    // holding Latin letters or digits but no Arabic.
    const ltrRuns = [...document.querySelectorAll('main code, main [dir=ltr], main bdi')].filter((el) => {
      const text = el.textContent;
      return el.matches('code, [dir=ltr]') || (/[0-9A-Za-z]/.test(text) && !/[\u0600-\u06FF]/.test(text));
    });
    for (const el of ltrRuns) {
      const text = el.textContent.trim();
      const style = getComputedStyle(el);
      if (style.direction !== 'ltr' || !['isolate', 'isolate-override', 'plaintext'].includes(style.unicodeBidi)) {
        loose.push(text);
        continue;
      }
      if (text.length < 2) continue;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      const nodes = [];
      while (walker.nextNode()) if (walker.currentNode.textContent.trim()) nodes.push(walker.currentNode);
      const first = nodes[0], last = nodes[nodes.length - 1];
      const rect = (node, i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1); return r.getBoundingClientRect(); };
      const a = rect(first, first.textContent.search(/\S/));
      const lastIndex = last.textContent.trimEnd().length - 1;
      const b = rect(last, lastIndex);
      if (Math.abs(a.top - b.top) > 2) continue; // wrapped over lines: order not comparable
      runs++;
      if (!(a.left < b.left)) scrambled.push(text);
    }
    return { dir: html.dir, lang: html.lang, runs, scrambled, loose, bodyDir: getComputedStyle(document.body).direction };
  });
  check(arFacts.dir === 'rtl' && arFacts.lang === 'ar' && arFacts.bodyDir === 'rtl',
    `arabic: dir=${arFacts.dir} lang=${arFacts.lang} direction=${arFacts.bodyDir}`);
  check(arFacts.runs >= 3, `arabic: only ${arFacts.runs} left-to-right runs measured`);
  check(arFacts.scrambled.length === 0, `arabic: runs read right to left: ${arFacts.scrambled.join(' | ')}`);
  check(arFacts.loose.length === 0, `arabic: left-to-right runs not isolated: ${arFacts.loose.join(' | ')}`);
  console.log(`languages: arabic briefing: ${arFacts.runs} left-to-right runs, all isolated and in order`);
  await ar.page.screenshot({ path: path.join(shots, 'ar-briefing.png'), fullPage: true });
  await checkSwitcher(ar.page, 'ar', 'en');
  await ar.page.screenshot({ path: path.join(shots, 'en-briefing.png'), fullPage: true });
  check(ar.errors.length === 0, `arabic: ${ar.errors.join('; ')}`);

  // Chinese.
  const zh = await open(context, `${publicSite.base}/zh/${doc}`);
  const zhFacts = await zh.page.evaluate(() => ({ dir: document.documentElement.dir, lang: document.documentElement.lang }));
  check(zhFacts.dir === 'ltr' && zhFacts.lang === 'zh', `chinese: dir=${zhFacts.dir} lang=${zhFacts.lang}`);
  await zh.page.screenshot({ path: path.join(shots, 'zh-briefing.png'), fullPage: true });
  await checkSwitcher(zh.page, 'zh', 'fr');
  check(zh.errors.length === 0, `chinese: ${zh.errors.join('; ')}`);

  // Arabic and English side by side, as a reader comparing them would see them.
  const pair = await context.newPage();
  await pair.setViewportSize({ width: 1600, height: 1000 });
  await pair.goto(`${publicSite.base}/404.html`);
  await pair.evaluate(([left, right]) => {
    document.body.innerHTML = '';
    document.body.style.cssText = 'margin:0;display:flex;gap:8px;background:#888';
    for (const src of [left, right]) {
      const f = document.createElement('iframe');
      f.src = src;
      f.style.cssText = 'width:796px;height:1000px;border:0;background:#fff';
      document.body.append(f);
    }
  }, [`/en/${doc}`, `/ar/${doc}`]);
  await pair.waitForTimeout(300);
  await Promise.all(pair.frames().slice(1).map((f) => f.waitForLoadState('load')));
  await pair.screenshot({ path: path.join(shots, 'en-ar-side-by-side.png') });
  await context.close();
}

// The language chooser: a French or an Arabic browser goes home in its language.
for (const [locale, lang] of [['fr-FR', 'fr'], ['ar-EG', 'ar'], ['zh-TW', 'zh']]) {
  const context = await browser.newContext({ ...desktop, locale });
  const page = await context.newPage();
  await page.goto(`${publicSite.base}/`);
  await page.waitForURL(`${publicSite.base}/${lang}/`, { timeout: 5000 }).catch(() => {});
  check(page.url() === `${publicSite.base}/${lang}/`, `chooser: a ${locale} browser landed on ${page.url()}`);
  await context.close();
}
{
  const context = await browser.newContext({ ...desktop, javaScriptEnabled: false, locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(`${publicSite.base}/`);
  const list = await page.evaluate(() => [...document.querySelectorAll('.chooser-list a')].map((a) => [a.lang, a.textContent, a.getAttribute('href')]));
  check(page.url() === `${publicSite.base}/`, `chooser without JavaScript moved to ${page.url()}`);
  const expected = { en: 'English', ar: 'العربية', es: 'Español', fr: 'Français', ru: 'Русский', zh: '中文', pt: 'Português' };
  for (const [code, name] of Object.entries(expected)) {
    check(list.some(([l, text, href]) => l === code && text === name && href === `/${code}/`), `chooser without JavaScript: no link to ${name} (/${code}/)`);
  }
  check(list.length === 7, `chooser without JavaScript: ${list.length} languages listed`);
  await page.screenshot({ path: path.join(shots, 'chooser-no-js.png'), fullPage: true });
  await context.close();
}

// Translation coverage: members only, states in words and colour.
{
  const context = await browser.newContext(desktop);
  for (const lang of ['en', 'ar']) {
    const { page, errors } = await open(context, `${membersSite.base}/${lang}/translations/`);
    const facts = await page.evaluate(() => {
      const cells = [...document.querySelectorAll('table.coverage tbody td')];
      const colour = (state) => {
        const cell = cells.find((c) => c.classList.contains(`cov-${state}`));
        return cell ? getComputedStyle(cell).backgroundColor : null;
      };
      return {
        tables: document.querySelectorAll('table.coverage').length,
        rows: document.querySelectorAll('table.coverage tbody tr').length,
        columns: document.querySelectorAll('table.coverage thead th[lang]').length,
        cells: cells.length,
        wordless: cells.filter((c) => !c.textContent.trim()).length,
        colours: ['current', 'stale', 'missing'].map(colour),
        navCurrent: document.querySelector('.main-nav [aria-current=page]')?.getAttribute('href'),
      };
    });
    check(facts.tables >= 2 && facts.columns === 7 * facts.tables, `coverage ${lang}: ${facts.tables} tables, ${facts.columns} language columns`);
    check(facts.cells === facts.rows * 7, `coverage ${lang}: ${facts.cells} cells for ${facts.rows} documents`);
    check(facts.wordless === 0, `coverage ${lang}: ${facts.wordless} cells say nothing in words`);
    check(new Set(facts.colours).size === 3 && !facts.colours.includes(null), `coverage ${lang}: state colours ${facts.colours}`);
    check(facts.navCurrent === `/${lang}/translations/`, `coverage ${lang}: navigation does not mark the page (${facts.navCurrent})`);
    check(errors.length === 0, `coverage ${lang}: ${errors.join('; ')}`);
    await page.screenshot({ path: path.join(shots, `coverage-${lang}.png`), fullPage: true });
  }
  const response = await context.request.get(`${publicSite.base}/en/translations/`);
  check(response.status() === 404, `coverage: the public build answers ${response.status()} for it`);
  await context.close();
}

await browser.close();
publicSite.close();
membersSite.close();
report(`screenshots in ${shots}`);
