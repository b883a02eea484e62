import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TestSystem } from './support/test-system';

const ROOT = path.resolve(__dirname, '../../..');
/** Answers 200 or 503 naming the service that is down; it takes nothing that could be a client's error. */
const NO_CLIENT_ERRORS = ['get /api/health'];

/**
 * The OpenAPI document is what the data team scripts against: it must pass Redocly's recommended
 * rules, every operation saying what it does, who may call it and how it fails.
 */
describe('the OpenAPI document (real gateway)', () => {
  let system: TestSystem;
  let document: string;

  beforeAll(async () => {
    system = await TestSystem.start({ instances: 1 });
    document = await (await fetch(`${system.gatewayUrl}/api/docs-json`)).text();
  });
  afterAll(() => system?.stop());

  it("passes Redocly's recommended rules with no error and no warning", () => {
    // Redocly's library is an ES module, which this (CommonJS) test cannot load: the repository's lint command runs it.
    const dir = mkdtempSync(path.join(tmpdir(), 'openapi-'));
    try {
      writeFileSync(path.join(dir, 'openapi.json'), document);
      const lint = spawnSync(process.execPath, [path.join(ROOT, 'tools/lint-openapi.mjs'), path.join(dir, 'openapi.json')], { cwd: ROOT, encoding: 'utf8' });
      expect(lint.stderr).toBe('');
      const healthHasNo4xx = 'warn operation-4xx-response: Operation must have at least one `4XX` response. at #/paths/~1api~1health/get/responses';
      expect(lint.stdout.split('\n').filter((line) => line && line !== healthHasNo4xx)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('documents the plan actions as an enum, and the error body of every 4xx', () => {
    const doc = JSON.parse(document);
    const action = doc.paths['/api/planning/plans/{id}/{action}'].post.parameters.find((p: { name: string }) => p.name === 'action');
    expect(action.schema.enum).toEqual(['submit', 'approve', 'reject', 'reopen']);
    for (const [path, methods] of Object.entries<Record<string, { responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }>>(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const clientErrors = Object.entries(operation.responses).filter(([status]) => status.startsWith('4'));
        if (NO_CLIENT_ERRORS.includes(`${method} ${path}`)) continue;
        expect(clientErrors.length > 0 ? `${method} ${path}` : `${method} ${path} has no 4xx`).toBe(`${method} ${path}`);
        for (const [status, response] of clientErrors) expect([status, response.content?.['application/json']?.schema.$ref]).toEqual([status, '#/components/schemas/ErrorBody']);
      }
    }
  });
});
