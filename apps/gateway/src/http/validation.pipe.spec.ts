import { MAX_BODY_DEPTH, nestedDeeperThan } from './validation.pipe';

describe('nestedDeeperThan', () => {
  const nest = (depth: number): unknown => (depth === 0 ? 1 : { a: nest(depth - 1) });

  it('lets a body of the allowed depth through and stops one level deeper', () => {
    expect(nestedDeeperThan(nest(MAX_BODY_DEPTH), MAX_BODY_DEPTH)).toBe(false);
    expect(nestedDeeperThan(nest(MAX_BODY_DEPTH + 1), MAX_BODY_DEPTH)).toBe(true);
    expect(nestedDeeperThan([[[[1]]]], 3)).toBe(true);
    expect(nestedDeeperThan('text', 0)).toBe(false);
  });

  it('checks a 100,000-level body without exhausting the stack', () => {
    expect(nestedDeeperThan(JSON.parse('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)), MAX_BODY_DEPTH)).toBe(true);
  });
});
