import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogPatterns, CatalogUploadsQuery } from '@tideline/contracts';
import {
  ServiceClientsModule,
  ServiceCoreModule,
  UploaderEnv,
  UploadIntake,
  uploadLedgerProvider,
  outboxMigration,
  ignoredColumnsMigration,
  processedMessagesMigration,
  uploadsControllerFor,
} from '@tideline/server-kit';
import { MasterDataImport } from './imports/master-data-import.service';
import { CatalogUploadSweeper } from './imports/upload-sweeper';
import { ProductsAndStores1764100000000 } from './migrations/1764100000000-products-and-stores';
import { MasterDataUploads1764200000000 } from './migrations/1764200000000-master-data-uploads';
import { PerUploadStaging1764300000000 } from './migrations/1764300000000-per-upload-staging';
import { ProductCost1765100000000 } from './migrations/1765100000000-product-cost';
import { Lifecycle1766200000000 } from './migrations/1766200000000-lifecycle';
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
      env: UploaderEnv,
      entities: [Product, Store],
      migrations: [processedMessagesMigration(CATALOG_SCHEMA, 1764000000000), ProductsAndStores1764100000000, MasterDataUploads1764200000000, PerUploadStaging1764300000000, outboxMigration(CATALOG_SCHEMA, 1764400000000), ProductCost1765100000000, ignoredColumnsMigration(CATALOG_SCHEMA, 1766000000000), Lifecycle1766200000000],
    }),
    TypeOrmModule.forFeature([Product, Store]),
    // Our own queue takes the merge requests of master-data uploads.
    ServiceClientsModule.register(['catalog']),
  ],
  controllers: [ProductsController, StoresController, uploadsControllerFor(CatalogPatterns, CatalogUploadsQuery)],
  providers: [
    ProductsService,
    StoresService,
    MasterDataImport,
    { provide: UploadIntake, useExisting: MasterDataImport },
    CatalogUploadSweeper,
    uploadLedgerProvider(CATALOG_SCHEMA),
  ],
})
export class AppModule {}
