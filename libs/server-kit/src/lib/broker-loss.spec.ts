import { isBrokerLoss } from './broker-loss';

describe('isBrokerLoss', () => {
  it('recognises a publish lost with the broker, and nothing else', () => {
    expect(isBrokerLoss(new Error('channel closed'))).toBe(true);
    expect(isBrokerLoss(new Error('Connection closed (by server)'))).toBe(true);
    expect(isBrokerLoss(new Error('message nacked'))).toBe(true);
    expect(isBrokerLoss(new Error('Channel ended, no reply will be forthcoming'))).toBe(true);
    expect(isBrokerLoss(new Error('relation "sales.facts" does not exist'))).toBe(false);
    expect(isBrokerLoss('channel closed')).toBe(false);
  });
});
