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
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    bytes += buffer.length;
    if (bytes > maxBytes) {
      stream.resume(); // drain the rest so the connection can answer
      throw new PayloadTooLargeException(`The file is over ${maxBytes.toLocaleString('en-US')} bytes; split it`);
    }
    chunks.push(buffer);
  }
  // Decoded once, whole: a character split between two chunks stays whole.
  const text = Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new BadRequestException({ code: 'UPLOAD.EMPTY', message: 'The file is empty' });
  return text;
}
