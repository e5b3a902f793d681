import { describe, expect, it } from 'vitest';
import { publicationDayNumber } from '../src/store/change-touches.ts';

describe('publication days in the change log', () => {
  it('reads the day of an ISO date or time, and nothing of other forms', () => {
    expect(publicationDayNumber('2015-11-16')).toBe(20151116);
    expect(publicationDayNumber('2015-11-16T23:30:00.000Z')).toBe(20151116);
    expect(publicationDayNumber('sometime in 2015')).toBeNull();
    expect(publicationDayNumber(null)).toBeNull();
    expect(publicationDayNumber(20151116)).toBeNull();
  });
});
