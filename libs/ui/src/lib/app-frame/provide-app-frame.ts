import {
  EnvironmentProviders,
  inject,
  Injectable,
  makeEnvironmentProviders,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { Title } from '@angular/platform-browser';
import { provideRouter, RouterStateSnapshot, TitleStrategy, withComponentInputBinding } from '@angular/router';
import { provideWebCore } from '@tideline/web-core';
import { APP_INFO, AppInfo } from './app-info';
import { appFrameRoutes } from './app-frame.routes';

/** Document titles read `<page> · <app>`, e.g. "Sign in · Tideline Planning". */
@Injectable()
export class AppFrameTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);
  private readonly info = inject(APP_INFO);

  override updateTitle(snapshot: RouterStateSnapshot): void {
    const page = this.buildTitle(snapshot);
    this.title.setTitle(page ? `${page} · ${this.info.title}` : this.info.title);
  }
}

/**
 * Everything a Tideline web app needs at bootstrap: zoneless change detection, the frame's routes
 * (route and query params bound to component inputs), document titles, the app's `AppInfo`, and
 * web-core's `HttpClient` with the auth interceptor.
 */
export function provideAppFrame(info: AppInfo): EnvironmentProviders {
  return makeEnvironmentProviders([
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(appFrameRoutes(info), withComponentInputBinding()),
    provideWebCore(),
    { provide: APP_INFO, useValue: info },
    { provide: TitleStrategy, useClass: AppFrameTitleStrategy },
  ]);
}
