import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { Router, RouterOutlet } from '@angular/router';
import { AuthService, roleLabels } from '@tideline/web-core';
import { NavItem, Shell } from '../shell';
import { APP_INFO } from './app-info';

/** The signed-in frame: `tl-shell` with the app's navigation and the current user, around the routed page. */
@Component({
  selector: 'tl-shell-page',
  imports: [Shell, RouterOutlet],
  template: `
    <tl-shell
      [appTitle]="info.title"
      [nav]="nav()"
      [carryQueryParams]="info.carryQueryParams ?? false"
      [userName]="userName()"
      [roleLabels]="roles()"
      (signOut)="signOut()"
    >
      <router-outlet />
    </tl-shell>
  `,
  styles: ':host { display: block; height: 100%; }',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ShellPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  protected readonly info = inject(APP_INFO);
  /** Only the pages this user may open. */
  protected readonly nav = computed<readonly NavItem[]>(() =>
    this.info.pages
      .filter((page) => !page.roles || this.auth.hasAnyRole(page.roles))
      .map(({ label, path, icon }) => ({ label, path: `/${path}`, icon })),
  );
  protected readonly userName = computed(() => this.auth.currentUser()?.name ?? '');
  protected readonly roles = computed(() => roleLabels(this.auth.roles()));

  protected signOut(): void {
    this.auth.logout().subscribe(() => void this.router.navigateByUrl('/login'));
  }
}
