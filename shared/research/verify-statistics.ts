/**
 * Provenance of statistics (and quotes): a number reaches the PDF only if the page it cites, as
 * we fetched it, states it. The model writes values "as written" ("47%", "$1.2 billion"), but pages write the
 * same number in many ways (47 percent, 47 per cent, 47&nbsp;%; $1.2B, $1,200 million, US$1.2bn;
 * 10–15%), so both sides are read into numeric mentions — value × scale, unit, ranges, "1 in 4"
 * ratios — and compared as numbers. Numbers are whole tokens: 47 never matches 147, 4.7 or 47.5.
 */
import type { ReadSource } from './source-reader.ts';

type Unit = 'percent' | 'multiple' | `currency:${string}` | null;

interface Mention {
  /** Value with its scale applied (1.2 billion → 1.2e9). */
  value: number;
  unit: Unit;
  /** 1 when no scale word or letter follows the number. */
  scale: number;
  /** Span including currency prefix and unit suffix. */
  start: number;
  end: number;
}

interface Scan {
  mentions: Mention[];
  ranges: Array<[Mention, Mention]>;
  ratios: Array<[number, number]>;
}

type Target =
  | { kind: 'single'; mention: Mention }
  | { kind: 'range'; low: Mention; high: Mention }
  | { kind: 'ratio'; ratio: [number, number] };

/** A number token: thousands groups or plain digits, optional decimals, not glued to other digits or letters. */
const NUMBER = /(?<![\p{L}\p{N}_]|\p{N}[.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\p{N}_]|[.,]\d)/gu;

const SCALES: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mm: 1e6,
  mn: 1e6,
  million: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
  t: 1e12,
  tn: 1e12,
  trillion: 1e12,
};
/** Words may follow after a space; single letters only attached ("5m", "$2B"), where they are unambiguous. */
const SCALE_SUFFIX =
  /^(?: ?(thousand|million|billion|trillion|bn|mn|tn)(?![\p{L}])|(k|mm|m|bn|b|tn|t)(?![\p{L}\p{N}]))/u;

const UNIT_SUFFIX =
  /^ ?(%|percent(?:age points?)?(?![\p{L}])|per ?cent(?![\p{L}])|pct(?![\p{L}])|pp(?![\p{L}])|x(?![\p{L}\p{N}])|×|times(?![\p{L}])|-?fold(?![\p{L}])|(?:us |u\.s\. )?dollars?(?![\p{L}])|usd(?![\p{L}])|euros?(?![\p{L}])|eur(?![\p{L}])|pounds? sterling|pounds?(?![\p{L}])|gbp(?![\p{L}])|yen(?![\p{L}])|jpy(?![\p{L}])|rupees?(?![\p{L}])|inr(?![\p{L}])|yuan(?![\p{L}])|rmb(?![\p{L}])|cny(?![\p{L}])|€|£)/u;

const CURRENCY_PREFIX = /(?:(?<![\p{L}])(usd|eur|gbp|jpy|inr|cny|rmb)|(us\$|c\$|a\$|au\$|\$|€|£|¥|₹)) ?$/u;

const CURRENCY_BY_TOKEN: Record<string, string> = {
  $: 'usd',
  us$: 'usd',
  usd: 'usd',
  dollar: 'usd',
  dollars: 'usd',
  'us dollars': 'usd',
  'u.s. dollars': 'usd',
  'us dollar': 'usd',
  'u.s. dollar': 'usd',
  c$: 'cad',
  a$: 'aud',
  au$: 'aud',
  '€': 'eur',
  eur: 'eur',
  euro: 'eur',
  euros: 'eur',
  '£': 'gbp',
  gbp: 'gbp',
  pound: 'gbp',
  pounds: 'gbp',
  'pounds sterling': 'gbp',
  '¥': 'jpy',
  jpy: 'jpy',
  yen: 'jpy',
  '₹': 'inr',
  inr: 'inr',
  rupee: 'inr',
  rupees: 'inr',
  yuan: 'cny',
  rmb: 'cny',
  cny: 'cny',
};

function unitOf(token: string): Unit {
  if (
    token === '%' ||
    token.startsWith('percent') ||
    token.startsWith('per') ||
    token === 'pct' ||
    token === 'pp'
  ) {
    return 'percent';
  }
  if (token === 'x' || token === '×' || token === 'times' || token.endsWith('fold')) return 'multiple';
  const currency = CURRENCY_BY_TOKEN[token];
  return currency ? `currency:${currency}` : null;
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  twenty: 20,
  hundred: 100,
  thousand: 1000,
};
const RATIO_TERM = `\\d+|${Object.keys(NUMBER_WORDS).join('|')}`;
const RATIO = new RegExp(
  `(?<![\\p{L}\\p{N}.,])(${RATIO_TERM}) (?:in|out of|of every) (?:every )?(${RATIO_TERM})(?![\\p{L}\\p{N}])`,
  'gu',
);

/**
 * Lowercase, one kind of space and one kind of dash, so the patterns above stay readable:
 * non-breaking, narrow and thin spaces become spaces; en/em dashes and the minus sign a hyphen.
 */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u00a0\u2007\u2009\u202f\u2002-\u2006\s]+/g, ' ')
    .replace(/[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g, '-');
}

function scan(raw: string): Scan {
  const text = normalise(raw);
  const mentions: Mention[] = [];
  for (const match of text.matchAll(NUMBER)) {
    const literalStart = match.index;
    let end = literalStart + match[0].length;
    let value = Number(`${(match[1] ?? '').replace(/,/g, '')}${match[2] ?? ''}`);
    let unit: Unit = null;
    let scale = 1;
    const scaleMatch = SCALE_SUFFIX.exec(text.slice(end, end + 12));
    if (scaleMatch) {
      scale = SCALES[(scaleMatch[1] ?? scaleMatch[2]) as string] as number;
      value *= scale;
      end += scaleMatch[0].length;
    }
    const suffix = UNIT_SUFFIX.exec(text.slice(end, end + 24));
    if (suffix) {
      unit = unitOf(suffix[1] as string);
      end += suffix[0].length;
    }
    let start = literalStart;
    const prefix = CURRENCY_PREFIX.exec(text.slice(Math.max(0, literalStart - 5), literalStart));
    if (prefix) {
      unit ??= unitOf((prefix[1] ?? prefix[2]) as string);
      start -= prefix[0].length;
    }
    mentions.push({ value, unit, scale, start, end });
  }

  const ranges: Array<[Mention, Mention]> = [];
  for (let index = 1; index < mentions.length; index += 1) {
    const low = mentions[index - 1] as Mention;
    const high = mentions[index] as Mention;
    const between = text.slice(low.end, high.start);
    const joined =
      /^ ?(-|to) ?$/.test(between) ||
      (between === ' and ' && /between $/.test(text.slice(low.start - 8, low.start)));
    if (!joined) continue;
    // "10–15%", "$1-2 billion": what is written once applies to both ends.
    if (low.scale === 1 && high.scale > 1) {
      low.value *= high.scale;
      low.scale = high.scale;
    }
    low.unit ??= high.unit;
    high.unit ??= low.unit;
    ranges.push([low, high]);
  }

  const ratios: Array<[number, number]> = [];
  for (const match of text.matchAll(RATIO)) {
    const term = (word: string) => NUMBER_WORDS[word] ?? Number(word);
    ratios.push([term(match[1] as string), term(match[2] as string)]);
  }
  return { mentions, ranges, ratios };
}

function targetOf(value: string): Target | null {
  const { mentions, ranges, ratios } = scan(value);
  const ratio = ratios[0];
  if (ratio) return { kind: 'ratio', ratio };
  const range = ranges[0];
  if (range && range[0] === mentions[0]) return { kind: 'range', low: range[0], high: range[1] };
  // "Q3 2024 revenue of $5M": the number with a unit or scale is the statistic, not the year.
  const mention = mentions.find((each) => each.unit !== null || each.scale > 1) ?? mentions[0];
  return mention ? { kind: 'single', mention } : null;
}

function sameNumber(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(Math.abs(a), Math.abs(b)) * 1e-9;
}

/** A bare statistic ("312") matches any unit; "47%" needs a percent, "$1.2B" dollars. */
function matches(wanted: Mention, found: Mention): boolean {
  return sameNumber(wanted.value, found.value) && (wanted.unit === null || wanted.unit === found.unit);
}

/** How close two ends of a range must be in the text when it is not written as one range. */
const RANGE_WINDOW = 300;

function appears(target: Target, text: Scan): boolean {
  switch (target.kind) {
    case 'ratio':
      return text.ratios.some(([a, b]) => a === target.ratio[0] && b === target.ratio[1]);
    case 'range':
      return (
        text.ranges.some(([low, high]) => matches(target.low, low) && matches(target.high, high)) ||
        text.mentions.some(
          (low) =>
            matches(target.low, low) &&
            text.mentions.some(
              (high) => matches(target.high, high) && Math.abs(high.start - low.start) <= RANGE_WINDOW,
            ),
        )
      );
    case 'single':
      return text.mentions.some((mention) => matches(target.mention, mention));
  }
}

/**
 * Whether the statistic `value` (as the model wrote it) is stated in `text`, however the page
 * formats it. False when `value` contains no number at all.
 */
export function statisticAppearsInText(value: string, text: string): boolean {
  const target = targetOf(value);
  return target !== null && appears(target, scan(text));
}

/** What provenance needs of a statistic: its value as written and the source it cites. */
export interface CitedStatistic {
  value: string;
  source_id: number | string;
}

export type StatisticDropReason = 'unknown_source' | 'no_number' | 'not_in_source';

export interface StatisticVerification<T extends CitedStatistic> {
  verified: T[];
  dropped: Array<{ statistic: T; reason: StatisticDropReason }>;
}

type SourceText = Pick<ReadSource, 'title' | 'text'>;

/** Read sources by id, as a Map or a plain object; numeric and string ids find each other. */
export type SourcesById = ReadonlyMap<number | string, SourceText> | Readonly<Record<string, SourceText>>;

function byStringId(sources: SourcesById): Map<string, SourceText> {
  const entries: Iterable<[number | string, SourceText]> =
    sources instanceof Map ? sources.entries() : Object.entries(sources as Record<string, SourceText>);
  return new Map(Array.from(entries, ([id, source]) => [String(id), source]));
}

/**
 * Keeps the statistics whose value appears in the fetched title or text of the source they cite
 * and drops the rest with the reason. Each source's text is scanned once.
 */
export function verifyStatistics<T extends CitedStatistic>(
  statistics: readonly T[],
  readSourcesById: SourcesById,
): StatisticVerification<T> {
  const sources = byStringId(readSourcesById);
  const scans = new Map<string, Scan>();
  const result: StatisticVerification<T> = { verified: [], dropped: [] };
  for (const statistic of statistics) {
    const id = String(statistic.source_id);
    const source = sources.get(id);
    if (!source) {
      result.dropped.push({ statistic, reason: 'unknown_source' });
      continue;
    }
    const target = targetOf(statistic.value);
    if (!target) {
      result.dropped.push({ statistic, reason: 'no_number' });
      continue;
    }
    let sourceScan = scans.get(id);
    if (!sourceScan) {
      sourceScan = scan(`${source.title}\n${source.text}`);
      scans.set(id, sourceScan);
    }
    if (appears(target, sourceScan)) result.verified.push(statistic);
    else result.dropped.push({ statistic, reason: 'not_in_source' });
  }
  return result;
}

/**
 * Just the words: apostrophes of every style as `'`, double quote marks dropped (a quote nested
 * in a quote is still the same words) and hyphens as spaces ("operating-model").
 */
function comparableWords(text: string): string {
  return normalise(text)
    .replace(/[\u2018\u2019\u201a\u201b\u2032`\u00b4]/g, "'")
    .replace(/["\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g, ' ')
    .replace(/-/g, ' ')
    .replace(/ {2,}/g, ' ');
}

/**
 * Whether the quote's words are in `text`: case, quote styles, dashes and spacing aside. An
 * ellipsis or an editorial `[insertion]` marks a cut, so the pieces must appear in order.
 */
export function quoteAppearsInText(quote: string, text: string): boolean {
  const haystack = comparableWords(text);
  const pieces = comparableWords(quote)
    .split(/\.{3}|\u2026|\[[^\]]*\]/)
    .map((piece) => piece.replace(/^[\s'.,;:!?]+|[\s'.,;:!?]+$/g, ''))
    .filter(Boolean);
  if (pieces.length === 0) return false;
  let from = 0;
  for (const piece of pieces) {
    const at = haystack.indexOf(piece, from);
    if (at < 0) return false;
    from = at + piece.length;
  }
  return true;
}

/** What provenance needs of a quote. */
export interface CitedQuote {
  text: string;
  source_id: number | string;
}

/** Keeps the quotes whose words appear in the source they cite; drops the rest with the reason. */
export function verifyQuotes<T extends CitedQuote>(
  quotes: readonly T[],
  readSourcesById: SourcesById,
): { verified: T[]; dropped: Array<{ quote: T; reason: 'unknown_source' | 'not_in_source' }> } {
  const sources = byStringId(readSourcesById);
  const result: ReturnType<typeof verifyQuotes<T>> = { verified: [], dropped: [] };
  for (const quote of quotes) {
    const source = sources.get(String(quote.source_id));
    if (!source) result.dropped.push({ quote, reason: 'unknown_source' });
    else if (quoteAppearsInText(quote.text, source.text)) result.verified.push(quote);
    else result.dropped.push({ quote, reason: 'not_in_source' });
  }
  return result;
}

/**
 * `items` citing only sources in `known`, each once; an item left citing none is dropped, since
 * nothing that was read backs it.
 */
export function citingKnownSources<T extends { source_ids: readonly number[] }>(
  items: readonly T[],
  known: { has(id: number): boolean },
): T[] {
  return items
    .map((item) => ({ ...item, source_ids: [...new Set(item.source_ids)].filter((id) => known.has(id)) }))
    .filter((item) => item.source_ids.length > 0);
}
