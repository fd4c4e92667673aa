/**
 * Generation pipeline (issue 6 "Benchmarks"): a report of 7 sections generated twice on one local
 * cloud, with the fake Anthropic API answering every call after the same fixed latency and the
 * fake web serving the sources:
 *
 * (a) through the API and the state machine (`state-machines/generate-document.asl.json` on the
 *     local Step Functions emulator: Maps over search and extraction batches, sections in
 *     parallel) until the document is `ready`;
 * (b) through the API again, but with the execution diverted to a driver that runs the SAME
 *     handlers strictly one after another in the ASL's order (`support/sequential-asl.ts`): the
 *     PRD's single Celery task.
 *
 * Reported per latency: model calls, the wall time of each run (API call to
 * `generation_completed_at`), their ratio (goal ≥ 2.5×), the critical path of model calls — the
 * longest chain of calls that depend on each other, honouring the Maps' MaxConcurrency — and the
 * state machine's overhead above it (goal < 15%). Also the CPU time this process spent (every
 * handler and every emulator runs in it; Chromium does not), the ideal schedule of the steps as
 * measured in (b) (every non-model cost included) and the state machine's time above that, and,
 * for the first latency, where the time goes stage by stage.
 *
 * Handler modules are imported, Chromium launched and one whole generation run unmeasured (1 ms per
 * call) before the runs, as in warm Lambdas: printed as the warm-up, in no figure.
 *
 * Run: `npm run bench -- generation`. BENCH_GEN_LATENCY_MS is a comma-separated list of latencies
 * per call (default `150,3000`: the brief's fast fake, then one nearer a real model's answer
 * time); BENCH_GEN_ROUNDS (default 1) runs each pair several times and reports medians (use 3 on
 * a busy machine); BENCH_GEN_SECTIONS (7) the sections; BENCH_GEN_SOURCES (75, the PRD §7.2.1
 * example for a 7-section report) the research depth. Loopback only.
 */
import { cpus, loadavg } from 'node:os';
import { loadHandler } from '../infra/local/handlers/load-handler.ts';
import type { DocumentItem } from '../shared/data/entities/documents.ts';
import { service } from '../shared/data/service.ts';
import { GENERATION_STEPS } from '../shared/generation/steps.ts';
import { closeBrowser, getBrowser } from '../shared/pdf/browser.ts';
import { STATE_MACHINES } from '../shared/state-machines.ts';
import { FAKE_ARTICLES } from '../tests/support/fake-web.ts';
import { REPO_ROOT } from '../tests/support/local-cloud.ts';
import { type ModelCall, startGenerationStage } from '../tests/support/scripted-claude.ts';
import { machine } from './support/bench-cloud.ts';
import {
  type ChainTrace,
  criticalPath,
  runSequentially,
  type SequentialOutcome,
  type TaskTrace,
  type Trace,
  tasksOf,
} from './support/sequential-asl.ts';
import { divertStepFunctions } from './support/sfn-divert.ts';

const LATENCIES = (process.env.BENCH_GEN_LATENCY_MS ?? '150,3000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_GEN_ROUNDS ?? 1);
const SECTIONS = Number(process.env.BENCH_GEN_SECTIONS ?? 7);
const SOURCES_NEEDED = Number(process.env.BENCH_GEN_SOURCES ?? 75);
const GOAL_RATIO = 2.5;
const GOAL_OVERHEAD = 0.15;
const RUN_TIMEOUT_MS = 15 * 60_000;
const TOPIC = 'AI implementation in mid-market companies';

const generateDocument = STATE_MACHINES.find((each) => each.name === 'generate-document');
if (!generateDocument) throw new Error('generate-document is not in the state-machine catalogue');
if (LATENCIES.some((latency) => !(latency > 0)) || !(ROUNDS >= 1))
  throw new Error('BENCH_GEN_LATENCY_MS must list positive milliseconds and BENCH_GEN_ROUNDS be ≥ 1');

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const verdict = (ok: boolean) => (ok ? 'yes' : 'NO');
const load = () => `load ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores`;

/** One generation as the benchmark saw it. */
interface GenerationRun {
  readonly document: DocumentItem;
  readonly jobId: string;
  /** Epoch ms of the API call. */
  readonly startedAt: number;
  /** API call to `generation_completed_at`, ms. */
  readonly wall: number;
  /** CPU time (user + system) this process spent meanwhile, ms. */
  readonly cpu: number;
  /** The model calls it made. */
  readonly calls: ModelCall[];
}

/** The calls of `calls` that arrived while `task` ran (the sequential run has one task at a time). */
function callsDuring(task: TaskTrace, calls: readonly ModelCall[]): ModelCall[] {
  return calls.filter((call) => call.start >= task.start && call.start <= task.end);
}

/** Most calls the fake was answering at once. */
function maxInFlight(calls: readonly ModelCall[]): number {
  const edges = calls.flatMap((call) => [
    { at: call.start, delta: 1 },
    { at: call.end, delta: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let most = 0;
  for (const edge of edges) {
    current += edge.delta;
    most = Math.max(most, current);
  }
  return most;
}

/** The run with the median wall time. */
function median<T extends { wall: number }>(runs: readonly T[]): T {
  return [...runs].sort((a, b) => a.wall - b.wall)[Math.floor(runs.length / 2)] as T;
}

const stage = await startGenerationStage({
  latencyMs: 1,
  sections: SECTIONS,
  sourcesNeeded: SOURCES_NEEDED,
  // Twice the sources the research reads: the pipeline selects that many candidates.
  mirrors: Math.ceil((2 * SOURCES_NEEDED) / FAKE_ARTICLES.length),
  // A report shows at most a dozen statistics in all.
  statisticsPerSection: 2,
  rateLimitMultiplier: 1000,
});
const { agency, claude } = stage;
const divert = await divertStepFunctions(stage.cloud.env.AWS_ENDPOINT_URL_SFN as string);
// Before any StartExecution: the SDK client is created on first use and keeps this endpoint.
process.env.AWS_ENDPOINT_URL_SFN = divert.url;

try {
  /** Starts a generation through the API; resolves when its document is ready. */
  const generate = async (): Promise<GenerationRun> => {
    const callsBefore = claude.calls.length;
    const cpuBefore = process.cpuUsage();
    const startedAt = Date.now();
    const { document_id: documentId, job_id: jobId } = await stage.generate(TOPIC);
    const document = await stage.settled(documentId, RUN_TIMEOUT_MS);
    const cpuUsed = process.cpuUsage(cpuBefore);
    if (document.status !== 'ready')
      throw new Error(
        `generation failed: ${document.generation_error_code} at ${document.generation_error_step}: ${document.generation_error_message}`,
      );
    return {
      document,
      jobId,
      startedAt,
      wall: Date.parse(document.generation_completed_at as string) - startedAt,
      cpu: (cpuUsed.user + cpuUsed.system) / 1000,
      calls: claude.calls.slice(callsBefore),
    };
  };

  /** The same request with its execution diverted to the sequential driver. */
  const generateSequentially = async (): Promise<GenerationRun & { trace: ChainTrace }> => {
    let sequential: Promise<SequentialOutcome> | undefined;
    divert.divertNext((start) => {
      sequential = runSequentially(generateDocument, start.input, {
        repoRoot: REPO_ROOT,
        executionId: start.executionArn,
      });
      // A failed run is reported by `generate` with the error recorded on the document.
      sequential.catch(() => {});
    });
    const run = await generate();
    if (!sequential) throw new Error('the sequential run did not start');
    return { ...run, trace: (await sequential).trace };
  };

  // Modules imported, Chromium launched and every step's code run once (one whole generation,
  // unmeasured) before the measured runs, as in warm Lambdas; otherwise the first run measured
  // would also pay the API route's import, the Step Functions client's creation and first-call costs.
  const warmStart = performance.now();
  await Promise.all(Object.values(generateDocument.tasks).map((ref) => loadHandler(ref, REPO_ROOT)));
  await getBrowser();
  claude.latencyMs = 1;
  await generateSequentially();
  const warmUp = performance.now() - warmStart;

  const jobOf = async (run: GenerationRun) =>
    (
      await service()
        .entities.generationJob.get({ agency_id: agency.id, id: run.jobId })
        .go({ consistent: true })
    ).data;

  console.log(`# Generation: state machine vs the same steps one after another — ${machine()}, ${load()}`);
  console.log(
    `# ${SECTIONS} sections; research depth ${SOURCES_NEEDED} sources (fake web: ${claude.sourceCount} mirrored pages on loopback); fake Anthropic at a fixed latency per call`,
  );
  console.log(
    '# command: npm run bench -- generation   (BENCH_GEN_LATENCY_MS, BENCH_GEN_ROUNDS, BENCH_GEN_SECTIONS, BENCH_GEN_SOURCES)',
  );
  console.log(
    `# warm-up before the runs (import of ${Object.keys(generateDocument.tasks).length} handler modules, Chromium launch, one unmeasured generation at 1 ms per call): ${seconds(warmUp)} s`,
  );

  for (const [latencyIndex, latency] of LATENCIES.entries()) {
    claude.latencyMs = latency;
    const machineRuns: GenerationRun[] = [];
    const sequentialRuns: Array<GenerationRun & { trace: ChainTrace }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      machineRuns.push(await generate());
      sequentialRuns.push(await generateSequentially());
    }
    const machineRun = median(machineRuns);
    const sequentialRun = median(sequentialRuns);
    const { trace } = sequentialRun;
    const modelMs = (task: TaskTrace) =>
      callsDuring(task, sequentialRun.calls).reduce((sum, call) => sum + (call.end - call.start), 0);
    const taskMs = (task: TaskTrace) => task.end - task.start;
    const modelPath = criticalPath(trace, modelMs);
    const idealPath = criticalPath(trace, taskMs);
    const ratio = sequentialRun.wall / machineRun.wall;
    const overhead = (machineRun.wall - modelPath) / modelPath;

    console.log(
      `\n## ${latency} ms per model call${ROUNDS > 1 ? `, median of ${ROUNDS} rounds` : ''} (${load()}; ${sequentialRun.document.research_source_count} sources cited)`,
    );
    console.log(
      `run                                model calls  most in flight   wall s   CPU s${ROUNDS > 1 ? '   every round, wall s' : ''}`,
    );
    for (const [name, run, runs] of [
      ['(a) state machine (API → ready)', machineRun, machineRuns],
      ['(b) sequential, same handlers', sequentialRun, sequentialRuns],
    ] as const) {
      console.log(
        `${name.padEnd(34)} ${String(run.calls.length).padStart(11)} ${String(maxInFlight(run.calls)).padStart(15)} ${seconds(run.wall).padStart(8)} ${seconds(run.cpu).padStart(7)}${ROUNDS > 1 ? `   ${runs.map((each) => seconds(each.wall)).join(' ')}` : ''}`,
      );
    }
    console.log(
      `ratio sequential / state machine: ${ratio.toFixed(2)}×   goal ≥ ${GOAL_RATIO}×   ${verdict(ratio >= GOAL_RATIO)}`,
    );
    const unboundedPath = criticalPath(trace, modelMs, { unbounded: true });
    console.log(
      `critical path of model calls: ${seconds(modelPath)} s (${Math.round(modelPath / latency)} dependent calls × ${latency} ms with the Maps' MaxConcurrency; ${Math.round(unboundedPath / latency)} without it)`,
    );
    console.log(
      `overhead of (a) above it: ${(overhead * 100).toFixed(0)}%   goal < ${GOAL_OVERHEAD * 100}%   ${verdict(overhead < GOAL_OVERHEAD)}`,
    );
    console.log(
      `ideal schedule of the steps as measured in (b), non-model work included: ${seconds(idealPath)} s; (a) above it: ${((machineRun.wall / idealPath - 1) * 100).toFixed(0)}%`,
    );
    if (latencyIndex > 0) continue;

    console.log('# the critical path stage by stage, from (b): each stage waits for the one before');
    console.log('stage                    tasks   calls   model ms   step ms   not model ms');
    for (const stage of trace.steps as Trace[]) {
      const tasks = tasksOf(stage);
      const name = stage.kind === 'chain' ? (tasks[0]?.state ?? '?') : stage.state;
      const model = criticalPath(stage, modelMs);
      const step = criticalPath(stage, taskMs);
      const calls = tasks.reduce((sum, task) => sum + callsDuring(task, sequentialRun.calls).length, 0);
      console.log(
        `${name.padEnd(24)} ${String(tasks.length).padStart(5)} ${String(calls).padStart(7)} ${model.toFixed(0).padStart(10)} ${step.toFixed(0).padStart(9)} ${(step - model).toFixed(0).padStart(14)}`,
      );
    }
    console.log('# each PRD step as the job records it (first start to last completion), ms');
    console.log('step                       (a) state machine   (b) sequential');
    const [jobA, jobB] = await Promise.all([jobOf(machineRun), jobOf(sequentialRun)]);
    const startDelay = (run: GenerationRun, job: typeof jobA) =>
      Date.parse(job?.started_at ?? '') - run.startedAt;
    console.log(
      `${'API call → run started'.padEnd(26)} ${startDelay(machineRun, jobA).toFixed(0).padStart(17)} ${startDelay(sequentialRun, jobB).toFixed(0).padStart(16)}`,
    );
    for (const step of GENERATION_STEPS) {
      const duration = (job: typeof jobA) => {
        const timing = job?.step_timings[step];
        return Date.parse(timing?.completed_at ?? '') - Date.parse(timing?.started_at ?? '');
      };
      console.log(
        `${step.padEnd(26)} ${duration(jobA).toFixed(0).padStart(17)} ${duration(jobB).toFixed(0).padStart(16)}`,
      );
    }
  }
} finally {
  await closeBrowser();
  await divert.close();
  await stage.close();
}
