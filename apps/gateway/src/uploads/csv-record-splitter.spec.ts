import { CsvRecordSplitter, MAX_RECORD_CHARS, RecordTooLongError } from './csv-record-splitter';

function split(parts: string[]): Array<[number, string]> {
  const splitter = new CsvRecordSplitter();
  return [...parts.flatMap((p) => splitter.push(Buffer.from(p))), ...splitter.end()];
}

describe('CsvRecordSplitter', () => {
  it('numbers records by the physical line they start on, across CRLF, blank lines and chunk borders', () => {
    expect(split(['week,store\r\n2026-01-05,S1\r', '\n\r\n2026-01-12,S', '2'])).toEqual([
      [1, 'week,store'],
      [2, '2026-01-05,S1'],
      [4, '2026-01-12,S2'],
    ]);
  });

  it('keeps a line break inside quotes within its record', () => {
    expect(split(['a,"multi\nline, with ""quotes""",b\nnext,1\n'])).toEqual([
      [1, 'a,"multi\nline, with ""quotes""",b'],
      [3, 'next,1'],
    ]);
  });

  it('does not cut a multi-byte character split between two buffers', () => {
    const bytes = Buffer.from('café,1\n');
    const splitter = new CsvRecordSplitter();
    const records = [...splitter.push(bytes.subarray(0, 4)), ...splitter.push(bytes.subarray(4)), ...splitter.end()];
    expect(records).toEqual([[1, 'café,1']]);
  });

  it('refuses a record that never ends (an unterminated quote)', () => {
    const splitter = new CsvRecordSplitter();
    splitter.push(Buffer.from('ok,1\n"open'));
    expect(() => splitter.push(Buffer.alloc(MAX_RECORD_CHARS, 'x'))).toThrow(new RecordTooLongError(2));
  });
});
