import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { CatalogEvents, StoreView } from '@tideline/contracts';
import { Outbox } from '@tideline/server-kit';
import { Repository } from 'typeorm';
import { CatalogRecords } from '../records/catalog-records';
import { Store } from './store.entity';

export function toStoreView(s: Store): StoreView {
  return {
    code: s.code,
    name: s.name,
    region: s.region,
    cluster: s.cluster,
    openedOn: s.openedOn,
    closedOn: s.closedOn,
    likeStore: s.likeStore,
    active: s.active,
    updatedAt: s.updatedAt.toISOString(),
  };
}

@Injectable()
export class StoresService extends CatalogRecords<Store, StoreView> {
  constructor(@InjectRepository(Store) repo: Repository<Store>, outbox: Outbox) {
    super(repo, outbox, {
      noun: 'store',
      key: 'code',
      searchColumns: ['code', 'name'],
      sortable: ['code', 'name', 'region', 'cluster', 'openedOn', 'closedOn', 'updatedAt'],
      treeLevels: ['region', 'cluster'],
      changedEvent: CatalogEvents.storeChanged,
      view: toStoreView,
    });
  }
}
