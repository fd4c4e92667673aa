/**
 * The state-machine catalogue: each ASL file in `state-machines/` with the handler bound to
 * each `${Placeholder}` in its Task `Resource` fields. CDK substitutes Lambda ARNs through
 * definition substitutions; the local runtime binds the same placeholders to the imported
 * handlers. The ASL files are written in JSONPath with inline Maps (see ARCHITECTURE §10).
 */
import type { HandlerRef } from './config/handler-ref.ts';

export interface StateMachineDefinition {
  /** Logical name, also the suffix of the deployed state machine's name. */
  readonly name: string;
  /** Path from the repository root. */
  readonly definitionFile: string;
  /** `${Placeholder}` → handler invoked by that Task state. */
  readonly tasks: Readonly<Record<string, HandlerRef>>;
}

export const STATE_MACHINES: readonly StateMachineDefinition[] = [
  {
    name: 'generate-document',
    definitionFile: 'state-machines/generate-document.asl.json',
    tasks: {
      BeginGenerationFunctionArn: { module: 'functions/pipeline/begin-generation.ts', export: 'handler' },
      RecordFailureFunctionArn: { module: 'functions/pipeline/record-failure.ts', export: 'handler' },
    },
  },
];
