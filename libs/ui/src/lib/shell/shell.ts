import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, output } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatListItem, MatListItemIcon, MatListItemTitle, MatNavList } from '@angular/material/list';
import { MatSidenav, MatSidenavContainer, MatSidenavContent } from '@angular/material/sidenav';
import { MatToolbar } from '@angular/material/toolbar';
import { RouterLink, RouterLinkActive } from '@angular/router';
import { map } from 'rxjs';

export interface NavItem {
  label: string;
  /** Router path, e.g. `/explorer`. */
  path: string;
  /** A Material Icons ligature name. */
  icon: string;
}

/** Below this width the navigation becomes an overlay opened from the toolbar. */
const NARROW_SCREEN = '(max-width: 959.98px)';

/**
 * The signed-in frame of an app: toolbar with the app title, the user and a sign-out button,
 * side navigation, and the page projected as content.
 */
@Component({
  selector: 'tl-shell',
  imports: [
    MatToolbar,
    MatButton,
    MatIconButton,
    MatIcon,
    MatSidenavContainer,
    MatSidenav,
    MatSidenavContent,
    MatNavList,
    MatListItem,
    MatListItemIcon,
    MatListItemTitle,
    RouterLink,
    RouterLinkActive,
  ],
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Shell {
  readonly appTitle = input.required<string>();
  readonly nav = input<readonly NavItem[]>([]);
  /** Links keep the current query parameters (a page's subject, such as `?plan=`). */
  readonly carryQueryParams = input(false);
  readonly userName = input('');
  /** Display names of the user's roles, e.g. `['Forecast analyst']`. */
  readonly roleLabels = input<readonly string[]>([]);
  readonly signOut = output<void>();

  protected readonly roles = computed(() => this.roleLabels().join(', '));
  protected readonly narrow = toSignal(
    inject(BreakpointObserver)
      .observe(NARROW_SCREEN)
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  protected readonly navOpen = linkedSignal(() => !this.narrow());

  protected toggleNavigation(): void {
    this.navOpen.update((open) => !open);
  }

  protected closeNavigationIfOverlay(): void {
    if (this.narrow()) {
      this.navOpen.set(false);
    }
  }
}
