/**
 * Configuration of the JWTs (PRD §5.2.3): where the signing secret lives and who issues and
 * accepts the tokens, from `shared/config/env.ts`. CDK sets these variables on every Lambda that
 * signs or verifies tokens; the local cloud sets them when it provisions the secret.
 */
import { env } from '../config/env.ts';

/** The one algorithm tokens are signed and accepted with (PRD §5.2.3 `JWT_ALGORITHM`). */
export const TOKEN_ALGORITHM = 'HS256';

/** Slack for clocks that drift between the machine that signed and the one that verifies. */
export const CLOCK_TOLERANCE_SECONDS = 5;

export interface TokenSettings {
  readonly secretId: string;
  readonly issuer: string;
  readonly audience: string;
}

/** The token settings of this process. */
export function tokenSettings(): TokenSettings {
  const config = env();
  return { secretId: config.JWT_SECRET_ID, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE };
}
