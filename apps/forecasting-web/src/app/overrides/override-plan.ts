import type { CreateOverrideBody, OverrideAppliesTo, OverrideKind, OverrideReason, OverrideView, SeriesSelector } from '@tideline/contracts';

const WEEK_MS = 7 * 86_400_000;

/** Consecutive Mondays grouped into `from`-`to` ranges, since one override covers one range. */
export function weekRanges(weeks: readonly string[]): Array<{ from: string; to: string }> {
  const sorted = [...new Set(weeks)].sort();
  const ranges: Array<{ from: string; to: string }> = [];
  for (const week of sorted) {
    const last = ranges.at(-1);
    if (last && Date.parse(week) - Date.parse(last.to) === WEEK_MS) last.to = week;
    else ranges.push({ from: week, to: week });
  }
  return ranges;
}

export interface OverrideForm {
  kind: OverrideKind;
  amount: number;
  reason: OverrideReason;
  comment: string;
  /** The whole forecast, or only the promotion's (drivers') lift; the whole forecast when absent. */
  appliesTo?: OverrideAppliesTo;
}

/** The requests that apply one form to the selected weeks of a selection. */
export function overrideBodies(selection: SeriesSelector, weeks: readonly string[], form: OverrideForm): CreateOverrideBody[] {
  const comment = form.comment.trim();
  return weekRanges(weeks).map((range) => ({
    ...selection,
    ...range,
    kind: form.kind,
    amount: form.amount,
    reason: form.reason,
    ...(comment ? { comment } : {}),
    ...(form.appliesTo === 'lift' ? { appliesTo: form.appliesTo } : {}),
  }));
}

/** What a saved override did, in a sentence: how far it spread and what it moved the total from and to. */
export function overrideOutcome(views: readonly OverrideView[]): string {
  const cells = views.reduce((n, v) => n + v.cells, 0);
  const before = views.reduce((n, v) => n + v.before, 0);
  const after = views.reduce((n, v) => n + v.after, 0);
  const spread = cells === 1 ? '1 series-week' : `${cells} series-weeks`;
  return `Saved: the final forecast of the chosen weeks went from ${before.toFixed(1)} to ${after.toFixed(1)} units, spread over ${spread}.`;
}

export const REASON_LABELS: Record<OverrideReason, string> = {
  promotion: 'Promotion',
  event: 'Event',
  weather: 'Weather',
  new_product: 'New product',
  supply: 'Supply',
  market_intelligence: 'Market intelligence',
  correction: 'Correction',
  other: 'Other',
};

export const APPLIES_TO_LABELS: Record<OverrideAppliesTo, string> = {
  total: 'Whole forecast',
  lift: 'Promotion lift only',
};

export const KIND_LABELS: Record<OverrideKind, string> = {
  value: 'Set to (units)',
  percent: 'Change by %',
  delta: 'Change by units',
};
