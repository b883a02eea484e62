import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { Router, RouterOutlet } from '@angular/router';
import { Shell } from '@tideline/ui';
import { AuthService, roleLabels } from '@tideline/web-core';
import { APP_TITLE, NAV } from '../app-info';

@Component({
  selector: 'app-shell-page',
  imports: [Shell, RouterOutlet],
  template: `
    <tl-shell
      [appTitle]="appTitle"
      [nav]="nav"
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

  protected readonly appTitle = APP_TITLE;
  protected readonly nav = NAV;
  protected readonly userName = computed(() => this.auth.currentUser()?.name ?? '');
  protected readonly roles = computed(() => roleLabels(this.auth.roles()));

  protected signOut(): void {
    this.auth.logout().subscribe(() => void this.router.navigateByUrl('/login'));
  }
}
