import { gatewayRoutes } from './support/gateway-routes';
import { systemToAttack } from './support/process-checks';
import { TestSystem } from './support/test-system';

/** A JSON text nested `depth` objects deep (JSON.stringify would need the object first). */
const deep = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

/** Hostile bodies: each must get a 4xx with a message, never a 5xx, a hang or a crash. */
const BODIES: Array<[string, string]> = [
  // Written as text: in a JS object literal `__proto__` would set the prototype, not a key.
  ['prototype pollution keys', '{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}}}'],
  [
    'wrong types everywhere',
    JSON.stringify({ name: 123, email: [], from: {}, to: true, version: 'x', units: 'NaN', total: -1e308, horizon: 1e9, kind: null, roles: 'admin', weeks: 7 }),
  ],
  ['SQL and script fragments', JSON.stringify({ name: "'; DROP TABLE planning.plans;--", sku: "' OR 1=1 --", category: '<script>alert(1)</script>', email: 'a@b.c\'"' })],
  ['a 2 MB string', JSON.stringify({ name: 'x'.repeat(2_000_000) })],
  ['an object 5,000 levels deep', deep(5_000)],
  ['not JSON at all', '{"name": "unterminated'],
  ['an array instead of an object', '[1,2,3]'],
];
/** Hostile queries for every GET route. */
const QUERIES = [
  'page=-1&pageSize=1000000000&sort=;DROP',
  'q=%3Cscript%3E&category[]=a&category[]=b&from=not-a-date&to=2026-13-45',
  `sku=${'x'.repeat(10_000)}&__proto__[admin]=true`,
];

/**
 * Every route of the gateway, from its OpenAPI document, with hostile bodies and queries, as an
 * admin (who reaches every route). Each answer is a 4xx naming the problem or an ordinary answer
 * to a harmless reading; never a 5xx. The processes stay up throughout.
 */
describe('fuzzing every gateway route (real gateway and services)', () => {
  let system: TestSystem;
  let token: string;
  let expectUnharmed: (what: string) => Promise<void>;

  beforeAll(async () => {
    ({ system, token, expectUnharmed } = await systemToAttack('admin@tideline.local'));
  });
  afterAll(() => system?.stop());

  it('answers every hostile body and query with a clear 4xx, never a 5xx, and stays up', async () => {
    // Logging out would end the session the rest of the test uses.
    const routes = (await gatewayRoutes(system.gatewayUrl)).filter((r) => r.path !== '/api/auth/logout');
    const problems: string[] = [];
    let requests = 0;
    const send = async (method: string, url: string, body?: string, what = '') => {
      requests++;
      const res = await fetch(`${system.gatewayUrl}${url}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(35_000),
      });
      const text = await res.text();
      if (res.status >= 500) problems.push(`${method} ${url.slice(0, 80)} ${what}: ${res.status} ${text.slice(0, 160)}`);
      else if (res.status >= 400 && !/"message"/.test(text)) problems.push(`${method} ${url.slice(0, 80)} ${what}: ${res.status} without a message`);
    };
    for (const { method, url } of routes) {
      if (['POST', 'PUT', 'PATCH'].includes(method)) {
        for (const [what, body] of BODIES) await send(method, url, body, what);
      } else {
        for (const query of QUERIES) await send(method, `${url}?${query}`, undefined, 'hostile query');
      }
    }
    expect(problems).toEqual([]);
    expect(requests).toBeGreaterThan(200);
    await expectUnharmed('after every hostile body and query');
  }, 300_000);
});
