/**
 * Key resolution against the real local cloud (DynamoDB, Secrets Manager with the envelope master
 * key) and the fake Anthropic server: the agency's own key first, the platform key only for
 * `included` plans, nothing otherwise; each key is the one the API actually receives.
 */
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type FakeAnthropic,
  startFakeAnthropic,
  structuredReply,
} from '../../tests/support/fake-anthropic.ts';
import { startTestCloud, type TestCloud } from '../../tests/support/local-cloud.ts';
import { agencyBySlug } from '../../tests/support/seed-data.ts';
import { env, resetEnvCache } from '../config/env.ts';
import type { AgencyItem } from '../data/entities/agencies.ts';
import type { PlanItem } from '../data/entities/plans.ts';
import { service } from '../data/service.ts';
import { encryptAgencySecret } from '../provider-keys/agency-secrets.ts';
import type { ModelGateway } from './model-gateway.ts';
import { agencyNeedsOwnKey, ownKeyRequiredError, resolveModelGateway } from './resolve-gateway.ts';

const PLATFORM_KEY = 'sk-ant-platform-key-0001';
const ACME_KEY = 'sk-ant-acme-own-key-0002';
const DEMO_KEY = 'sk-ant-demo-own-key-0003';

let cloud: TestCloud;
let fake: FakeAnthropic;
let demo: AgencyItem;
let acme: AgencyItem;

beforeAll(async () => {
  cloud = await startTestCloud();
  fake = await startFakeAnthropic({
    apiKeys: [PLATFORM_KEY, ACME_KEY, DEMO_KEY],
    respond: () => structuredReply({ ok: true }),
  });
  process.env.ANTHROPIC_BASE_URL = fake.url;
  resetEnvCache();
  demo = await agencyBySlug('demo');
  acme = await agencyBySlug('acme');
});
afterAll(async () => {
  await fake.close();
  await cloud.destroy();
});

async function storeOwnKey(agency: AgencyItem, key: string) {
  const encrypted = await encryptAgencySecret(agency.id, 'anthropic_api_key_encrypted', key);
  await service()
    .entities.agency.patch({ id: agency.id })
    .set({ anthropic_api_key_encrypted: encrypted, anthropic_api_key_last4: key.slice(-4) })
    .go();
  return encrypted;
}

/** The key the fake received for one call through `gateway`. */
async function keyUsedBy(gateway: ModelGateway): Promise<string | null> {
  fake.reset();
  await gateway.structured({
    step: 'topic_analysis',
    task: 'probe',
    system: 'probe',
    prompt: 'probe',
    schema: z.object({ ok: z.boolean() }),
  });
  return fake.requests[0]?.apiKey ?? null;
}

const plan = async (agency: AgencyItem) =>
  (await service().entities.plan.get({ id: agency.plan_id }).go()).data as PlanItem;

describe('resolveModelGateway (connected)', () => {
  it('has no gateway for a BYOK agency without its key, which must add one', async () => {
    expect(await resolveModelGateway(acme.id)).toBeNull();
    expect(agencyNeedsOwnKey(acme, await plan(acme))).toBe(true);
    expect(ownKeyRequiredError()).toMatchObject({ code: 'BIZ_005', status: 403 });
  });

  it('has no gateway for an included plan while no platform key exists', async () => {
    expect(await resolveModelGateway(demo.id)).toBeNull();
    expect(agencyNeedsOwnKey(demo, await plan(demo))).toBe(false);
  });

  it('uses the platform key from Secrets Manager for an included plan, never for a BYOK one', async () => {
    const secrets = new SecretsManagerClient({});
    await secrets.send(
      new CreateSecretCommand({ Name: env().ANTHROPIC_PLATFORM_KEY_SECRET_ID, SecretString: PLATFORM_KEY }),
    );
    secrets.destroy();

    const resolved = await resolveModelGateway(demo.id);
    expect(resolved?.key_source).toBe('platform');
    expect(await keyUsedBy(resolved?.gateway as ModelGateway)).toBe(PLATFORM_KEY);
    expect(await resolveModelGateway(acme.id)).toBeNull();
  });

  it("prefers the agency's own key, decrypted for that agency only", async () => {
    const acmeCiphertext = await storeOwnKey(acme, ACME_KEY);
    const forAcme = await resolveModelGateway(acme.id);
    expect(forAcme?.key_source).toBe('agency');
    expect(await keyUsedBy(forAcme?.gateway as ModelGateway)).toBe(ACME_KEY);
    expect(agencyNeedsOwnKey(await agencyBySlug('acme'), await plan(acme))).toBe(false);

    await storeOwnKey(demo, DEMO_KEY);
    const forDemo = await resolveModelGateway(demo.id);
    expect(forDemo?.key_source).toBe('agency');
    expect(await keyUsedBy(forDemo?.gateway as ModelGateway)).toBe(DEMO_KEY);

    // Acme's ciphertext copied onto Demo's item does not open there.
    await service()
      .entities.agency.patch({ id: demo.id })
      .set({ anthropic_api_key_encrypted: acmeCiphertext })
      .go();
    await expect(resolveModelGateway(demo.id)).rejects.toThrow();
  });
});
