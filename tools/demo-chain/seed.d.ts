/** Types of seed.js, for the system tests that load a small demo chain. */
export interface SalesRow {
  week: string;
  store: string;
  sku: string;
  units: number;
}
export interface DemoSize {
  stores?: number;
  products?: number;
  /** The last this many weeks arrive in a second upload, after the first forecast. */
  lateWeeks?: number;
  only?: (row: SalesRow) => boolean;
}
export interface Credentials {
  email: string;
  password: string;
}
export function seedDemoChain(
  gatewayUrl: string,
  credentials: Credentials,
  log?: (line: string) => void,
  size?: DemoSize,
  forecastReader?: Credentials,
): Promise<string | false>;
export function tokenOf(gatewayUrl: string, email: string, password: string): Promise<string>;
export function uploadCsv(gatewayUrl: string, token: string, chunks: Iterable<string> | (() => Iterable<string>), route?: string): Promise<{ id: string; status: string }>;
/** Resolves with the upload once it is completed or failed (a 404 while it is still queued is waited out). */
export function waitForUpload(
  gatewayUrl: string,
  token: string,
  id: string,
  onProgress?: (upload: unknown) => void,
  route?: string,
): Promise<{ status: string; rowsAccepted: number; rowsRejected: number; error?: string }>;
export function waitForRun(
  gatewayUrl: string,
  token: string,
  find: (run: { id: string; status: string; trigger: string; seriesTotal: number; scope: { uploadId?: string } }) => boolean,
  log?: (line: string) => void,
  timeoutMs?: number,
): Promise<{ id: string; status: string; seriesTotal: number; error: string | null }>;
export function demoSalesCsv(size?: DemoSize): Iterable<string>;
/** The flag that holds GET /api/health at 503 `demo: seeding` (seeding-flag.js); `env` names REDIS_URL and REDIS_KEY_PREFIX. */
export function markSeeding(env: Record<string, string>): Promise<unknown>;
export function markSeeded(env: Record<string, string>): Promise<unknown>;

/** A demo plan as seedDemoPlans creates it. */
export interface DemoPlan {
  name: string;
  from: string;
  to: string;
  department?: string;
  approver?: string;
}
/** Creates the demo plans that are missing (a draft, and one submitted for manager2@ to approve); resolves with their names. */
export function seedDemoPlans(gatewayUrl: string, managerToken: string, log?: (line: string) => void): Promise<string[]>;
export const DEMO_PLANS: { draft: DemoPlan; forApproval: DemoPlan };
/** Uploads the demo chain's stock on hand and purchase orders unless stock was uploaded before (`token`: the data team's); resolves true when it did. */
export function seedDemoStock(gatewayUrl: string, token: string, size?: DemoSize, log?: (line: string) => void): Promise<boolean>;
