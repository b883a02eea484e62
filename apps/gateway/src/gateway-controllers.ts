import { AuthController } from './auth/auth.controller';
import { CatalogUploadsController } from './catalog/catalog-uploads.controller';
import { DeadLettersController } from './dead-letters/dead-letters.controller';
import { ProductLifecyclesController } from './catalog/product-lifecycles.controller';
import { ProductsController } from './catalog/products.controller';
import { StoresController } from './catalog/stores.controller';
import { ForecastController } from './forecast/forecast.controller';
import { HealthController } from './health/health.controller';
import { CalendarController } from './planning/calendar.controller';
import { PlanningController } from './planning/planning.controller';
import { SalesController } from './sales/sales.controller';
import { UsersController } from './users/users.controller';

/** Every controller the gateway serves: AppModule mounts these, and the route access test checks each of their routes. */
export const GATEWAY_CONTROLLERS = [
  AuthController,
  UsersController,
  HealthController,
  CatalogUploadsController,
  ProductsController,
  ProductLifecyclesController,
  StoresController,
  SalesController,
  ForecastController,
  PlanningController,
  CalendarController,
  DeadLettersController,
];
