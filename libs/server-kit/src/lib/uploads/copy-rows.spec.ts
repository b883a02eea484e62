import { copyValue } from './copy-rows';

describe('copyValue (COPY text format)', () => {
  it('writes NULL as \\N and numbers and booleans as text', () => {
    expect(copyValue(null)).toBe('\\N');
    expect(copyValue(12.5)).toBe('12.5');
    expect(copyValue(true)).toBe('true');
  });

  it('passes plain text through and escapes backslash, tab and line breaks', () => {
    expect(copyValue('SKU-00001')).toBe('SKU-00001');
    expect(copyValue('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
  });

  it('turns a NUL byte, which no Postgres text can hold, into U+FFFD', () => {
    expect(copyValue('bad\u0000value')).toBe('bad\uFFFDvalue');
  });
});
