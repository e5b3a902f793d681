import { describe, expect, it } from 'vitest';
import { dayOffset, findDateExpressions } from '../src/extract/dates.ts';

describe('findDateExpressions', () => {
  it('resolves weekdays to the latest such day up to the publication date', () => {
    expect(
      findDateExpressions('They spoke on Sunday and on Saturday.', '2016-02-21').map((e) => e.date),
    ).toEqual(['2016-02-21', '2016-02-20']);
  });

  it('resolves a weekday forward in future tense', () => {
    expect(findDateExpressions('on Tuesday', '2016-03-10', true)[0]?.date).toBe('2016-03-15');
  });

  it('resolves month-day ranges and relative years', () => {
    const [range, year] = findDateExpressions('held on Feb. 11-12 and again next year', '2016-02-21');
    expect([range?.date, range?.endDate, range?.text]).toEqual(['2016-02-11', '2016-02-12', 'Feb. 11-12']);
    expect([year?.date, year?.endDate]).toEqual(['2017-01-01', '2017-12-31']);
  });

  it('reads day offsets', () => {
    expect(dayOffset('Two days after the attack')?.days).toBe(2);
    expect(dayOffset('a week before the vote')).toBeUndefined();
    expect(dayOffset('one week before the vote')?.days).toBe(-7);
  });
});
