import { ignoredColumnsMigration, outboxMigration, processedMessagesMigration } from '@tideline/server-kit';
import { UploadsAndFacts1764100000000 } from './1764100000000-uploads-and-facts';
import { PerUploadStaging1764300000000 } from './1764300000000-per-upload-staging';
import { DriversAndPlans1765900000000 } from './1765900000000-drivers-and-plans';
import { Stock1766100000000 } from './1766100000000-stock';
import { WeekTotals1766400000000 } from './1766400000000-week-totals';
import { WeeklyPartitions1766600000000 } from './1766600000000-weekly-partitions';
import { StockOnHand1766900000000 } from './1766900000000-stock-on-hand';
import { PurchaseOrders1767000000000 } from './1767000000000-purchase-orders';

export const SALES_SCHEMA = 'sales';

/** The sales schema's migrations, in order. */
export const SALES_MIGRATIONS = [
  processedMessagesMigration(SALES_SCHEMA, 1764000000000),
  UploadsAndFacts1764100000000,
  PerUploadStaging1764300000000,
  outboxMigration(SALES_SCHEMA, 1764400000000),
  DriversAndPlans1765900000000,
  ignoredColumnsMigration(SALES_SCHEMA, 1766000000000),
  Stock1766100000000,
  WeekTotals1766400000000,
  WeeklyPartitions1766600000000,
  StockOnHand1766900000000,
  PurchaseOrders1767000000000,
];
