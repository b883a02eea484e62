import { BadRequestException, Injectable, Logger, PayloadTooLargeException } from '@nestjs/common';
import { QueueMessagePattern, UPLOAD_CHUNK_CHARS, UPLOAD_CHUNK_ROWS, UploadMeta, UploadOptionsQuery, UserView } from '@tideline/contracts';
import { currentIdempotencyKey } from '@tideline/server-kit';
import type { Request } from 'express';
import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { GatewayEnv } from '../gateway.env';
import { ServiceBus } from '../messaging/service-bus';
import { CsvRecordSplitter, RecordTooLongError } from './csv-record-splitter';
import { UploadAnswer, UploadKeys } from './upload-keys';
import { discardRest, readKeepingOpen, uploadSource } from './upload-source';

/** Enough to hide the broker's confirm latency (a disk write for a quorum queue) behind reading. */
const CHUNKS_IN_FLIGHT = 4;

/** The queue patterns of one upload target, e.g. SalesPatterns' uploadChunk/uploadSealed/uploadAborted. */
export interface UploadRoute {
  chunk: QueueMessagePattern & `${string}.upload.chunk`;
  sealed: QueueMessagePattern & `${string}.upload.sealed`;
  aborted: QueueMessagePattern & `${string}.upload.aborted`;
}

/**
 * Streams an uploaded CSV into a service's queue as chunks of at most UPLOAD_CHUNK_ROWS whole
 * records and about UPLOAD_CHUNK_CHARS characters, refusing a file over UPLOAD_MAX_BYTES (413), with at most CHUNKS_IN_FLIGHT chunks awaiting the broker's confirm before more of the
 * body is read (so memory stays at a few chunks however large the file, while the broker's
 * confirm latency overlaps with reading), then, once every chunk is confirmed, a `sealed` message
 * with the count, size and SHA-256.
 * The caller gets the job id once everything is durably queued; the service does the rest.
 */
@Injectable()
export class UploadForwarder {
  private readonly logger = new Logger(UploadForwarder.name);

  constructor(
    private readonly bus: ServiceBus,
    private readonly env: GatewayEnv,
    private readonly keys: UploadKeys,
  ) {}

  /**
   * An upload request as it arrives: its body (raw or multipart), options and sender. With an
   * Idempotency-Key (made per user by IdempotencyKeyInterceptor), a repeat is answered as the
   * first was, without queueing anything (see UploadKeys).
   */
  async accept(req: Request, options: UploadOptionsQuery, user: UserView, route: UploadRoute, target?: string): Promise<UploadAnswer> {
    // Refused before a byte is read when the sender says how long the file is.
    if (Number(req.header('content-length')) > this.env.UPLOAD_MAX_BYTES) throw this.tooLarge();
    const key = currentIdempotencyKey();
    const kept = key === undefined ? true : await this.keys.claim(key);
    if (kept !== true) return this.keys.repeat(kept, await this.digest((await uploadSource(req)).stream));
    try {
      const { answer, sha256 } = await this.forwardRequest(req, options, user, route, target);
      if (key !== undefined) await this.keys.keep(key, { answer, sha256 });
      return answer;
    } catch (error) {
      if (key !== undefined) await this.keys.release(key);
      throw error;
    }
  }

  private async forwardRequest(req: Request, options: UploadOptionsQuery, user: UserView, route: UploadRoute, target?: string) {
    const { stream, filename } = await uploadSource(req);
    return this.forward(
      stream,
      {
        uploadedById: user.id,
        uploadedByEmail: user.email,
        filename,
        dryRun: options.dryRun ?? false,
        maxRejectedPercent: options.maxRejectedPercent ?? null,
        receivedAt: new Date().toISOString(),
        ...(target ? { target } : {}),
        ...(options.decimal ? { decimal: options.decimal } : {}),
        ...(options.ignoreColumns ? { ignoreColumns: true } : {}),
      },
      route,
    );
  }

  async forward(source: Readable, meta: UploadMeta, route: UploadRoute): Promise<{ answer: UploadAnswer; sha256: string }> {
    const jobId = randomUUID();
    const hash = createHash('sha256');
    const splitter = new CsvRecordSplitter();
    let bytes = 0;
    let header: string | undefined;
    let records: Array<[number, string]> = [];
    let chars = 0;
    let seq = 0;
    const inFlight = new Set<Promise<void>>();
    let refused: { error: unknown } | undefined;
    const confirmed = async (all: boolean) => {
      while (inFlight.size > (all ? 0 : CHUNKS_IN_FLIGHT - 1)) await Promise.race(inFlight);
      if (refused) throw refused.error;
    };

    const flush = async () => {
      if (records.length === 0 || header === undefined) return;
      const chunk = { jobId, seq, header, records, meta };
      records = [];
      chars = 0;
      seq++;
      const sent: Promise<void> = this.bus
        .emit(route.chunk, chunk)
        .catch((error) => void (refused ??= { error }))
        .finally(() => inFlight.delete(sent));
      inFlight.add(sent);
      await confirmed(false);
    };
    const take = async (found: Array<[number, string]>) => {
      for (const record of found) {
        if (header === undefined) header = record[1];
        else {
          records.push(record);
          chars += record[1].length;
        }
        if (records.length >= UPLOAD_CHUNK_ROWS || chars >= UPLOAD_CHUNK_CHARS) await flush();
      }
    };

    try {
      for await (const buffer of readKeepingOpen(source)) {
        hash.update(buffer);
        bytes += buffer.length;
        if (bytes > this.env.UPLOAD_MAX_BYTES) throw this.tooLarge();
        await take(splitter.push(buffer));
      }
      await take(splitter.end());
      if (header === undefined) throw new BadRequestException({ code: 'UPLOAD.EMPTY', message: 'The file is empty: a header row is expected' });
      await flush();
      await confirmed(true);
    } catch (error) {
      // A file refused for what it holds is read to its end (within the cap) before the answer.
      if (!(error instanceof PayloadTooLargeException)) await discardRest(source, this.env.UPLOAD_MAX_BYTES - bytes);
      await Promise.allSettled(inFlight);
      const reason = this.describe(error, splitter.lines);
      if (seq > 0) {
        // Chunks are already queued: tell the service, which fails the job and drops them.
        await this.bus.emit(route.aborted, { jobId, reason, meta }).catch((e) => this.logger.error(e));
      }
      if (error instanceof BadRequestException || error instanceof PayloadTooLargeException) throw error;
      if (error instanceof RecordTooLongError) throw new BadRequestException({ code: 'UPLOAD.RECORD_TOO_LONG', message: reason });
      throw error;
    }
    const sha256 = hash.digest('hex');
    await this.bus.emit(route.sealed, { jobId, chunks: seq, sha256, bytes, lines: splitter.lines, meta });
    return { answer: { id: jobId, status: 'queued' }, sha256 };
  }

  /** The SHA-256 of a file that is read but not queued (a repeated upload), within UPLOAD_MAX_BYTES. */
  private async digest(source: Readable): Promise<string> {
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const buffer of source as AsyncIterable<Buffer>) {
      bytes += buffer.length;
      if (bytes > this.env.UPLOAD_MAX_BYTES) throw this.tooLarge();
      hash.update(buffer);
    }
    return hash.digest('hex');
  }

  private tooLarge(): PayloadTooLargeException {
    const limit = this.env.UPLOAD_MAX_BYTES;
    return new PayloadTooLargeException({
      code: 'UPLOAD.TOO_LARGE',
      message: `The file is larger than the ${limit.toLocaleString('en-US')} bytes allowed (UPLOAD_MAX_BYTES); nothing was kept. Split it, or raise UPLOAD_MAX_BYTES`,
    });
  }

  private describe(error: unknown, lines: number): string {
    if (error instanceof RecordTooLongError) return error.message;
    if (error instanceof BadRequestException || error instanceof PayloadTooLargeException) return error.message;
    const text = error instanceof Error ? error.message : String(error);
    if (/aborted|ECONNRESET|premature close/i.test(text)) return `The upload was cut off after line ${lines}; nothing was kept`;
    return `The upload failed after line ${lines}: ${text}`;
  }
}
