import { describe, expect, it } from 'vitest';
import { FAKE_ARTICLES } from '../../tests/support/fake-web.ts';
import {
  quoteAppearsInText,
  statisticAppearsInText,
  verifyQuotes,
  verifyStatistics,
} from './verify-statistics.ts';

describe('statisticAppearsInText: the same number written differently', () => {
  it.each([
    ['47%', 'Of those surveyed, 47% said so.'],
    ['47%', 'Of those surveyed, 47 percent said so.'],
    ['47%', 'Of those surveyed, 47 per cent said so.'],
    ['47%', 'Of those surveyed, 47\u00a0% said so.'],
    ['47%', 'Of those surveyed, 47\u202f% said so.'],
    ['47%', 'Of those surveyed, 47 pct said so.'],
    ['47%', 'Adoption (47%) rose.'],
    ['47 percent', 'Adoption reached 47%.'],
    ['47%', 'Adoption reached 47.0% in 2024.'],
    ['47%', 'ADOPTION REACHED 47 PERCENT.'],
    ['5 percentage points', 'a rise of 5 percentage points'],
    ['1,200', 'We surveyed 1200 executives.'],
    ['1200', 'We surveyed 1,200 executives.'],
    ['1.2 thousand', 'We surveyed 1,200 executives.'],
    ['1,200', 'We surveyed 1.2 thousand executives.'],
    ['12,000,000', 'a market of 12 million users'],
    ['$1.2B', 'Spending will reach $1.2 billion by 2027.'],
    ['$1.2 billion', 'Spending will reach $1.2B by 2027.'],
    ['$1.2 billion', 'Spending will reach $1.2bn by 2027.'],
    ['$1.2 billion', 'Spending will reach US$1.2 billion by 2027.'],
    ['$1.2 billion', 'Spending will reach USD 1.2 billion by 2027.'],
    ['$1.2 billion', 'Spending will reach 1.2 billion dollars by 2027.'],
    ['$1.2 billion', 'Spending will reach $1,200 million by 2027.'],
    ['$1.2 billion', 'Spending will reach $1,200,000,000 by 2027.'],
    ['$850,000', 'contracts reached $850K this year'],
    ['$850K', 'contracts reached $850,000 this year'],
    ['€2.5M', 'a budget of €2.5 million'],
    ['€2.5 million', 'a budget of 2.5 million euros'],
    ['£40bn', 'worth £40 billion'],
    ['4.5%', 'allocating 4.5% of IT budgets'],
    ['0.5%', 'a margin of 0.5 percent'],
    ['3.2x', 'cut costs by 3.2x'],
    ['3.2x', 'cut costs by 3.2 times'],
    ['3x', 'a threefold — no, a 3-fold increase'],
    ['3x', 'a 3× increase'],
    ['10–15%', 'revenue gains of 10–15% in deployed functions'],
    ['10-15%', 'revenue gains of 10 – 15% in deployed functions'],
    ['10–15%', 'revenue gains of 10 to 15 percent in deployed functions'],
    ['10–15%', 'revenue gains of between 10% and 15%'],
    ['10–15%', 'revenue gains of 10%\u201415% in deployed functions'],
    ['$1–2 billion', 'a market of $1-2 billion'],
    ['$1–2 billion', 'a market worth between $1 billion and $2 billion'],
    ['10%', 'revenue gains of 10–15% in deployed functions'],
    ['-5%', 'sales fell 5% year on year'],
    ['-5%', 'sales changed by \u22125% year on year'],
    ['1 in 4', 'one in four companies'],
    ['one in four', '1 in 4 companies'],
    ['3 out of 4', 'three out of four CIOs'],
    ['312', 'across 312 implementations'],
    ['14 months', 'a median payback period of 14 months'],
    ['47% of mid-market firms', 'we found that 47% of firms'],
    ['Q3 2024 revenue of $5M', 'revenue of $5 million in the third quarter'],
  ])('%s is found in "%s"', (value, text) => {
    expect(statisticAppearsInText(value, text)).toBe(true);
  });
});

describe('statisticAppearsInText: not fooled', () => {
  it.each([
    ['47%', 'In 147 cases, 12% agreed.', 'a longer number'],
    ['47%', 'Adoption was 4.7% last year.', 'a decimal with the same digits'],
    ['47%', 'Adoption was 47.5% last year.', 'a more precise number'],
    ['47%', 'Adoption was 0.47% last year.', 'a fraction'],
    ['47%', 'We spoke to 47 executives.', 'the number without a percent'],
    ['47%', 'There were 2047 responses, 12% positive.', 'digits inside a year'],
    ['47%', 'Revenue of $47 grew 3%.', 'the number as money'],
    ['47', 'Version 1.47 shipped with 470 fixes.', 'a decimal part'],
    ['47', 'A batch of 47,000 records.', 'a thousands group'],
    ['47', 'Measured at 12,47 units.', 'a decimal comma'],
    ['47', 'In Q47 and B47 results.', 'digits glued to letters'],
    ['$1.2 billion', 'Spending will reach $1.2 million.', 'another scale'],
    ['$1.2 billion', 'Spending will reach €1.2 billion.', 'another currency'],
    ['$1.2 billion', 'Spending will reach 1.2 billion units.', 'no currency'],
    ['$1.2 billion', 'Spending will reach $1.25 billion.', 'a more precise value'],
    ['1,200', 'We surveyed 12,000 executives.', 'a different magnitude'],
    ['3.2x', 'cut costs by 3.2% overall', 'a percent, not a multiple'],
    ['10–15%', 'gains of 10% in one unit', 'half a range'],
    ['10–15%', 'gains of 10–16%', 'another range'],
    ['1 in 4', 'one in five companies', 'another ratio'],
    ['a majority', 'a majority of firms, 47%', 'no number at all'],
  ])('%s is not in "%s" (%s)', (value, text) => {
    expect(statisticAppearsInText(value, text)).toBe(false);
  });
});

describe('verifyStatistics', () => {
  const sources = {
    S1: {
      title: 'AI adoption: 47% of firms',
      text: 'Our survey of 1,200 executives found spend of $1.2 billion.',
    },
    S2: { title: 'ROI', text: 'The median payback period was 14 months; gains of 10–15%.' },
  };

  it('keeps statistics their cited source states and drops the others with a reason', () => {
    const statistics = [
      { id: 'a', value: '47%', source_id: 'S1' },
      { id: 'b', value: '1200', source_id: 'S1' },
      { id: 'c', value: '$1.2B', source_id: 'S1' },
      { id: 'd', value: '14 months', source_id: 'S1' },
      { id: 'e', value: '10-15%', source_id: 'S2' },
      { id: 'f', value: '62%', source_id: 'S9' },
      { id: 'g', value: 'most', source_id: 'S2' },
      { id: 'h', value: '4.7%', source_id: 'S1' },
    ];
    const { verified, dropped } = verifyStatistics(statistics, sources);
    expect(verified.map((each) => each.id)).toEqual(['a', 'b', 'c', 'e']);
    expect(dropped.map(({ statistic, reason }) => [statistic.id, reason])).toEqual([
      ['d', 'not_in_source'],
      ['f', 'unknown_source'],
      ['g', 'no_number'],
      ['h', 'not_in_source'],
    ]);
  });

  it('accepts a Map, numeric ids, and does not treat inherited object keys as sources', () => {
    const map = new Map(Object.entries(sources));
    expect(verifyStatistics([{ value: '47%', source_id: 'S1' }], map).verified).toHaveLength(1);
    const numbered = new Map([[1, sources.S1]]);
    expect(verifyStatistics([{ value: '47%', source_id: 1 }], numbered).verified).toHaveLength(1);
    expect(verifyStatistics([{ value: '47%', source_id: 1 }], { 1: sources.S1 }).verified).toHaveLength(1);
    expect(verifyStatistics([{ value: '47%', source_id: 2 }], numbered).dropped[0]?.reason).toBe(
      'unknown_source',
    );
    expect(verifyStatistics([{ value: '1', source_id: 'constructor' }], sources).dropped[0]?.reason).toBe(
      'unknown_source',
    );
  });

  it('verifies every statistic the fake web articles state, each against its own page only', () => {
    const byPath = Object.fromEntries(
      FAKE_ARTICLES.map((article) => [
        article.path,
        { title: article.title, text: article.paragraphs.join('\n') },
      ]),
    );
    const own = FAKE_ARTICLES.flatMap((article) =>
      article.statistics.map((statistic) => ({ value: statistic.value, source_id: article.path })),
    );
    expect(verifyStatistics(own, byPath).dropped).toEqual([]);
    const [first, second] = FAKE_ARTICLES;
    const crossed = (first?.statistics ?? []).map((statistic) => ({
      value: statistic.value,
      source_id: second?.path ?? '',
    }));
    expect(verifyStatistics(crossed, byPath).verified).toEqual([]);
  });
});

describe('quoteAppearsInText', () => {
  const text =
    '\u201cThe companies that win treat AI as an operating model change, not a technology purchase,\u201d said Dana Whitfield. She added that it\u2019s \u201cabout people first\u201d.';

  it.each([
    'The companies that win treat AI as an operating model change, not a technology purchase',
    '"The companies that win treat AI as an operating model change, not a technology purchase."',
    'the companies that win treat  AI as an operating-model change',
    'The companies that win … not a technology purchase',
    'The companies that win ... not a technology purchase',
    'The companies that win treat [artificial intelligence] as an operating model change',
    "it's about people first",
  ])('finds "%s"', (quote) => {
    expect(quoteAppearsInText(quote, text)).toBe(true);
  });

  it.each([
    'The companies that win treat AI as a technology purchase',
    'not a technology purchase … The companies that win',
    'Companies that lose treat AI as a project',
    '...',
    '',
  ])('does not find "%s"', (quote) => {
    expect(quoteAppearsInText(quote, text)).toBe(false);
  });

  it('verifies quotes against the source they cite', () => {
    const quotes = [
      { text: 'about people first', source_id: 1 },
      { text: 'about people first', source_id: 2 },
      { text: 'about machines first', source_id: 1 },
    ];
    const { verified, dropped } = verifyQuotes(quotes, new Map([[1, { title: 'T', text }]]));
    expect(verified).toEqual([quotes[0]]);
    expect(dropped.map((each) => each.reason)).toEqual(['unknown_source', 'not_in_source']);
  });
});
