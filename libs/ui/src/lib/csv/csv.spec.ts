import { parseCsv, toCsv } from './csv';

interface Row {
  week: string;
  units: number;
  note: string | null;
}
const columns = [
  { label: 'Week', value: (r: Row) => r.week },
  { label: 'Units', value: (r: Row) => r.units },
  { label: 'Note', value: (r: Row) => r.note },
];

describe('csv', () => {
  it('writes a header and one line per row, quoting commas and quotes', () => {
    const rows: Row[] = [
      { week: '2026-11-16', units: 12.5, note: 'promo, "big"' },
      { week: '2026-11-23', units: 0, note: null },
    ];
    expect(toCsv(columns, rows)).toBe('Week,Units,Note\r\n2026-11-16,12.5,"promo, ""big"""\r\n2026-11-23,0,');
  });

  it('keeps a spreadsheet from running text as a formula, but leaves negative numbers alone', () => {
    expect(toCsv(columns, [{ week: '=HYPERLINK("x")', units: -3, note: '@SUM(A1)' }])).toBe(
      `Week,Units,Note\r\n"'=HYPERLINK(""x"")",-3,'@SUM(A1)`,
    );
  });

  it('reads a CSV with a header into records', () => {
    expect(parseCsv('line,column,value,reason\n3,units,abc,"units must be a number, got abc"\n')).toEqual([
      { line: '3', column: 'units', value: 'abc', reason: 'units must be a number, got abc' },
    ]);
  });
});
