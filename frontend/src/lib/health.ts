/**
 * Reads `GET /api/v1/health` and turns its PRD envelope into what the status page shows.
 *
 * The health payload's components are not fixed (the API reports whatever dependencies it
 * checks), so nothing here names a component: any object- or list-valued entry of `data` whose
 * members look like checks (`{status: …}` objects or status words) is a group of components,
 * and top-level scalars (version, region, …) are shown as details.
 */

export type Tone = 'ok' | 'warn' | 'down' | 'unknown';

export interface HealthComponent {
  readonly key: string;
  readonly label: string;
  readonly status: string;
  readonly tone: Tone;
  /** Other scalar fields of the check, ready to show: ["Latency", "3 ms"], or ["", message]. */
  readonly details: ReadonlyArray<readonly [string, string]>;
}

interface Timing {
  readonly elapsedMs: number;
}

export type HealthResult =
  | (Timing & {
      readonly kind: 'report';
      readonly httpStatus: number;
      readonly status: string;
      readonly tone: Tone;
      readonly components: readonly HealthComponent[];
      readonly details: ReadonlyArray<readonly [string, string]>;
      readonly requestId: string | undefined;
      readonly timestamp: string | undefined;
    })
  | (Timing & {
      readonly kind: 'api-error';
      readonly httpStatus: number;
      readonly code: string;
      readonly message: string;
      readonly requestId: string | undefined;
      readonly timestamp: string | undefined;
    })
  | (Timing & { readonly kind: 'unreachable'; readonly message: string });

export const HEALTH_TIMEOUT_MS = 10_000;

const TONES: Record<Exclude<Tone, 'unknown'>, readonly string[]> = {
  ok: ['ok', 'healthy', 'up', 'pass', 'passing', 'operational', 'available', 'ready'],
  warn: ['degraded', 'warn', 'warning', 'partial', 'slow'],
  down: ['down', 'error', 'fail', 'failed', 'failing', 'unhealthy', 'unavailable', 'critical', 'outage'],
};

export function toneOf(status: string): Tone {
  const normalized = status.trim().toLowerCase();
  for (const [tone, words] of Object.entries(TONES) as [Tone, readonly string[]][]) {
    if (words.includes(normalized)) return tone;
  }
  return 'unknown';
}

/** Badge text: plain words for the statuses we recognise, the API's own word otherwise. */
export function statusLabel(tone: Tone, status: string): string {
  if (tone === 'ok') return 'Operational';
  if (tone === 'warn') return 'Degraded';
  if (tone === 'down') return 'Down';
  return status ? capitalize(status) : 'Unknown';
}

// Service names whose usual spelling a generic "capitalise the words" rule would get wrong.
const KNOWN_NAMES: Record<string, string> = {
  api: 'API',
  cloudfront: 'CloudFront',
  dynamodb: 'DynamoDB',
  eventbridge: 'EventBridge',
  s3: 'S3',
  ses: 'SES',
  sfn: 'Step Functions',
  stepfunctions: 'Step Functions',
  websocket: 'WebSocket',
  ws: 'WebSocket',
};

/** `dynamodb` → "DynamoDB", `step_functions` → "Step functions", `latencyMs` → "Latency ms". */
export function humanize(key: string): string {
  const compact = key.toLowerCase().replace(/[\s_-]+/g, '');
  const known = KNOWN_NAMES[compact];
  if (known) return known;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((word) => KNOWN_NAMES[word.toLowerCase()] ?? word.toLowerCase());
  return capitalize(words.join(' '));
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Scalar = string | number | boolean;

function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** A detail row; `_ms` fields read as durations, booleans as yes/no. */
function detail(key: string, value: Scalar): readonly [string, string] {
  const durationKey = /(_ms|Ms)$/.exec(key);
  if (durationKey && typeof value === 'number') {
    return [humanize(key.slice(0, durationKey.index)), `${value} ms`];
  }
  if (typeof value === 'boolean') return [humanize(key), value ? 'Yes' : 'No'];
  return [humanize(key), String(value)];
}

/**
 * A check's status: `{status: …}` or `{ok|healthy: boolean}`, or a bare string that is a known
 * status word (so `{build: {commit: 'abc'}}` is not mistaken for a component called "commit").
 */
function checkStatus(value: unknown): string | undefined {
  if (typeof value === 'string') return toneOf(value) === 'unknown' ? undefined : value;
  if (!isRecord(value)) return undefined;
  if (typeof value.status === 'string') return value.status;
  for (const flag of ['ok', 'healthy'] as const) {
    if (typeof value[flag] === 'boolean') return value[flag] ? 'ok' : 'down';
  }
  return undefined;
}

const CHECK_FIELDS_SHOWN_ELSEWHERE = ['status', 'ok', 'healthy', 'name'];
// Free-text fields read better without a label ("connect ECONNREFUSED", not "Message connect …").
const MESSAGE_FIELDS = ['message', 'detail', 'error', 'reason'];

function component(key: string, value: unknown): HealthComponent | undefined {
  const status = checkStatus(value);
  if (status === undefined) return undefined;
  const details = isRecord(value)
    ? Object.entries(value)
        .filter(([field, v]) => isScalar(v) && !CHECK_FIELDS_SHOWN_ELSEWHERE.includes(field))
        .map(([field, v]) =>
          MESSAGE_FIELDS.includes(field) ? (['', String(v)] as const) : detail(field, v as Scalar),
        )
    : [];
  return { key, label: humanize(key), status, tone: toneOf(status), details };
}

/** Components of one `data` entry: a map `{name: check}` or a list `[{name, status, …}]`. */
function componentsOf(value: unknown): HealthComponent[] {
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, index) => {
        const name = isRecord(item) && typeof item.name === 'string' ? item.name : `#${index + 1}`;
        return [name, item];
      })
    : isRecord(value)
      ? Object.entries(value)
      : [];
  return entries.flatMap(([key, check]) => component(key, check) ?? []);
}

/** Splits the health `data` object into its overall status, its components and other details. */
export function readHealthData(data: Record<string, unknown>): {
  status: string;
  components: HealthComponent[];
  details: Array<readonly [string, string]>;
} {
  const components: HealthComponent[] = [];
  const details: Array<readonly [string, string]> = [];
  for (const [key, value] of Object.entries(data)) {
    if (key === 'status') continue;
    if (isScalar(value)) {
      details.push(detail(key, value));
      continue;
    }
    const found = componentsOf(value);
    if (found.length > 0) components.push(...found);
    else if (value !== null && value !== undefined) details.push([humanize(key), JSON.stringify(value)]);
  }
  const status = typeof data.status === 'string' ? data.status : 'unknown';
  return { status, components, details };
}

function describeFailure(error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return `No answer within ${HEALTH_TIMEOUT_MS / 1000} seconds.`;
  }
  return 'The request failed before any response arrived (network error or server not running).';
}

export async function fetchHealth(url = '/api/v1/health'): Promise<HealthResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json' },
      cache: 'no-store',
      signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS),
    });
  } catch (error) {
    return { kind: 'unreachable', message: describeFailure(error), elapsedMs: elapsed() };
  }

  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return {
      kind: 'unreachable',
      message: `The server answered HTTP ${response.status} without a JSON body; the API may not be running behind it.`,
      elapsedMs: elapsed(),
    };
  }

  const elapsedMs = elapsed();
  const envelope = isRecord(body) ? body : {};
  const meta = isRecord(envelope.meta) ? envelope.meta : {};
  const requestId =
    (typeof meta.request_id === 'string' ? meta.request_id : undefined) ??
    response.headers.get('x-request-id') ??
    undefined;
  const timestamp = typeof meta.timestamp === 'string' ? meta.timestamp : undefined;

  if (envelope.success === false) {
    const error = isRecord(envelope.error) ? envelope.error : {};
    return {
      kind: 'api-error',
      httpStatus: response.status,
      code: typeof error.code === 'string' ? error.code : `HTTP ${response.status}`,
      message: typeof error.message === 'string' ? error.message : 'The API reported an error.',
      requestId,
      timestamp,
      elapsedMs,
    };
  }
  if (!isRecord(envelope.data)) {
    return {
      kind: 'unreachable',
      message: `The server answered HTTP ${response.status}, but not with the API's response format.`,
      elapsedMs,
    };
  }
  // A degraded API may answer 503 with a full report: show the report, not a generic error.
  const { status, components, details } = readHealthData(envelope.data);
  return {
    kind: 'report',
    httpStatus: response.status,
    status,
    tone: toneOf(status),
    components,
    details,
    requestId,
    timestamp,
    elapsedMs,
  };
}
