import { NUL_ERROR, parseRecords } from './parse-records';

describe('parseRecords', () => {
  it('parses quoted fields with delimiters, quotes and line breaks inside', async () => {
    expect(await parseRecords([[2, 'a;"b;c";"say ""hi"""'], [3, '"multi\nline";x;y']], ';')).toEqual([
      { line: 2, fields: ['a', 'b;c', 'say "hi"'] },
      { line: 3, fields: ['multi\nline', 'x', 'y'] },
    ]);
  });

  it('isolates a malformed record and keeps the others', async () => {
    const parsed = await parseRecords([[2, 'a,b'], [3, 'x,"unterminated'], [4, 'c,d']], ',');
    expect(parsed[0]).toEqual({ line: 2, fields: ['a', 'b'] });
    expect(parsed[1]).toMatchObject({ line: 3, error: expect.stringContaining('malformed CSV') });
    expect(parsed[2]).toEqual({ line: 4, fields: ['c', 'd'] });
  });

  it('refuses a record holding a NUL byte by itself (Postgres text cannot store one), quoted or not', async () => {
    expect(await parseRecords([[2, 'a,b'], [3, 'x,\u0000y'], [4, '"c",d'], [5, '"\u0000",e']], ',')).toEqual([
      { line: 2, fields: ['a', 'b'] },
      { line: 3, error: NUL_ERROR },
      { line: 4, fields: ['c', 'd'] },
      { line: 5, error: NUL_ERROR },
    ]);
  });
});

describe('parseRecords without quotes', () => {
  it('splits plain records exactly, empty fields included', async () => {
    expect(await parseRecords([[2, 'a,,c'], [3, ',x,']], ',')).toEqual([
      { line: 2, fields: ['a', '', 'c'] },
      { line: 3, fields: ['', 'x', ''] },
    ]);
  });
});
