import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsISO8601, IsObject, IsOptional, IsString, Matches } from 'class-validator';
import { CODE_PATTERN } from './catalog';
import { BoundedNumber, MAX_PRICE, MAX_QUANTITY } from './numbers';
import { DRIVER_COLUMNS } from './sales';

const IsoDate = () => IsISO8601({ strict: true }, { message: ({ property }) => `${property} must be a date (YYYY-MM-DD)` });

/** At most this many stores in one planned promotion or what-if. */
export const MAX_PLAN_STORES = 500;

/**
 * A planned promotion (or any planned drivers) of one SKU in some stores for the weeks `from` to
 * `to`: what `PUT /api/sales/plans` saves and `POST /api/forecast/what-if` tries out.
 */
export class PlannedPromotion {
  @Matches(CODE_PATTERN, { message: 'sku must be a SKU code' })
  sku!: string;

  /** The stores; none: the whole chain. */
  @IsOptional()
  @IsArray({ message: 'stores must be a list of store codes' })
  @ArrayMinSize(1, { message: 'stores must name at least one store (leave it out for the whole chain)' })
  @ArrayMaxSize(MAX_PLAN_STORES, { message: `stores must name at most ${MAX_PLAN_STORES} stores` })
  @Matches(CODE_PATTERN, { each: true, message: 'stores must be store codes' })
  stores?: string[];

  /** Mondays. */
  @IsoDate() from!: string;
  @IsoDate() to!: string;

  @BoundedNumber(0.0001, MAX_PRICE, { optional: true })
  price?: number;

  @IsOptional()
  @IsBoolean({ message: 'promo must be true or false' })
  promo?: boolean;

  /** Other drivers by name (`display`, `feature`…), as in plan files. */
  @IsOptional()
  @IsObject({ message: 'drivers must be an object of numbers by driver name' })
  drivers?: Record<string, number>;
}

/** The reason a planned promotion's drivers are not valid, or null. */
export function driversProblem(drivers: Record<string, unknown> | undefined): string | null {
  const entries = Object.entries(drivers ?? {});
  if (entries.length > DRIVER_COLUMNS.max) return `drivers: at most ${DRIVER_COLUMNS.max} drivers`;
  for (const [name, value] of entries) {
    if (!DRIVER_COLUMNS.pattern.test(name) || name === 'price' || name === 'promo') return `drivers: "${name}" is not a driver name (lower case letters, digits and _; price and promo have fields of their own)`;
    if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > MAX_QUANTITY) return `drivers.${name} must be a finite number`;
  }
  return null;
}

export class SavePlanCommand extends PlannedPromotion {
  @IsString() actor!: string;
}

/** A SKU, and optionally a store (or `*`, the chain's own plan). */
export class PlanKeyQuery {
  @Matches(CODE_PATTERN, { message: 'sku must be a SKU code' })
  sku!: string;

  @IsOptional()
  @Matches(/^(\*|[A-Za-z0-9][A-Za-z0-9._-]{0,63})$/, { message: 'store must be a store code or *' })
  store?: string;
}

/** `GET /api/sales/plans?sku=&store=&from=`: the planned weeks of a SKU (in a store: its own and the chain's), from `from` on. */
export class PlansQuery extends PlanKeyQuery {
  @IsOptional() @IsoDate() from?: string;
}

/** `DELETE /api/sales/plans?sku=&store=&from=&to=`: removes those planned weeks (store absent: every store and `*`). */
export class RemovePlansQuery extends PlanKeyQuery {
  @IsoDate() from!: string;
  @IsoDate() to!: string;
}

export interface PlannedWeek {
  week: string;
  sku: string;
  /** `*`: the whole chain. */
  store: string;
  price: number | null;
  promo: boolean | null;
  drivers: Record<string, number>;
  /** Who entered it in the app, or the upload it came from. */
  enteredBy: string | null;
  uploadId: string | null;
  updatedAt: string;
}

/** `POST /api/forecast/what-if`: a planned promotion tried out, nothing saved. */
export class WhatIfBody extends PlannedPromotion {}

export interface WhatIfView {
  sku: string;
  /** The series compared (the SKU in each store). */
  stores: string[];
  asOf: string;
  /** Summed over the stores, week by week from the week after `asOf`: the forecast without and with the promotion. */
  weeks: Array<{ week: string; without: number; with: number; baseline: number; lift: Record<string, number> }>;
}
