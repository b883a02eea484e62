import { TestBed } from '@angular/core/testing';
import { EmptyState } from './empty-state';

describe('EmptyState', () => {
  it('shows the icon, heading and message', async () => {
    const fixture = TestBed.createComponent(EmptyState);
    fixture.componentRef.setInput('icon', 'insights');
    fixture.componentRef.setInput('heading', 'Forecast explorer');
    fixture.componentRef.setInput('message', 'Coming in a later release.');
    await fixture.whenStable();
    const host: HTMLElement = fixture.nativeElement;

    expect(host.querySelector('mat-icon')?.textContent?.trim()).toBe('insights');
    expect(host.querySelector('h1')?.textContent?.trim()).toBe('Forecast explorer');
    expect(host.querySelector('p')?.textContent?.trim()).toBe('Coming in a later release.');
  });
});
