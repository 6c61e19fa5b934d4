// search.mjs DIST_DIR SHOTS_DIR
//
// Search in a real browser (Debian chromium + playwright-core), on the built demo (DIST_DIR
// holds public/ and members/), through the search box every page carries:
//   - an English word finds its document;
//   - a two-character Chinese word inside a longer sentence finds its document;
//   - an Arabic word written with the article "ال" finds the document that has it without;
//   - a Russian inflected form finds the document with another form of the word;
//   - a word only a members-only document contains finds nothing in the public build and that
//     document in the members build;
//   - "all languages" adds results in other languages after the page's own;
//   - without JavaScript the box still leads to the search page, which says why it is empty.
// Exit 1 on failure.
import fs from 'node:fs';
import path from 'node:path';
import { checker, launch, searchDone, serve, watch } from './harness.mjs';

const [dist, shots = '/tmp/plenary-shots'] = process.argv.slice(2);
if (!dist) {
  console.error('usage: node search.mjs DIST_DIR [SHOTS_DIR]');
  process.exit(2);
}
fs.mkdirSync(shots, { recursive: true });
const publicSite = await serve(path.join(dist, 'public'));
const membersSite = await serve(path.join(dist, 'members'));
const { check, report } = checker('search');
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const connectivity = 'meetings/m76/connectivity-financing/';
const hostCountry = 'meetings/m77/host-country-arrangements/';

/** Type `query` into the search box of `start` and submit; the result links on the search page. */
async function search(site, start, query, { all = false } = {}) {
  const page = await context.newPage();
  const errors = [];
  watch(page, errors);
  await page.goto(`${site.base}/${start}`, { waitUntil: 'load' });
  const box = page.locator('form[role="search"] input[type="search"]');
  check((await box.count()) === 1, `${start}: one search box, found ${await box.count()}`);
  await box.fill(query);
  await Promise.all([page.waitForURL(/\/search\/\?/), box.press('Enter')]);
  if (all) await page.locator('#search-all').check();
  await searchDone(page);
  const results = await page.$$eval('#search-results a', (links) =>
    links.map((a) => ({ href: new URL(a.href).pathname, text: a.textContent, lang: a.lang })),
  );
  const facts = await page.$$eval('#search-results .search-facts', (ps) => ps.map((p) => p.textContent));
  check(errors.length === 0, `${start} → ${query}: browser errors ${errors.join('; ')}`);
  return { page, results, facts };
}

const cases = [
  ['English word', publicSite, 'en/', 'questionnaire', `/en/${connectivity}`],
  ['Chinese two-character word inside a sentence', publicSite, 'zh/', '宽带', `/zh/${connectivity}`],
  ['Arabic word with the article, document without it', publicSite, 'ar/', 'الاشتراك', `/ar/${connectivity}`],
  ['Russian inflected form', publicSite, 'ru/', 'подписка', `/ru/${connectivity}`],
];
for (const [what, site, start, query, expected] of cases) {
  const { page, results, facts } = await search(site, start, query);
  const hrefs = results.map((r) => r.href);
  check(hrefs.includes(expected), `${what}: "${query}" did not find ${expected} (found ${hrefs.join(', ') || 'nothing'})`);
  const hit = results.findIndex((r) => r.href === expected);
  if (hit >= 0) {
    check(/·/.test(facts[hit] || ''), `${what}: result lacks meeting · kind · version (${facts[hit]})`);
  }
  console.log(`${what}: "${query}" → ${hrefs.length} result(s), first ${hrefs[0] || '-'}`);
  if (what.startsWith('Arabic')) await page.screenshot({ path: path.join(shots, 'search-ar.png'), fullPage: true });
  await page.close();
}

// Members-only text: absent from the public index, found in the members index.
{
  const pub = await search(publicSite, 'en/', 'shuttle');
  check(pub.results.length === 0, `public build found members-only text: ${pub.results.map((r) => r.href).join(', ')}`);
  await pub.page.close();
  const members = await search(membersSite, 'en/', 'shuttle');
  check(
    members.results.some((r) => r.href === `/en/${hostCountry}`),
    `members build did not find ${hostCountry} (found ${members.results.map((r) => r.href).join(', ') || 'nothing'})`,
  );
  console.log(`members-only word: public 0 results, members ${members.results.length}`);
  await members.page.screenshot({ path: path.join(shots, 'search-members.png'), fullPage: true });
  await members.page.close();
}

// All languages: French page, an English-only word; own-language results come first.
{
  const own = await search(publicSite, 'fr/', 'connectivity');
  const all = await search(publicSite, 'fr/', 'connectivity', { all: true });
  check(all.results.length > own.results.length, `all languages added nothing (${own.results.length} → ${all.results.length})`);
  const langs = all.results.map((r) => r.lang || 'fr');
  const firstOther = langs.findIndex((l) => l !== 'fr');
  check(
    firstOther === -1 || langs.slice(firstOther).every((l) => l !== 'fr'),
    `results in the page's language are not first: ${langs.join(',')}`,
  );
  console.log(`all languages: ${own.results.length} French result(s), ${all.results.length} with every language`);
  await own.page.close();
  await all.page.close();
}

// Without JavaScript: the box is a plain form leading to the search page.
{
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const page = await noJs.newPage();
  await page.goto(publicSite.base + '/en/', { waitUntil: 'load' });
  await page.fill('form[role="search"] input[type="search"]', 'questionnaire');
  await Promise.all([page.waitForURL(/\/en\/search\/\?q=questionnaire/), page.press('form[role="search"] input[type="search"]', 'Enter')]);
  const note = await page.textContent('noscript');
  check(/JavaScript/.test(note || ''), 'the search page without JavaScript does not say why it is empty');
  await noJs.close();
}

await browser.close();
publicSite.close();
membersSite.close();
report('English, Chinese, Arabic, Russian, members-only, all languages and no-JavaScript searches');
