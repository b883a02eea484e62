// The demo chain's stock and purchase orders, so that open-to-buy shows real figures on first open:
// on hand at the end of the last week of sales for every series that sold that week (1.5 to 3.5
// weeks of its expected demand), and orders due two weeks later for the series holding less than
// two weeks (three weeks of demand each). Uploaded once, through the real upload routes.
const { DEMO_END, products, salesRows, stores } = require('./generator');
const { uploadCsv, waitForUpload } = require('./seed');

const WEEK_MS = 7 * 86_400_000;
const dueWeek = new Date(Date.parse(`${DEMO_END}T00:00:00Z`) + 2 * WEEK_MS).toISOString().slice(0, 10);

/** The stock and orders CSVs of a demo chain of `size` (as seedDemoChain's). */
function demoStockCsv(size = {}) {
  const productList = products(size.products);
  const costOf = new Map(productList.map((p) => [p.sku, p.unitCost ?? p.unitPrice * 0.6]));
  const stock = ['week,store,sku,on_hand'];
  const orders = ['order,sku,store,due_week,units,cost'];
  let i = 0;
  for (const row of salesRows({ storeList: stores(size.stores), productList })) {
    if (row.week !== DEMO_END) continue;
    const weeksHeld = 1.5 + ((i++ * 7) % 21) / 10; // 1.5 to 3.5, spread evenly
    const onHand = Math.round(row.mean * weeksHeld);
    stock.push(`${row.week},${row.store},${row.sku},${onHand}`);
    if (weeksHeld < 2) {
      const units = Math.max(1, Math.round(row.mean * 3));
      orders.push(`PO-${row.store}-${dueWeek},${row.sku},${row.store},${dueWeek},${units},${(units * costOf.get(row.sku)).toFixed(2)}`);
    }
  }
  return { stock: stock.join('\n') + '\n', orders: orders.join('\n') + '\n' };
}

/** Uploads the demo stock and orders unless a stock upload has completed already; `token` is the data team's. */
async function seedDemoStock(gatewayUrl, token, size = {}, log = console.log) {
  const done = await fetch(`${gatewayUrl}/api/sales/stock/uploads?pageSize=50`, { headers: { authorization: `Bearer ${token}` } });
  if (!done.ok) throw new Error(`demo stock: listing stock uploads answered ${done.status}`);
  if ((await done.json()).items.some((u) => u.status === 'completed')) return false;
  const { stock, orders } = demoStockCsv(size);
  for (const [what, route, csv] of [['stock on hand', '/sales/stock/uploads', stock], ['purchase orders', '/sales/orders/uploads', orders]]) {
    const job = await uploadCsv(gatewayUrl, token, [csv], route);
    const result = await waitForUpload(gatewayUrl, token, job.id, () => undefined, route);
    if (result.status !== 'completed') throw new Error(`demo stock: the ${what} upload failed: ${result.error}`);
    log(`▸ Demo ${what}: ${result.rowsAccepted.toLocaleString()} rows`);
  }
  return true;
}

module.exports = { seedDemoStock, demoStockCsv };
