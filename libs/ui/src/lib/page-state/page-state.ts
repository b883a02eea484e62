import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import type { LoadState } from '@tideline/web-core';

/**
 * Shows the projected content when `state` is `ready`, and otherwise says what is going on and
 * what to do: a spinner while loading, a sentence when there is nothing to show, and the error
 * with a "Try again" button.
 */
@Component({
  selector: 'tl-page-state',
  imports: [MatButton, MatIcon, MatProgressSpinner],
  template: `
    @switch (state()) {
      @case ('loading') {
        <div class="tl-page-state" role="status" aria-live="polite">
          <mat-progress-spinner mode="indeterminate" diameter="32" [attr.aria-label]="loadingMessage()" />
          <span>{{ loadingMessage() }}</span>
        </div>
      }
      @case ('error') {
        <div class="tl-page-state tl-page-state--error" role="alert">
          <mat-icon aria-hidden="true">error_outline</mat-icon>
          <span>{{ errorMessage() }}</span>
          <button mat-stroked-button type="button" (click)="retry.emit()">Try again</button>
        </div>
      }
      @case ('empty') {
        <div class="tl-page-state" role="status">
          <mat-icon aria-hidden="true">info</mat-icon>
          <span>{{ emptyMessage() }}</span>
        </div>
      }
      @default {
        <ng-content />
      }
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .tl-page-state {
      display: flex;
      align-items: center;
      gap: 12px;
      padding: 24px;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-large);
    }
    .tl-page-state--error {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PageState {
  readonly state = input.required<LoadState>();
  readonly loadingMessage = input('Loading…');
  readonly emptyMessage = input('Nothing to show.');
  readonly errorMessage = input<string | null>('Something went wrong.');
  readonly retry = output<void>();
}
