import { InjectionToken, Type } from '@angular/core';
import type { Role } from '@tideline/web-core';

/** What makes one Tideline web app differ from another; everything else is the shared frame. */
export interface AppInfo {
  /** Product name: login card, toolbar, document titles and the "no access" page. */
  readonly title: string;
  /** Who may use the app; signed-in users without any of these roles are sent to `/forbidden`. */
  readonly allowedRoles: readonly Role[];
  /** The app's pages, in navigation order; the first is where `/` leads. */
  readonly pages: readonly AppPage[];
  /**
   * Navigation keeps the query parameters, for apps whose pages all work on one thing named in
   * the URL (the planning app's `?plan=`).
   */
  readonly carryQueryParams?: boolean;
}

/**
 * One page of an app: an entry in the side navigation and a route inside the signed-in shell.
 * A page without `loadComponent` only says what it will hold (`tl-empty-state`).
 */
export interface AppPage {
  /** Route path below the shell, e.g. `explorer` for `/explorer`. */
  readonly path: string;
  /** Navigation label, e.g. "Explorer". */
  readonly label: string;
  /** A Material Icons ligature name, in the navigation and on the page. */
  readonly icon: string;
  /** Page heading and document title, e.g. "Forecast explorer". */
  readonly heading: string;
  /** What the page will hold, in a sentence or two. */
  readonly description: string;
  /** The page's component, loaded lazily when the page is first opened. */
  readonly loadComponent?: () => Promise<Type<unknown>>;
  /**
   * Who may open this page, when fewer than the app's `allowedRoles`: others do not see it in the
   * navigation and are sent to `/forbidden` if they follow a link to it.
   */
  readonly roles?: readonly Role[];
}

/** The running app's `AppInfo`, provided by `provideAppFrame()`. */
export const APP_INFO = new InjectionToken<AppInfo>('APP_INFO');
