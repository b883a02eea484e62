import { Type } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';

/**
 * Bounds for every number a caller sends. Without them a `page` of 2e19 overflows PostgreSQL's
 * bigint OFFSET and a plan of 1e308 units overflows its bigint column: both were 500s. With them
 * the answer is a 400 naming the field.
 */
/** Far beyond any chain's units, money or plan (a trillion), and exact in a double and a bigint. */
export const MAX_QUANTITY = 1e12;
/** Prices and costs: what the catalog's numeric(14,4) columns hold, with room to spare. */
export const MAX_PRICE = 1e9;
/** More pages than any list holds at the smallest page size. */
export const MAX_PAGE = 1_000_000;
/** Growth, margin and change percentages: -100 (all gone) up to a hundred-fold. */
export const MAX_PERCENT = 10_000;

/** Property decorators applied in order, as one. */
export const combine =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) =>
    decorators.forEach((decorate) => decorate(target, key));

/** A finite number from `min` to `max`, converted from query strings; the messages name the field. */
export const BoundedNumber = (min: number, max: number, options: { integer?: boolean; optional?: boolean } = {}) =>
  combine(
    ...(options.optional ? [IsOptional()] : []),
    Type(() => Number),
    options.integer
      ? IsInt({ message: ({ property }) => `${property} must be a whole number` })
      : IsNumber({ allowNaN: false, allowInfinity: false }, { message: ({ property }) => `${property} must be a number` }),
    Min(min, { message: ({ property }) => `${property} must be ${min} or more` }),
    Max(max, { message: ({ property }) => `${property} must be ${max.toLocaleString('en-US')} or less` }),
  );

/** A non-negative quantity: units, a total, a price. */
export const Quantity = (options: { optional?: boolean; integer?: boolean } = {}) => BoundedNumber(0, MAX_QUANTITY, options);

/** A 1-based page number. */
export const PageNumber = () => BoundedNumber(1, MAX_PAGE, { integer: true, optional: true });

/** A page size, up to 500 rows. */
export const PageSize = () => BoundedNumber(1, 500, { integer: true, optional: true });

/** A percentage change: -100 or more, a hundred-fold at most. */
export const Percent = (options: { optional?: boolean } = {}) => BoundedNumber(-100, MAX_PERCENT, options);
