import { demandProfile } from './demand-pattern';

describe('demandProfile', () => {
  it('classifies by ADI and CV² with the published cut-offs', () => {
    expect(demandProfile([10, 11, 9, 10, 10, 12])).toMatchObject({ pattern: 'smooth', adi: 1, zeroShare: 0 });
    expect(demandProfile([1, 30, 2, 40, 1, 25]).pattern).toBe('erratic');
    expect(demandProfile([0, 0, 5, 0, 0, 5, 0, 6, 0, 5])).toMatchObject({ pattern: 'intermittent', adi: 2.5 });
    expect(demandProfile([0, 0, 1, 0, 0, 40, 0, 2, 0, 0]).pattern).toBe('lumpy');
  });

  it('computes CV² of the non-zero sizes', () => {
    // sizes 2 and 6: mean 4, population variance 4, CV² 0.25
    expect(demandProfile([0, 2, 0, 6]).cv2).toBeCloseTo(0.25, 12);
    expect(demandProfile([0, 0, 0])).toEqual({ pattern: 'intermittent', adi: Infinity, cv2: 0, zeroShare: 1 });
  });
});
