import { detectOutliers } from './outliers';

const noisy = (weeks: number) => Array.from({ length: weeks }, (_, t) => 50 + ((t * 7) % 5) - 2);
const all = () => true;

describe('detectOutliers', () => {
  it('finds a week far outside the series noise and expects the median of its neighbours', () => {
    const values = noisy(40);
    values[20] = 400;
    const found = detectOutliers(values, all, 52);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ index: 20, value: 400 });
    expect(found[0].expected).toBeGreaterThan(47);
    expect(found[0].expected).toBeLessThan(53);
  });

  it('finds a drop as well as a spike, and leaves ordinary noise alone', () => {
    const values = noisy(40);
    expect(detectOutliers(values, all, 52)).toEqual([]);
    values[10] = 0;
    expect(detectOutliers(values, all, 52).map((o) => o.index)).toEqual([10]);
  });

  it('leaves out weeks that have their own explanation (promoted, out of stock)', () => {
    const values = noisy(40);
    values[20] = 400;
    expect(detectOutliers(values, (t) => t !== 20, 52)).toEqual([]);
  });

  it('keeps a peak that recurs a season later (a holiday)', () => {
    const values = noisy(110);
    values[30] = 300;
    values[82] = 320;
    expect(detectOutliers(values, all, 52)).toEqual([]);
    expect(detectOutliers(values, all, 1).map((o) => o.index)).toEqual([30, 82]);
  });

  it('finds none in intermittent or short series', () => {
    expect(detectOutliers(Array.from({ length: 40 }, (_, t) => (t % 3 === 0 ? 9 : 0)), all, 52)).toEqual([]);
    expect(detectOutliers([1, 2, 100, 2, 1], all, 52)).toEqual([]);
  });
});
