// The vscode-free parts of training in the editor: the run settings → training options (with
// nas-lens.runs.json for what they leave unset), the command arguments, the Runs view's rows, and
// the follower on real local runs (a plain shell command stands in for training).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { TaskView } from '../../../src/node/runs/run';
import { RunStore } from '../../../src/node/runs/run-store';
import { trainingSetup } from '../../../src/node/runs/training-setup';
import { describeLoopProgress, parseRunLoopArgs } from '../../../src/extension/runs/loop-args';
import { loopDefaultsOf, RESTRICTED_RUN_KEYS, RUN_CONFIG_KEYS, trainingOptionsOf, type RunConfigKey } from '../../../src/extension/runs/run-settings';
import { RunsFollower } from '../../../src/extension/runs/runs-follower';
import { elapsedSeconds, logOf, runRow, taskDescription, taskRow } from '../../../src/extension/runs/runs-rows';
import { parseTrainCellsArgs } from '../../../src/extension/runs/train-cells-args';
import { waitFor } from '../../helpers/wait';

const OPS = ['nor_conv_3x3', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3', 'nor_conv_3x3'];
const cell = (i: number) => ({ space: 'nb201' as const, ops: OPS.map((o, j) => (j === i ? 'none' : o)) });
const reader = (values: Partial<Record<RunConfigKey, unknown>>) => (key: RunConfigKey) => values[key];

describe('run settings → training options', () => {
  const ws = mkdtempSync(join(tmpdir(), 'nas-lens-run-settings-'));
  after(() => rmSync(ws, { recursive: true, force: true }));

  test('set settings become options; unset ones stay unset so that nas-lens.runs.json fills them', () => {
    const { options, problems } = trainingOptionsOf(
      reader({
        'runs.backend': 'slurm',
        'runs.seeds': 3,
        'runs.maxConcurrent': 4,
        'runs.slurm.partition': 'gpu',
        'runs.slurm.sbatch': ['--constraint=a100', ''],
      }),
      ws,
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(options, {
      workspace: ws,
      backend: 'slurm',
      seeds: [0, 1, 2],
      concurrency: 4,
      maxConcurrent: 4,
      partition: 'gpu',
      sbatch: ['--constraint=a100'],
    });
    writeFileSync(
      join(ws, 'nas-lens.runs.json'),
      JSON.stringify({ command: 'train --arch {arch} --out {out}', backend: 'local', slurm: { partition: 'cpu', time: '10:00' } }),
    );
    const setup = trainingSetup(options, () => undefined);
    assert.equal(setup.backend, 'slurm', 'the setting beats the file');
    assert.equal(setup.command, 'train --arch {arch} --out {out}', 'the file fills the command');
    assert.deepEqual(setup.slurm, { partition: 'gpu', time: '10:00', maxConcurrent: 4, sbatch: ['--constraint=a100'] });
  });

  test('a value of the wrong type is named and ignored; no command anywhere says where to set one', () => {
    const { options, problems } = trainingOptionsOf(reader({ 'runs.backend': 'cloud', 'runs.seeds': 2.5, 'runs.command': 3 }), ws);
    assert.deepEqual(options, { workspace: ws });
    assert.equal(problems.length, 3);
    assert.match(problems[0], /nasLens\.runs\.backend must be slurm or local/);
    const empty = mkdtempSync(join(tmpdir(), 'nas-lens-run-settings-'));
    assert.throws(
      () => trainingSetup({ workspace: empty }, () => undefined, 'set nasLens.runs.command'),
      /no training command: set nasLens\.runs\.command or set "command" in nas-lens\.runs\.json/,
    );
    rmSync(empty, { recursive: true });
  });

  test('every run setting is restricted in an untrusted workspace (package.json agrees); loop defaults', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    const restricted: string[] = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
    for (const key of RESTRICTED_RUN_KEYS) assert.ok(restricted.includes(`nasLens.${key}`), key);
    assert.ok(RESTRICTED_RUN_KEYS.includes(RUN_CONFIG_KEYS.runsCommand));
    assert.match(pkg.capabilities.untrustedWorkspaces.description, /nasLens\.runs/);
    assert.deepEqual(loopDefaultsOf(reader({})), { rounds: 5, batch: 8, acquisition: 'ucb' });
    assert.deepEqual(loopDefaultsOf(reader({ 'loop.rounds': 2, 'loop.batch': 0, 'loop.acquisition': 'ei' })), { rounds: 2, batch: 8, acquisition: 'ei' });
  });
});

describe('command arguments', () => {
  test('nasLens.trainCells takes { space, cells: [{ name, cell }] } and names what is wrong', () => {
    assert.deepEqual(parseTrainCellsArgs({ space: 'nb201', cells: [{ name: 'a', cell: cell(0) }], source: ' suggest ' }), {
      space: 'nb201',
      cells: [{ name: 'a', cell: cell(0) }],
      source: 'suggest',
    });
    const problem = (raw: unknown) => (parseTrainCellsArgs(raw) as { problem?: string }).problem;
    assert.match(problem(undefined) ?? '', /expected/);
    assert.match(problem({ space: 'nb999', cells: [] }) ?? '', /unknown space/);
    assert.match(problem({ space: 'nb201', cells: [] }) ?? '', /non-empty/);
    assert.match(problem({ space: 'nb201', cells: [{ name: '', cell: cell(0) }] }) ?? '', /cells\[0\]\.name/);
    assert.match(problem({ space: 'nb201', cells: [{ name: 'a', cell: { space: 'darts' } }] }) ?? '', /must be a nb201 cell/);
    assert.match(
      problem(JSON.parse('{"space": "nb201", "cells": [{"name": "a", "__proto__": {"cell": {}}}]}')) ?? '',
      /cells\[0\]\.cell/,
      'own properties only',
    );
  });

  test('nasLens.runLoop takes its inputs as an object; progress reads as one line', () => {
    const args = { space: 'nb201', rounds: 2, batch: 3, seeds: 1, acquisition: 'ei', backend: 'local', searchBudget: 200 };
    assert.deepEqual(parseRunLoopArgs(args), args);
    assert.match((parseRunLoopArgs({ ...args, rounds: 0 }) as { problem: string }).problem, /whole numbers/);
    assert.match((parseRunLoopArgs({ ...args, acquisition: 'pi' }) as { problem: string }).problem, /acquisition/);
    assert.equal(
      describeLoopProgress({ roundsStarted: 2, rounds: 5, measured: 12, metric: 'test_acc', best: 93.1234 }),
      'round 2/5 · 12 cells measured · best test_acc 93.12',
    );
    assert.equal(describeLoopProgress({ roundsStarted: 0, rounds: 5, measured: 1 }), 'round 0/5 · 1 cell measured');
  });
});

describe('Runs view rows', () => {
  const base: TaskView = {
    task: 0,
    attempt: 1,
    status: 'running',
    name: 'a',
    space: 'nb201',
    hash: 'abcdef0123456789',
    seed: 0,
    dir: '/r/t',
    stdout: '/r/t/stdout.log',
    stderr: '/r/t/stderr.log',
  };
  const now = Date.parse('2026-12-07T03:00:10Z');

  test('state, elapsed time, metric and failure reason; the menus by context value', () => {
    const running = { ...base, startedAt: '2026-12-07T03:00:00Z' };
    assert.equal(elapsedSeconds(running, now), 10);
    assert.equal(taskDescription(running, now), 'running · 10.0 s');
    const done = { ...base, status: 'done' as const, metrics: { test_acc: 93.5 }, wallSeconds: 41.2 };
    assert.equal(taskDescription(done, now), 'done · test_acc 93.5 · 41.2 s');
    const failed = {
      ...base,
      status: 'failed' as const,
      failure: { reason: 'exit-code' as const, message: 'exit 3', logTail: 'Traceback …' },
      wallSeconds: 0.3,
    };
    const row = taskRow(failed, 1, now);
    assert.equal(row.description, 'failed (exit-code) · 0.3 s');
    assert.equal(row.contextValue, 'task-failed');
    assert.match(row.tooltip, /Traceback …/);
    assert.equal(taskRow(running, 2, now).label, 'a · seed 0');
    assert.equal(taskRow({ ...base, status: 'queued' }, 1, now).contextValue, 'task-active');
    assert.equal(taskDescription({ ...base, status: 'pending', attempt: 2 }, now), 'pending (attempt 2)');
    assert.equal(
      logOf(failed, () => true),
      base.stderr,
    );
    assert.equal(
      logOf(failed, () => false),
      base.stdout,
    );
    assert.equal(
      logOf(done, () => true),
      base.stdout,
    );
  });

  test('a run row: its size, backend and counts; active and failed at once offers both menus', () => {
    const request = { id: 'r1', backend: 'local', cells: [{}, {}], seeds: [0, 1], command: 'x', results: '/w/r.jsonl', createdAt: 'now' } as never;
    const counts = { pending: 0, queued: 0, running: 1, recording: 0, done: 2, failed: 1, cancelled: 0 };
    const row = runRow({ id: 'r1', request, status: 'active', counts, tasks: [] });
    assert.equal(row.description, '2 cells × 2 seeds · local · 1 running, 2 done, 1 failed');
    assert.equal(row.contextValue, 'run-active-failed');
  });
});

describe('RunsFollower on local runs', () => {
  const ws = mkdtempSync(join(tmpdir(), 'nas-lens-follower-'));
  const store = new RunStore(ws);
  const follower = new RunsFollower(store, { pollMs: 50, scanMs: 100 });
  after(() => {
    follower.dispose();
    rmSync(ws, { recursive: true, force: true });
  });
  // Fails for a cell named bad-* until the file `fixed` exists; reports its seed as the metric otherwise.
  const command = `case {name} in bad-*) test -e fixed || { echo 'broken on purpose' >&2; exit 3; } ;; esac; echo "NAS_LENS_METRICS {{\\"test_acc\\": {seed}}}"`;
  const make = async (names: string[]) =>
    (await store.create({ workspace: ws, cells: names.map((name, i) => ({ name, cell: cell(i) })), seeds: [7], command, backend: 'local', local: {} })).run;
  const statuses = (id: string) =>
    follower
      .snapshots()
      .find((s) => s.id === id)
      ?.tasks.map((t) => t.status) ?? [];

  test('a run made elsewhere (the CLI, a reload) is found by a scan and followed to its end; the history is each change seen', async () => {
    const run = await make(['ok-a', 'ok-b']);
    follower.start();
    await waitFor(
      () => statuses(run.id).every((s) => s === 'done'),
      30_000,
      () => `statuses ${statuses(run.id)}`,
    );
    assert.equal(follower.history(run.id, 0)[0], 'pending', 'found before it was submitted');
    assert.equal(follower.history(run.id, 0).at(-1), 'done');
    const lines = readFileSync(join(ws, 'runs.nas-results.jsonl'), 'utf8').trim().split('\n');
    assert.equal(lines.length, 2);
    assert.deepEqual(JSON.parse(lines[0]).metrics, { test_acc: 7 });
  });

  test('a failed task keeps its reason; retry (of that task) trains it again and follows the run', async () => {
    const run = await make(['bad-c']);
    void follower.follow(run);
    await waitFor(
      () => statuses(run.id)[0] === 'failed',
      30_000,
      () => `statuses ${statuses(run.id)}`,
    );
    const failed = follower.snapshots().find((s) => s.id === run.id)?.tasks[0];
    assert.equal(failed?.failure?.reason, 'exit-code');
    assert.match(failed?.failure?.logTail ?? '', /broken on purpose/);
    writeFileSync(join(ws, 'fixed'), '');
    assert.equal(await follower.retry(run.id, [0]), 1);
    await waitFor(
      () => statuses(run.id)[0] === 'done',
      30_000,
      () => `statuses ${statuses(run.id)}`,
    );
    assert.deepEqual(
      follower.history(run.id, 0).filter((s) => s === 'failed' || s === 'pending' || s === 'done'),
      ['pending', 'failed', 'pending', 'done'],
    );
  });
});
