import { Component } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Shell } from './shell';

@Component({ template: '' })
class BlankPage {}

describe('Shell', () => {
  let fixture: ComponentFixture<Shell>;
  let host: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideRouter([{ path: '**', component: BlankPage }])],
    });
    fixture = TestBed.createComponent(Shell);
    fixture.componentRef.setInput('appTitle', 'Tideline Planning');
    fixture.componentRef.setInput('userName', 'Maya Manager');
    fixture.componentRef.setInput('roleLabels', ['Category manager', 'Admin']);
    fixture.componentRef.setInput('nav', [
      { label: 'Plans', path: '/plans', icon: 'event_note' },
      { label: 'Budget', path: '/budget', icon: 'savings' },
    ]);
    host = fixture.nativeElement;
    await fixture.whenStable();
  });

  it('shows the app title, the user name and role labels', () => {
    expect(host.querySelector('.tl-shell__title')?.textContent?.trim()).toBe('Tideline Planning');
    expect(host.querySelector('[data-testid="user-name"]')?.textContent?.trim()).toBe('Maya Manager');
    expect(host.querySelector('[data-testid="user-role"]')?.textContent?.trim()).toBe('Category manager, Admin');
  });

  it('lists the navigation as links inside a labelled nav', () => {
    const links = Array.from(host.querySelectorAll<HTMLAnchorElement>('nav[aria-label="Main"] a'));

    expect(
      links.map((a) => [
        a.querySelector('[matListItemTitle]')?.textContent?.trim(),
        a.querySelector('mat-icon')?.textContent?.trim(),
        a.getAttribute('href'),
      ]),
    ).toEqual([
      ['Plans', 'event_note', '/plans'],
      ['Budget', 'savings', '/budget'],
    ]);
  });

  it('emits signOut when "Sign out" is pressed', () => {
    let signOuts = 0;
    fixture.componentInstance.signOut.subscribe(() => signOuts++);
    const button = Array.from(host.querySelectorAll('button')).find((b) => b.textContent?.trim() === 'Sign out');

    button?.click();

    expect(signOuts).toBe(1);
  });
});
