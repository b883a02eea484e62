import { ChangeDetectionStrategy, Component, computed, inject, input, output, Signal, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatAutocomplete, MatAutocompleteTrigger, MatOption } from '@angular/material/autocomplete';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatSelect } from '@angular/material/select';
import type { Page, SeriesSelector } from '@tideline/contracts';
import { catchError, debounceTime, map, Observable, of, switchMap } from 'rxjs';
import { CatalogApi } from '../api/catalog-api';
import { HierarchyLevel, levelOptions, PRODUCT_LEVELS, STORE_LEVELS } from './selection';

const SEARCH_DELAY_MS = 250;
const PRODUCT_KEYS = ['sku', ...PRODUCT_LEVELS] as const;
const STORE_KEYS = ['store', ...STORE_LEVELS] as const;

/**
 * Picks what to look at: a product (searched by SKU or name) or a level of the product hierarchy,
 * times a store (searched by code or name) or a region or cluster. Nothing picked is the chain.
 */
@Component({
  selector: 'app-series-picker',
  imports: [MatAutocomplete, MatAutocompleteTrigger, MatOption, MatButton, MatFormField, MatLabel, MatIcon, MatInput, MatSelect],
  templateUrl: './series-picker.html',
  styles: `
    .picker {
      display: flex;
      flex-wrap: wrap;
      gap: 0 12px;
      align-items: baseline;
    }
    mat-form-field {
      width: 220px;
    }
    .indent-1 {
      padding-left: 16px;
    }
    .indent-2 {
      padding-left: 32px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SeriesPicker {
  readonly selection = input.required<SeriesSelector>();
  readonly selectionChange = output<SeriesSelector>();

  private readonly catalog = inject(CatalogApi);

  protected readonly productQuery = signal('');
  protected readonly storeQuery = signal('');
  protected readonly products = toSignal(searchAsYouType(this.productQuery, (q) => this.catalog.searchProducts(q)), { initialValue: [] });
  protected readonly stores = toSignal(searchAsYouType(this.storeQuery, (q) => this.catalog.searchStores(q)), { initialValue: [] });

  protected readonly productLevels = toSignal(
    this.catalog.productTree().pipe(
      map((tree) => levelOptions(tree, PRODUCT_LEVELS)),
      catchError(() => of([])),
    ),
    { initialValue: [] },
  );
  protected readonly storeLevels = toSignal(
    this.catalog.storeTree().pipe(
      map((tree) => levelOptions(tree, STORE_LEVELS)),
      catchError(() => of([])),
    ),
    { initialValue: [] },
  );

  /** The select's value: `level:name` of the level in the selection, or '' for all. */
  protected readonly productLevel = computed(() => levelValue(this.selection(), PRODUCT_LEVELS));
  protected readonly storeLevel = computed(() => levelValue(this.selection(), STORE_LEVELS));

  protected pickProduct(sku: string): void {
    this.emit(PRODUCT_KEYS, { sku });
  }

  protected pickStore(store: string): void {
    this.emit(STORE_KEYS, { store });
  }

  protected pickProductLevel(value: string): void {
    this.emit(PRODUCT_KEYS, parseLevel(value));
  }

  protected pickStoreLevel(value: string): void {
    this.emit(STORE_KEYS, parseLevel(value));
  }

  protected clear(): void {
    this.productQuery.set('');
    this.storeQuery.set('');
    this.selectionChange.emit({});
  }

  /** Replaces one side (product or store) of the selection, keeping the other. */
  private emit(side: readonly (keyof SeriesSelector)[], picked: SeriesSelector): void {
    const kept = Object.fromEntries(Object.entries(this.selection()).filter(([key]) => !side.includes(key as keyof SeriesSelector)));
    this.selectionChange.emit({ ...kept, ...picked });
  }

}

function levelValue(selection: SeriesSelector, levels: readonly HierarchyLevel[]): string {
  // The narrowest level wins: a subcategory is also inside its category.
  for (const level of [...levels].reverse()) {
    const name = selection[level];
    if (name) return `${level}:${name}`;
  }
  return '';
}

function parseLevel(value: string): SeriesSelector {
  if (!value) return {};
  const at = value.indexOf(':');
  return { [value.slice(0, at)]: value.slice(at + 1) };
}

/** The first matches of what has been typed, once typing pauses; a failed search offers nothing. */
function searchAsYouType<T>(query: Signal<string>, find: (q: string) => Observable<Page<T>>): Observable<T[]> {
  return toObservable(query).pipe(
    debounceTime(SEARCH_DELAY_MS),
    switchMap((q) =>
      q.trim().length === 0
        ? of([])
        : find(q.trim()).pipe(
            map((page) => page.items),
            catchError(() => of([])),
          ),
    ),
  );
}
