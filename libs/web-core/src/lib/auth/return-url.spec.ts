import { safeReturnUrl } from './return-url';

describe('safeReturnUrl', () => {
  it.each([
    ['/explorer?sku=A-100', '/explorer?sku=A-100'],
    ['/', '/'],
    [undefined, '/'],
    ['', '/'],
    ['https://evil.example', '/'],
    ['//evil.example/path', '/'],
    ['/\\evil.example', '/'],
    ['/login?returnUrl=%2F', '/'],
    ['/loginhelp', '/loginhelp'],
  ])('%s → %s', (candidate, expected) => {
    expect(safeReturnUrl(candidate)).toBe(expected);
  });
});
