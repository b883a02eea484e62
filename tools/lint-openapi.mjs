// Lints an OpenAPI document with Redocly's recommended rules; prints each problem as a line
// ("error operation-summary: … at #/paths/…") and exits 1 when there is any.
// Usage: node tools/lint-openapi.mjs <openapi.json | http://localhost:3000/api/docs-json>
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { readFile } from 'node:fs/promises';

const where = process.argv[2];
if (!where) {
  console.error('usage: node tools/lint-openapi.mjs <openapi.json | URL>');
  process.exit(2);
}
const source = /^https?:/.test(where) ? await (await fetch(where)).text() : await readFile(where, 'utf8');
const config = await createConfig({ extends: ['recommended'] });
const problems = await lintFromString({ source, absoluteRef: 'openapi.json', config });
for (const p of problems) console.log(`${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? ''}`);
process.exit(problems.length > 0 ? 1 : 0);
