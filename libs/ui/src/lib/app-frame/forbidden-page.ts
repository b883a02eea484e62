import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatAnchor, MatButton } from '@angular/material/button';
import { Router, RouterLink } from '@angular/router';
import { AuthService, roleLabels } from '@tideline/web-core';
import { EmptyState } from '../empty-state';
import { APP_INFO } from './app-info';

/** `/forbidden`: says who the app is for, with a way to sign out (or in). */
@Component({
  selector: 'tl-forbidden-page',
  imports: [EmptyState, MatButton, MatAnchor, RouterLink],
  template: `
    <main>
      <tl-empty-state icon="block" [heading]="heading" [message]="message()">
        @if (auth.isAuthenticated()) {
          <button mat-flat-button type="button" (click)="signOut()">Sign out</button>
        } @else {
          <a mat-flat-button routerLink="/login">Sign in</a>
        }
      </tl-empty-state>
    </main>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ForbiddenPage {
  protected readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly info = inject(APP_INFO);

  protected readonly heading = `You do not have access to ${this.info.title}`;
  protected readonly message = computed(() => {
    const user = this.auth.currentUser();
    const who = user ? `You are signed in as ${user.name} (${roleLabels(user.roles).join(', ')}). ` : '';
    const allowed = roleLabels(this.info.allowedRoles).join(', ');
    return `${who}${this.info.title} is for these roles: ${allowed}. Ask an administrator if you need access.`;
  });

  protected signOut(): void {
    this.auth.logout().subscribe(() => void this.router.navigateByUrl('/login'));
  }
}
