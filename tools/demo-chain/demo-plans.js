// The demo's plans, so that a category manager's first screen shows real plans: a draft by
// manager@ for the weeks the demo forecast covers, and a plan of the Drinks department that
// manager@ has submitted for manager2@ to approve. Seeded once (found by name on later starts).
const { DEMO_END } = require('./generator');

const WEEK_MS = 7 * 86_400_000;
const weekAfter = (week, n) => new Date(Date.parse(`${week}T00:00:00Z`) + n * WEEK_MS).toISOString().slice(0, 10);
/** The demo forecast's 13 weeks after the last week of sales. */
const SEASON = { from: weekAfter(DEMO_END, 1), to: weekAfter(DEMO_END, 13) };

const DRAFT = { name: 'Winter season (demo draft)', ...SEASON };
/**
 * Stock targets and markdown budgets of the draft, so its open-to-buy and margin after markdowns
 * differ by category: lean cover for fresh food, a clearance at the end of the season for seasonal goods.
 */
const DRAFT_TARGETS = {
  Dairy: { weeksOfCover: 2, markdowns: [{ ...SEASON, ratePercent: 2 }] },
  Holiday: {
    weeksOfCover: 6,
    markdowns: [
      { from: SEASON.from, to: weekAfter(SEASON.from, 7), ratePercent: 5 },
      { from: weekAfter(SEASON.from, 8), to: SEASON.to, amount: 2500 },
    ],
  },
};
const FOR_APPROVAL = { name: 'Drinks winter plan (demo, for approval)', ...SEASON, department: 'Drinks', approver: 'manager2@tideline.local' };

async function call(gatewayUrl, token, method, route, body) {
  const res = await fetch(`${gatewayUrl}/api${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`demo plans: ${method} ${route} answered ${res.status} ${answer.message ?? ''}`);
  return answer;
}

/** Creates the demo plans that are missing; `managerToken` signs in as manager@tideline.local. Resolves with their names. */
async function seedDemoPlans(gatewayUrl, managerToken, log = console.log) {
  const existing = await call(gatewayUrl, managerToken, 'GET', '/planning/plans?pageSize=500');
  const names = new Set(existing.items.map((plan) => plan.name));
  if (!names.has(DRAFT.name)) {
    const plan = await call(gatewayUrl, managerToken, 'POST', '/planning/plans', DRAFT);
    const categories = new Set(await call(gatewayUrl, managerToken, 'GET', `/planning/plans/${plan.id}/categories`));
    for (const [category, targets] of Object.entries(DRAFT_TARGETS)) {
      if (categories.has(category)) await call(gatewayUrl, managerToken, 'PUT', `/planning/plans/${plan.id}/merchandise-targets/${encodeURIComponent(category)}`, { version: 0, ...targets });
    }
    log(`▸ Demo plan "${DRAFT.name}": a draft of manager@tideline.local, with stock targets and markdown budgets`);
  }
  if (!names.has(FOR_APPROVAL.name)) {
    const plan = await call(gatewayUrl, managerToken, 'POST', '/planning/plans', FOR_APPROVAL);
    // A manager's change on top of the forecast: Drinks grown 3% over the season, then sent for approval.
    const spread = await call(gatewayUrl, managerToken, 'POST', `/planning/plans/${plan.id}/spread`, { version: plan.version, growthPercent: 3, growthAgainst: 'forecast' });
    await call(gatewayUrl, managerToken, 'POST', `/planning/plans/${plan.id}/submit`, { version: spread.plan.version, comment: 'Forecast +3% for the winter promotions' });
    log(`▸ Demo plan "${FOR_APPROVAL.name}": submitted for manager2@tideline.local to approve`);
  }
  return [DRAFT.name, FOR_APPROVAL.name];
}

module.exports = { seedDemoPlans, DEMO_PLANS: { draft: DRAFT, forApproval: FOR_APPROVAL } };
