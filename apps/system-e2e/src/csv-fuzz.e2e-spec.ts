import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { Readable } from 'node:stream';
import type { UploadView } from '@tideline/contracts';
import { call } from './support/http';
import { sleep, uploadCsv } from './support/small-chain';
import { systemToAttack } from './support/process-checks';
import { TestSystem } from './support/test-system';

const ROUTES = ['/sales/uploads', '/catalog/products/uploads', '/catalog/stores/uploads'];
/** This system's upload cap: above the largest file below (120 records of 900 KB, 108 MB). */
const UPLOAD_MAX_BYTES = 150_000_000;

/** Files no importer should choke on: each must end as a clear failure (or a clear 4xx), never a 5xx or a dead process. */
const FILES: Array<[string, Buffer]> = [
  ['random bytes', randomBytes(200_000)],
  ['a binary file (PNG header and zeros)', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(50_000)])],
  ['one 5 MB line without a line break', Buffer.from('x'.repeat(5_000_000))],
  ['a header of a million columns', Buffer.from(Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(',') + '\n1,2,3\n')],
  ['a row of a million columns under a good header', Buffer.from('week,store,sku,units\n' + Array.from({ length: 1_000_000 }, () => '1').join(',') + '\n')],
  ['50 MB without a line break', Buffer.alloc(50_000_000, 'y')],
  ['an unterminated quote', Buffer.from('week,store,sku,units\n2026-11-23,"ST001,SKU-00001,4\n2026-11-23,ST002,SKU-00002,5\n')],
  ['a NUL byte in the header', Buffer.from('week,st\u0000ore,sku,units\n2026-11-23,ST001,SKU-00001,4\n')],
  ['a NUL byte in every row', Buffer.from('week,store,sku,units\n2026-11-23,ST\u0000001,SKU-00001,4\n2026-11-23,ST002,SKU-\u000000002,5\n')],
  ['only a byte-order mark', Buffer.from([0xef, 0xbb, 0xbf])],
];

/**
 * The CSV importers (sales, products, stores) with hostile files. Every file is refused at once
 * with a 4xx, or accepted and then failed with a reason (and nothing stored); the services stay up.
 */
describe('fuzzing the CSV importers (real gateway, broker and services)', () => {
  let system: TestSystem;
  let token: string;
  let expectUnharmed: (what: string) => Promise<void>;

  beforeAll(async () => {
    ({ system, token, expectUnharmed } = await systemToAttack('data@tideline.local', { UPLOAD_MAX_BYTES: String(UPLOAD_MAX_BYTES) }));
  });
  afterAll(() => system?.stop());

  it('ends every hostile file clearly and keeps every process up', async () => {
    const outcomes: string[] = [];
    for (const route of ROUTES) {
      for (const [what, bytes] of FILES) {
        const res = await fetch(`${system.gatewayUrl}/api${route}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
          body: new Uint8Array(bytes),
          signal: AbortSignal.timeout(60_000),
        });
        const body = (await res.json()) as { id?: string; message?: string };
        if (res.status !== 202) {
          outcomes.push(`${route} ${what}: ${res.status < 500 && body.message ? 'refused' : `BAD ${res.status} ${JSON.stringify(body).slice(0, 120)}`}`);
          continue;
        }
        let upload: UploadView | undefined;
        for (let i = 0; i < 120 && !(upload && ['completed', 'failed'].includes(upload.status)); i++) {
          await sleep(250);
          const got = await call<UploadView>(system.gatewayUrl, 'GET', `/api${route}/${body.id}`, { token });
          if (got.status === 200) upload = got.body;
        }
        const clear = upload?.status === 'failed' && typeof upload.error === 'string' && upload.error.length > 0 && upload.rowsAccepted === 0;
        outcomes.push(`${route} ${what}: ${clear ? 'failed clearly' : `BAD ${JSON.stringify(upload).slice(0, 160)}`}`);
      }
    }
    console.info(outcomes.join('\n'));
    expect(outcomes.filter((o) => o.includes('BAD'))).toEqual([]);
    expect(outcomes).toHaveLength(ROUTES.length * FILES.length);
    await expectUnharmed('after every hostile file');
  }, 300_000);

  it('takes 120 records of 900 KB within the memory bound, and refuses a file over UPLOAD_MAX_BYTES with 413', async () => {
    // Chunks are cut by bytes as well as rows: 5,000 such records would have made one 4.5 GB chunk.
    const long = 'x'.repeat(900_000);
    const file = ['week,store,sku,units', ...Array.from({ length: 120 }, (_, i) => `2026-11-23,ST00${i % 9},${long},1`)].join('\n');
    const upload = await uploadCsv(system.gatewayUrl, token, '/sales/uploads', file);
    expect(['completed', 'failed']).toContain(upload.status); // every row has an invalid SKU
    expect(upload.rowsAccepted).toBe(0);

    // Announced too large: refused before the body is read.
    const announced = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${system.gatewayUrl}/api/sales/uploads`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'content-length': String(UPLOAD_MAX_BYTES + 1) },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write('week,store,sku,units\n');
    });
    expect(announced.status).toBe(413);
    expect(JSON.parse(announced.body)).toMatchObject({ code: 'UPLOAD.TOO_LARGE', message: expect.stringContaining('UPLOAD_MAX_BYTES') });

    // Sent without a length: refused once the cap is passed, nothing kept.
    const row = Buffer.from('2026-11-23,ST001,SKU-00001,4\n'.repeat(10_000));
    const rows = Math.ceil((UPLOAD_MAX_BYTES + 1) / row.length);
    async function* stream() {
      yield Buffer.from('week,store,sku,units\n');
      for (let i = 0; i < rows; i++) yield row;
    }
    const streamed = await fetch(`${system.gatewayUrl}/api/sales/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: Readable.from(stream()) as unknown as BodyInit,
      duplex: 'half',
    } as RequestInit).catch((error: Error) => ({ status: 0, json: async () => ({ message: error.message }) }));
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({ code: 'UPLOAD.TOO_LARGE' });
    // Its first chunks were queued already: the sales service ends that upload failed, keeping none
    // of it, once it has dropped them (the listing may wait behind them meanwhile: 503).
    let latest: UploadView | undefined;
    for (let i = 0; i < 300 && latest?.status !== 'failed'; i++) {
      await sleep(200);
      latest = (await call<{ items?: UploadView[] }>(system.gatewayUrl, 'GET', '/api/sales/uploads?pageSize=1', { token })).body.items?.[0];
    }
    expect(latest).toMatchObject({ status: 'failed', rowsAccepted: 0, error: expect.stringContaining('UPLOAD_MAX_BYTES') });
    expect(latest?.id).not.toBe(upload.id);
    await expectUnharmed('after 120 records of 900 KB and two files over the cap');
  }, 300_000);

  it('answers a file refused mid-body once the sender has finished sending, on a connection that stays open', async () => {
    // The refusal is decided on the first 2 MB; the rest arrives 300 ms later. Answered before
    // the rest was read, the connection would close under the sender (fetch reports EPIPE then).
    const agent = new http.Agent({ keepAlive: true });
    const answered = await new Promise<{ status: number; body: string; connection?: string; answeredAfterEnd: boolean }>((resolve, reject) => {
      let ended = false;
      const req = http.request(`${system.gatewayUrl}/api/sales/uploads`, {
        method: 'POST',
        agent,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      });
      req.on('response', (res) => {
        const answeredAfterEnd = ended;
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection, answeredAfterEnd }));
      });
      req.on('error', reject);
      req.write('week,store,sku,units\n2026-11-23,ST001,' + 'x'.repeat(2_000_000));
      setTimeout(() => {
        ended = true;
        req.end(',4\n2026-11-23,ST002,SKU-00002,5\n');
      }, 300);
    });
    agent.destroy();
    expect(answered.status).toBe(400);
    expect(JSON.parse(answered.body)).toMatchObject({ code: 'UPLOAD.RECORD_TOO_LONG', message: expect.stringContaining('Line 2') });
    expect(answered.answeredAfterEnd).toBe(true);
    expect(answered.connection).not.toBe('close');
  });

  it('rejects a row holding a NUL byte by itself, naming its line, and keeps the good rows', async () => {
    const file = ['sku,name,department,category,subcategory,brand,unit_price', 'N1,Good,Food,Dairy,Milk,Acme,1.00', 'N2,Bad\u0000Name,Food,Dairy,Milk,Acme,1.00', 'N3,Good too,Food,Dairy,Milk,Acme,1.00'];
    const upload = await uploadCsv(system.gatewayUrl, token, '/catalog/products/uploads', file.join('\n'));
    expect(upload).toMatchObject({ status: 'completed', rowsRead: 3, rowsAccepted: 2, rowsRejected: 1 });
    const csv = await fetch(`${system.gatewayUrl}/api/catalog/products/uploads/${upload.id}/rejections.csv`, { headers: { authorization: `Bearer ${token}` } });
    const [header, rejected] = (await csv.text()).trim().split('\n');
    expect(header).toBe('line,column,value,reason');
    expect(rejected).toMatch(/^3,.*contains a NUL byte/);
    expect(rejected).not.toContain('\u0000');
  });
});
