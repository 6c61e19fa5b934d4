// browser-check.mjs MEMBERS_BASE USER PASSWORD RESTRICTED_PATH PUBLIC_BASE
//
// A member's browser against the servers check.sh started (Debian chromium + playwright-core):
// signs in with HTTP basic authentication, opens a restricted briefing, searches for a word of
// its title and finds it; then the same search on the public site. Every page must load with
// no Content-Security-Policy violation (the servers send the pages' policy), no script error
// and no failed request. Exit 1 on failure.
import { checker, launch, searchDone, watch } from '../../tests/browser/harness.mjs';

const [members, user, password, restricted, publicBase] = process.argv.slice(2);
if (!publicBase) {
  console.error('usage: node browser-check.mjs MEMBERS_BASE USER PASSWORD RESTRICTED_PATH PUBLIC_BASE');
  process.exit(2);
}
const { check, report } = checker('browser');
const browser = await launch();

/** Open `url` in `context`, recording errors and policy violations; waits for the load. */
async function open(context, url) {
  const page = await context.newPage();
  const errors = [];
  watch(page, errors);
  // A violation is reported to the page as an event, whether or not it also logs.
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
    });
  });
  const response = await page.goto(url, { waitUntil: 'load' });
  return { page, errors, response };
}

async function violations(page) {
  return page.evaluate(() => window.__violations);
}

/** Search `base` for `query` through the search page; the result paths. */
async function search(context, base, query) {
  const { page, errors } = await open(context, `${base}/en/search/?q=${encodeURIComponent(query)}`);
  await searchDone(page);
  const results = await page.$$eval('#search-results a', (links) => links.map((a) => new URL(a.href).pathname));
  const policy = await violations(page);
  check(policy.length === 0, `${base} search: policy violations ${policy.join('; ')}`);
  check(errors.length === 0, `${base} search: errors ${errors.join('; ')}`);
  await page.close();
  return results;
}

// Without credentials the browser gets the sign-in challenge, not the page.
const stranger = await browser.newContext();
const refused = await stranger.request.get(`${members}${restricted}`);
check(refused.status() === 401, `without credentials: ${restricted} answered ${refused.status()}`);
await stranger.close();

const member = await browser.newContext({ httpCredentials: { username: user, password } });
const { page, errors, response } = await open(member, `${members}${restricted}`);
check(response.status() === 200, `signed in: ${restricted} answered ${response.status()}`);
check(response.headers()['content-security-policy']?.includes("script-src 'self'"), 'the page came with its policy');
const title = (await page.textContent('h1')).trim();
const restrictedBanner = await page.locator("body.restricted .banner").count();
check(restrictedBanner > 0, `${restricted}: no restricted banner`);
const policy = await violations(page);
check(policy.length === 0, `${restricted}: policy violations ${policy.join('; ')}`);
check(errors.length === 0, `${restricted}: errors ${errors.join('; ')}`);
await page.close();

// The meeting's briefing pack: its style sheet is the site's own file, so the pages' policy
// (no inline style) holds there too.
const packUrl = `${members}${restricted.replace(/[^/]+\/$/, 'pack.html')}`;
const pack = await open(member, packUrl);
check(pack.response.status() === 200, `signed in: ${packUrl} answered ${pack.response.status()}`);
const packPolicy = await violations(pack.page);
check(packPolicy.length === 0, `${packUrl}: policy violations ${packPolicy.join('; ')}`);
check(pack.errors.length === 0, `${packUrl}: errors ${pack.errors.join('; ')}`);
const framed = await pack.page.evaluate(() => getComputedStyle(document.querySelector('.admin')).borderTopWidth);
check(framed === '1px', `${packUrl}: its style sheet is not applied`);
await pack.page.close();

// The longest word of the title finds the briefing in the members' index, and not in the public one.
const word = title.split(/[^\p{L}\p{N}]+/u).sort((a, b) => b.length - a.length)[0];
const found = await search(member, members, word);
check(found.includes(restricted), `members search "${word}": ${restricted} not among ${found.join(', ')}`);
const anyone = await browser.newContext();
const publicFound = await search(anyone, publicBase, word);
check(!publicFound.includes(restricted), `public search "${word}" found the restricted ${restricted}`);
const home = await open(anyone, `${publicBase}/`);
const homePolicy = await violations(home.page);
check(homePolicy.length === 0, `public home: policy violations ${homePolicy.join('; ')}`);
check(home.errors.length === 0, `public home: errors ${home.errors.join('; ')}`);

await browser.close();
report(`signed in, opened ${restricted} ("${title}"), searched "${word}": ${found.length} members result(s), ${publicFound.length} public`);
