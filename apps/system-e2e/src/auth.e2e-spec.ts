import { JwtService } from '@nestjs/jwt';
import type { SessionView, UserAdminView, UserView } from '@tideline/contracts';
import { call, login } from './support/http';
import { TestSystem } from './support/test-system';

const DEMO = [
  { email: 'admin@tideline.local', roles: ['admin'] },
  { email: 'data@tideline.local', roles: ['data_engineer'] },
  { email: 'analyst@tideline.local', roles: ['forecast_analyst'] },
  { email: 'manager@tideline.local', roles: ['category_manager'] },
  { email: 'manager2@tideline.local', roles: ['category_manager'] },
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// Once with one process of every service, once with two of each side by side.
describe.each([1, 2])('authentication through the gateway, %i instance(s) of every service (real broker, database, processes)', (instances) => {
  let system: TestSystem;
  let url: string;
  let password: string;
  const signIn = (email: string, pass = password) => login(url, email, pass);

  beforeAll(async () => {
    system = await TestSystem.start({ instances });
    url = system.gatewayUrl;
    password = system.env['DEMO_PASSWORD'];
  });
  afterAll(() => system?.stop());

  it.each(DEMO)('logs in the seeded user $email with the contract shape', async ({ email, roles }) => {
    const answer = await call<SessionView>(url, 'POST', '/api/auth/login', { body: { email, password } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      refreshToken: expect.any(String),
      expiresIn: Number(system.env['ACCESS_TOKEN_TTL_SECONDS']),
      user: { id: expect.any(String), email, name: expect.any(String), roles },
    });
    const me = await call(url, 'GET', '/api/me', { token: answer.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toEqual(answer.body.user);
  });

  it('answers a wrong password and an unknown user alike: 401, same message, similar time', async () => {
    const wrong: number[] = [];
    const unknown: number[] = [];
    let wrongBody: unknown;
    let unknownBody: unknown;
    for (let i = 0; i < 7; i++) {
      const a = await call(url, 'POST', '/api/auth/login', { body: { email: 'analyst@tideline.local', password: 'not-the-password' } });
      const b = await call(url, 'POST', '/api/auth/login', { body: { email: `nobody${i}@tideline.local`, password: 'not-the-password' } });
      expect([a.status, b.status]).toEqual([401, 401]);
      wrong.push(a.ms);
      unknown.push(b.ms);
      wrongBody = a.body;
      unknownBody = b.body;
    }
    expect(unknownBody).toEqual(wrongBody);
    expect(wrongBody).toEqual({ statusCode: 401, code: 'AUTH.INVALID_CREDENTIALS', message: 'Invalid email or password' });
    // Without the decoy hash an unknown email answers ~50x faster than a wrong password: that is
    // what this guards. The upper bound only catches a gross slowdown; it is wide because, with two
    // instances of everything on two cores, one slow answer moves a median of seven (2.3× seen once).
    const ratio = median(unknown) / median(wrong);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(4);
  });

  describe('refuses access tokens that are not exactly ours', () => {
    let session: SessionView;
    const jwt = new JwtService({});
    const claims = () => ({ sub: session.user.id, sid: decode(session.accessToken)['sid'], email: session.user.email, name: 'x', roles: ['admin'] });
    const decode = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    const sign = (payload: object, options: Record<string, unknown> = {}) =>
      jwt.sign(payload, {
        secret: system.env['JWT_SECRET'],
        algorithm: 'HS256',
        issuer: system.env['JWT_ISSUER'],
        audience: system.env['JWT_AUDIENCE'],
        ...options,
      });
    const expectRefused = async (token: string) => {
      const answer = await call(url, 'GET', '/api/me', { token });
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ statusCode: 401, code: 'AUTH.UNAUTHENTICATED' });
    };

    beforeAll(async () => {
      session = await signIn('analyst@tideline.local');
    });

    it('accepts a token we could have issued (control)', async () => {
      expect((await call(url, 'GET', '/api/me', { token: sign(claims(), { expiresIn: 60 }) })).status).toBe(200);
    });
    it('refuses an expired token', () => expectRefused(sign({ ...claims(), exp: Math.floor(Date.now() / 1000) - 5 })));
    it('refuses a token signed with another key', () =>
      expectRefused(sign(claims(), { secret: 'another-secret-that-is-long-enough-000000', expiresIn: 60 })));
    it('refuses an altered token (payload changed, signature kept)', async () => {
      const [header, , signature] = session.accessToken.split('.');
      const forged = Buffer.from(JSON.stringify({ ...decode(session.accessToken), roles: ['admin'] })).toString('base64url');
      await expectRefused(`${header}.${forged}.${signature}`);
    });
    it('refuses alg: none', async () => {
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const payload = Buffer.from(JSON.stringify({ ...decode(session.accessToken) })).toString('base64url');
      await expectRefused(`${header}.${payload}.`);
    });
    it('refuses another issuer or audience', async () => {
      await expectRefused(sign(claims(), { issuer: 'someone-else', expiresIn: 60 }));
      await expectRefused(sign(claims(), { audience: 'another-api', expiresIn: 60 }));
    });
    it('refuses a request without a token', () => expectRefused(''));
  });

  it('lets a refresh token work once; its reuse is refused and revokes the successor', async () => {
    const first = await signIn('manager@tideline.local');
    const second = await call<SessionView>(url, 'POST', '/api/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toEqual(first.refreshToken);
    expect((await call(url, 'GET', '/api/me', { token: second.body.accessToken })).status).toBe(200);

    const reuse = await call(url, 'POST', '/api/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(reuse.status).toBe(401);
    expect(reuse.body).toMatchObject({ code: 'AUTH.REFRESH_REUSED' });

    const successor = await call(url, 'POST', '/api/auth/refresh', { body: { refreshToken: second.body.refreshToken } });
    expect(successor.status).toBe(401);
    expect(successor.body).toMatchObject({ code: 'AUTH.SESSION_REVOKED' });
    expect((await call(url, 'GET', '/api/me', { token: second.body.accessToken })).status).toBe(401);
  });

  it('ends the session on logout, access token included', async () => {
    const session = await signIn('data@tideline.local');
    expect((await call(url, 'POST', '/api/auth/logout', { token: session.accessToken })).status).toBe(204);
    expect((await call(url, 'GET', '/api/me', { token: session.accessToken })).status).toBe(401);
    expect((await call(url, 'POST', '/api/auth/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(401);
  });

  it('answers 403 to a user without the role, and lets an admin through', async () => {
    const analyst = await signIn('analyst@tideline.local');
    const denied = await call(url, 'GET', '/api/users', { token: analyst.accessToken });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ code: 'AUTH.FORBIDDEN', message: 'This needs one of the roles: admin' });
    const admin = await signIn('admin@tideline.local');
    const list = await call<{ items: UserAdminView[]; total: number }>(url, 'GET', '/api/users?sort=email', { token: admin.accessToken });
    expect(list.status).toBe(200);
    expect(list.body.items.map((u) => u.email)).toEqual(DEMO.map((d) => d.email).sort());
    expect(list.body.total).toBe(5);
  });

  it('stops a disabled user at once: live tokens, refresh and login', async () => {
    const admin = await signIn('admin@tideline.local');
    const created = await call<UserAdminView>(url, 'POST', '/api/users', {
      token: admin.accessToken,
      body: { email: 'Temp.Analyst@Tideline.local', name: 'Temp Analyst', password: 'a-long-password', roles: ['forecast_analyst'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'temp.analyst@tideline.local', disabled: false, roles: ['forecast_analyst'] });
    const user = await signIn('temp.analyst@tideline.local', 'a-long-password');
    expect((await call(url, 'GET', '/api/me', { token: user.accessToken })).status).toBe(200);

    const disabled = await call<UserAdminView>(url, 'PATCH', `/api/users/${created.body.id}`, { token: admin.accessToken, body: { disabled: true } });
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabled).toBe(true);

    expect((await call(url, 'GET', '/api/me', { token: user.accessToken })).status).toBe(401);
    expect((await call(url, 'POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } })).status).toBe(401);
    const again = await call(url, 'POST', '/api/auth/login', { body: { email: 'temp.analyst@tideline.local', password: 'a-long-password' } });
    expect(again.status).toBe(401);
    expect(again.body).toMatchObject({ code: 'AUTH.USER_DISABLED' });
  });

  it('lets an admin change roles and reset a password; the old password stops working', async () => {
    const admin = await signIn('admin@tideline.local');
    const created = await call<UserAdminView>(url, 'POST', '/api/users', {
      token: admin.accessToken,
      body: { email: 'planner@tideline.local', name: 'Planner', password: 'first-password', roles: ['category_manager'] },
    });
    const planner = await signIn('planner@tideline.local', 'first-password');
    expect((await call<UserView>(url, 'GET', '/api/me', { token: planner.accessToken })).body.roles).toEqual(['category_manager']);
    const roles = await call<UserAdminView>(url, 'PATCH', `/api/users/${created.body.id}`, {
      token: admin.accessToken,
      body: { roles: ['category_manager', 'forecast_analyst'] },
    });
    expect(roles.body.roles).toEqual(['category_manager', 'forecast_analyst']);
    // A live token carries the new roles at once (the gateway's remembered session is forgotten).
    expect((await call<UserView>(url, 'GET', '/api/me', { token: planner.accessToken })).body.roles).toEqual(['category_manager', 'forecast_analyst']);
    const reset = await call(url, 'POST', `/api/users/${created.body.id}/password`, { token: admin.accessToken, body: { password: 'second-password' } });
    expect(reset.status).toBe(200);
    expect((await call(url, 'POST', '/api/auth/login', { body: { email: 'planner@tideline.local', password: 'first-password' } })).status).toBe(401);
    expect((await signIn('planner@tideline.local', 'second-password')).user.roles).toEqual(['category_manager', 'forecast_analyst']);
    const duplicate = await call(url, 'POST', '/api/users', {
      token: admin.accessToken,
      body: { email: 'planner@tideline.local', name: 'Again', password: 'first-password', roles: ['admin'] },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ code: 'USERS.EMAIL_TAKEN' });
  });

  it('refuses passwords that are long enough but easy to guess, when creating a user and on reset', async () => {
    const admin = await signIn('admin@tideline.local');
    const weak = await call<{ message: string; details: object }>(url, 'POST', '/api/users', {
      token: admin.accessToken,
      body: { email: 'weak.one@tideline.local', name: 'Weak One', password: 'password123', roles: ['forecast_analyst'] },
    });
    expect(weak.status).toBe(400);
    expect(weak.body).toMatchObject({ code: 'VALIDATION.FAILED', details: { field: 'password' } });
    expect(weak.body.message).toMatch(/^password is too easy to guess: .*commonly used password/);
    const ownName = await call(url, 'POST', '/api/users', {
      token: admin.accessToken,
      body: { email: 'weak.one@tideline.local', name: 'Weak One', password: 'weakone2026', roles: ['forecast_analyst'] },
    });
    expect(ownName.status).toBe(400);

    const created = await call<UserAdminView>(url, 'POST', '/api/users', {
      token: admin.accessToken,
      body: { email: 'weak.one@tideline.local', name: 'Weak One', password: 'Strong-Enough-7341', roles: ['forecast_analyst'] },
    });
    expect(created.status).toBe(201);
    const reset = await call(url, 'POST', `/api/users/${created.body.id}/password`, { token: admin.accessToken, body: { password: 'qwertyuiop' } });
    expect(reset.status).toBe(400);
    expect(reset.body).toMatchObject({ code: 'VALIDATION.FAILED', details: { field: 'password' } });
    expect((await signIn('weak.one@tideline.local', 'Strong-Enough-7341')).user.email).toBe('weak.one@tideline.local');
  });

  it('refuses unknown and malformed fields with 400 naming the field', async () => {
    const unknown = await call(url, 'POST', '/api/auth/login', { body: { email: 'analyst@tideline.local', password: 'x', isAdmin: true } });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'VALIDATION.FAILED', details: { fields: { isAdmin: ['property isAdmin should not exist'] } } });

    const admin = await signIn('admin@tideline.local');
    const malformed = await call(url, 'POST', '/api/users', {
      token: admin.accessToken,
      body: { email: 'not-an-email', name: 'X', password: 'short', roles: ['wizard'] },
    });
    expect(malformed.status).toBe(400);
    expect(Object.keys((malformed.body as { details: { fields: object } }).details.fields).sort()).toEqual(['email', 'password', 'roles']);
    expect((malformed.body as { message: string }).message).toContain('roles must each be one of admin, data_engineer');

    const badId = await call(url, 'PATCH', '/api/users/not-a-uuid', { token: admin.accessToken, body: { disabled: true } });
    expect(badId.status).toBe(400);
  });

  it('carries the caller\'s request id from the gateway into the service logs', async () => {
    const requestId = `e2e-${Date.now()}`;
    const answer = await call(url, 'POST', '/api/auth/login', {
      body: { email: 'analyst@tideline.local', password },
      headers: { 'x-request-id': requestId },
    });
    expect(answer.headers.get('x-request-id')).toBe(requestId);
    await new Promise((r) => setTimeout(r, 200));
    // Whichever auth instance took the login logged it.
    const verified = [...system.processes.keys()]
      .filter((key) => key.startsWith('auth-service'))
      .flatMap((key) => system.log(key).split('\n'))
      .filter((line) => line.includes(requestId));
    expect(verified.length).toBeGreaterThan(0);
  });
});
