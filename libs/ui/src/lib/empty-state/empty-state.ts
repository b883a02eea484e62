import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';

/** A page with nothing to show yet: an icon, a heading and a sentence, plus any projected actions. */
@Component({
  selector: 'tl-empty-state',
  imports: [MatIcon],
  template: `
    <section class="tl-empty-state">
      <mat-icon class="tl-empty-state__icon" aria-hidden="true">{{ icon() }}</mat-icon>
      <h1 class="tl-empty-state__heading">{{ heading() }}</h1>
      @if (message()) {
        <p class="tl-empty-state__message">{{ message() }}</p>
      }
      <ng-content />
    </section>
  `,
  styles: `
    :host {
      display: block;
    }
    .tl-empty-state {
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 8px;
      max-width: 560px;
      margin: 64px auto;
      padding: 0 24px;
      text-align: center;
    }
    .tl-empty-state__icon {
      width: 48px;
      height: 48px;
      font-size: 48px;
      color: var(--mat-sys-primary);
    }
    .tl-empty-state__heading {
      margin: 8px 0 0;
      font: var(--mat-sys-headline-small);
    }
    .tl-empty-state__message {
      margin: 0 0 8px;
      font: var(--mat-sys-body-large);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EmptyState {
  /** A Material Icons ligature name, e.g. `insights`. */
  readonly icon = input('info');
  readonly heading = input.required<string>();
  readonly message = input('');
}
