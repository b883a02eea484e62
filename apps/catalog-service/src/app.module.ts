import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ServiceCoreModule, ServiceEnv, processedMessagesMigration } from '@tideline/server-kit';
import { ProductsAndStores1764100000000 } from './migrations/1764100000000-products-and-stores';
import { Product } from './products/product.entity';
import { ProductsController } from './products/products.controller';
import { ProductsService } from './products/products.service';
import { Store } from './stores/store.entity';
import { StoresController } from './stores/stores.controller';
import { StoresService } from './stores/stores.service';

export const CATALOG_SCHEMA = 'catalog';

@Module({
  imports: [
    ServiceCoreModule.forRoot({
      service: 'catalog',
      schema: CATALOG_SCHEMA,
      env: ServiceEnv,
      entities: [Product, Store],
      migrations: [processedMessagesMigration(CATALOG_SCHEMA, 1764000000000), ProductsAndStores1764100000000],
    }),
    TypeOrmModule.forFeature([Product, Store]),
  ],
  controllers: [ProductsController, StoresController],
  providers: [ProductsService, StoresService],
})
export class AppModule {}
