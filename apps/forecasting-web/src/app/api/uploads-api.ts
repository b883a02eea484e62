import { HttpEvent } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Page, UploadView } from '@tideline/contracts';
import { ApiClient } from '@tideline/web-core';
import { Observable } from 'rxjs';

/** The files the data team sends, and the gateway route that takes each. */
export const UPLOAD_KINDS = {
  sales: { label: 'Weekly sales', path: 'sales/uploads', columns: 'week, store, sku, units; optional revenue, price, promo, on_hand, stockout, then named drivers (display, feature…)' },
  plans: { label: 'Planned promotions', path: 'sales/plans/uploads', columns: 'week, store (* for every store), sku; optional price, promo, then named drivers' },
  products: { label: 'Products', path: 'catalog/products/uploads', columns: 'sku, name, department, category, subcategory, brand, unit_price; optional unit_cost' },
  stores: { label: 'Stores', path: 'catalog/stores/uploads', columns: 'store, name, region, cluster, opened_on, closed_on' },
} as const;
export type UploadKind = keyof typeof UPLOAD_KINDS;

/** The upload routes (DESIGN.md, Uploads): send, follow, list, and the rejected rows. */
@Injectable({ providedIn: 'root' })
export class UploadsApi {
  private readonly api = inject(ApiClient);

  /** `ignoreColumns`: keep the known columns and leave the others out, rather than refuse the file. */
  send(kind: UploadKind, file: File, dryRun: boolean, ignoreColumns = false): Observable<HttpEvent<{ id: string; status: string }>> {
    return this.api.upload(UPLOAD_KINDS[kind].path, file, { params: { dryRun, ...(ignoreColumns ? { ignoreColumns } : {}) } });
  }

  get(kind: UploadKind, id: string): Observable<UploadView> {
    return this.api.get(`${UPLOAD_KINDS[kind].path}/${id}`);
  }

  list(kind: UploadKind): Observable<Page<UploadView>> {
    return this.api.get(UPLOAD_KINDS[kind].path, { params: { pageSize: 20 } });
  }

  rejectionsCsv(kind: UploadKind, id: string): Observable<string> {
    return this.api.getText(`${UPLOAD_KINDS[kind].path}/${id}/rejections.csv`);
  }
}
