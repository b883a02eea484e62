import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { NgxEchartsDirective, provideEchartsCore } from 'ngx-echarts';
import { echarts } from './echarts-setup';
import { ChartBand, ChartLine, timeChartOptions } from './time-chart-options';

/**
 * A weekly chart: lines, bars and shaded bands over the weeks, with zoom. The chart is an image
 * to a screen reader, so `label` must say what it shows; the page's grid holds the same numbers.
 */
@Component({
  selector: 'tl-time-chart',
  imports: [NgxEchartsDirective],
  providers: [provideEchartsCore({ echarts })],
  template: `<div echarts class="tl-time-chart" role="img" [attr.aria-label]="label()" [options]="options()" [style.height.px]="height()"></div>`,
  styles: ':host { display: block; } .tl-time-chart { width: 100%; }',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TimeChart {
  readonly weeks = input.required<readonly string[]>();
  readonly lines = input.required<readonly ChartLine[]>();
  readonly bands = input<readonly ChartBand[]>([]);
  readonly label = input.required<string>();
  readonly height = input(360);

  protected readonly options = computed(() => timeChartOptions(this.weeks(), this.lines(), this.bands()));
}
