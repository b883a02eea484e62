import type { PlannedPromotion, PlannedWeek, WhatIfView } from '@tideline/contracts';
import type { ChartLine, TableColumn } from '@tideline/ui';

/** What the promotion form holds. */
export interface PromotionForm {
  from: string;
  to: string;
  price: number | null;
  promo: boolean;
  /** Other drivers as `display=1, feature=1`. */
  drivers: string;
}

/** The drivers text as an object, or the reason it is not one. */
export function parseDrivers(text: string): Record<string, number> | string {
  const drivers: Record<string, number> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const match = /^([a-z][a-z0-9_]*)\s*=\s*(-?\d+(\.\d+)?)$/.exec(part);
    if (!match) return `"${part}" is not name=number (e.g. display=1)`;
    drivers[match[1]] = Number(match[2]);
  }
  return drivers;
}

/** The request body of a promotion of `sku` in `store` (none: the whole chain), or the reason there is none. */
export function promotionBody(sku: string, store: string | undefined, form: PromotionForm): PlannedPromotion | string {
  const drivers = parseDrivers(form.drivers);
  if (typeof drivers === 'string') return drivers;
  if (!form.from || !form.to) return 'Pick the first and last week of the promotion';
  return {
    sku,
    ...(store ? { stores: [store] } : {}),
    from: form.from,
    to: form.to,
    ...(form.price !== null ? { price: form.price } : {}),
    promo: form.promo,
    ...(Object.keys(drivers).length > 0 ? { drivers } : {}),
  };
}

/** Event weeks typed as dates separated by commas or spaces, or the reason they are not. */
export function eventWeeks(text: string): string[] | string {
  const dates = text.split(/[\s,]+/).filter((d) => d !== '');
  if (dates.length === 0) return 'Give the weeks of the event as dates (YYYY-MM-DD)';
  const bad = dates.find((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(d)));
  return bad ? `"${bad}" is not a date (YYYY-MM-DD)` : dates;
}

/** The Monday of the week holding an ISO date (the week pickers give any day). */
export function mondayOf(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
}

export type WhatIfWeek = WhatIfView['weeks'][number];

const liftText = (lift: Record<string, number>) =>
  Object.entries(lift)
    .filter(([, v]) => Math.abs(v) >= 0.05)
    .map(([name, v]) => `${name} ${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)}`)
    .join(', ') || null;

export const WHAT_IF_COLUMNS: TableColumn<WhatIfWeek>[] = [
  { key: 'week', label: 'Week', value: (w) => w.week },
  { key: 'without', label: 'Without the promotion', value: (w) => w.without, format: 'decimal' },
  { key: 'with', label: 'With it', value: (w) => w.with, format: 'decimal' },
  { key: 'change', label: 'Change', value: (w) => w.with - w.without, format: 'decimal' },
  { key: 'baseline', label: 'Baseline', value: (w) => w.baseline, format: 'decimal' },
  { key: 'lift', label: 'Lift by driver', value: (w) => liftText(w.lift) },
];

export const WHAT_IF_COLOURS = { without: '#ef6c00', with: '#1565c0', baseline: '#2e7d32' };

export function whatIfLines(view: WhatIfView): ChartLine[] {
  return [
    { name: 'Without the promotion', values: view.weeks.map((w) => w.without), color: WHAT_IF_COLOURS.without, dashed: true },
    { name: 'With the promotion', values: view.weeks.map((w) => w.with), color: WHAT_IF_COLOURS.with },
    { name: 'Baseline', values: view.weeks.map((w) => w.baseline), color: WHAT_IF_COLOURS.baseline, dashed: true },
  ];
}

const driversText = (w: PlannedWeek) =>
  Object.entries(w.drivers)
    .map(([name, v]) => `${name}=${v}`)
    .join(', ') || null;

export const PLANNED_COLUMNS: TableColumn<PlannedWeek>[] = [
  { key: 'week', label: 'Week', value: (w) => w.week },
  { key: 'store', label: 'Store', value: (w) => (w.store === '*' ? 'whole chain' : w.store) },
  { key: 'promo', label: 'Promotion', value: (w) => (w.promo === null ? null : w.promo ? 'yes' : 'no') },
  { key: 'price', label: 'Price', value: (w) => w.price, format: 'decimal' },
  { key: 'drivers', label: 'Other drivers', value: driversText },
  { key: 'source', label: 'From', value: (w) => w.enteredBy ?? 'upload' },
];
