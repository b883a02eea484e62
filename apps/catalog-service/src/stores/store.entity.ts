import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CatalogRecord } from '../records/catalog-record.entity';

@Entity({ name: 'stores' })
@Index('stores_region_cluster_idx', ['region', 'cluster'])
export class Store extends CatalogRecord {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  region!: string;

  @Column({ type: 'text' })
  cluster!: string;

  /** ISO date strings (Postgres `date`): a store's dates carry no time zone. */
  @Column({ name: 'opened_on', type: 'date', nullable: true })
  openedOn!: string | null;

  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn!: string | null;

  /** The store a new one is forecast like until it has history of its own. */
  @Column({ name: 'like_store', type: 'text', nullable: true })
  likeStore!: string | null;
}
