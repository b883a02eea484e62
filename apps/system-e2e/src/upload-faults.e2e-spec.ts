import http from 'node:http';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Page, SessionView, UploadView } from '@tideline/contracts';
import { uploadCsv as postCsv, waitForUpload } from '@tideline/demo-chain';
import { call, login } from './support/http';
import { sleep, uploadCsv } from './support/small-chain';
import { TestSystem } from './support/test-system';

const run = promisify(execFile);
const RABBITMQCTL = process.env['RABBITMQCTL'] ?? 'rabbitmqctl';

const STORES = 10;
const PRODUCTS = 100;

/** `n` rows no other upload holds: every store × product, week after week from `year`. */
function rows(n: number, year: number): string[] {
  const first = Date.UTC(year, 0, 1) + ((8 - new Date(Date.UTC(year, 0, 1)).getUTCDay()) % 7) * 86_400_000;
  const series = STORES * PRODUCTS;
  return Array.from({ length: n }, (_, i) => {
    const week = new Date(first + Math.floor(i / series) * 7 * 86_400_000).toISOString().slice(0, 10);
    return `${week},S${1 + (i % STORES)},P${1 + (Math.floor(i / STORES) % PRODUCTS)},${i % 9}`;
  });
}

/**
 * Uploads that stop arriving, and uploads that only seem to. The gateway SIGKILLed in the middle
 * of an upload keeps nothing of its own: an upload it had answered 202 for goes on in the
 * services, and one it was still receiving was never accepted (no 202), so the services end it as
 * failed, keeping no row, once no chunk has come for UPLOAD_ABANDONED_AFTER_S (3 s here, 600 by
 * default). But an accepted upload whose chunks wait in the queue while the broker is away for
 * longer than that must not be taken for abandoned.
 */
describe('uploads cut off, or only held up (real gateway, broker, database and services)', () => {
  let system: TestSystem;
  let data: SessionView;

  async function restartGateway() {
    system.startService('gateway');
    await system.gatewayReady();
  }

  /** Posts a sales file and returns its upload id; throws unless the answer is 202. */
  const upload = async (lines: string[]) => (await postCsv(system.gatewayUrl, data.accessToken, [['week,store,sku,units', ...lines].join('\n')])).id;

  async function factsBetween(from: string, to: string): Promise<number> {
    const db = await system.database('planning');
    try {
      return (await db.query(`SELECT count(*)::int AS n FROM sales.facts WHERE week BETWEEN $1 AND $2`, [from, to])).rows[0].n;
    } finally {
      await db.end();
    }
  }

  beforeAll(async () => {
    system = await TestSystem.start({ env: { UPLOAD_ABANDONED_AFTER_S: '3', UPLOAD_SWEEP_EVERY_S: '1' } });
    data = await login(system.gatewayUrl, 'data@tideline.local', system.env['DEMO_PASSWORD']);
    const products = Array.from({ length: PRODUCTS }, (_, p) => `P${p + 1},Product ${p + 1},Food,Dairy,Milk,Acme,1.00`);
    const stores = Array.from({ length: STORES }, (_, s) => `S${s + 1},Store ${s + 1},North,Urban,2020-01-01,`);
    await uploadCsv(system.gatewayUrl, data.accessToken, '/catalog/products/uploads', ['sku,name,department,category,subcategory,brand,unit_price', ...products].join('\n'));
    await uploadCsv(system.gatewayUrl, data.accessToken, '/catalog/stores/uploads', ['store,name,region,cluster,opened_on,closed_on', ...stores].join('\n'));
  });
  afterAll(() => system?.stop());

  it('an upload still arriving gets no 202, and ends failed with nothing kept', async () => {
    const lines = ['week,store,sku,units', ...rows(40_000, 1900)];
    const db = await system.database('planning');
    let outcome: string;
    let killed: Promise<void> = Promise.resolve();
    try {
      outcome = await new Promise<string>((resolve) => {
        const req = http.request(`${system.gatewayUrl}/api/sales/uploads`, { method: 'POST', headers: { authorization: `Bearer ${data.accessToken}`, 'content-type': 'text/csv' } });
        req.on('response', (res) => resolve(`answered ${res.statusCode}`));
        req.on('error', (error) => resolve(`cut off: ${error.message}`));
        killed = (async () => {
          // Send the file slowly until the sales service holds part of it, then kill the gateway mid-file.
          for (let i = 0; i < lines.length; i += 500) {
            req.write(lines.slice(i, i + 500).join('\n') + '\n');
            await sleep(20);
            const open = await db.query(`SELECT count(*)::int AS n FROM sales.uploads WHERE status = 'open'`);
            if (open.rows[0].n > 0) {
              await system.killService('gateway');
              return;
            }
          }
          req.end();
        })();
      });
      await killed; // the gateway is gone for good before it starts again
    } finally {
      await db.end();
    }
    expect(outcome).toMatch(/^cut off/);
    await restartGateway();

    let latest: UploadView | undefined;
    for (let i = 0; i < 60 && latest?.status !== 'failed'; i++) {
      await sleep(500);
      latest = (await call<Page<UploadView>>(system.gatewayUrl, 'GET', '/api/sales/uploads?pageSize=1', { token: data.accessToken })).body.items[0];
    }
    expect(latest).toMatchObject({ status: 'failed', error: expect.stringContaining('never arrived completely') });
    expect(await factsBetween('1900-01-01', '1999-12-31')).toBe(0);
  });

  it('an accepted upload held up in the queue while the broker is away longer than the abandonment window completes whole', async () => {
    // Enough chunks that most still wait in the queue when the broker goes.
    const id = await upload(rows(400_000, 2300));
    // Once the service has started on it (its clock is running), take the broker away for twice the window.
    const db = await system.database('planning');
    try {
      for (let i = 0; i < 200 && (await db.query(`SELECT 1 FROM sales.uploads WHERE id = $1`, [id])).rowCount === 0; i++) await sleep(20);
    } finally {
      await db.end();
    }
    await run(RABBITMQCTL, ['stop_app']);
    try {
      await sleep(6_000);
    } finally {
      await run(RABBITMQCTL, ['start_app']);
    }
    expect(await waitForUpload(system.gatewayUrl, data.accessToken, id)).toMatchObject({ status: 'completed', rowsAccepted: 400_000 });
    expect(await factsBetween('2300-01-01', '2499-12-31')).toBe(400_000);
  });

  it('an upload answered 202 just before the kill completes whole', async () => {
    const id = await upload(rows(12_000, 2100));
    await system.killService('gateway');
    await restartGateway();
    expect(await waitForUpload(system.gatewayUrl, data.accessToken, id)).toMatchObject({ status: 'completed', rowsAccepted: 12_000 });
    expect(await factsBetween('2100-01-01', '2199-12-31')).toBe(12_000);
  });
});
