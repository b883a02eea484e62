import fs from 'node:fs';
import path from 'node:path';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@tideline/contracts';
import { gatewayRoutes } from './support/gateway-routes';
import { call, login } from './support/http';
import { TestSystem } from './support/test-system';

const ROLE_USERS: Record<Role, string> = {
  admin: 'admin@tideline.local',
  data_engineer: 'data@tideline.local',
  forecast_analyst: 'analyst@tideline.local',
  category_manager: 'manager@tideline.local',
};
const DENIED = [401, 403];

/**
 * Every route of the gateway × every role, no token, an expired token and a disabled user's
 * token, against the access decision each route publishes. The routes come from the gateway's
 * own OpenAPI document, so a new route is in the matrix without being listed here, and a route
 * without a decision fails it.
 */
describe('authorization matrix: every gateway route × every caller', () => {
  let system: TestSystem;
  const tokens: Partial<Record<Role, string>> = {};
  let expired: string;
  let disabled: string;

  beforeAll(async () => {
    // Every caller signs in once more for the logout route; the login limit is not under test here.
    system = await TestSystem.start({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } });
    const password = system.env['DEMO_PASSWORD'];
    for (const [role, email] of Object.entries(ROLE_USERS) as Array<[Role, string]>) tokens[role] = (await login(system.gatewayUrl, email, password)).accessToken;
    const admin = tokens.admin as string;

    const created = await call<{ id: string }>(system.gatewayUrl, 'POST', '/api/users', {
      token: admin,
      body: { email: 'leaver@tideline.local', name: 'Leaver', password: 'a-long-password', roles: ['admin'] },
    });
    disabled = (await login(system.gatewayUrl, 'leaver@tideline.local', 'a-long-password')).accessToken;
    expect((await call(system.gatewayUrl, 'PATCH', `/api/users/${created.body.id}`, { token: admin, body: { disabled: true } })).status).toBe(200);

    const claims = JSON.parse(Buffer.from(admin.split('.')[1], 'base64url').toString());
    expired = new JwtService({}).sign(
      { sub: claims.sub, sid: claims.sid, email: claims.email, name: claims.name, roles: claims.roles, exp: Math.floor(Date.now() / 1000) - 5 },
      { secret: system.env['JWT_SECRET'], algorithm: 'HS256', issuer: system.env['JWT_ISSUER'], audience: system.env['JWT_AUDIENCE'] },
    );
  });
  afterAll(() => system?.stop());

  it('lets each caller through exactly where the route table says, and nowhere else', async () => {
    const routes = await gatewayRoutes(system.gatewayUrl);
    expect(routes.length).toBeGreaterThan(60);
    expect(routes.filter((r) => !r.access).map((r) => `${r.method} ${r.path}`)).toEqual([]);

    const mismatches: string[] = [];
    let requests = 0;
    for (const { method, path, url, access } of routes) {
      const send = async (token: string | undefined) => {
        requests++;
        const body = ['POST', 'PUT', 'PATCH'].includes(method) ? {} : undefined;
        return (await call(system.gatewayUrl, method, url, { token, body })).status;
      };
      const expectAnswer = (caller: string, status: number, allowed: boolean) => {
        if (allowed === DENIED.includes(status)) mismatches.push(`${method} ${path} as ${caller}: ${status}, expected ${allowed ? 'through' : 'denied'}`);
      };
      for (const [caller, token] of [['no token', undefined], ['an expired token', expired], ['a disabled user', disabled]] as const) {
        expectAnswer(caller, await send(token), access?.public === true);
      }
      for (const role of Object.keys(ROLE_USERS) as Role[]) {
        // Logging out ends the session it is sent with: that route gets a session of its own.
        const token = path === '/api/auth/logout' ? (await login(system.gatewayUrl, ROLE_USERS[role], system.env['DEMO_PASSWORD'])).accessToken : tokens[role];
        expectAnswer(role, await send(token), access?.public === true || (access?.roles ?? []).includes(role));
      }
    }
    expect(mismatches).toEqual([]);
    expect(requests).toBe(routes.length * 7);
  });

  it('writes no token, password or password hash to any log, after all those requests', () => {
    const secrets = [...Object.values(tokens), disabled, expired, system.env['DEMO_PASSWORD'], 'a-long-password', '$argon2'] as string[];
    const logs = fs.readdirSync(system.logDir).map((file) => [file, fs.readFileSync(path.join(system.logDir, file), 'utf8')] as const);
    expect(logs.length).toBeGreaterThanOrEqual(6);
    expect(logs.reduce((n, [, text]) => n + text.length, 0)).toBeGreaterThan(10_000);
    const leaks = logs.flatMap(([file, text]) => secrets.filter((secret) => text.includes(secret)).map((secret) => `${file}: ${secret.slice(0, 12)}…`));
    expect(leaks).toEqual([]);
  });
});
