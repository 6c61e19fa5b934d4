// harness.mjs: what the browser checks share. A static file server for a built audience
// folder (loopback, no path escapes) and Debian's chromium driven by playwright-core from
// $EVALTOOLS (tests/tools after `bash .ci/tools`; default /opt/evaltools): browser downloads
// fail on these machines.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const tools = process.env.EVALTOOLS || '/opt/evaltools';
const require = createRequire(path.resolve(tools, 'package.json'));
const { chromium } = require('playwright-core');

const types = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.xml': 'application/xml', '.svg': 'image/svg+xml',
  // Module scripts (search, Pagefind) load only with a JavaScript type.
  '.js': 'text/javascript', '.json': 'application/json',
};

/** Serve `dir` on 127.0.0.1; resolves to { base, close }. */
export async function serve(dir) {
  const root = path.resolve(dir);
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
  return { base: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
}

/** Wait until the search page has shown its results (or their absence): its status line is
 *  filled and no longer ends in "…". */
export async function searchDone(page) {
  await page.waitForFunction(
    () => {
      const status = document.getElementById('search-status').textContent;
      return status && !status.endsWith('…');
    },
    null,
    { timeout: 20000 },
  );
}

/** Collects failures; `report` prints them and sets the exit code. */
export function checker(name) {
  const failures = [];
  return {
    check: (ok, what) => { if (!ok) failures.push(what); },
    report: (summary) => {
      console.log(`${name}: ${summary}`);
      if (failures.length) {
        console.log(failures.map((f) => `FAIL ${f}`).join('\n'));
        process.exit(1);
      }
      console.log(`${name}: all checks passed`);
    },
  };
}

/** Record console errors, page errors and failed requests of `page` into `errors`. */
export function watch(page, errors) {
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => r.status() >= 400 && errors.push(`HTTP ${r.status()} ${r.url()}`));
}
