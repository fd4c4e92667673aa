/**
 * Dates as the web writes them: ISO timestamps in meta tags, "April 30, 2025" or "2 months ago"
 * in search results' `page_age`, "2021/05/12" in citation tags. Parsed in UTC so a date means the
 * same day on every machine.
 */
import { utc } from '@date-fns/utc';
import { isValid, parse, parseISO, sub } from 'date-fns';

const FORMATS = [
  'MMMM d yyyy',
  'd MMMM yyyy',
  'MMMM d, yyyy',
  'd MMMM, yyyy',
  'yyyy/MM/dd',
  'yyyy.MM.dd',
  'MM/dd/yyyy',
  'MMMM yyyy',
  'yyyy-MM',
  'yyyy',
];

const RELATIVE = /^(\d+|an?|one)\s+(minute|hour|day|week|month|year)s?\s+ago$/;

/** The earliest date taken seriously; older ones are parse accidents, not publication dates. */
const EARLIEST = Date.UTC(1990, 0, 1);
/** Pages dated further ahead than this are misconfigured, not from the future. */
const FUTURE_SLACK_MS = 2 * 24 * 60 * 60 * 1000;

function tidy(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/^(published|posted|updated|last updated|date)\s*(on)?\s*:?\s*/, '')
    .replace(/^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+/, '')
    .replace(/(\d)(st|nd|rd|th)\b/g, '$1')
    .replace(/\b(jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\./g, '$1')
    .replace(/\bsept\b/, 'sep')
    .replace(/\s+/g, ' ');
}

function parseRelative(text: string, now: Date): Date | null {
  if (text === 'today' || text === 'just now') return now;
  if (text === 'yesterday') return sub(now, { days: 1 });
  const match = RELATIVE.exec(text);
  if (!match) return null;
  const amount = /^\d+$/.test(match[1] ?? '') ? Number(match[1]) : 1;
  return sub(now, { [`${match[2]}s`]: amount });
}

/**
 * The date `text` denotes, or null when it is not a date this recognises or lies outside
 * 1990…now (a page "published" next year is misconfigured). Relative dates count back from `now`.
 */
export function parseLooseDate(text: string | null | undefined, now: Date = new Date()): Date | null {
  if (!text) return null;
  const cleaned = tidy(text);
  if (!cleaned) return null;
  let date: Date | null = parseRelative(cleaned, now);
  if (!date && /^\d{4}-\d{2}-\d{2}/.test(cleaned)) date = parseISO(cleaned.toUpperCase(), { in: utc });
  if (!date) {
    const reference = new Date(Date.UTC(now.getUTCFullYear(), 0, 1));
    for (const format of FORMATS) {
      const candidate = parse(cleaned, format, reference, { in: utc });
      if (isValid(candidate)) {
        date = candidate;
        break;
      }
    }
  }
  if (!date || !isValid(date)) return null;
  const time = date.getTime();
  if (time < EARLIEST || time > now.getTime() + FUTURE_SLACK_MS) return null;
  return new Date(time);
}

/** `YYYY-MM-DD` (UTC) of a loosely written date, or null. */
export function looseDateToIsoDay(text: string | null | undefined, now?: Date): string | null {
  return parseLooseDate(text, now)?.toISOString().slice(0, 10) ?? null;
}
