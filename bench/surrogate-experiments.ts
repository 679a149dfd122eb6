/**
 * The experiment table of issue 11: each experiment is one change to the recipe (architecture,
 * optimiser, preprocessing, auxiliary targets, ensembles), measured on the protocol of
 * bench/surrogate.ts (same splits, same seeds). Finished runs go to
 * bench/results/surrogate-experiments.partial.jsonl (a rerun resumes; a changed definition reruns);
 * the table to bench/results/surrogate-experiments.{json,md}.
 *   npx tsx bench/surrogate-experiments.ts [--only id,id] [--sizes 1000] [--seeds 1,2,3] [--jobs 2] [--report-only] [--list]
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { LossName } from '../src/core/surrogate/config';
import { initTfBackend } from '../src/node/tf-backend';
import { runInChildren } from './child-runs';
import { EXPERIMENTS, type Experiment } from './surrogate-experiment-list';
import { PROTOCOLS, readProtocolData, runOne, seededSplit, type BenchRun } from './surrogate-protocol';

const RESULTS = join(__dirname, 'results');
const PARTIAL = join(RESULTS, 'surrogate-experiments.partial.jsonl');

interface Task {
  readonly id: string;
  readonly n: number;
  readonly seed: number;
  readonly digest: string;
}
interface TaskResult extends Task {
  readonly run: BenchRun;
  readonly loadAverage: number;
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/**
 * What makes a run: the experiment's definition (not its wording) and the task. An explicit
 * 'nb201-live-edges' counts as no preprocess entry: it was NB-201's default when the first runs were made.
 */
function digestOf(e: Experiment): string {
  const { preprocess, ...rest } = e.recipe ?? {};
  const recipe = preprocess === undefined || preprocess === 'nb201-live-edges' ? rest : { ...rest, preprocess };
  return createHash('sha256')
    .update(JSON.stringify({ space: e.space, loss: e.loss, recipe }))
    .digest('hex')
    .slice(0, 12);
}

function tasksOf(experiments: readonly Experiment[], sizes?: number[], seeds?: number[]): Task[] {
  const tasks: Task[] = [];
  for (const e of experiments) {
    for (const n of sizes?.filter((s) => e.sizes.includes(s)) ?? e.sizes) {
      for (const seed of seeds ?? e.seeds ?? [1]) tasks.push({ id: e.id, n, seed, digest: digestOf(e) });
    }
  }
  return tasks;
}

const keyOf = (t: Task) => `${t.id}|${t.n}|${t.seed}|${t.digest}`;

function readPartial(): Map<string, TaskResult> {
  const done = new Map<string, TaskResult>();
  if (!existsSync(PARTIAL)) return done;
  for (const line of readFileSync(PARTIAL, 'utf8').split('\n')) {
    if (line.trim()) {
      const r = JSON.parse(line) as TaskResult;
      done.set(keyOf(r), r);
    }
  }
  return done;
}

async function worker(tasks: readonly Task[]): Promise<void> {
  await initTfBackend();
  tf.enableProdMode();
  const dataDir = resolve(option('data') ?? process.env.NAS_LENS_DATA ?? join(__dirname, '..', '..', 'shared', 'data'));
  for (const task of tasks) {
    const e = EXPERIMENTS.find((x) => x.id === task.id)!;
    const protocol = PROTOCOLS[e.space];
    const data = readProtocolData(join(dataDir, protocol.file), e.space, protocol.target, e.recipe?.preprocess, e.recipe?.auxiliary);
    const split = seededSplit(data.cells.length, protocol.testSize(data.cells.length));
    const { run } = await runOne(data, split, e.loss as LossName, task.n, task.seed, undefined, e.recipe);
    process.stdout.write(`RUN ${JSON.stringify({ ...task, run, loadAverage: loadavg()[0] })}\n`);
  }
}

interface Row {
  readonly id: string;
  readonly change: string;
  readonly space: string;
  readonly n: number;
  readonly seeds: number;
  readonly tauMean: number;
  readonly tauSd: number;
  readonly cpuSecondsMean: number;
  readonly members: number;
  readonly spread?: { readonly rho: number; readonly coverage: number };
  /** Distillation: the teacher's mean τ (tauMean is the student's). */
  readonly teacherTauMean?: number;
}

function table(results: readonly TaskResult[]): Row[] {
  const rows: Row[] = [];
  for (const e of EXPERIMENTS) {
    for (const n of e.sizes) {
      const runs = results.filter((r) => r.id === e.id && r.n === n && r.digest === digestOf(e)).map((r) => r.run);
      if (!runs.length) continue;
      const taus = runs.map((r) => r.test.kendallTau);
      const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
      const m = mean(taus);
      const spreads = runs.filter((r) => r.spread).map((r) => r.spread!);
      const teachers = runs.filter((r) => r.teacher).map((r) => r.teacher!.kendallTau);
      rows.push({
        id: e.id,
        change: e.change,
        space: e.space,
        n,
        seeds: runs.length,
        tauMean: m,
        tauSd: taus.length > 1 ? Math.sqrt(taus.reduce((a, t) => a + (t - m) ** 2, 0) / (taus.length - 1)) : 0,
        cpuSecondsMean: mean(runs.map((r) => r.cpuSeconds)),
        members: runs[0].members,
        ...(spreads.length ? { spread: { rho: mean(spreads.map((s) => s.spreadErrorRho)), coverage: mean(spreads.map((s) => s.coverage2Spread)) } } : {}),
        ...(teachers.length ? { teacherTauMean: mean(teachers) } : {}),
      });
    }
  }
  return rows;
}

function markdown(rows: readonly Row[]): string {
  const lines = ['| id | change | space | n | seeds | Kendall τ (mean ± sd) | CPU s / run |', '| --- | --- | --- | ---: | ---: | --- | ---: |'];
  for (const r of rows) {
    const extra = r.teacherTauMean !== undefined ? ` (teacher ${r.teacherTauMean.toFixed(4)})` : '';
    lines.push(
      `| ${r.id} | ${r.change} | ${r.space} | ${r.n.toLocaleString('en-US')} | ${r.seeds} | ${r.tauMean.toFixed(4)}${r.seeds > 1 ? ` ± ${r.tauSd.toFixed(4)}` : ''}${extra} | ${r.cpuSecondsMean.toFixed(0)} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const workerTasks = option('worker');
  if (workerTasks) return worker(JSON.parse(workerTasks) as Task[]);
  if (process.argv.includes('--list')) {
    for (const e of EXPERIMENTS) console.log(`${e.id}\t${e.space}\t${e.sizes.join(',')}\t${e.change}`);
    return;
  }
  const ids = EXPERIMENTS.map((e) => e.id);
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (repeated.length) throw new Error(`experiment ids must be unique; repeated: ${[...new Set(repeated)].join(', ')}`);
  const only = option('only')?.split(',');
  const unknown = only?.filter((id) => !EXPERIMENTS.some((e) => e.id === id));
  if (unknown?.length) throw new Error(`unknown experiment(s) ${unknown.join(', ')} (--list shows them)`);
  const chosen = EXPERIMENTS.filter((e) => !only || only.includes(e.id));
  const tasks = tasksOf(chosen, option('sizes')?.split(',').map(Number), option('seeds')?.split(',').map(Number));
  const done = readPartial();
  const todo = tasks.filter((t) => !done.has(keyOf(t)));
  console.log(`${tasks.length - todo.length} of ${tasks.length} runs already done; running ${todo.length}`);
  mkdirSync(RESULTS, { recursive: true });
  if (!process.argv.includes('--report-only')) {
    const passOn = option('data') ? ['--data', option('data')!] : [];
    await runInChildren<Task, TaskResult>(__filename, passOn, todo, Number(option('jobs') ?? 1), 'RUN ', (r) => {
      appendFileSync(PARTIAL, JSON.stringify(r) + '\n');
      done.set(keyOf(r), r);
      console.log(
        `${r.id} n=${r.n} seed ${r.seed}: τ ${r.run.test.kendallTau.toFixed(4)} (${r.run.cpuSeconds.toFixed(0)} CPU s, ${r.run.seconds.toFixed(0)} s wall, load ${r.loadAverage.toFixed(1)})` +
          (r.run.spread ? `, spread ρ ${r.run.spread.spreadErrorRho.toFixed(3)} coverage ${r.run.spread.coverage2Spread.toFixed(3)}` : '') +
          (r.run.teacher ? `, teacher τ ${r.run.teacher.kendallTau.toFixed(4)}` : ''),
      );
    });
  }
  const rows = table([...done.values()]);
  writeFileSync(
    join(RESULTS, 'surrogate-experiments.json'),
    JSON.stringify(
      {
        generated: new Date().toISOString(),
        protocol:
          'bench/surrogate.ts protocols: NB-201 c10_test_200 (3,125-cell test set), NB-101 val_108 (20 % of nb101_subset.csv); training sets of n from the rest, seeded; Kendall τ on the test set',
        experiments: EXPERIMENTS.map((e) => ({ ...e, digest: digestOf(e) })),
        rows,
        runs: [...done.values()].filter((r) => EXPERIMENTS.some((e) => e.id === r.id && digestOf(e) === r.digest)),
      },
      null,
      1,
    ) + '\n',
  );
  const md = markdown(rows);
  writeFileSync(
    join(RESULTS, 'surrogate-experiments.md'),
    `# Surrogate experiments (issue 11)\n\nGenerated by \`npx tsx bench/surrogate-experiments.ts\`; one row per (experiment, n), τ on the fixed test set of the protocol.\n\n${md}\n`,
  );
  console.log(md);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
