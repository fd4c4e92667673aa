/**
 * The state-machine catalogue: each ASL file in `state-machines/` with the handler bound to
 * each `${Placeholder}` in its Task `Resource` fields. CDK substitutes Lambda ARNs through
 * definition substitutions; the local runtime binds the same placeholders to the imported
 * handlers. The ASL files are written in JSONPath with inline Maps (see ARCHITECTURE §10).
 *
 * A Lambda's timeout is not listed here: CDK takes it from the `TimeoutSeconds` of the Task states
 * that invoke it, so the two cannot disagree.
 */
import type { HandlerRef } from './config/handler-ref.ts';

/** A Task's handler, with the memory its function needs when the default does not fit. */
export interface TaskHandlerRef extends HandlerRef {
  /** MB; functions that import Chromium get at least its minimum whatever this says. */
  readonly memorySize?: number;
}

export interface StateMachineDefinition {
  /** Logical name, also the suffix of the deployed state machine's name. */
  readonly name: string;
  /** Path from the repository root. */
  readonly definitionFile: string;
  /** `${Placeholder}` → handler invoked by that Task state. */
  readonly tasks: Readonly<Record<string, TaskHandlerRef>>;
}

const step = (file: string, memorySize?: number): TaskHandlerRef => ({
  module: `functions/pipeline/${file}.ts`,
  export: 'handler',
  ...(memorySize ? { memorySize } : {}),
});

/** Steps that mostly wait on the model or do bookkeeping. */
const LIGHT = 512;
/** Parsing many fetched pages (readability on a DOM) and reading PDFs back. */
const HEAVY = 1536;

export const STATE_MACHINES: readonly StateMachineDefinition[] = [
  {
    name: 'generate-document',
    definitionFile: 'state-machines/generate-document.asl.json',
    tasks: {
      BeginGenerationFunctionArn: step('begin-generation', LIGHT),
      TopicAnalysisFunctionArn: step('topic-analysis', LIGHT),
      KeywordResearchFunctionArn: step('keyword-research', LIGHT),
      SearchBatchFunctionArn: step('search-sources', LIGHT),
      ReadSourcesFunctionArn: step('read-sources', HEAVY),
      ExtractBatchFunctionArn: step('extract-findings', LIGHT),
      SynthesizeResearchFunctionArn: step('synthesize-research'),
      IndustryAnalysisFunctionArn: step('industry-analysis', LIGHT),
      OutlineCreationFunctionArn: step('outline-creation', LIGHT),
      WriteSectionFunctionArn: step('write-section', LIGHT),
      WriteSummaryFunctionArn: step('write-summary', LIGHT),
      WriteConclusionFunctionArn: step('write-conclusion', LIGHT),
      AssembleContentFunctionArn: step('assemble-content', LIGHT),
      StatisticsIntegrationFunctionArn: step('statistics-integration'),
      ChartGenerationFunctionArn: step('chart-generation', LIGHT),
      CoverImageFunctionArn: step('cover-image'),
      TemplateApplicationFunctionArn: step('template-application'),
      // Chromium: at least CHROMIUM_MEMORY_SIZE (infra/aws/constructs/chromium.ts) is applied.
      PdfRenderingFunctionArn: step('pdf-rendering'),
      QualityReviewFunctionArn: step('quality-review', HEAVY),
      FinalizeFunctionArn: step('finalize', LIGHT),
      RecordFailureFunctionArn: step('record-failure', LIGHT),
    },
  },
];
