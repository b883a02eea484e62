import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CatalogRecord } from '../records/catalog-record.entity';

@Entity({ name: 'products' })
@Index('products_hierarchy_idx', ['department', 'category', 'subcategory'])
export class Product extends CatalogRecord {
  @PrimaryColumn({ type: 'text' })
  sku!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  department!: string;

  @Column({ type: 'text' })
  category!: string;

  @Column({ type: 'text' })
  subcategory!: string;

  @Column({ type: 'text' })
  brand!: string;

  /** numeric in Postgres; read back as a number. */
  @Column({ name: 'unit_price', type: 'numeric', precision: 14, scale: 4, transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  unitPrice!: number;

  @Column({ name: 'unit_cost', type: 'numeric', precision: 14, scale: 4, nullable: true, transformer: { to: (v?: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  unitCost!: number | null;

  /** The product a new one is forecast from until it has history of its own. */
  @Column({ name: 'like_sku', type: 'text', nullable: true })
  likeSku!: string | null;

  /** The week from which the like-item applies (its launch); null: from its first sale. */
  @Column({ name: 'like_from', type: 'date', nullable: true })
  likeFrom!: string | null;

  /** The first week without the product: no forecast from then on. */
  @Column({ name: 'discontinued_on', type: 'date', nullable: true })
  discontinuedOn!: string | null;

  /** The product its remaining demand moves to after `discontinuedOn`. */
  @Column({ name: 'successor_sku', type: 'text', nullable: true })
  successorSku!: string | null;
}
