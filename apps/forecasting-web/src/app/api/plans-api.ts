import { inject, Injectable } from '@angular/core';
import type { EventBody, EventView, PlannedPromotion, PlannedWeek, WhatIfView } from '@tideline/contracts';
import { ApiClient } from '@tideline/web-core';
import { Observable } from 'rxjs';

/** Planned promotions (`/api/sales/plans`), the what-if that tries one out (`/api/forecast/what-if`), and events (`/api/forecast/events`). */
@Injectable({ providedIn: 'root' })
export class PlansApi {
  private readonly api = inject(ApiClient);

  /** A SKU's planned weeks (in a store: its own and the chain's), from `from` on. */
  planned(sku: string, store?: string, from?: string): Observable<PlannedWeek[]> {
    return this.api.get('sales/plans', { params: { sku, ...(store ? { store } : {}), ...(from ? { from } : {}) } });
  }

  whatIf(promotion: PlannedPromotion): Observable<WhatIfView> {
    return this.api.post('forecast/what-if', promotion);
  }

  save(promotion: PlannedPromotion): Observable<PlannedWeek[]> {
    return this.api.put('sales/plans', promotion);
  }

  remove(sku: string, store: string, from: string, to: string): Observable<{ removed: number }> {
    return this.api.delete('sales/plans', { params: { sku, store, from, to } });
  }

  events(): Observable<EventView[]> {
    return this.api.get('forecast/events');
  }

  addEvent(event: EventBody): Observable<EventView> {
    return this.api.post('forecast/events', event);
  }

  removeEvent(id: string): Observable<EventView> {
    return this.api.delete(`forecast/events/${id}`);
  }
}
