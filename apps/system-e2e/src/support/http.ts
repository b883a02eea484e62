import type { SessionView } from '@tideline/contracts';

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
  ms: number;
}

/** A JSON request to the gateway; never throws on an HTTP error status. */
export async function call<T = unknown>(
  baseUrl: string,
  method: string,
  route: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<HttpAnswer<T>> {
  const started = performance.now();
  const res = await fetch(`${baseUrl}${route}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers, ms };
}

export async function login(baseUrl: string, email: string, password: string): Promise<SessionView> {
  const answer = await call<SessionView>(baseUrl, 'POST', '/api/auth/login', { body: { email, password } });
  if (answer.status !== 200) throw new Error(`login ${email}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}
