/**
 * End-to-end scenarios of `nas-lens train-cells` and `nas-lens runs`, shared by the local backend
 * and real SLURM: the CLI runs as a child process, the oracle trainer stands in for training, and
 * every wait is for a state (with a generous limit only as a hang guard).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ResultLine } from '../../../src/core/results/types';
import type { RunState } from '../../../src/core/runs/run-types';
import type { TaskStatus } from '../../../src/core/runs/task-state';
import { readState } from '../../../src/node/runs/run-files';
import { cli, startCli } from '../../helpers/cli-process';
import { dataFile, readCsv } from '../../helpers/data';
import { waitFor } from '../../helpers/wait';

export const ORACLE = resolve('scripts/oracle-trainer.mjs');
/** Hang guard for one wait: far above any real duration, never a timing assumption. */
export const LIMIT_MS = 240_000;

export const ARCHS = [
  '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|',
  '|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|',
  '|nor_conv_1x1~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|',
  '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|',
  '|skip_connect~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|',
];

/** A workspace folder with a cells file; names pick the oracle's mode ("exit1-a" fails with exit 1). */
export class Workspace {
  readonly dir = mkdtempSync(join(tmpdir(), 'nas-lens-runs-ws-'));
  readonly gate = join(this.dir, 'gate');

  constructor(
    readonly env: NodeJS.ProcessEnv,
    readonly backend: 'local' | 'slurm',
    readonly extra: readonly string[] = [],
  ) {}

  cells(file: string, names: readonly string[]): string {
    const path = join(this.dir, file);
    writeFileSync(path, JSON.stringify({ space: 'nb201', cells: names.map((name, i) => ({ name, arch: ARCHS[i % ARCHS.length] })) }, null, 1));
    return path;
  }

  command(extra = ''): string {
    return `node ${ORACLE} --arch {arch} --seed {seed} --out {out} --mode-from-name {name} --sleep 0.1 --flaky-dir ${join(this.dir, 'flaky')} --gate ${this.gate}${extra}`;
  }

  trainArgs(cells: readonly string[], ...more: string[]): string[] {
    return ['train-cells', ...cells, '--backend', this.backend, '--workspace', this.dir, '--command', this.command(), '--poll', '0.5', ...this.extra, ...more];
  }

  train(cells: readonly string[], ...more: string[]) {
    return cli(this.trainArgs(cells, ...more), { env: this.env });
  }

  start(cells: readonly string[], ...more: string[]) {
    return startCli(this.trainArgs(cells, ...more), { env: this.env });
  }

  runs(...args: string[]) {
    return cli(['runs', ...args, '--workspace', this.dir], { env: this.env });
  }

  runIds(): string[] {
    const root = join(this.dir, '.nas-lens', 'runs');
    return existsSync(root)
      ? readdirSync(root)
          .filter((id) => existsSync(join(root, id, 'state.json')))
          .sort()
      : [];
  }

  state(id: string): RunState {
    return readState(join(this.dir, '.nas-lens', 'runs', id));
  }

  /** Waits for the workspace's newest run to exist, then returns its id. */
  async newRun(before: number): Promise<string> {
    await waitFor(
      () => this.runIds().length > before,
      LIMIT_MS,
      () => 'no run was made',
    );
    return this.runIds()[before];
  }

  async waitForStatuses(id: string, ok: (statuses: TaskStatus[]) => boolean, what: string): Promise<RunState> {
    await waitFor(
      () => ok(this.state(id).tasks.map((t) => t.status)),
      LIMIT_MS,
      () =>
        `${what}: tasks are ${this.state(id)
          .tasks.map((t) => t.status)
          .join(', ')}`,
    );
    return this.state(id);
  }

  results(file = 'runs.nas-results.jsonl'): ResultLine[] {
    const path = join(this.dir, file);
    if (!existsSync(path)) return [];
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The NB-201 table's CIFAR-10 validation and test accuracy of an arch string (what the oracle reports). */
export function tableMetrics(arch: string): { val_acc: number; test_acc: number } {
  const path = dataFile('nb201.csv');
  assert.ok(path, 'nb201.csv is needed');
  tableCache ??= new Map(readCsv(path).map((r) => [r.arch, { val_acc: Number(r.c10_valid_200), test_acc: Number(r.c10_test_200) }]));
  const m = tableCache.get(arch);
  assert.ok(m, `${arch} not in the table`);
  return m;
}
let tableCache: Map<string, { val_acc: number; test_acc: number }> | undefined;

export function mkdirp(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}
