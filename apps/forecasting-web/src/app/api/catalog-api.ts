import { inject, Injectable } from '@angular/core';
import type { Page, ProductView, StoreView, TreeNode } from '@tideline/contracts';
import { ApiClient } from '@tideline/web-core';
import { Observable } from 'rxjs';

/** The catalog routes the forecasting app reads: searches and the two hierarchies. */
@Injectable({ providedIn: 'root' })
export class CatalogApi {
  private readonly api = inject(ApiClient);

  searchProducts(q: string): Observable<Page<ProductView>> {
    return this.api.get('catalog/products', { params: { q, pageSize: 10, active: true } });
  }

  searchStores(q: string): Observable<Page<StoreView>> {
    return this.api.get('catalog/stores', { params: { q, pageSize: 10, active: true } });
  }

  productTree(): Observable<TreeNode[]> {
    return this.api.get('catalog/products/tree');
  }

  storeTree(): Observable<TreeNode[]> {
    return this.api.get('catalog/stores/tree');
  }
}
