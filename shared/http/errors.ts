/**
 * The PRD §15.1 error registry: every error the API returns carries one of these codes, its
 * HTTP status and a default message. Throw `ApiError` anywhere; the envelope middleware turns it
 * into the PRD error response.
 */
export const ERROR_CODES = {
  AUTH_001: { status: 401, message: 'Invalid email or password' },
  AUTH_002: { status: 401, message: 'Authentication token has expired' },
  AUTH_003: { status: 401, message: 'Invalid authentication token' },
  AUTH_004: { status: 403, message: "You don't have permission to perform this action" },
  AUTH_005: { status: 403, message: 'Account is temporarily locked due to too many failed attempts' },
  AUTH_006: { status: 403, message: 'Account is inactive' },
  AUTH_007: { status: 403, message: 'Please verify your email address' },
  VAL_001: { status: 422, message: 'Invalid request parameters' },
  VAL_002: { status: 422, message: 'A required field is missing' },
  VAL_003: { status: 400, message: 'The request is not in a valid format' },
  VAL_004: { status: 409, message: 'That value is already in use' },
  RES_001: { status: 404, message: 'Resource not found' },
  RES_002: { status: 409, message: 'Resource already exists' },
  RES_003: { status: 409, message: 'Resource was changed by another request' },
  RES_004: { status: 410, message: 'Resource has been deleted' },
  BIZ_001: { status: 400, message: 'Client limit exceeded for your plan' },
  BIZ_002: { status: 403, message: 'This template is not available on your plan' },
  BIZ_003: { status: 403, message: 'Your subscription is not active' },
  BIZ_004: { status: 402, message: 'API credits for this billing period have been exceeded' },
  BIZ_005: { status: 403, message: 'This feature is not available on your plan' },
  BIZ_006: { status: 400, message: 'Social media connection not configured' },
  BIZ_007: { status: 400, message: 'Social media connection has expired, please reconnect' },
  GEN_001: { status: 500, message: 'Content generation failed' },
  GEN_002: { status: 504, message: 'Research took too long, please try a more specific topic' },
  GEN_003: { status: 500, message: 'Error applying document template' },
  GEN_004: { status: 500, message: 'Error generating PDF' },
  GEN_005: { status: 502, message: 'AI service error' },
  GEN_006: { status: 502, message: 'The AI service returned unusable content' },
  GEN_007: { status: 502, message: 'Cover image could not be prepared' },
  DIST_001: { status: 400, message: 'Social media authorization is invalid' },
  DIST_002: { status: 502, message: 'The social platform returned an error' },
  DIST_003: { status: 429, message: 'The social platform rate limit was reached' },
  DIST_004: { status: 400, message: 'The social platform rejected the content' },
  FILE_001: { status: 413, message: 'File is too large' },
  FILE_002: { status: 400, message: 'File type is not allowed' },
  FILE_003: { status: 500, message: 'File upload failed' },
  FILE_004: { status: 404, message: 'File not found' },
  RATE_001: { status: 429, message: 'Too many requests, please try again later' },
  SYS_001: { status: 500, message: 'An internal error occurred' },
  SYS_002: { status: 503, message: 'Service temporarily unavailable' },
  SYS_003: { status: 503, message: 'The service is under maintenance' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

interface ApiErrorOptions {
  message?: string;
  details?: unknown;
  /** Overrides the registry status where the PRD names another (e.g. 400 vs 422). */
  status?: number;
  headers?: Record<string, string>;
  cause?: unknown;
}

/** An error the API reports to its caller with a PRD code. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, options: ApiErrorOptions = {}) {
    super(options.message ?? ERROR_CODES[code].message, { cause: options.cause });
    this.name = 'ApiError';
    this.code = code;
    this.status = options.status ?? ERROR_CODES[code].status;
    this.details = options.details ?? null;
    this.headers = options.headers ?? {};
  }
}

/** 422 VAL_001 listing every bad field. */
export function validationError(fields: FieldError[]): ApiError {
  return new ApiError('VAL_001', { details: fields });
}

/** 404 RES_001; also the answer for ids of another tenant. */
export function notFound(resource = 'Resource'): ApiError {
  return new ApiError('RES_001', { message: `${resource} not found` });
}
