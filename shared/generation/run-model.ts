/**
 * The language model and deep-read fetcher of a run: Claude with the agency's or the platform's
 * key when there is one (`resolveModelGateway`), else — only where the runtime allows it, i.e.
 * the local cloud — the offline model with its own fictitious sources. With neither, the step
 * fails with GEN_005 saying that no key is configured.
 */
import { chargeStepUsage, type KeySource } from '../llm/charge-usage.ts';
import type { ModelGateway, ModelUsage } from '../llm/model-gateway.ts';
import { createOfflineGateway, offlineModelAllowed } from '../llm/offline/offline-gateway.ts';
import { createOfflineSourceReader } from '../llm/offline/offline-reader.ts';
import { resolveModelGateway } from '../llm/resolve-gateway.ts';
import type { SourceReader } from '../research/source-reader.ts';
import { createWebSourceReader } from '../research/web-source-reader.ts';
import { GenerationError } from './job-lifecycle.ts';
import { type RunContext, runBrief } from './run-context.ts';

export interface RunModel {
  readonly gateway: ModelGateway;
  readonly reader: SourceReader;
  /** Charges a task's usage once per key (nothing to charge for the offline model). */
  charge(chargeKey: string, usage: readonly ModelUsage[]): Promise<void>;
}

/** The model of `run` (see the module comment). */
export async function resolveRunModel(
  run: Pick<RunContext, 'ref' | 'document' | 'client'>,
): Promise<RunModel> {
  const resolved = await resolveModelGateway(run.ref.agency_id);
  if (resolved) {
    const keySource: KeySource = resolved.key_source;
    return {
      gateway: resolved.gateway,
      reader: createWebSourceReader(),
      async charge(chargeKey, usage) {
        await chargeStepUsage({
          agency_id: run.ref.agency_id,
          document_id: run.ref.document_id,
          charge_key: chargeKey,
          usage,
          key_source: keySource,
        });
      },
    };
  }
  if (offlineModelAllowed()) {
    const brief = runBrief(run);
    return {
      gateway: createOfflineGateway(brief),
      reader: createOfflineSourceReader(brief),
      async charge() {},
    };
  }
  throw new GenerationError(
    'GEN_005',
    'No Anthropic API key is configured for this agency or the platform; add one under Settings → API keys',
  );
}
