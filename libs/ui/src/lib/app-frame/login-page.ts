import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Router } from '@angular/router';
import { apiErrorMessage, AuthService, safeReturnUrl } from '@tideline/web-core';
import { LoginCredentials, LoginForm } from '../login';
import { APP_INFO } from './app-info';

/** `/login`: signs in through `AuthService`, then goes back to `returnUrl`. */
@Component({
  selector: 'tl-login-page',
  imports: [LoginForm],
  template: `
    <main class="login-page">
      <tl-login [appTitle]="appTitle" [error]="error()" [busy]="busy()" (signIn)="signIn($event)" />
    </main>
  `,
  styles: `
    .login-page {
      box-sizing: border-box;
      min-height: 100vh;
      display: grid;
      place-items: center;
      padding: 24px;
      background: var(--mat-sys-surface-container);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoginPage {
  /** From the `returnUrl` query parameter: where the user was going before being asked to sign in. */
  readonly returnUrl = input<string>();

  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly appTitle = inject(APP_INFO).title;
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected signIn({ email, password }: LoginCredentials): void {
    this.busy.set(true);
    this.error.set(null);
    this.auth
      .login(email, password)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => void this.router.navigateByUrl(safeReturnUrl(this.returnUrl())),
        error: (failure: unknown) => {
          this.error.set(apiErrorMessage(failure, 'Sign-in failed. Please try again.'));
          this.busy.set(false);
        },
      });
  }
}
