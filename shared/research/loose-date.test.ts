import { describe, expect, it } from 'vitest';
import { looseDateToIsoDay } from './loose-date.ts';

const NOW = new Date('2025-11-20T12:00:00Z');

describe('looseDateToIsoDay', () => {
  it.each([
    ['April 30, 2025', '2025-04-30'],
    ['april 30 2025', '2025-04-30'],
    ['Apr 30, 2025', '2025-04-30'],
    ['Apr. 30, 2025', '2025-04-30'],
    ['Sept. 3, 2025', '2025-09-03'],
    ['30 April 2025', '2025-04-30'],
    ['Wednesday, April 30th, 2025', '2025-04-30'],
    ['Published: 3rd June 2025', '2025-06-03'],
    ['2025-04-30', '2025-04-30'],
    ['2025-04-30T23:30:00-05:00', '2025-05-01'],
    ['2025-09-12T09:30:00+02:00', '2025-09-12'],
    ['2021/05/12', '2021-05-12'],
    ['05/12/2021', '2021-05-12'],
    ['May 2024', '2024-05-01'],
    ['2024', '2024-01-01'],
    ['2 days ago', '2025-11-18'],
    ['3 weeks ago', '2025-10-30'],
    ['an hour ago', '2025-11-20'],
    ['1 year ago', '2024-11-20'],
    ['yesterday', '2025-11-19'],
  ])('%s → %s', (text, day) => {
    expect(looseDateToIsoDay(text, NOW)).toBe(day);
  });

  it.each([null, '', 'soon', 'next Tuesday', '2031-01-01', '1887-04-01', 'Q3', '13/45/2020'])(
    'gives null for %s',
    (text) => {
      expect(looseDateToIsoDay(text, NOW)).toBeNull();
    },
  );
});
