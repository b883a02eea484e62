import { InjectionToken } from '@angular/core';

/**
 * Where the gateway's `/api` routes are reached. The apps are served with `/api` proxied to the
 * gateway (dev server) or behind the same origin (production), so the default is relative.
 */
export const API_BASE_URL = new InjectionToken<string>('API_BASE_URL', {
  providedIn: 'root',
  factory: () => '/api',
});

/** Joins the base URL and a route path with exactly one slash between them. */
export function joinApiUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** True for URLs under the API base, the only requests that may carry the bearer token. */
export function isApiUrl(url: string, baseUrl: string): boolean {
  const base = baseUrl.replace(/\/+$/, '');
  return url === base || url.startsWith(`${base}/`);
}
