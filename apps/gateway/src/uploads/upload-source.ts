import { BadRequestException, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';
import type { Readable } from 'node:stream';

export interface UploadSource {
  stream: Readable;
  filename: string | null;
}

const RAW_TYPES = /^(text\/csv|text\/plain|application\/csv|application\/octet-stream|text\/tab-separated-values)\b/i;

/**
 * The uploaded file as a stream, never buffered: the raw body of a `text/csv` request, or the
 * part named `file` of a `multipart/form-data` one.
 */
export function uploadSource(req: Request): Promise<UploadSource> {
  const type = req.headers['content-type'] ?? '';
  if (RAW_TYPES.test(type)) return Promise.resolve({ stream: req, filename: null });
  if (!/^multipart\/form-data\b/i.test(type)) {
    throw new UnsupportedMediaTypeException(`Send the CSV as text/csv or as multipart/form-data with a field "file" (got "${type || 'no content type'}")`);
  }
  return new Promise((resolve, reject) => {
    const parser = busboy({ headers: req.headers, limits: { files: 1, fields: 20 } });
    let found = false;
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || found) {
        stream.resume(); // not ours: drain it
        return;
      }
      found = true;
      resolve({ stream, filename: info.filename ?? null });
    });
    parser.on('error', (error: Error) => reject(new BadRequestException(`Malformed multipart body: ${error.message}`)));
    parser.on('close', () => {
      if (!found) reject(new BadRequestException('The multipart body has no field named "file"'));
    });
    req.pipe(parser);
  });
}

/** A small uploaded file (an events list) as text, refused with 413 past `maxBytes` bytes. */
export async function readSmallUpload(req: Request, maxBytes: number): Promise<string> {
  const { stream } = await uploadSource(req);
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of readKeepingOpen(stream)) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    bytes += buffer.length;
    if (bytes > maxBytes) {
      await discardRest(stream, maxBytes);
      throw new PayloadTooLargeException(`The file is over ${maxBytes.toLocaleString('en-US')} bytes; split it`);
    }
    chunks.push(buffer);
  }
  // Decoded once, whole: a character split between two chunks stays whole.
  const text = Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new BadRequestException({ code: 'UPLOAD.EMPTY', message: 'The file is empty' });
  return text;
}

/**
 * The chunks of an upload, without destroying it when the reader stops early: a refusal thrown
 * mid-file must leave the request readable, so that discardRest can take the rest of it.
 */
export function readKeepingOpen(stream: Readable): AsyncIterable<Buffer> {
  return { [Symbol.asyncIterator]: () => stream.iterator({ destroyOnReturn: false }) };
}

/**
 * Reads the rest of a refused upload and drops it, up to `maxBytes` more, so that the sender has
 * finished sending when the refusal is answered. Answered while the client is still writing, the
 * connection closes under it, and clients such as fetch then report a broken pipe (EPIPE) instead
 * of the 4xx and its message. Past `maxBytes` it stops: that answer closes the connection.
 */
export function discardRest(stream: Readable, maxBytes: number): Promise<void> {
  if (stream.readableEnded || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let bytes = 0;
    const done = () => {
      stream.off('data', count).off('end', done).off('close', done).off('error', done);
      resolve();
    };
    const count = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        stream.pause();
        done();
      }
    };
    stream.on('data', count).once('end', done).once('close', done).once('error', done);
    stream.resume();
  });
}
