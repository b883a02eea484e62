import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterOutlet } from '@angular/router';

/** The root component of every Tideline web app (`index.html` holds `<tl-app-frame>`): the routed page. */
@Component({
  selector: 'tl-app-frame',
  imports: [RouterOutlet],
  template: '<router-outlet />',
  styles: ':host { display: block; height: 100%; }',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AppFrame {}
