import { ForecastOptions, SeriesForecast, forecastSeries } from './auto';
import { DriverForecast } from './drivers';

/**
 * Weeks of its own history after which a new series (a new product, a new store, a product newly
 * ranged in a store) is forecast from that history alone; before, its forecast leans on a reference
 * (a like-item, a like-store or an average profile) with the weight moving to its own history as
 * weeks arrive. Decided on the validation origins of bench:forecast-lifecycle.
 */
export const PHASE_IN_WEEKS = 52;
/**
 * Weeks of history that make a series established, fit to be a reference: 26 made better references
 * than 52 on the validation products of bench:forecast-lifecycle (a year would pass over the
 * like-items and stores that are themselves recent).
 */
export const ESTABLISHED_WEEKS = 26;
/**
 * Weeks of the reference's own level that the level ratio starts from: with one week of sales a new
 * item's ratio to its reference is mostly noise, so it is shrunk toward 1 (the reference's level).
 * A reference of the same product or a named like-item says much about the level; an average
 * profile of other products little (they differ widely), so its ratio follows the sales at once.
 */
export const SCALE_PRIOR_WEEKS = 4;
export const PROFILE_PRIOR_WEEKS = 0;
/** How much wider a forecast resting wholly on a reference is than the reference's own bands. */
export const REFERENCE_WIDENING = 0.5;

export interface PhaseInOptions extends ForecastOptions {
  phaseInWeeks?: number;
  scalePriorWeeks?: number;
  profilePriorWeeks?: number;
  widening?: number;
  /** The reference is an average profile of other products (not the product itself or a like-item). */
  profile?: boolean;
}

export interface PhaseInForecast extends SeriesForecast {
  /** The weight of the series' own forecast, 0 (none of its own) to 1. */
  weight: number;
  /** Its level against the reference's over the same weeks (1 with no sales of its own). */
  scale: number;
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/**
 * The mean of several histories week by week, aligned on their last week (each counts in the weeks it
 * covers): the average profile of a group of series, e.g. a subcategory's products in a store cluster.
 */
export function averageHistory(histories: ReadonlyArray<readonly number[]>): number[] {
  const length = Math.max(0, ...histories.map((h) => h.length));
  const totals = new Array<number>(length).fill(0);
  const counts = new Array<number>(length).fill(0);
  for (const history of histories) {
    const offset = length - history.length;
    history.forEach((value, t) => {
      totals[offset + t] += value;
      counts[offset + t]++;
    });
  }
  return totals.map((total, t) => (counts[t] > 0 ? total / counts[t] : 0));
}

/**
 * The forecast of a series with less than `phaseInWeeks` of its own history (`own`, from its first
 * week), from a reference history ending in the same week (`reference`): the reference's forecast
 * scaled by the series' level against the reference over the weeks they share (shrunk toward 1 by
 * `scalePriorWeeks`), blended with the series' own forecast by the share of the phase-in it has
 * done. The bands are blended the same way and widened for the reference part, whose level is a
 * guess. A series with enough history, or a reference without any sales, gets its own forecast.
 */
export function phaseIn(own: readonly number[], reference: readonly number[], options: PhaseInOptions): PhaseInForecast {
  const { phaseInWeeks, scalePriorWeeks, profilePriorWeeks, widening, profile, ...forecastOptions } = options;
  const ownForecast = own.length > 0 ? forecastSeries(own, forecastOptions) : undefined;
  const referenceStart = reference.findIndex((y) => y > 0);
  const needsReference = own.length < (phaseInWeeks ?? PHASE_IN_WEEKS) && referenceStart >= 0;
  const referenceForecast = needsReference ? forecastSeries(reference.slice(referenceStart), forecastOptions) : undefined;
  return blendPhaseIn({ own, reference, ownForecast, referenceForecast }, { phaseInWeeks, scalePriorWeeks, profilePriorWeeks, widening, profile });
}

/**
 * phaseIn's blend of forecasts made already (`referenceForecast` undefined: the reference has no
 * sales), so that a benchmark can try its settings without forecasting again.
 */
export function blendPhaseIn(
  inputs: { own: readonly number[]; reference: readonly number[]; ownForecast?: SeriesForecast; referenceForecast?: SeriesForecast },
  settings: Omit<PhaseInOptions, keyof ForecastOptions>,
): PhaseInForecast {
  const { own, reference, ownForecast, referenceForecast } = inputs;
  const { phaseInWeeks = PHASE_IN_WEEKS, widening = REFERENCE_WIDENING } = settings;
  const priorWeeks = settings.profile ? (settings.profilePriorWeeks ?? PROFILE_PRIOR_WEEKS) : (settings.scalePriorWeeks ?? SCALE_PRIOR_WEEKS);
  const weight = Math.min(1, own.length / phaseInWeeks);
  if (weight >= 1 || !referenceForecast) {
    if (ownForecast) return { ...ownForecast, weight: 1, scale: 1 };
    throw new RangeError('a series with no history needs a reference with sales');
  }
  const shared = reference.slice(Math.max(0, reference.length - own.length));
  const recent = reference.slice(-Math.max(own.length, 13));
  const prior = (priorWeeks * sum(recent)) / recent.length; // k weeks at the reference's own level
  const scale = prior + sum(shared) > 0 ? (prior + sum(own)) / (prior + sum(shared)) : 1;
  const blend = (mine: readonly number[] | undefined, theirs: readonly number[]) =>
    theirs.map((value, h) => weight * (mine?.[h] ?? 0) + (1 - weight) * scale * value);
  const forecast = blend(ownForecast?.forecast, referenceForecast.forecast);
  const widen = 1 + (1 - weight) * widening;
  const band = (mine: readonly number[] | undefined, theirs: readonly number[], side: 1 | -1) =>
    blend(mine, theirs).map((edge, h) => {
      const value = forecast[h] + (edge - forecast[h]) * widen;
      return side < 0 ? Math.max(0, Math.min(value, forecast[h])) : Math.max(value, forecast[h]);
    });
  return {
    model: `phase-in(${ownForecast ? ownForecast.model : 'none'}|${referenceForecast.model})`,
    params: { phaseInWeight: weight, referenceScale: scale },
    pattern: ownForecast?.pattern ?? referenceForecast.pattern,
    backtestError: ownForecast?.backtestError ?? null,
    forecast,
    lo80: band(ownForecast?.lo80, referenceForecast.lo80, -1),
    hi80: band(ownForecast?.hi80, referenceForecast.hi80, 1),
    lo95: band(ownForecast?.lo95, referenceForecast.lo95, -1),
    hi95: band(ownForecast?.hi95, referenceForecast.hi95, 1),
    weight,
    scale,
  };
}

type Bands = Pick<SeriesForecast, 'forecast' | 'lo80' | 'hi80' | 'lo95' | 'hi95'>;

/** A forecast with drivers: its baseline is the forecast without their effects. */
type WithBaseline = SeriesForecast & Pick<DriverForecast, 'baseline'>;

/** Each week's lift of a driver forecast in units: forecast − baseline. */
const lifts = (withDrivers: WithBaseline) => withDrivers.forecast.map((f, h) => f - withDrivers.baseline[h]);

/**
 * blendPhaseIn for a series whose own forecast may have drivers (`baseline`): the blend is made on
 * its baseline, bands moved with it (the reference has its promotions interpolated out), and the
 * drivers' lift is put back in units, as a short history's ratios to a near-zero baseline would be
 * noise. `baseline` is the blend, `final` the forecast with the lift.
 */
export function blendOnBaseline(
  inputs: { own: readonly number[]; reference: readonly number[]; ownForecast?: SeriesForecast & { baseline?: readonly number[] | null }; referenceForecast: SeriesForecast },
  settings: Omit<PhaseInOptions, keyof ForecastOptions>,
): { baseline: PhaseInForecast; final: PhaseInForecast } {
  const { ownForecast } = inputs;
  const drivers = ownForecast?.baseline ? ({ ...ownForecast, baseline: [...ownForecast.baseline] } as WithBaseline) : undefined;
  const own = drivers ? { ...drivers, ...shiftWeeks(drivers, lifts(drivers).map((lift) => -lift)) } : ownForecast;
  const baseline = blendPhaseIn({ ...inputs, ownForecast: own }, settings);
  return { baseline, final: drivers ? { ...baseline, ...shiftWeeks(baseline, lifts(drivers)) } : baseline };
}

function shiftWeeks(result: Bands, shifts: readonly number[]): Bands {
  const shift = (values: readonly number[]) => values.map((v, h) => Math.max(0, v + shifts[h]));
  return { forecast: shift(result.forecast), lo80: shift(result.lo80), hi80: shift(result.hi80), lo95: shift(result.lo95), hi95: shift(result.hi95) };
}

/**
 * A forecast that starts or stops within its horizon: weeks before `fromIndex` (a launch) and from
 * `toIndex` on (a discontinuation, a store's closing) are zero, bands included.
 */
export function activeWeeks<T extends Bands>(result: T, fromIndex: number, toIndex: number): T {
  const cut = (values: readonly number[]) => cutWeeks(values, fromIndex, toIndex);
  return { ...result, forecast: cut(result.forecast), lo80: cut(result.lo80), hi80: cut(result.hi80), lo95: cut(result.lo95), hi95: cut(result.hi95) };
}

/** Weekly values with those outside [fromIndex, toIndex) set to zero. */
export const cutWeeks = (values: readonly number[], fromIndex: number, toIndex: number) => values.map((v, h) => (h >= fromIndex && h < toIndex ? v : 0));

export interface SeriesRef {
  sku: string;
  store: string;
}

/** What the catalog says about a new series' neighbours. */
export interface ReferenceFacts {
  likeSku?: string | null;
  likeStore?: string | null;
  /** The stores of its store's cluster (its own included). */
  clusterStores: readonly string[];
  /** The products of its subcategory (its own included). */
  subcategorySkus: readonly string[];
}

/** At most this many series make an average profile: enough for a stable mean, few enough to read quickly. */
export const MAX_PROFILE_SERIES = 60;

/**
 * Where a new series looks for its reference, best first; the first group with an established series
 * (ESTABLISHED_WEEKS of history) is the one used, its established series averaged (a profile whose
 * noise mostly cancels), then brought to the level of the group's `level` series where it has one:
 *   1. its like-item across the store's cluster, at the like-item's level in this store;
 *   2. the product across the cluster and in its like-store, at the like-store's level (a new store);
 *   3. the same product in the other stores of the cluster (a new store, a product newly ranged);
 *   4. the products of its subcategory in its store, then across the cluster.
 */
export interface ReferenceGroup {
  /** What the reference is, in words (shown to analysts). */
  kind: string;
  keys: SeriesRef[];
  /** The series whose level the profile is brought to, when established. */
  level?: SeriesRef;
  /** An average of other products, not the product itself or its like-item. */
  profile?: boolean;
}

export function referenceGroups({ sku, store }: SeriesRef, facts: ReferenceFacts): ReferenceGroup[] {
  const others = facts.clusterStores.filter((s) => s !== store);
  const groups: ReferenceGroup[] = [];
  const likeSku = facts.likeSku;
  if (likeSku) groups.push({ kind: `like-item ${likeSku}`, keys: [store, ...others].map((s) => ({ sku: likeSku, store: s })), level: { sku: likeSku, store } });
  const likeStore = facts.likeStore;
  if (likeStore) {
    const stores = [likeStore, ...others.filter((s) => s !== likeStore)];
    groups.push({ kind: `like-store ${likeStore}`, keys: stores.map((s) => ({ sku, store: s })), level: { sku, store: likeStore } });
  }
  groups.push({ kind: 'the product in the cluster', keys: others.map((s) => ({ sku, store: s })) });
  const siblings = facts.subcategorySkus.filter((s) => s !== sku);
  groups.push({ kind: 'the subcategory in the store', keys: siblings.map((s) => ({ sku: s, store })), profile: true });
  groups.push({ kind: 'the subcategory in the cluster', keys: others.flatMap((st) => siblings.map((s) => ({ sku: s, store: st }))), profile: true });
  return groups.map((g) => ({ ...g, keys: g.keys.slice(0, MAX_PROFILE_SERIES) })).filter((g) => g.keys.length > 0);
}

/** Weeks over which a profile is brought to its level series' level: a year, so the season cancels. */
const LEVEL_WEEKS = 52;

/**
 * The reference history of a new series: the average of the established series (at least
 * `establishedWeeks` of history) of the first group that has any, times its level series' sales over
 * the average's in their last year, or undefined.
 */
export function chooseReference(
  groups: readonly ReferenceGroup[],
  historyOf: (key: SeriesRef) => readonly number[] | undefined,
  establishedWeeks = ESTABLISHED_WEEKS,
): { kind: string; history: number[]; profile: boolean } | undefined {
  const established = (h: readonly number[] | undefined): h is readonly number[] => h !== undefined && h.length >= establishedWeeks;
  for (const group of groups) {
    const histories = group.keys.map(historyOf).filter(established);
    if (histories.length === 0) continue;
    const average = averageHistory(histories);
    const level = group.level && historyOf(group.level);
    const weeks = Math.min(LEVEL_WEEKS, level?.length ?? 0, average.length);
    const ratio = established(level) && weeks > 0 ? sum(level.slice(-weeks)) / sum(average.slice(-weeks)) : 1;
    return { kind: group.kind, history: average.map((v) => v * (Number.isFinite(ratio) ? ratio : 1)), profile: group.profile === true };
  }
  return undefined;
}

/** Weeks after a discontinuation during which its successor is forecast from the two histories together. */
export const SUCCESSION_WEEKS = 104;

/** The week-by-week sum of histories aligned on their last week. */
export function sumHistories(histories: ReadonlyArray<readonly number[]>): number[] {
  const length = Math.max(0, ...histories.map((h) => h.length));
  const totals = new Array<number>(length).fill(0);
  for (const history of histories) history.forEach((value, t) => (totals[length - history.length + t] += value));
  return totals;
}

/**
 * The forecast of a discontinued product's successor: from the end week on (`endIndex`, relative to
 * the first week of the horizon; negative when it is past), the forecast of the two histories summed
 * (the successor inherits its predecessor's history, so its season and level carry over); before
 * it, while the predecessor still sells, the successor's own forecast (nothing without history).
 */
export function succeed(own: readonly number[], predecessor: readonly number[], endIndex: number, options: ForecastOptions): SeriesForecast {
  const combined = sumHistories([own, predecessor]);
  const zeros = new Array<number>(options.horizon).fill(0);
  const none: SeriesForecast = { model: 'none', params: {}, pattern: 'none' as SeriesForecast['pattern'], forecast: zeros, lo80: zeros, hi80: zeros, lo95: zeros, hi95: zeros, backtestError: null };
  const after = combined.some((y) => y !== 0) ? forecastSeries(combined, options) : none;
  const before = endIndex > 0 && own.length > 0 ? forecastSeries(own, options) : none;
  const join = (field: 'forecast' | 'lo80' | 'hi80' | 'lo95' | 'hi95') => zeros.map((_, h) => (h < endIndex ? before : after)[field][h]);
  return {
    model: `succession(${after.model})`,
    params: { ...after.params, successionFrom: endIndex },
    pattern: after.pattern,
    backtestError: after.backtestError,
    forecast: join('forecast'),
    lo80: join('lo80'),
    hi80: join('hi80'),
    lo95: join('lo95'),
    hi95: join('hi95'),
  };
}
