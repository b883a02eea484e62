import { inject, Injectable } from '@angular/core';
import type { Page, ProductLifecycle, ProductView, StoreView, TreeNode } from '@tideline/contracts';
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

  product(sku: string): Observable<ProductView> {
    return this.api.get(`catalog/products/${encodeURIComponent(sku)}`);
  }

  /** Sets a product's like-item (and from when), its discontinuation or successor; null clears one. */
  setLifecycle(sku: string, lifecycle: ProductLifecycle): Observable<ProductView> {
    return this.api.put(`catalog/product-lifecycles/${encodeURIComponent(sku)}`, lifecycle);
  }

  productTree(): Observable<TreeNode[]> {
    return this.api.get('catalog/products/tree');
  }

  storeTree(): Observable<TreeNode[]> {
    return this.api.get('catalog/stores/tree');
  }
}
