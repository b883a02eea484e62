import type { SessionView, UploadView } from '@tideline/contracts';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { Redis } from 'ioredis';
import { EventTap } from './support/event-tap';
import { call, login } from './support/http';
import { TestSystem } from './support/test-system';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const STORES = ['S1', 'S2', 'S3'];
/** P1-P3 for the small cases; all 30 (× 3 stores = 90 series) for the large files. */
const SKUS = Array.from({ length: 30 }, (_, i) => `P${i + 1}`);

/** Everything once with one process of every service, and once with two of each, which share every upload's chunks. */
describe.each([1, 2])('sales uploads through the gateway, %i instance(s) of every service (real broker, database, processes)', (instances) => {
  let system: TestSystem;
  /** The sales instances after the first, as the test system numbers them (`sales-service#2`). */
  const moreSales = instances === 2 ? ['2'] : [];
  let data: SessionView;

  async function upload(body: string, query = '', contentType = 'text/csv', token = data.accessToken, headers: Record<string, string> = {}) {
    const res = await fetch(`${system.gatewayUrl}/api/sales/uploads${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType, ...headers },
      body,
    });
    return { status: res.status, body: (await res.json()) as { id: string; status: string; code?: string; message?: string } };
  }

  async function finished(id: string, timeoutMs = 60_000): Promise<UploadView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const answer = await call<UploadView>(system.gatewayUrl, 'GET', `/api/sales/uploads/${id}`, { token: data.accessToken });
      if (answer.status === 200 && (answer.body.status === 'completed' || answer.body.status === 'failed')) return answer.body;
      if (Date.now() > deadline) throw new Error(`upload ${id} still ${JSON.stringify(answer.body)}`);
      await sleep(200);
    }
  }

  async function ingest(body: string, query = ''): Promise<UploadView> {
    const accepted = await upload(body, query);
    expect(accepted.status).toBe(202);
    return finished(accepted.body.id);
  }

  async function rejections(id: string): Promise<string> {
    const res = await fetch(`${system.gatewayUrl}/api/sales/uploads/${id}/rejections.csv`, { headers: { authorization: `Bearer ${data.accessToken}` } });
    expect(res.headers.get('content-type')).toContain('text/csv');
    return res.text();
  }

  async function units(sku: string, store: string): Promise<Array<[string, number]>> {
    const answer = await call<{ points: Array<{ week: string; units: number }> }>(system.gatewayUrl, 'GET', `/api/sales/series?sku=${sku}&store=${store}`, {
      token: data.accessToken,
    });
    return answer.body.points.map((p) => [p.week, p.units]);
  }

  /** `n` distinct good rows: 90 series a week, weeks running on from the first Monday of `year`. */
  function goodRows(n: number, year: number, unitsOf: (i: number) => number): string[] {
    const firstMonday = Date.UTC(year, 0, 1) + ((8 - new Date(Date.UTC(year, 0, 1)).getUTCDay()) % 7) * 86_400_000;
    return Array.from({ length: n }, (_, i) => {
      const week = new Date(firstMonday + Math.floor(i / 90) * 7 * 86_400_000).toISOString().slice(0, 10);
      return `${week},${STORES[i % 3]},${SKUS[Math.floor(i / 3) % 30]},${unitsOf(i)}`;
    });
  }

  beforeAll(async () => {
    system = await TestSystem.start({ instances });
    data = await login(system.gatewayUrl, 'data@tideline.local', system.env['DEMO_PASSWORD']);
    for (const code of STORES) {
      const res = await call(system.gatewayUrl, 'POST', '/api/catalog/stores', {
        token: data.accessToken,
        body: { code, name: `Store ${code}`, region: 'North', cluster: 'Urban' },
      });
      expect(res.status).toBe(201);
    }
    for (const sku of SKUS) {
      const res = await call(system.gatewayUrl, 'POST', '/api/catalog/products', {
        token: data.accessToken,
        body: { sku, name: `Product ${sku}`, department: 'Food', category: 'Dairy', subcategory: 'Milk', brand: 'Acme', unitPrice: 2.5 },
      });
      expect(res.status).toBe(201);
    }
  });
  afterAll(() => system?.stop());

  it('rejects each bad row with its line, column and reason, and keeps the good ones', async () => {
    const file = [
      'week,store,sku,units,revenue,price,promo',
      '2025-01-06,S1,P1,4,10,2.5,0', // 2 good
      '2025-01-07,S1,P1,4,,,', // 3 not a Monday
      '2025-02-30,S1,P2,4,,,', // 4 not a date
      '2025-W60,S1,P2,4,,,', // 5 no such ISO week
      '2025-01-06,S9,P1,4,,,', // 6 unknown store
      '2025-01-06,S1,P99,4,,,', // 7 unknown SKU
      '2025-01-06,S2,P1,lots,,,', // 8 units not a number
      '2025-01-06,S2,P2,,,,', // 9 units missing
      '2025-01-06,S2,P3,1,,-1,', // 10 negative price
      '2025-01-06,S3,P1,1,,,maybe', // 11 promo not 0/1
      '2025-01-06,S3,P2,1', // 12 too few fields
      '2025-01-06,S1,P1,9,,,', // 13 duplicate of line 2
      '2025-W02,S3,P3,2,5,2.5,1', // 14 good (ISO week)
    ].join('\n');
    const result = await ingest(file);
    expect(result).toMatchObject({ status: 'completed', rowsRead: 13, rowsAccepted: 2, rowsRejected: 11, weeks: ['2025-01-06'], series: 2 });
    expect(await rejections(result.id)).toBe(
      [
        'line,column,value,reason',
        '3,week,2025-01-07,2025-01-07 is not a Monday (weeks are named by their Monday)',
        '4,week,2025-02-30,not a valid date',
        '5,week,2025-W60,2025 has ISO weeks 1 to 52',
        '6,store,S9,unknown store: not in the catalog',
        '7,sku,P99,unknown SKU: not in the catalog',
        '8,units,lots,not a finite number',
        '9,units,,units is required',
        "10,price,'-1,must not be negative",
        '11,promo,maybe,expected 0 or 1',
        '12,*,"2025-01-06,S3,P2,1","expected 7 fields, found 4"',
        '13,week,2025-01-06 S1 P1,duplicate of line 2',
        '',
      ].join('\n'),
    );
    expect(await units('P1', 'S1')).toEqual([['2025-01-06', 4]]);
    expect(await units('P3', 'S3')).toEqual([['2025-01-06', 2]]);
  });

  it('takes stock on hand through the same pipeline and rejection rules: bad rows named by line and column, the rest stored', async () => {
    const file = [
      'week,store,sku,on_hand',
      '2025-01-06,S1,P1,12', // 2 good
      '2025-01-06,S1,P2,0', // 3 good: an empty shelf
      '2025-01-06,S1,P3,-3', // 4 negative
      '2025-01-06,S1,P4,', // 5 missing
      '2025-01-06,*,P5,4', // 6 no store: stock is per store
      '2025-01-06,S9,P1,4', // 7 unknown store
      '2025-01-06,S1,P99,4', // 8 unknown SKU
      '2025-01-07,S2,P1,4', // 9 not a Monday
      '2025-01-06,S1,P1,13', // 10 duplicate of line 2
    ].join('\n');
    const sent = await fetch(`${system.gatewayUrl}/api/sales/stock/uploads`, { method: 'POST', headers: { authorization: `Bearer ${data.accessToken}`, 'content-type': 'text/csv' }, body: file });
    expect(sent.status).toBe(202);
    const { id } = (await sent.json()) as { id: string };
    const result = await finished(id);
    expect(result).toMatchObject({ status: 'completed', rowsRead: 9, rowsAccepted: 2, rowsRejected: 7 });
    const rejected = await fetch(`${system.gatewayUrl}/api/sales/stock/uploads/${id}/rejections.csv`, { headers: { authorization: `Bearer ${data.accessToken}` } });
    expect((await rejected.text()).split('\n').slice(1, -1).map((line) => line.split(',').slice(0, 2).join(','))).toEqual([
      '4,on_hand',
      '5,on_hand',
      '6,store',
      '7,store',
      '8,sku',
      '9,week',
      '10,week',
    ]);
    // Listed with the stock uploads, not with the sales; and no sales came of it.
    const listed = await call<{ items: UploadView[] }>(system.gatewayUrl, 'GET', '/api/sales/stock/uploads', { token: data.accessToken });
    expect(listed.body.items.map((u) => u.id)).toContain(id);
    const sales = await call<{ items: UploadView[] }>(system.gatewayUrl, 'GET', '/api/sales/uploads?pageSize=100', { token: data.accessToken });
    expect(sales.body.items.map((u) => u.id)).not.toContain(id);
    const db = await system.database('planning');
    try {
      const stored = await db.query(`SELECT to_char(week, 'YYYY-MM-DD') AS week, store, sku, on_hand::float8 AS "onHand" FROM sales.stock_on_hand ORDER BY sku`);
      expect(stored.rows).toEqual([
        { week: '2025-01-06', store: 'S1', sku: 'P1', onHand: 12 },
        { week: '2025-01-06', store: 'S1', sku: 'P2', onHand: 0 },
      ]);
    } finally {
      await db.end();
    }
  });

  it('takes purchase orders through the same pipeline: bad lines named, a restated line moves its due week', async () => {
    const send = async (file: string) => {
      const sent = await fetch(`${system.gatewayUrl}/api/sales/orders/uploads`, { method: 'POST', headers: { authorization: `Bearer ${data.accessToken}`, 'content-type': 'text/csv' }, body: file });
      expect(sent.status).toBe(202);
      return finished(((await sent.json()) as { id: string }).id);
    };
    const first = await send(
      [
        'order,sku,store,due_week,units,cost',
        'PO-1,P1,S1,2025-02-03,100,250', // 2 good
        'PO-1,P2,S1,2025-02-03,40,88.5', // 3 good
        'PO-2,P1,S2,2025-02-10,10,', // 4 cost missing
        ',P1,S2,2025-02-10,10,20', // 5 order missing
        'PO-3,P1,S2,2025-02-11,10,20', // 6 due week not a Monday
        'PO-3,P99,S2,2025-02-10,10,20', // 7 unknown SKU
        'PO-3,P1,S2,2025-02-10,-4,20', // 8 negative units
        'PO-1,P1,S1,2025-02-10,5,9', // 9 repeats line 2's order, store and SKU
      ].join('\n'),
    );
    expect(first).toMatchObject({ status: 'completed', rowsRead: 8, rowsAccepted: 2, rowsRejected: 6 });
    const rejected = await fetch(`${system.gatewayUrl}/api/sales/orders/uploads/${first.id}/rejections.csv`, { headers: { authorization: `Bearer ${data.accessToken}` } });
    expect((await rejected.text()).split('\n').slice(1, -1)).toEqual([
      '4,cost,,cost is required',
      '5,order,,order is required',
      '6,due_week,2025-02-11,2025-02-11 is not a Monday (weeks are named by their Monday)',
      '7,sku,P99,unknown SKU: not in the catalog',
      "8,units,'-4,must not be negative",
      '9,order,PO-1 S1 P1,duplicate of line 2',
    ]);
    // The supplier moves PO-1's P1 a week later and cuts it to 80.
    expect(await send('order,sku,store,due_week,units,cost\nPO-1,P1,S1,2025-02-10,80,200\n')).toMatchObject({ status: 'completed', rowsAccepted: 1 });
    const db = await system.database('planning');
    try {
      const lines = await db.query(`SELECT order_no, sku, store, to_char(week, 'YYYY-MM-DD') AS due, units::float8, cost::float8 FROM sales.purchase_orders ORDER BY order_no, sku`);
      expect(lines.rows).toEqual([
        { order_no: 'PO-1', sku: 'P1', store: 'S1', due: '2025-02-10', units: 80, cost: 200 },
        { order_no: 'PO-1', sku: 'P2', store: 'S1', due: '2025-02-03', units: 40, cost: 88.5 },
      ]);
    } finally {
      await db.end();
    }
  });

  it.each([
    ['a BOM, CRLF and ;', '\uFEFFweek;store;sku;units\r\n2025-03-03;S1;P1;3\r\n2025-03-10;S1;P1;4\r\n'],
    ['tabs and quoted fields', 'week\t"store"\tsku\tunits\n"2025-03-03"\tS2\t"P2"\t5\n2025-03-10\tS2\tP2\t6\n'],
  ])('reads a file with %s', async (_, file) => {
    const result = await ingest(file);
    expect(result).toMatchObject({ status: 'completed', rowsRead: 2, rowsAccepted: 2, rowsRejected: 0 });
  });

  it('replaces a restated week and leaves other weeks and series alone', async () => {
    await ingest('week,store,sku,units\n2025-04-07,S3,P3,10\n2025-04-14,S3,P3,11\n2025-04-07,S2,P3,12\n');
    const restated = await ingest('week,store,sku,units\n2025-04-07,S3,P3,99\n');
    expect(restated).toMatchObject({ status: 'completed', rowsAccepted: 1, weeks: ['2025-04-07'], series: 1 });
    expect((await units('P3', 'S3')).filter(([w]) => w >= '2025-04-07')).toEqual([['2025-04-07', 99], ['2025-04-14', 11]]);
    expect((await units('P3', 'S2')).filter(([w]) => w >= '2025-04-07')).toEqual([['2025-04-07', 12]]);
  });

  it('says so when the same file comes twice, and changes nothing', async () => {
    const file = 'week,store,sku,units\n2025-05-05,S1,P2,7\n';
    const first = await ingest(file);
    await ingest('week,store,sku,units\n2025-05-05,S1,P2,8\n');
    const again = await ingest(file);
    expect(again).toMatchObject({ status: 'completed', duplicateOf: first.id, rowsAccepted: 0 });
    expect((await units('P2', 'S1')).filter(([w]) => w === '2025-05-05')).toEqual([['2025-05-05', 8]]);
  });

  it('queues an upload retried with the same Idempotency-Key once, and answers 422 to the key with another file', async () => {
    const uploadsSoFar = async () => (await call<{ total: number }>(system.gatewayUrl, 'GET', '/api/sales/uploads?pageSize=1', { token: data.accessToken })).body.total;
    const before = await uploadsSoFar();
    const key = { 'idempotency-key': randomUUID() };
    const file = 'week,store,sku,units\n2025-06-02,S2,P1,5\n';
    const first = await upload(file, '', 'text/csv', data.accessToken, key);
    expect(first.status).toBe(202);
    // The client got no answer and sends the same file again: the first answer, nothing queued again.
    expect(await upload(file, '', 'text/csv', data.accessToken, key)).toEqual(first);
    const other = await upload('week,store,sku,units\n2025-06-02,S2,P1,6\n', '', 'text/csv', data.accessToken, key);
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ code: 'IDEMPOTENCY.KEY_REUSED', message: expect.stringContaining('different file') });
    expect(await finished(first.body.id)).toMatchObject({ status: 'completed', rowsAccepted: 1 });
    expect(await uploadsSoFar()).toBe(before + 1);
    expect((await units('P1', 'S2')).filter(([w]) => w === '2025-06-02')).toEqual([['2025-06-02', 5]]);

    // Keys are per user: another user's upload under the same key is an upload of its own.
    const admin = await login(system.gatewayUrl, 'admin@tideline.local', system.env['DEMO_PASSWORD']);
    const theirs = await upload(file, '', 'text/csv', admin.accessToken, key);
    expect(theirs.status).toBe(202);
    expect(theirs.body.id).not.toBe(first.body.id);
    await finished(theirs.body.id);
  });

  it('answers 409 to a repeat while the first upload under its key is still arriving, and takes a retry once the first was cut off', async () => {
    const key = { 'idempotency-key': randomUUID() };
    const file = 'week,store,sku,units\n2025-06-09,S3,P3,4\n';
    const slow = http.request(`${system.gatewayUrl}/api/sales/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${data.accessToken}`, 'content-type': 'text/csv', 'content-length': String(file.length * 2), ...key },
    });
    const cut = new Promise<void>((resolve) => slow.on('error', () => resolve()).on('close', () => resolve()));
    await new Promise<void>((resolve) => slow.write(file, () => resolve()));
    // Until the gateway has taken the first request and claimed its key (under load it may take a moment).
    const redis = new Redis(system.env['REDIS_URL'], { keyPrefix: system.env['REDIS_KEY_PREFIX'] });
    try {
      const claimed = async () => {
        const keys = await redis.keys(`${system.env['REDIS_KEY_PREFIX']}upload-*`);
        const values = await Promise.all(keys.map((k) => redis.get(k.slice(system.env['REDIS_KEY_PREFIX'].length))));
        return values.includes('pending');
      };
      for (let tries = 0; !(await claimed()) && tries < 200; tries++) await sleep(50);
    } finally {
      redis.disconnect();
    }
    const meanwhile = await upload(file, '', 'text/csv', data.accessToken, key);
    expect(meanwhile.status).toBe(409);
    expect(meanwhile.body.message).toContain('still being received');
    slow.destroy();
    await cut;
    // The first never got an answer: its retry under the same key is taken (once the gateway has seen the cut).
    let retry = await upload(file, '', 'text/csv', data.accessToken, key);
    for (let tries = 0; retry.status === 409 && tries < 50; tries++) {
      await sleep(100);
      retry = await upload(file, '', 'text/csv', data.accessToken, key);
    }
    expect(retry.status).toBe(202);
    expect(await finished(retry.body.id)).toMatchObject({ status: 'completed', rowsAccepted: 1 });
  });

  it('keeps 11,999 good rows around one bad one, across chunk borders, and names its line', async () => {
    const rows = goodRows(12_000, 1990, (i) => i);
    rows[7_000] = rows[7_000].replace(/,\d+$/, ',x');
    const result = await ingest(['week,store,sku,units', ...rows].join('\n'), '');
    expect(result).toMatchObject({ status: 'completed', rowsRead: 12_000, rowsAccepted: 11_999, rowsRejected: 1 });
    expect(await rejections(result.id)).toBe('line,column,value,reason\n7002,units,x,not a finite number\n');
  });

  it('fails a file whose header is wrong, or that has no rows, as a whole', async () => {
    expect(await ingest('week,store,product,units\n2025-01-06,S1,P1,1\n')).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('Missing required column(s) in the header: sku'),
    });
    expect(await ingest('week,store,sku,units\n')).toMatchObject({ status: 'failed', error: 'The file has a header but no data rows' });
    const empty = await upload('');
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ code: 'UPLOAD.EMPTY' });
  });

  it('takes what spreadsheets write: decimal commas in a ; file, midnight times, extra columns on request; US dates stay an error', async () => {
    const [store, sku] = [STORES[0], SKUS[0]];
    // The European Excel export: `;` between fields, decimal commas, and a date-time at midnight.
    const european = ['week;store;sku;units;price', `2031-01-06 00:00:00;${store};${sku};"12,5";"1,99"`, `2031-01-13;${store};${sku};7,25;2`].join('\n');
    expect(await ingest(european)).toMatchObject({ status: 'completed', rowsAccepted: 2, rowsRejected: 0 });
    expect(await units(sku, store)).toEqual(expect.arrayContaining([['2031-01-06', 12.5], ['2031-01-13', 7.25]]));
    expect(await ingest(`week,store,sku,units\n2031-01-20,${store},${sku},"3,5"\n`, '?decimal=comma')).toMatchObject({ status: 'completed', rowsAccepted: 1 });
    // An extra column refuses the file, unless the sender asks to ignore it; the job names it.
    const extra = `week,store,sku,units,Store Name\n2031-01-27,${store},${sku},4,Main Street\n`;
    expect(await ingest(extra)).toMatchObject({ status: 'failed', error: expect.stringContaining('"store name"') });
    expect(await ingest(extra, '?ignoreColumns=true')).toMatchObject({ status: 'completed', rowsAccepted: 1, ignoredColumns: ['Store Name'] });
    // 02/03 is February or March: still an error, named by line and column.
    const us = await ingest(`week,store,sku,units\n02/03/2031,${store},${sku},4\n`);
    expect(us).toMatchObject({ status: 'failed', rowsRejected: 1 });
    expect(await rejections(us.id)).toContain('2,week,02/03/2031,expected a Monday as YYYY-MM-DD or an ISO week as YYYY-Www');
    expect((await upload('week,store,sku,units\n', '?decimal=dot')).body).toMatchObject({ message: expect.stringContaining('decimal must be point or comma') });
  });

  it('commits nothing over the rejection limit, and nothing on a dry run', async () => {
    const file = 'week,store,sku,units\n2025-06-02,S1,P3,1\n2025-06-02,S2,P3,oops\n';
    const limited = await ingest(file, '?maxRejectedPercent=10');
    expect(limited).toMatchObject({ status: 'failed', error: '1 of 2 rows (50.00%) were rejected, above maxRejectedPercent=10; nothing was written' });
    const dry = await ingest('week,store,sku,units\n2025-06-09,S1,P3,1\n', '?dryRun=true');
    expect(dry).toMatchObject({ status: 'completed', dryRun: true, rowsAccepted: 1 });
    expect((await units('P3', 'S1')).filter(([w]) => w >= '2025-06-01')).toEqual([]);
    const bad = await upload('week,store,sku,units\n', '?maxRejectedPercent=200');
    expect(bad.status).toBe(400);
  });

  it('rejects a key repeated in a restated week, and commits nothing when the repeats pass the limit', async () => {
    await ingest('week,store,sku,units\n2025-09-01,S1,P2,1\n');
    const restated = await ingest('week,store,sku,units\n2025-09-01,S1,P2,5\n2025-09-01,S1,P2,6\n2025-09-08,S1,P2,7\n');
    expect(restated).toMatchObject({ status: 'completed', rowsAccepted: 2, rowsRejected: 1, weeks: ['2025-09-01', '2025-09-08'] });
    expect(await rejections(restated.id)).toBe('line,column,value,reason\n3,week,2025-09-01 S1 P2,duplicate of line 2\n');
    expect((await units('P2', 'S1')).filter(([w]) => w >= '2025-09-01')).toEqual([['2025-09-01', 5], ['2025-09-08', 7]]);

    const repeated = 'week,store,sku,units\n2025-09-15,S3,P2,1\n2025-09-15,S3,P2,2\n';
    expect(await ingest(repeated, '?dryRun=true')).toMatchObject({ status: 'completed', rowsAccepted: 1, rowsRejected: 1 });
    expect(await ingest(repeated, '?maxRejectedPercent=10')).toMatchObject({
      status: 'failed',
      error: '1 of 2 rows (50.00%) were rejected, above maxRejectedPercent=10; nothing was written',
    });
    expect((await units('P2', 'S3')).filter(([w]) => w >= '2025-09-15')).toEqual([]);
  });

  it('takes a multipart upload', async () => {
    const form = new FormData();
    form.append('file', new Blob(['week,store,sku,units\n2025-07-07,S1,P1,3\n'], { type: 'text/csv' }), 'week27.csv');
    const res = await fetch(`${system.gatewayUrl}/api/sales/uploads`, { method: 'POST', headers: { authorization: `Bearer ${data.accessToken}` }, body: form });
    expect(res.status).toBe(202);
    expect(await finished(((await res.json()) as { id: string }).id)).toMatchObject({ status: 'completed', filename: 'week27.csv', rowsAccepted: 1 });
  });

  it('does not let an analyst upload', async () => {
    const analyst = await login(system.gatewayUrl, 'analyst@tideline.local', system.env['DEMO_PASSWORD']);
    expect((await upload('week,store,sku,units\n', '', 'text/csv', analyst.accessToken)).status).toBe(403);
  });

  it('fails an upload cut off mid-file and keeps none of it', async () => {
    const rows = goodRows(6_000, 1980, () => 5);
    const partial = ['week,store,sku,units', ...rows].join('\n') + '\n';
    await new Promise<void>((resolve) => {
      const req = http.request(`${system.gatewayUrl}/api/sales/uploads`, {
        method: 'POST',
        headers: { authorization: `Bearer ${data.accessToken}`, 'content-type': 'text/csv', 'content-length': String(partial.length * 2) },
      });
      req.on('error', () => resolve());
      req.write(partial, () => setTimeout(() => req.destroy(), 500));
    });
    const deadline = Date.now() + 30_000;
    let latest: UploadView | undefined;
    while (Date.now() < deadline) {
      const list = await call<{ items: UploadView[] }>(system.gatewayUrl, 'GET', '/api/sales/uploads?pageSize=1', { token: data.accessToken });
      latest = list.body.items[0];
      if (latest?.status === 'failed') break;
      await sleep(300);
    }
    expect(latest).toMatchObject({ status: 'failed', error: expect.stringContaining('cut off') });
    expect((await units('P1', 'S1')).filter(([w]) => w < '1990')).toEqual([]);
  });

  it('takes an upload while the sales service is down and processes it when it returns', async () => {
    for (const key of ['sales-service', ...moreSales.map((n) => `sales-service#${n}`)]) await system.stopService(key);
    const accepted = await upload('week,store,sku,units\n2025-08-04,S2,P1,42\n');
    expect(accepted.status).toBe(202);
    expect((await call(system.gatewayUrl, 'GET', `/api/sales/uploads/${accepted.body.id}`, { token: data.accessToken })).status).toBe(503);
    for (const n of [undefined, ...moreSales]) system.startService('sales-service', n);
    expect(await finished(accepted.body.id)).toMatchObject({ status: 'completed', rowsAccepted: 1 });
    expect((await units('P1', 'S2')).filter(([w]) => w === '2025-08-04')).toEqual([['2025-08-04', 42]]);
  });

  it('survives the sales service being killed mid-upload: every row lands exactly once', async () => {
    const rows = goodRows(45_000, 2000, (i) => i);
    const accepted = await upload(['week,store,sku,units', ...rows].join('\n'));
    expect(accepted.status).toBe(202);
    await sleep(300);
    await system.killService('sales-service');
    system.startService('sales-service');
    const result = await finished(accepted.body.id, 120_000);
    expect(result).toMatchObject({ status: 'completed', rowsRead: 45_000, rowsAccepted: 45_000, rowsRejected: 0 });
    const db = await system.database('planning');
    try {
      const { rows: counted } = await db.query(
        `SELECT count(*)::int AS n, sum(units)::bigint AS total FROM sales.facts WHERE upload_id = $1`,
        [accepted.body.id],
      );
      expect(counted[0]).toEqual({ n: 45_000, total: String((44_999 * 45_000) / 2) });
    } finally {
      await db.end();
    }
  });

  it('announces sales.batch.ingested through the outbox, and relays an event a crash left behind', async () => {
    const tap = await EventTap.open(system.env['RABBITMQ_URL'], 'sales.batch.ingested');
    const db = await system.database('planning');
    try {
      const result = await ingest('week,store,sku,units\n2025-10-06,S1,P1,1\n2025-10-06,S2,P1,2\n');
      const event = await tap.next((e) => (e.data as { uploadId: string }).uploadId === result.id);
      expect(event.data).toEqual({ uploadId: result.id, weeks: ['2025-10-06'], series: 2, rows: 2 });

      // As if the service died between committing a merge and publishing its event.
      const id = randomUUID();
      await db.query(`INSERT INTO sales.outbox (id, pattern, data) VALUES ($1, 'sales.batch.ingested', $2)`, [
        id,
        JSON.stringify({ uploadId: id, weeks: [], series: 0, rows: 0 }),
      ]);
      expect(await tap.next((e) => e.messageId === id)).toMatchObject({ pattern: 'sales.batch.ingested' });
      let left = 1;
      for (let tries = 0; left > 0 && tries < 50; tries++) {
        left = (await db.query(`SELECT count(*)::int AS n FROM sales.outbox`)).rows[0].n;
        if (left > 0) await sleep(100); // the relay deletes in the transaction it published from
      }
      expect(left).toBe(0);
    } finally {
      await db.end();
      await tap.close();
    }
  });

  it('drops every upload\'s staging table once the upload has ended', async () => {
    const db = await system.database('planning');
    try {
      const { rows } = await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'sales' AND tablename LIKE 'staged\\_%'`);
      expect(rows).toEqual([]);
    } finally {
      await db.end();
    }
  });
});
