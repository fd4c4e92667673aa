/**
 * Platform statistics (PRD §6.9 `GET /api/v1/admin/system/stats`) from the maintained counters
 * of `platform-counters.ts`: one query of a handful of items, however large the platform grows.
 */
import { PLAN_NAMES } from '../data/entities/plans.ts';
import { readCounters } from './platform-counters.ts';
import type { SystemStats } from './schemas.ts';

/** Agencies (per plan too), clients, agency users and super admins: total and active. */
export async function systemStats(): Promise<SystemStats> {
  const counters = await readCounters();
  const count = (subject: string) => counters.get(subject) ?? { total: 0, active: 0 };
  return {
    agencies: {
      ...count('agencies'),
      by_plan: Object.fromEntries(PLAN_NAMES.map((name) => [name, count(`plan:${name}`).active])),
    },
    clients: count('clients'),
    users: count('users'),
    super_admins: count('super_admins'),
  };
}
