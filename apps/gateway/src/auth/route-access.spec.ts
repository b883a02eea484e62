import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './access.decorators';
import { GATEWAY_CONTROLLERS } from '../gateway-controllers';

/** The controllers AppModule mounts: a new controller is checked without being listed here. */
const CONTROLLERS: Array<{ prototype: object; name: string }> = GATEWAY_CONTROLLERS;

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
  it('checks every controller the gateway mounts', () => {
    expect(CONTROLLERS.map((c) => c.name)).toEqual(
      expect.arrayContaining(['AuthController', 'UsersController', 'SalesController', 'ForecastController', 'PlanningController']),
    );
    expect(routes().length).toBeGreaterThan(50);
  });

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
