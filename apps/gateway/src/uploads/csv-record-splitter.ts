import { StringDecoder } from 'node:string_decoder';

/** A record longer than this is refused: most likely an unterminated quote swallowing the file. */
export const MAX_RECORD_CHARS = 1 << 20;

export class RecordTooLongError extends Error {
  constructor(readonly line: number) {
    super(`Line ${line}: a record longer than ${MAX_RECORD_CHARS} characters (an unterminated quote?)`);
  }
}

/**
 * Cuts a CSV byte stream into whole records without parsing fields: a line break inside double
 * quotes belongs to the record (RFC 4180; an escaped quote `""` toggles twice and changes nothing).
 * Each record keeps the physical line it starts on, so rejections can name it. Blank lines are
 * dropped; a trailing CR is removed. Memory is bounded by one record plus one input buffer.
 */
export class CsvRecordSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private carry = '';
  private inQuotes = false;
  private line = 1;
  private recordStart = 1;

  /** Physical lines seen so far. */
  get lines(): number {
    return this.carry.length > 0 ? this.line : this.line - 1;
  }

  push(chunk: Buffer): Array<[number, string]> {
    return this.scan(this.decoder.write(chunk));
  }

  end(): Array<[number, string]> {
    const records = this.scan(this.decoder.end());
    if (this.carry.length > 0) this.emit(records, this.carry);
    this.carry = '';
    return records;
  }

  private scan(text: string): Array<[number, string]> {
    const records: Array<[number, string]> = [];
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 34) {
        this.inQuotes = !this.inQuotes;
      } else if (code === 10) {
        this.line++;
        if (!this.inQuotes) {
          this.emit(records, this.carry + text.slice(start, i));
          this.carry = '';
          this.recordStart = this.line;
          start = i + 1;
        }
      }
    }
    this.carry += text.slice(start);
    if (this.carry.length > MAX_RECORD_CHARS) throw new RecordTooLongError(this.recordStart);
    return records;
  }

  private emit(records: Array<[number, string]>, raw: string) {
    const record = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (record.length > MAX_RECORD_CHARS) throw new RecordTooLongError(this.recordStart);
    if (record.trim().length > 0) records.push([this.recordStart, record]);
  }
}
