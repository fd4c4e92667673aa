/**
 * Attribute building blocks and PRD enumerations shared by the entities, so that ids, timestamps
 * and enums are declared once. Each builder returns a fresh literal object (`as const` keeps the
 * literal types ElectroDB infers item types from).
 */
import { randomUUID } from 'node:crypto';
import { ISO_UTC, nowIso } from './time.ts';

/** ElectroDB `service` of every entity: the first segment of every partition key (kept short). */
export const SERVICE = 'cs';

/** Tones (PRD §4/§6; DECISIONS.md drops §22's extra ones). */
export const TONES = ['professional', 'casual', 'authoritative'] as const;

/** Lowercase alphanumerics and inner hyphens (PRD §4.2.2 `valid_slug`). */
export const SLUG = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** `#RRGGBB` (PRD §4.2.2 `valid_hex_accent_*`). */
export const HEX_COLOR = /^#[0-9A-Fa-f]{6}$/;

/** A UUID primary id, generated on create and never changed. */
export const id = () =>
  ({ type: 'string', required: true, readOnly: true, default: () => randomUUID() }) as const;

/** A reference to another item's id that never changes once written (tenant and parent ids). */
export const fixedRef = () => ({ type: 'string', required: true, readOnly: true }) as const;

/** An optional ISO-8601 UTC timestamp. */
export const timestamp = () => ({ type: 'string', validate: ISO_UTC }) as const;

/** Set once on create. */
export const createdAt = () =>
  ({ type: 'string', required: true, readOnly: true, validate: ISO_UTC, default: nowIso }) as const;

/**
 * Refreshed by every write: ElectroDB re-runs `set` whenever any attribute is written (`watch: '*'`).
 * On create the item carries `created_at`, so both start equal; updates never carry it (read-only).
 */
export const updatedAt = () =>
  ({
    type: 'string',
    required: true,
    watch: '*',
    validate: ISO_UTC,
    default: nowIso,
    set: (_: unknown, item: { created_at?: string }) => item.created_at ?? nowIso(),
  }) as const;

/** An ordered list of strings (the PRD's `TEXT[]` columns). */
export const stringList = () => ({ type: 'list', items: { type: 'string' } }) as const;

/**
 * A list whose entries must be among `values`. A list rather than a DynamoDB set: order is kept and
 * an empty list is storable (both matter for the PRD's `TEXT[] DEFAULT '{}'` columns).
 */
export const enumList = (values: readonly string[]) =>
  ({
    type: 'list',
    required: true,
    default: () => [],
    items: { type: 'string', validate: (value: string) => values.includes(value) },
  }) as const;

/** An optional `#RRGGBB` colour. */
export const hexColor = () => ({ type: 'string', validate: HEX_COLOR }) as const;

/** A boolean with a default, like the PRD's `BOOLEAN NOT NULL DEFAULT …` columns. */
export const flag = (defaultValue: boolean) =>
  ({ type: 'boolean', required: true, default: defaultValue }) as const;

/** A number with a default, like the PRD's `INTEGER NOT NULL DEFAULT …` columns. */
export const counter = (defaultValue = 0) =>
  ({ type: 'number', required: true, default: defaultValue }) as const;

/** Per-channel on/off flags for the four social channels (`{"linkedin": true, "facebook": false, …}`). */
export const channelFlags = () =>
  ({
    type: 'map',
    properties: {
      linkedin: { type: 'boolean' },
      facebook: { type: 'boolean' },
      twitter: { type: 'boolean' },
      google_business: { type: 'boolean' },
    },
  }) as const;
