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
}
