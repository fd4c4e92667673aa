import { describe, expect, it } from 'vitest';
import { slugify } from './slug.ts';

describe('slugify (offline)', () => {
  it.each([
    ['Acme Marketing Agency', 'acme-marketing-agency'],
    ['  Northwind__Health  ', 'northwind-health'],
    ['Café & Co. (Europe)', 'cafe-co-europe'],
    ['---A---B---', 'a-b'],
    ['!!!', ''],
  ])('%j → %j', (input, expected) => {
    expect(slugify(input)).toBe(expected);
  });

  it('truncates without leaving a trailing hyphen', () => {
    expect(slugify(`${'a'.repeat(99)} b`)).toBe('a'.repeat(99));
  });
});
