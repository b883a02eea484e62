import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './access.decorators';
import { AuthController } from './auth.controller';
import { CatalogUploadsController } from '../catalog/catalog-uploads.controller';
import { ProductsController } from '../catalog/products.controller';
import { StoresController } from '../catalog/stores.controller';
import { HealthController } from '../health/health.controller';
import { SalesController } from '../sales/sales.controller';
import { UsersController } from '../users/users.controller';

/** Every controller of the gateway; a new one must be added here (and so get a role decision). */
const CONTROLLERS = [AuthController, UsersController, HealthController, CatalogUploadsController, ProductsController, StoresController, SalesController];

const routePath = (controller: object, handler: object) =>
  `/api/${Reflect.getMetadata(PATH_METADATA, controller)}/${Reflect.getMetadata(PATH_METADATA, handler)}`
    .replace(/\/+/g, '/')
    .replace(/\/$/, '');

function routes() {
  return CONTROLLERS.flatMap((controller) =>
    Object.getOwnPropertyNames(controller.prototype)
      .filter((name) => name !== 'constructor')
      .map((name) => (controller.prototype as unknown as Record<string, unknown>)[name])
      .filter((handler): handler is object => typeof handler === 'function' && Reflect.getMetadata(PATH_METADATA, handler) !== undefined)
      .map((handler) => ({
        route: `${RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler)]} ${routePath(controller, handler)}`,
        isPublic: Reflect.getMetadata(PUBLIC_ROUTE, handler) ?? Reflect.getMetadata(PUBLIC_ROUTE, controller) ?? false,
        roles: Reflect.getMetadata(ALLOWED_ROLES, handler) ?? Reflect.getMetadata(ALLOWED_ROLES, controller),
      })),
  );
}

describe('route access table', () => {
  it('has a role decision on every route (the guard denies a route without one)', () => {
    const undecided = routes().filter((r) => !r.isPublic && !(Array.isArray(r.roles) && r.roles.length > 0));
    expect(undecided).toEqual([]);
  });

  it('keeps exactly these routes public', () => {
    expect(routes().filter((r) => r.isPublic).map((r) => r.route).sort()).toEqual([
      'GET /api/health',
      'POST /api/auth/login',
      'POST /api/auth/refresh',
    ]);
  });

  it('restricts user administration to admins', () => {
    const users = routes().filter((r) => r.route.startsWith('/api/users') || / \/api\/users/.test(r.route));
    expect(users.length).toBe(4);
    for (const route of users) expect(route.roles).toEqual(['admin']);
  });
});
