import type { ChildProcess } from 'node:child_process';

export const ROOT: string;
export const SERVICES: ReadonlyArray<{ name: string; databaseVar: string }>;
export const WEB_APPS: ReadonlyArray<{ name: string; portVar: string }>;
export function loadEnv(overrides?: Record<string, string>): Record<string, string>;
export function processEnv(name: string, env: Record<string, string>): NodeJS.ProcessEnv;
export function startProcess(
  name: string,
  env: Record<string, string>,
  options?: { logFile?: string; script?: string; args?: string[] },
): ChildProcess;
export function stopProcess(child: ChildProcess, graceMs?: number): Promise<void>;
export function waitForHealth(gatewayUrl: string, timeoutMs?: number): Promise<void>;
