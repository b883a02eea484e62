import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { CatalogEvents, ProductView } from '@tideline/contracts';
import { Outbox } from '@tideline/server-kit';
import { Repository } from 'typeorm';
import { CatalogRecords } from '../records/catalog-records';
import { Product } from './product.entity';

export function toProductView(p: Product): ProductView {
  return {
    sku: p.sku,
    name: p.name,
    department: p.department,
    category: p.category,
    subcategory: p.subcategory,
    categoryPath: [p.department, p.category, p.subcategory],
    brand: p.brand,
    unitPrice: p.unitPrice,
    unitCost: p.unitCost,
    likeSku: p.likeSku,
    likeFrom: p.likeFrom,
    discontinuedOn: p.discontinuedOn,
    successorSku: p.successorSku,
    active: p.active,
    updatedAt: p.updatedAt.toISOString(),
  };
}

@Injectable()
export class ProductsService extends CatalogRecords<Product, ProductView> {
  constructor(@InjectRepository(Product) repo: Repository<Product>, outbox: Outbox) {
    super(repo, outbox, {
      noun: 'product',
      key: 'sku',
      searchColumns: ['sku', 'name'],
      sortable: ['sku', 'name', 'department', 'category', 'subcategory', 'brand', 'unitPrice', 'unitCost', 'updatedAt'],
      treeLevels: ['department', 'category', 'subcategory'],
      changedEvent: CatalogEvents.productChanged,
      view: toProductView,
    });
  }
}
