/** What the gateway publishes for each route in its OpenAPI document (see AllowRoles / Public). */
export interface RouteAccess {
  roles?: string[];
  public?: boolean;
}

export interface GatewayRoute {
  method: string;
  /** As documented, e.g. `/api/planning/plans/{id}/cells`. */
  path: string;
  /** The path with its parameters filled by well-formed values that name nothing that exists. */
  url: string;
  access?: RouteAccess;
}

type OpenApi = { paths: Record<string, Record<string, { 'x-tideline-access'?: RouteAccess }>> };

const PARAMS: Record<string, string> = { id: '00000000-0000-4000-8000-000000000000', action: 'submit' };

/** Every route of the gateway, read from its own OpenAPI document, so a new route is in every test that walks them. */
export async function gatewayRoutes(gatewayUrl: string): Promise<GatewayRoute[]> {
  const doc = (await (await fetch(`${gatewayUrl}/api/docs-json`)).json()) as OpenApi;
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      url: path.replace(/\{(\w+)\}/g, (_, name: string) => PARAMS[name] ?? 'X1'),
      access: op['x-tideline-access'],
    })),
  );
}
