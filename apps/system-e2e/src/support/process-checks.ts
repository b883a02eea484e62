import { login } from './http';
import { TestSystem } from './test-system';

/**
 * The most any process may hold resident at its peak: the 192 MB heap limit (`NODE_OPTIONS` in
 * .env.example) plus code, buffers outside the heap and argon2's 19 MB per hash. It catches runaway
 * growth; what each hostile input cost is in the figures the checks print (start → peak).
 */
export const MEMORY_BOUND_MB = 400;

/** Health answers 200 and no process has exited. */
async function expectAllUp(system: TestSystem): Promise<void> {
  expect((await fetch(`${system.gatewayUrl}/api/health`)).status).toBe(200);
  for (const [name, child] of system.processes) expect({ name, exitCode: child.exitCode }).toEqual({ name, exitCode: null });
}

/**
 * Prints each process's resident memory at the start (`atStart`, from `system.memory()`) and at
 * its peak since, and checks every peak is under MEMORY_BOUND_MB.
 */
function expectMemoryBounded(system: TestSystem, atStart: ReturnType<TestSystem['memory']>, what: string): void {
  const now = system.memory();
  const lines = Object.entries(now).map(([name, { peakMb, rssMb }]) => `${name}: ${atStart[name]?.rssMb ?? '?'} MB at start, peak ${peakMb} MB, ${rssMb} MB now`);
  console.info(`Resident memory, ${what}:\n${lines.join('\n')}`);
  const over = Object.entries(now).filter(([, { peakMb }]) => peakMb >= MEMORY_BOUND_MB).map(([name, { peakMb }]) => `${name}: ${peakMb} MB`);
  expect(over).toEqual([]);
}

/**
 * A system of its own to attack: started, with a token for `email`, and `expectUnharmed`, which
 * checks afterwards that health answers, no process exited and every peak of memory stayed under
 * the bound (printed against each process's memory now, at the start).
 */
export async function systemToAttack(email: string, env: Record<string, string> = {}) {
  const system = await TestSystem.start({ env });
  const atStart = system.memory();
  const token = (await login(system.gatewayUrl, email, system.env['DEMO_PASSWORD'])).accessToken;
  const expectUnharmed = async (what: string) => {
    await expectAllUp(system);
    expectMemoryBounded(system, atStart, what);
  };
  return { system, token, expectUnharmed };
}
