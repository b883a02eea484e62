import { UploadChunkMessage } from '@tideline/contracts';
import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { copyRows } from './copy-rows';
import { CsvHeader, ExtraColumns, detectDelimiter, readCsvHeader } from './csv-header';
import { parseRecords } from './parse-records';
import { UploadLedger } from './upload-ledger';

export type Cell = string | number | boolean | null;

export interface RowProblem {
  line: number;
  column: string;
  value: string;
  reason: string;
}

/** How one kind of CSV file is read, and where its accepted rows are staged. */
export interface RowReader {
  required: readonly string[];
  optional: readonly string[];
  /** Columns accepted beyond the contract ones (e.g. demand drivers); none when absent. */
  extra?: ExtraColumns;
  /** Template of each upload's staging table (see UploadLedger.stagingTable): `line`, then `columns`. */
  stagingTemplate: string;
  columns: string[];
  /**
   * Stage by week (UploadLedger.prepareStaging's `byWeek`): the position of the week (a Monday,
   * YYYY-MM-DD) in the staged values. The template then also holds the destination's `upload_id`.
   */
  weekAt?: number;
  /** The row's staged values, `line` first, or undefined after adding each of its problems to `problems`. */
  read(line: number, fields: string[], header: CsvHeader<string>, problems: RowProblem[]): Cell[] | undefined;
}

/**
 * Validates one chunk of an upload and stages its good rows (COPY) and its rejections, in one
 * transaction with the chunk's claim: a redelivered chunk changes nothing. A bad header fails
 * the whole upload with its reason.
 */
export async function stageChunk(ds: DataSource, ledger: UploadLedger, chunk: UploadChunkMessage, reader: RowReader): Promise<void> {
  const delimiter = detectDelimiter(chunk.header);
  const [headerRecord] = await parseRecords([[1, chunk.header]], delimiter);
  // Decimal commas: asked for, or the usual European spreadsheet export (`;` between fields).
  const decimalComma = chunk.meta.decimal === 'comma' || (chunk.meta.decimal === undefined && delimiter === ';');
  const header =
    'fields' in headerRecord
      ? readCsvHeader(headerRecord.fields, delimiter, reader.required, reader.optional, { extra: reader.extra, ignoreUnknown: chunk.meta.ignoreColumns, decimalComma })
      : { error: `Header: ${headerRecord.error}` };

  const staged: Cell[][] = [];
  const problems: RowProblem[] = [];
  if (!('error' in header)) {
    for (const record of await parseRecords(chunk.records, delimiter)) {
      if ('error' in record) {
        problems.push({ line: record.line, column: '*', value: '', reason: record.error });
        continue;
      }
      const values = reader.read(record.line, record.fields, header, problems);
      if (values) staged.push(values);
    }
  }

  if (!('error' in header)) {
    const byWeek = reader.weekAt !== undefined;
    await ledger.prepareStaging(ds, chunk.jobId, chunk.meta, reader.stagingTemplate, byWeek);
    if (byWeek) await ledger.prepareStagingWeeks(ds, chunk.jobId, chunk.meta, [...new Set(staged.map((row) => row[reader.weekAt as number] as string))]);
  }
  await ds.transaction(async (manager) => {
    await ledger.ensure(manager, chunk.jobId, chunk.meta, chunk.meta.target ?? null);
    if ('error' in header) return ledger.fail(manager, chunk.jobId, header.error);
    if (!(await ledger.isOpen(manager, chunk.jobId))) return; // failed or aborted meanwhile: drop the chunk
    const rejectedLines = new Set(problems.map((p) => p.line)).size;
    if (!(await ledger.claimChunk(manager, chunk.jobId, chunk.seq, chunk.records.length, rejectedLines))) return; // redelivery
    if (header.ignored.length > 0) await ledger.recordIgnoredColumns(manager, chunk.jobId, header.ignored);
    const client = (manager.queryRunner as unknown as { databaseConnection: PoolClient }).databaseConnection;
    await copyRows(client, ledger.stagingTable(chunk.jobId), ['line', ...reader.columns], staged);
    await copyRows(
      client,
      ledger.rejectionsTable,
      ['upload_id', 'line', 'column', 'value', 'reason'],
      problems.map((p) => [chunk.jobId, p.line, p.column, p.value, p.reason]),
    );
  });
}
