import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsNumber, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { PageQuery } from './paging';

/** How a CSV upload travels: the gateway streams the file into chunks of whole records. */
export const UPLOAD_CHUNK_ROWS = 5000;
/**
 * A chunk is also cut once its records hold this many characters, so a file of long records
 * (up to 1 MiB each) does not make chunks of gigabytes: the gateway's memory is bounded by bytes.
 */
export const UPLOAD_CHUNK_CHARS = 1 << 20;

export type UploadStatus = 'queued' | 'running' | 'completed' | 'failed';

/** Query options of every upload route. */
export class UploadOptionsQuery {
  /** Validate the whole file and report, writing nothing. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value))
  @IsBoolean()
  dryRun?: boolean;

  /** Commit nothing when more than this share of the rows (0-100) is rejected. */
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  maxRejectedPercent?: number;

  /**
   * How numbers write their decimals: `comma` takes `12,50` as 12.5. Unset: a comma where the file's
   * delimiter is `;` (the European spreadsheet export), a point otherwise.
   */
  @IsOptional()
  @IsIn(['point', 'comma'], { message: 'decimal must be point or comma' })
  decimal?: 'point' | 'comma';

  /** Keep the known columns and ignore the others (listed in the job as `ignoredColumns`) rather than refuse the file. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value))
  @IsBoolean()
  ignoreColumns?: boolean;
}

/** What every message of one upload carries, so any message can create the job record. */
export interface UploadMeta {
  uploadedById: string;
  uploadedByEmail: string;
  filename: string | null;
  dryRun: boolean;
  maxRejectedPercent: number | null;
  /** ISO timestamp of the gateway's receipt. */
  receivedAt: string;
  /** For services that take several kinds of file (the catalog: products or stores). */
  target?: string;
  /** UploadOptionsQuery's `decimal` and `ignoreColumns`, when given. */
  decimal?: 'point' | 'comma';
  ignoreColumns?: boolean;
}

/** The three patterns a service's upload queue takes from the gateway. */
export interface UploadPatternSet {
  chunk: string;
  sealed: string;
  aborted: string;
}

/** A bounded slice of the file: whole CSV records with their 1-based physical line numbers. */
export interface UploadChunkMessage {
  jobId: string;
  seq: number;
  /** The file's first record (the header), as sent, BOM included. */
  header: string;
  records: Array<[line: number, text: string]>;
  meta: UploadMeta;
}

/** Sent after the last chunk: the file arrived whole. */
export interface UploadSealedMessage {
  jobId: string;
  chunks: number;
  sha256: string;
  bytes: number;
  /** Physical lines read, header included. */
  lines: number;
  meta: UploadMeta;
}

/** Sent when the body stopped before its end (client gone, connection cut). */
export interface UploadAbortedMessage {
  jobId: string;
  reason: string;
  meta: UploadMeta;
}

export interface UploadFinalizeMessage {
  jobId: string;
}

export class UploadKey {
  @IsUUID()
  id!: string;
}

export class RejectionsPageRequest extends UploadKey {
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  afterLine!: number;

  @Type(() => Number)
  @IsNumber()
  @Min(1)
  @Max(50_000)
  limit!: number;
}

export type ListUploadsQuery = PageQuery;

export interface UploadView {
  id: string;
  status: UploadStatus;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  /** 0-1: chunks processed over chunks expected (unknown until the file is sealed). */
  progress: number;
  error?: string;
  /** Set when the same content was already ingested: nothing changed. */
  duplicateOf?: string;
  dryRun: boolean;
  filename: string | null;
  uploadedBy: string;
  createdAt: string;
  completedAt: string | null;
  /** Mondays (YYYY-MM-DD) the upload touched, and the number of store × SKU series. */
  weeks?: string[];
  series?: number;
  /** With `ignoreColumns`: the file's columns that were left out. */
  ignoredColumns?: string[];
}

export interface RejectionView {
  line: number;
  column: string;
  value: string;
  reason: string;
}

export interface RejectionsPage {
  items: RejectionView[];
}
