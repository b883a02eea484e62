import { HttpClient, HttpContext, HttpEvent, HttpHeaders, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import { API_BASE_URL, joinApiUrl } from './api-base-url';

type QueryValue = string | number | boolean;

export interface ApiRequestOptions {
  params?: HttpParams | Record<string, QueryValue | readonly QueryValue[]>;
  headers?: HttpHeaders | Record<string, string>;
  context?: HttpContext;
}

/** Thin typed wrapper over `HttpClient` that resolves paths against `API_BASE_URL`. */
@Injectable({ providedIn: 'root' })
export class ApiClient {
  private readonly http = inject(HttpClient);
  private readonly baseUrl = inject(API_BASE_URL);

  url(path: string): string {
    return joinApiUrl(this.baseUrl, path);
  }

  get<T>(path: string, options: ApiRequestOptions = {}): Observable<T> {
    return this.http.get<T>(this.url(path), options);
  }

  post<T>(path: string, body: unknown, options: ApiRequestOptions = {}): Observable<T> {
    return this.http.post<T>(this.url(path), body, options);
  }

  put<T>(path: string, body: unknown, options: ApiRequestOptions = {}): Observable<T> {
    return this.http.put<T>(this.url(path), body, options);
  }

  patch<T>(path: string, body: unknown, options: ApiRequestOptions = {}): Observable<T> {
    return this.http.patch<T>(this.url(path), body, options);
  }

  delete<T>(path: string, options: ApiRequestOptions = {}): Observable<T> {
    return this.http.delete<T>(this.url(path), options);
  }

  /** A text body, such as a CSV download. */
  getText(path: string, options: ApiRequestOptions = {}): Observable<string> {
    return this.http.get(this.url(path), { ...options, responseType: 'text' });
  }

  /**
   * Sends a file as the multipart field `file` (so the server keeps its name), reporting upload
   * progress events along the way.
   */
  upload<T>(path: string, file: File, options: ApiRequestOptions = {}): Observable<HttpEvent<T>> {
    const body = new FormData();
    body.append('file', file, file.name);
    return this.http.post<T>(this.url(path), body, { ...options, reportProgress: true, observe: 'events' });
  }
}
