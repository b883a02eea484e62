import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatAnchor } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { EmptyState } from '@tideline/ui';

/** What a plan page shows before a plan is chosen. */
@Component({
  selector: 'app-no-plan',
  imports: [EmptyState, MatAnchor, RouterLink],
  template: `
    <tl-empty-state icon="event_note" heading="No plan chosen" message="Open a plan from the list of plans, or create one there.">
      <a mat-flat-button routerLink="/plans">Go to the plans</a>
    </tl-empty-state>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NoPlan {}
