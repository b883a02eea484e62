import { Column, CreateDateColumn, UpdateDateColumn } from 'typeorm';

/** Columns every catalog record has: records are deactivated, never deleted. */
export abstract class CatalogRecord {
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
