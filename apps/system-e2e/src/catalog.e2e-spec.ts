import type { Page, ProductView, SessionView, StoreView, TreeNode, UploadView } from '@tideline/contracts';
import { EventTap } from './support/event-tap';
import { call, login } from './support/http';
import { TestSystem } from './support/test-system';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Once with one process of every service, once with two of each side by side.
describe.each([1, 2])('catalog: products and stores through the gateway, %i instance(s) of every service', (instances) => {
  let system: TestSystem;
  let data: SessionView;
  const api = <T = unknown>(method: string, route: string, body?: unknown, token = data.accessToken) =>
    call<T>(system.gatewayUrl, method, `/api/catalog${route}`, { token, body });

  async function importCsv(target: 'products' | 'stores', csv: string): Promise<UploadView> {
    const res = await fetch(`${system.gatewayUrl}/api/catalog/${target}/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${data.accessToken}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    for (let i = 0; i < 150; i++) {
      const answer = await api<UploadView>('GET', `/${target}/uploads/${id}`);
      if (answer.status === 200 && ['completed', 'failed'].includes(answer.body.status)) return answer.body;
      await sleep(200);
    }
    throw new Error(`import ${id} did not finish`);
  }

  beforeAll(async () => {
    system = await TestSystem.start({ instances });
    data = await login(system.gatewayUrl, 'data@tideline.local', system.env['DEMO_PASSWORD']);
  });
  afterAll(() => system?.stop());

  it('creates, reads, updates and deactivates a product, with clear 404 and 409', async () => {
    const tap = await EventTap.open(system.env['RABBITMQ_URL'], 'catalog.product.changed');
    const product = { sku: 'MILK-1L', name: 'Milk 1 l', department: 'Food', category: 'Dairy', subcategory: 'Milk', brand: 'Acme', unitPrice: 1.19 };
    expect((await api('POST', '/products', product)).status).toBe(201);
    expect((await api('POST', '/products', product)).body).toMatchObject({ statusCode: 409, code: 'CONFLICT' });
    expect((await api<ProductView>('GET', '/products/MILK-1L')).body).toMatchObject({ ...product, categoryPath: ['Food', 'Dairy', 'Milk'], active: true });
    expect((await api<ProductView>('PATCH', '/products/MILK-1L', { unitPrice: 1.29 })).body.unitPrice).toBe(1.29);
    expect((await api<ProductView>('DELETE', '/products/MILK-1L')).body.active).toBe(false);
    // The route before DELETE still answers, for scripts written against it (deactivating twice changes nothing).
    expect((await api<ProductView>('POST', '/products/MILK-1L/deactivate')).body.active).toBe(false);
    expect((await api('DELETE', '/products/NOPE')).body).toMatchObject({ statusCode: 404 });
    expect((await api('GET', '/products/NOPE')).body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND', message: 'No product with sku NOPE' });
    const analyst = await login(system.gatewayUrl, 'analyst@tideline.local', system.env['DEMO_PASSWORD']);
    expect((await api('POST', '/products', { ...product, sku: 'X' }, analyst.accessToken)).status).toBe(403);
    expect((await api('GET', '/products/MILK-1L', undefined, analyst.accessToken)).status).toBe(200);
    for (const change of ['created', 'updated', 'deactivated']) {
      expect((await tap.next((e) => (e.data as { change: string }).change === change)).data).toEqual({ key: 'MILK-1L', change });
    }
    await tap.close();
  });

  it('imports products from CSV as an upsert, rejecting bad and repeated rows by line', async () => {
    const result = await importCsv(
      'products',
      [
        'sku;name;department;category;subcategory;brand;unit_price',
        'MILK-1L;Milk 1 l (new pack);Food;Dairy;Milk;Acme;1.35',
        'CHEESE-200;Cheddar 200 g;Food;Dairy;Cheese;Acme;2.80',
        'COLA-2L;Cola 2 l;Drinks;Soft drinks;Cola;Fizz;1.99',
        'BAD SKU;Broken;Food;Dairy;Milk;Acme;1',
        'TEA-80;Tea 80 bags;Drinks;Hot drinks;Tea;Leaf;-3',
        'COLA-2L;Cola again;Drinks;Soft drinks;Cola;Fizz;2.10',
      ].join('\r\n'),
    );
    expect(result).toMatchObject({ status: 'completed', rowsRead: 6, rowsAccepted: 3, rowsRejected: 3 });
    const csv = await (await fetch(`${system.gatewayUrl}/api/catalog/products/uploads/${result.id}/rejections.csv`, {
      headers: { authorization: `Bearer ${data.accessToken}` },
    })).text();
    expect(csv).toBe(
      'line,column,value,reason\n5,sku,BAD SKU,not a valid sku code\n6,unit_price,\'-3,expected a price from 0 to 1000000000\n7,sku,COLA-2L,duplicate of line 4\n',
    );
    expect((await api<ProductView>('GET', '/products/MILK-1L')).body).toMatchObject({ name: 'Milk 1 l (new pack)', unitPrice: 1.35, active: true });
    const list = await api<Page<ProductView>>('GET', '/products?department=Food&sort=-sku');
    expect(list.body.items.map((p) => p.sku)).toEqual(['MILK-1L', 'CHEESE-200']);
    expect((await api<TreeNode[]>('GET', '/products/tree')).body).toEqual([
      { name: 'Drinks', count: 1, children: [{ name: 'Soft drinks', count: 1, children: [{ name: 'Cola', count: 1 }] }] },
      { name: 'Food', count: 2, children: [{ name: 'Dairy', count: 2, children: [{ name: 'Cheese', count: 1 }, { name: 'Milk', count: 1 }] }] },
    ]);
  });

  it('imports stores and answers the region tree; a bad header fails the file', async () => {
    const result = await importCsv('stores', 'store,name,region,cluster,opened_on,closed_on\nN1,North 1,North,Urban,2019-03-01,\nN2,North 2,North,Rural,2021-13-01,\nS1,South 1,South,Urban,2020-01-01,2019-01-01\n');
    expect(result).toMatchObject({ status: 'completed', rowsAccepted: 1, rowsRejected: 2 });
    expect((await api<StoreView>('GET', '/stores/N1')).body).toMatchObject({ code: 'N1', region: 'North', cluster: 'Urban', openedOn: '2019-03-01', closedOn: null });
    expect((await api<TreeNode[]>('GET', '/stores/tree')).body).toEqual([{ name: 'North', count: 1, children: [{ name: 'Urban', count: 1 }] }]);
    expect(await importCsv('stores', 'code,name,region,cluster\nN3,North 3,North,Urban\n')).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('Unrecognised column(s) in the header: "code"'),
    });
  });

  it('sums weekly sales for the chain and for any part of the product and store hierarchies', async () => {
    expect((await api('POST', '/stores', { code: 'S9', name: 'South 9', region: 'South', cluster: 'Urban' })).status).toBe(201);
    const res = await fetch(`${system.gatewayUrl}/api/sales/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${data.accessToken}`, 'content-type': 'text/csv' },
      body: 'week,store,sku,units,revenue\n2026-01-05,N1,MILK-1L,2,2.7\n2026-01-05,N1,COLA-2L,3,\n2026-01-05,S9,MILK-1L,5,6.75\n2026-01-12,S9,CHEESE-200,7,19.6\n',
    });
    const { id } = (await res.json()) as { id: string };
    for (let i = 0; i < 100; i++) {
      const upload = await call<UploadView>(system.gatewayUrl, 'GET', `/api/sales/uploads/${id}`, { token: data.accessToken });
      if (upload.body?.status === 'completed') break;
      await sleep(200);
    }
    const totals = async (query: string) =>
      (await call<{ points: Array<{ week: string; units: number; revenue: number | null }> }>(system.gatewayUrl, 'GET', `/api/sales/totals${query}`, {
        token: data.accessToken,
      })).body.points;
    expect(await totals('')).toEqual([
      { week: '2026-01-05', units: 10, revenue: 9.45 },
      { week: '2026-01-12', units: 7, revenue: 19.6 },
    ]);
    expect(await totals('?department=Food')).toEqual([
      { week: '2026-01-05', units: 7, revenue: 9.45 },
      { week: '2026-01-12', units: 7, revenue: 19.6 },
    ]);
    expect(await totals('?region=North')).toEqual([{ week: '2026-01-05', units: 5, revenue: 2.7 }]);
    expect(await totals('?category=Dairy&region=South&from=2026-01-12')).toEqual([{ week: '2026-01-12', units: 7, revenue: 19.6 }]);
    expect(await totals('?cluster=Nowhere')).toEqual([]);
  });

  it('takes unit costs from an optional column, keeps them when a later file has none, and rejects a bad one', async () => {
    const header = 'sku,name,department,category,subcategory,brand,unit_price';
    const withCosts = await importCsv('products', [`${header},unit_cost`, 'COST-1,Costed,Food,Dairy,Milk,Acme,2.00,1.20', 'COST-2,Bad cost,Food,Dairy,Milk,Acme,2.00,-1'].join('\n'));
    expect(withCosts).toMatchObject({ status: 'completed', rowsAccepted: 1, rowsRejected: 1 });
    expect((await api<ProductView>('GET', '/products/COST-1')).body).toMatchObject({ unitPrice: 2, unitCost: 1.2 });
    await importCsv('products', [header, 'COST-1,Costed,Food,Dairy,Milk,Acme,2.10'].join('\n'));
    expect((await api<ProductView>('GET', '/products/COST-1')).body).toMatchObject({ unitPrice: 2.1, unitCost: 1.2 });
    expect((await api('PATCH', '/products/COST-1', { unitCost: -2 })).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('unitCost') });
    await api('PATCH', '/products/COST-1', { active: false });
  });
});
