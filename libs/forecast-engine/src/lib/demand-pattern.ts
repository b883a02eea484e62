/** The demand classes of Syntetos, Boylan & Croston (2005), by ADI and CV². */
export type DemandPattern = 'smooth' | 'erratic' | 'intermittent' | 'lumpy';

export interface DemandProfile {
  pattern: DemandPattern;
  /** Average demand interval: periods per non-zero demand (Infinity when there is none). */
  adi: number;
  /** Squared coefficient of variation of the non-zero demand sizes. */
  cv2: number;
  /** Share of periods with zero demand. */
  zeroShare: number;
}

/** The published cut-offs: ADI 1.32, CV² 0.49. */
export const ADI_CUTOFF = 1.32;
export const CV2_CUTOFF = 0.49;

export function demandProfile(history: readonly number[]): DemandProfile {
  if (history.length === 0) throw new RangeError('history is empty');
  const sizes = history.filter((y) => y !== 0);
  const zeroShare = 1 - sizes.length / history.length;
  if (sizes.length === 0) return { pattern: 'intermittent', adi: Infinity, cv2: 0, zeroShare };
  const adi = history.length / sizes.length;
  const mean = sizes.reduce((s, y) => s + y, 0) / sizes.length;
  const variance = sizes.reduce((s, y) => s + (y - mean) ** 2, 0) / sizes.length;
  const cv2 = mean === 0 ? 0 : variance / mean ** 2;
  const sparse = adi >= ADI_CUTOFF;
  const variable = cv2 >= CV2_CUTOFF;
  const pattern: DemandPattern = sparse ? (variable ? 'lumpy' : 'intermittent') : variable ? 'erratic' : 'smooth';
  return { pattern, adi, cv2, zeroShare };
}
