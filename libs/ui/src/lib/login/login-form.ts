import { ChangeDetectionStrategy, Component, inject, input, output } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';

export interface LoginCredentials {
  email: string;
  password: string;
}

/** Email and password sign-in form. Knows nothing of HTTP: it emits `signIn` and shows `error`. */
@Component({
  selector: 'tl-login',
  imports: [ReactiveFormsModule, MatFormField, MatLabel, MatError, MatInput, MatButton, MatProgressBar],
  templateUrl: './login-form.html',
  styleUrl: './login-form.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoginForm {
  /** Product name shown above the form, e.g. "Tideline Forecasting". */
  readonly appTitle = input('Tideline');
  /** Why the last attempt failed, announced to screen readers; `null` for none. */
  readonly error = input<string | null>(null);
  /** True while a sign-in is in flight: the form shows progress and ignores submits. */
  readonly busy = input(false);
  readonly signIn = output<LoginCredentials>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', Validators.required],
  });

  protected submitCredentials(): void {
    if (this.busy()) {
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { email, password } = this.form.getRawValue();
    this.signIn.emit({ email: email.trim(), password });
  }
}
