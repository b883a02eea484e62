import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
} from 'class-validator';
import { BoundedNumber, MAX_PRICE, combine } from './numbers';
import { PageQuery } from './paging';

export const CatalogPatterns = {
  listProducts: 'catalog.products.list',
  getProduct: 'catalog.products.get',
  createProduct: 'catalog.products.create',
  updateProduct: 'catalog.products.update',
  deactivateProduct: 'catalog.products.deactivate',
  productTree: 'catalog.products.tree',
  resolveProducts: 'catalog.products.resolve',
  listStores: 'catalog.stores.list',
  getStore: 'catalog.stores.get',
  createStore: 'catalog.stores.create',
  updateStore: 'catalog.stores.update',
  deactivateStore: 'catalog.stores.deactivate',
  storeTree: 'catalog.stores.tree',
  resolveStores: 'catalog.stores.resolve',
  productCodes: 'catalog.products.codes',
  storeCodes: 'catalog.stores.codes',
  uploadChunk: 'catalog.upload.chunk',
  uploadSealed: 'catalog.upload.sealed',
  uploadAborted: 'catalog.upload.aborted',
  uploadFinalize: 'catalog.upload.finalize',
  getUpload: 'catalog.uploads.get',
  listUploads: 'catalog.uploads.list',
  uploadRejections: 'catalog.uploads.rejections',
} as const;

/** What a master-data upload loads: `UploadMeta.target` of catalog uploads. */
export const CatalogUploadTargets = ['products', 'stores'] as const;
export type CatalogUploadTarget = (typeof CatalogUploadTargets)[number];

export class CatalogUploadsQuery extends PageQuery {
  @IsIn(CatalogUploadTargets)
  target!: CatalogUploadTarget;
}

export const CatalogEvents = {
  productChanged: 'catalog.product.changed',
  storeChanged: 'catalog.store.changed',
  /** A master-data upload changed many records at once: `{uploadId, target, count}`. */
  recordsImported: 'catalog.records.imported',
} as const;

/** SKUs and store codes: letters, digits and `-_.`, as they appear in the sales files. */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const codeMessage = (field: string) => `${field} must be 1-64 letters, digits, '.', '_' or '-'`;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

const Label = () => combine(Transform(trim), IsString(), IsNotEmpty(), MaxLength(200));
const OptionalLabel = () => combine(IsOptional(), Label());
const FilterLabel = () => combine(IsOptional(), IsString(), MaxLength(200));
const Price = () => combine(BoundedNumber(0, MAX_PRICE), IsNumber({ maxDecimalPlaces: 4 }, { message: ({ property }) => `${property} must have at most 4 decimals` }));
const IsoDate = () => IsISO8601({ strict: true }, { message: ({ property }) => `${property} must be a date (YYYY-MM-DD)` });
const OptionalDate = () => combine(IsOptional(), IsoDate());
/** A code naming another record of the same kind: a product is not its own like-item or successor. */
const OtherCode = (own: string) =>
  combine(
    IsOptional(),
    Matches(CODE_PATTERN, { message: ({ property }) => codeMessage(property) }),
    ValidateBy({
      name: 'differsFrom',
      validator: {
        validate: (value, args) => value !== (args?.object as Record<string, unknown>)[own],
        defaultMessage: (args) => `${args?.property} must name another ${own === 'sku' ? 'product' : 'store'}, not this one`,
      },
    }),
  );

/**
 * A product's life: the like-item a new one is forecast from, and its end. Null clears a field.
 * Also `PUT /api/catalog/product-lifecycles/{sku}` (formerly `…/products/{sku}/lifecycle`, still served), which forecast analysts may use.
 */
export class ProductLifecycle {
  /** The product a new one is forecast like, until it has history of its own. */
  @OtherCode('sku')
  likeSku?: string | null;

  /** The week from which the like-item applies (the launch); unset: from the first sale. */
  @OptionalDate()
  likeFrom?: string | null;

  /** The first week without the product: it gets no forecast from then on. */
  @OptionalDate()
  discontinuedOn?: string | null;

  /** The product that takes over its demand after `discontinuedOn`. */
  @OtherCode('sku')
  successorSku?: string | null;
}

// ---- products ----

export class ProductFields extends ProductLifecycle {
  @Label()
  name!: string;

  @Label()
  department!: string;

  @Label()
  category!: string;

  @Label()
  subcategory!: string;

  @Label()
  brand!: string;

  /** Regular shelf price in the chain's currency. */
  @Price()
  unitPrice!: number;

  /** What a unit costs the chain, where known: plans show margins where every product has one. */
  @IsOptional()
  @Price()
  unitCost?: number;
}

export class CreateProductRequest extends ProductFields {
  @Transform(trim)
  @Matches(CODE_PATTERN, { message: codeMessage('sku') })
  sku!: string;
}

export class UpdateProductRequest extends ProductLifecycle {
  @OptionalLabel()
  name?: string;

  @OptionalLabel()
  department?: string;

  @OptionalLabel()
  category?: string;

  @OptionalLabel()
  subcategory?: string;

  @OptionalLabel()
  brand?: string;

  @IsOptional()
  @Price()
  unitPrice?: number;

  @IsOptional()
  @Price()
  unitCost?: number;

  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateProductCommand extends UpdateProductRequest {
  @Matches(CODE_PATTERN, { message: codeMessage('sku') })
  sku!: string;
}

export class ProductKey {
  @Matches(CODE_PATTERN, { message: codeMessage('sku') })
  sku!: string;
}

/** Paging plus `q` (matches the key or the name, case-insensitively) and `active`. */
export class CatalogListQuery extends PageQuery {
  @FilterLabel()
  q?: string;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  active?: boolean;
}

export class ListProductsQuery extends CatalogListQuery {
  @FilterLabel()
  department?: string;

  @FilterLabel()
  category?: string;

  @FilterLabel()
  subcategory?: string;

  @FilterLabel()
  brand?: string;
}

export interface ProductView {
  sku: string;
  name: string;
  department: string;
  category: string;
  subcategory: string;
  /** department › category › subcategory. */
  categoryPath: [string, string, string];
  brand: string;
  unitPrice: number;
  unitCost: number | null;
  likeSku: string | null;
  likeFrom: string | null;
  discontinuedOn: string | null;
  successorSku: string | null;
  active: boolean;
  updatedAt: string;
}

// ---- stores ----

export class StoreFields {
  @Label()
  name!: string;

  @Label()
  region!: string;

  @Label()
  cluster!: string;

  @IsOptional()
  @IsoDate()
  openedOn?: string | null;

  @IsOptional()
  @IsoDate()
  closedOn?: string | null;

  /** The store a new one is forecast like, until it has history of its own. */
  @OtherCode('code')
  likeStore?: string | null;
}

export class CreateStoreRequest extends StoreFields {
  @Transform(trim)
  @Matches(CODE_PATTERN, { message: codeMessage('code') })
  code!: string;
}

export class UpdateStoreRequest {
  @OptionalLabel()
  name?: string;

  @OptionalLabel()
  region?: string;

  @OptionalLabel()
  cluster?: string;

  @IsOptional()
  @IsoDate()
  openedOn?: string | null;

  @IsOptional()
  @IsoDate()
  closedOn?: string | null;

  @OtherCode('code')
  likeStore?: string | null;

  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateStoreCommand extends UpdateStoreRequest {
  @Matches(CODE_PATTERN, { message: codeMessage('code') })
  code!: string;
}

export class StoreKey {
  @Matches(CODE_PATTERN, { message: codeMessage('code') })
  code!: string;
}

export class ListStoresQuery extends CatalogListQuery {
  @FilterLabel()
  region?: string;

  @FilterLabel()
  cluster?: string;
}

export interface StoreView {
  code: string;
  name: string;
  region: string;
  cluster: string;
  /** ISO dates (YYYY-MM-DD), null when unknown or still open. */
  openedOn: string | null;
  closedOn: string | null;
  likeStore: string | null;
  active: boolean;
  updatedAt: string;
}

/** Filters of the hierarchies, as the sales aggregates take them. */
export class ProductFilter {
  @FilterLabel()
  department?: string;

  @FilterLabel()
  category?: string;

  @FilterLabel()
  subcategory?: string;

  @FilterLabel()
  brand?: string;
}

export class StoreFilter {
  @FilterLabel()
  region?: string;

  @FilterLabel()
  cluster?: string;
}

/** At most this many codes answer a filter; a broader one must be narrowed. */
export const MAX_FILTER_CODES = 20_000;

export interface CodesReply {
  codes: string[];
  /** True when more than MAX_FILTER_CODES matched (and `codes` is empty). */
  tooMany: boolean;
}

// ---- shared ----

/** A level of a hierarchy (department › category › subcategory, or region › cluster). */
export interface TreeNode {
  name: string;
  count: number;
  children?: TreeNode[];
}

/** Which of these codes the catalog knows (active or not). At most 5,000 per request. */
export class ResolveCodesRequest {
  @IsArray()
  @ArrayMaxSize(5000)
  @IsString({ each: true })
  codes!: string[];
}

export interface ResolveCodesReply {
  known: string[];
}

export interface CatalogChangedEvent {
  /** SKU or store code. */
  key: string;
  change: 'created' | 'updated' | 'deactivated';
}
