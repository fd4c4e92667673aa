/** Nice axis ticks (1–2–5 steps, "Nice Numbers for Graph Labels", Heckbert 1990) and value formatting. */

export interface NiceScale {
  min: number;
  max: number;
  step: number;
  ticks: number[];
}

function niceNumber(range: number, round: boolean): number {
  const exponent = Math.floor(Math.log10(range));
  const fraction = range / 10 ** exponent;
  let nice: number;
  if (round) nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  else nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * 10 ** exponent;
}

/** Decimals needed to print multiples of `step` exactly. */
export function stepDecimals(step: number): number {
  return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
}

/**
 * A scale covering `[min, max]` and zero (bars start at zero), with about `maxTicks` round ticks.
 * An all-zero range becomes 0–1.
 */
export function niceScale(dataMin: number, dataMax: number, maxTicks = 5): NiceScale {
  let low = Math.min(0, dataMin);
  let high = Math.max(0, dataMax);
  if (low === high) high = low + 1;
  const range = niceNumber(high - low, false);
  const step = niceNumber(range / Math.max(1, maxTicks - 1), true);
  low = Math.floor(low / step) * step;
  high = Math.ceil(high / step) * step;
  const decimals = stepDecimals(step);
  const ticks: number[] = [];
  for (let value = low; value <= high + step / 2; value += step) {
    ticks.push(Number(value.toFixed(decimals)));
  }
  return { min: ticks[0] ?? low, max: ticks[ticks.length - 1] ?? high, step, ticks };
}

const PREFIX_UNITS = new Set(['$', '€', '£', '¥', '₹', '₩', 'R$', 'US$', 'A$', 'C$']);

/** Decimals in the data (at most 2), so 1.25 prints as 1.25 and 40 as 40. */
export function dataDecimals(values: readonly number[]): number {
  let decimals = 0;
  for (const value of values) {
    const text = String(value);
    const dot = text.indexOf('.');
    if (dot >= 0 && !text.includes('e')) decimals = Math.max(decimals, text.length - dot - 1);
  }
  return Math.min(2, decimals);
}

/** One formatter per decimal count: building an `Intl.NumberFormat` costs more than a whole chart. */
const NUMBER_FORMATS = new Map<number, Intl.NumberFormat>();

function numberFormat(decimals: number): Intl.NumberFormat {
  let format = NUMBER_FORMATS.get(decimals);
  if (!format) {
    format = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
    NUMBER_FORMATS.set(decimals, format);
  }
  return format;
}

/**
 * `value` with thousands separators, `decimals` decimals and the unit: currency symbols before
 * ("$1.2"; "$M" gives "$1.2M"), "%" attached after, other units after a space ("12 weeks").
 */
export function formatValue(value: number, decimals: number, unit?: string): string {
  const negative = value < 0;
  const number = numberFormat(decimals).format(Math.abs(value));
  const sign = negative ? '−' : '';
  if (!unit) return `${sign}${number}`;
  const prefix = [...PREFIX_UNITS].find((symbol) => unit.startsWith(symbol));
  if (prefix) return `${sign}${prefix}${number}${unit.slice(prefix.length)}`;
  if (unit === '%' || unit === '‰' || /^[a-zA-Z]{1,2}$/.test(unit)) return `${sign}${number}${unit}`;
  return `${sign}${number} ${unit}`;
}
