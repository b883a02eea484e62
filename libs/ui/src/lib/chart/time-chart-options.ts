import type { EChartsCoreOption } from 'echarts/core';

/** One line of a weekly chart; `null` where it has no value that week (a gap, not a zero). */
export interface ChartLine {
  name: string;
  values: readonly (number | null)[];
  color: string;
  dashed?: boolean;
  /** Draw as bars (actual sales, say) rather than a line. */
  bars?: boolean;
}

/** A shaded range between two lines, such as a forecast's 80% interval. */
export interface ChartBand {
  name: string;
  lo: readonly (number | null)[];
  hi: readonly (number | null)[];
  color: string;
  opacity: number;
}

/** Above this many weeks the chart opens on the last two years; the zoom bar reaches the rest. */
const OPEN_ON_WEEKS = 104;
/** A line of up to this many values gets a marker on each, so a short or sparse line (a single week, say) still shows. */
const MARKERS_UP_TO = 26;

const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

/**
 * ECharts options for weeks on the x axis: bands drawn as a transparent base plus a stacked
 * width (how ECharts shades between two lines), then the lines; a legend, an axis tooltip, and
 * zoom by wheel, drag or the slider. LTTB sampling keeps long series smooth.
 */
export function timeChartOptions(weeks: readonly string[], lines: readonly ChartLine[], bands: readonly ChartBand[] = []): EChartsCoreOption {
  const bandSeries = bands.flatMap((band) => [
    {
      name: band.name,
      type: 'line',
      stack: band.name,
      data: band.lo.map(round),
      lineStyle: { opacity: 0 },
      symbol: 'none',
      tooltip: { show: false },
      silent: true,
      itemStyle: { color: band.color },
    },
    {
      name: band.name,
      type: 'line',
      stack: band.name,
      data: band.hi.map((hi, i) => {
        const lo = band.lo[i];
        return hi === null || lo === null ? null : round(hi - lo);
      }),
      lineStyle: { opacity: 0 },
      symbol: 'none',
      areaStyle: { color: band.color, opacity: band.opacity },
      itemStyle: { color: band.color },
      silent: true,
    },
  ]);
  const lineSeries = lines.map((line) => ({
    name: line.name,
    type: line.bars ? 'bar' : 'line',
    data: line.values.map(round),
    itemStyle: { color: line.color },
    lineStyle: line.dashed ? { type: 'dashed', width: 2 } : { width: 2 },
    symbol: line.values.filter((v) => v !== null).length <= MARKERS_UP_TO ? 'circle' : 'none',
    sampling: 'lttb',
    connectNulls: false,
    barMaxWidth: 8,
  }));
  const start = weeks.length > OPEN_ON_WEEKS ? Math.round((1 - OPEN_ON_WEEKS / weeks.length) * 100) : 0;
  return {
    animation: false,
    grid: { left: 56, right: 24, top: 40, bottom: 72 },
    legend: { top: 0, data: [...lines.map((l) => l.name), ...bands.map((b) => b.name)] },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: [...weeks], boundaryGap: lines.some((l) => l.bars) },
    yAxis: { type: 'value', scale: false },
    dataZoom: [
      { type: 'inside', start, end: 100 },
      { type: 'slider', start, end: 100, bottom: 16 },
    ],
    series: [...bandSeries, ...lineSeries],
  };
}
