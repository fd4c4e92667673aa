import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStateMachine } from './definition.ts';

const handler = { module: 'functions/pipeline/outline.ts', export: 'handler' };
let repoRoot: string;

async function machineFile(name: string, states: Record<string, unknown>, startAt = Object.keys(states)[0]) {
  await writeFile(join(repoRoot, name), JSON.stringify({ StartAt: startAt, States: states }));
  return name;
}

beforeAll(async () => {
  repoRoot = await mkdtemp(join(tmpdir(), 'sfn-definition-'));
});

afterAll(async () => {
  await rm(repoRoot, { recursive: true, force: true });
});

describe('loadStateMachine', () => {
  it('binds nested Task states to the catalogue handlers through fake Lambda ARNs', async () => {
    const file = await machineFile('nested.asl.json', {
      Fan: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'Outline', States: { Outline: { Type: 'Task', Resource: `\${Outline}`, End: true } } },
        ],
        End: true,
      },
    });
    const machine = await loadStateMachine(
      { name: 'nested', definitionFile: file, tasks: { Outline: handler } },
      repoRoot,
      {},
    );
    expect(machine.arn).toBe('arn:aws:states:us-east-1:000000000000:stateMachine:content-strategist-nested');
    expect([...machine.taskHandlers]).toEqual([['Outline', handler]]);
    expect(machine.definition).toContain(
      'arn:aws:lambda:us-east-1:000000000000:function:pipeline-outline-handler',
    );
  });

  it('names the entry and the problem when the catalogue and the ASL disagree', async () => {
    const entry = (definitionFile: string, tasks = {}) => ({ name: 'broken', definitionFile, tasks });
    await expect(loadStateMachine(entry('missing.asl.json'), repoRoot, {})).rejects.toThrow(
      /^State machine broken \(missing\.asl\.json\): ENOENT/,
    );
    const unbound = await machineFile('unbound.asl.json', {
      Step: { Type: 'Task', Resource: `\${Step}`, End: true },
    });
    await expect(loadStateMachine(entry(unbound), repoRoot, {})).rejects.toThrow(
      `placeholder \${Step} has no handler`,
    );
    const direct = await machineFile('direct.asl.json', {
      Step: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:other', End: true },
    });
    await expect(loadStateMachine(entry(direct), repoRoot, {})).rejects.toThrow('is not a catalogue handler');
    const invalid = await machineFile('invalid.asl.json', { Step: { Type: 'Pass', Next: 'Nowhere' } });
    await expect(loadStateMachine(entry(invalid), repoRoot, {})).rejects.toThrow(
      'State machine broken (invalid.asl.json)',
    );
  });
});
