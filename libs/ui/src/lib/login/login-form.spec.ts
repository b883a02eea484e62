import { ComponentFixture, TestBed } from '@angular/core/testing';
import { LoginCredentials, LoginForm } from './login-form';

describe('LoginForm', () => {
  let fixture: ComponentFixture<LoginForm>;
  let host: HTMLElement;
  let emitted: LoginCredentials[];

  const query = <T extends Element>(selector: string) => host.querySelector(selector) as T;

  function type(name: string, value: string): void {
    const input = query<HTMLInputElement>(`input[name="${name}"]`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  async function submit(): Promise<void> {
    query<HTMLButtonElement>('button[type="submit"]').click();
    await fixture.whenStable();
  }

  beforeEach(async () => {
    fixture = TestBed.createComponent(LoginForm);
    fixture.componentRef.setInput('appTitle', 'Tideline Forecasting');
    host = fixture.nativeElement;
    emitted = [];
    fixture.componentInstance.signIn.subscribe((credentials) => emitted.push(credentials));
    await fixture.whenStable();
  });

  it('emits the credentials on submit, with the email trimmed', async () => {
    type('email', '  analyst@tideline.local ');
    type('password', 'tideline-demo');
    await submit();

    expect(emitted).toEqual([{ email: 'analyst@tideline.local', password: 'tideline-demo' }]);
  });

  it('does not emit an incomplete form and says what is missing', async () => {
    type('email', 'analyst');
    await submit();

    expect(emitted).toEqual([]);
    const errors = Array.from(host.querySelectorAll('mat-error')).map((e) => e.textContent?.trim());
    expect(errors).toEqual(['Enter an email address such as name@company.com.', 'Enter your password.']);
  });

  it('shows the error in an alert', async () => {
    expect(host.querySelector('[role="alert"]')).toBeNull();

    fixture.componentRef.setInput('error', 'Email or password is incorrect.');
    await fixture.whenStable();

    expect(query('[role="alert"]').textContent?.trim()).toBe('Email or password is incorrect.');
  });

  it('ignores submits while busy', async () => {
    fixture.componentRef.setInput('busy', true);
    await fixture.whenStable();
    type('email', 'analyst@tideline.local');
    type('password', 'tideline-demo');
    query<HTMLFormElement>('form').dispatchEvent(new Event('submit'));
    await fixture.whenStable();

    expect(emitted).toEqual([]);
    expect(query<HTMLButtonElement>('button[type="submit"]').disabled).toBe(true);
    expect(host.querySelector('mat-progress-bar')).not.toBeNull();
  });

  it('labels its fields for assistive technology and password managers', () => {
    const email = query<HTMLInputElement>('input[name="email"]');
    const password = query<HTMLInputElement>('input[name="password"]');

    expect(query(`label[for="${email.id}"]`).textContent?.trim()).toBe('Email');
    expect(query(`label[for="${password.id}"]`).textContent?.trim()).toBe('Password');
    expect([email.type, email.autocomplete]).toEqual(['email', 'username']);
    expect([password.type, password.autocomplete]).toEqual(['password', 'current-password']);
    expect(query('button[type="submit"]').textContent?.trim()).toBe('Sign in');
    expect(query('h1').textContent?.trim()).toBe('Tideline Forecasting');
  });
});
