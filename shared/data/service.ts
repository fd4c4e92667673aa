/**
 * Every entity joined in one ElectroDB service on the one table, so collections and
 * `service.transaction.write(...)` span entities. Created on first use with the process's document
 * client and table name; creating it also binds the entity instances exported by `entities/*`, which
 * can then be used directly.
 */
import { Service } from 'electrodb';
import { documentClient, tableName } from './client.ts';
import { agency } from './entities/agencies.ts';
import { agencyAdminCount } from './entities/agency-admin-counts.ts';
import { agencyTemplate } from './entities/agency-templates.ts';
import { apiKey } from './entities/api-keys.ts';
import { auditLog } from './entities/audit-logs.ts';
import { client } from './entities/clients.ts';
import { connection } from './entities/connections.ts';
import { document } from './entities/documents.ts';
import { generationJob } from './entities/generation-jobs.ts';
import { oneTimeToken } from './entities/one-time-tokens.ts';
import { plan } from './entities/plans.ts';
import { platformAuditLog } from './entities/platform-audit-logs.ts';
import { platformCounter } from './entities/platform-counters.ts';
import { rateLimitWindow } from './entities/rate-limit-windows.ts';
import { refreshTokenFamily } from './entities/refresh-token-families.ts';
import { scheduledContent } from './entities/scheduled-content.ts';
import { superAdmin } from './entities/super-admins.ts';
import { template } from './entities/templates.ts';
import { unique } from './entities/unique.ts';
import { usageCharge } from './entities/usage-charges.ts';
import { user } from './entities/users.ts';

/** The entities of the service, by the name used in `service.entities` and transactions. */
export const ENTITIES = {
  plan,
  agency,
  user,
  superAdmin,
  client,
  template,
  agencyTemplate,
  document,
  generationJob,
  scheduledContent,
  apiKey,
  auditLog,
  platformAuditLog,
  refreshTokenFamily,
  rateLimitWindow,
  connection,
  unique,
  usageCharge,
  oneTimeToken,
  agencyAdminCount,
  platformCounter,
};

/** The type of `service()`. */
export type DataService = Service<typeof ENTITIES>;

let cached: DataService | undefined;

/** The process-wide data service, created on first use. */
export function service(): DataService {
  cached ??= new Service(ENTITIES, { client: documentClient(), table: tableName() });
  return cached;
}

/** The entities handed to a `service().transaction.write(...)` callback (their writes have `.commit()`). */
export type WriteTransactionEntities = Parameters<Parameters<DataService['transaction']['write']>[0]>[0];
