import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { EnvironmentProviders, makeEnvironmentProviders, Provider } from '@angular/core';
import { API_BASE_URL } from './api/api-base-url';
import { authInterceptor } from './auth/auth.interceptor';

export interface WebCoreOptions {
  /** Defaults to `/api`, which the dev server proxies to the gateway. */
  apiBaseUrl?: string;
}

/** `HttpClient` with the auth interceptor, and optionally a different API base URL. */
export function provideWebCore(options: WebCoreOptions = {}): EnvironmentProviders {
  const providers: (Provider | EnvironmentProviders)[] = [provideHttpClient(withInterceptors([authInterceptor]))];
  if (options.apiBaseUrl !== undefined) {
    providers.push({ provide: API_BASE_URL, useValue: options.apiBaseUrl });
  }
  return makeEnvironmentProviders(providers);
}
