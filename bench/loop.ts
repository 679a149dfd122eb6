/**
 * The closed loop through real SLURM (a single-node cluster started here: test/helpers/slurm-cluster.ts)
 * with the oracle trainer (scripts/oracle-trainer.mjs: a table lookup standing in for training) on
 * NB-201 CIFAR-10: `nas-lens loop`'s machinery (src/node/loop) runs R rounds × K cells per loop seed;
 * validation accuracy (c10_valid_200_mean) selects, test accuracy (c10_test_200) is reported.
 *
 * For each loop seed t the loop's seed is 7919·t + 11, the seed of trial t of bench/suggest.ts; the
 * same trials are then run in oracle mode by bench/suggest.ts itself (no scheduler: table lookups),
 * and the two curves are compared cell for cell — the scheduler must not change the result.
 *
 * Overhead per round: from the round's run being created (sbatch follows at once) to its last result,
 * minus the longest job's own run time.
 *
 *   npx tsx bench/loop.ts [--seeds 10] [--rounds 10] [--batch 10] [--job-seconds 1] [--node-cpus 10]
 *
 * Writes bench/results/loop.json and loop.md (resumable: finished seeds are kept in loop.partial.jsonl).
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { LoopEvent } from '../src/core/loop/loop-types';
import type { ResultLine } from '../src/core/results/types';
import { bestSoFarCurve, meanCurve } from '../src/core/search/bench-curves';
import { LoopStore } from '../src/node/loop/loop';
import { initTfBackend } from '../src/node/tf-backend';
import { startSlurmCluster } from '../test/helpers/slurm-cluster';
import { readJsonl } from './jsonl';

const RESULTS = resolve('bench/results');
const PARTIAL = join(RESULTS, 'loop.partial.jsonl');
const ORACLE_PARTIAL = join(RESULTS, 'loop-oracle.partial.jsonl');
const ORACLE = resolve('scripts/oracle-trainer.mjs');
const CHECKPOINTS = [10, 50, 100];

const { values: args } = parseArgs({
  options: {
    seeds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '10' },
    batch: { type: 'string', default: '10' },
    'job-seconds': { type: 'string', default: '1' },
    'node-cpus': { type: 'string', default: '10' },
    poll: { type: 'string', default: '1' },
    summary: { type: 'boolean', default: false },
  },
});

interface LoopRecord {
  readonly trial: number;
  readonly seed: number;
  readonly curve: readonly number[];
  readonly cells: readonly string[];
  readonly rounds: readonly {
    readonly round: number;
    readonly cells: number;
    readonly overheadSeconds: number;
    readonly longestJobSeconds: number;
    readonly load: number;
  }[];
  readonly failed: number;
  readonly seconds: number;
}

/** The bundled NB-201 model (media/models/nb201-<PRIOR>) the loop's first fit warm-starts from. */
const PRIOR = 'imagenet16';

const load = () => Number(loadavg()[0].toFixed(2));
const round3 = (x: number) => Math.round(x * 1000) / 1000;

async function runLoop(trial: number, rounds: number, batch: number, jobSeconds: number, pollMs: number): Promise<LoopRecord> {
  const seed = 7919 * trial + 11;
  const ws = mkdtempSync(join(tmpdir(), 'nas-lens-bench-loop-'));
  const t0 = performance.now();
  try {
    const store = new LoopStore(ws);
    const loop = store.create({
      workspace: ws,
      space: 'nb201',
      results: join(ws, 'runs.nas-results.jsonl'),
      metric: 'val_acc',
      rounds,
      batch,
      initial: batch,
      seed,
      acquisition: 'ucb',
      kappa: 1,
      minDistance: 2,
      searchBudget: 3000,
      dataset: 'cifar10',
      // The first fit warm-starts from another dataset's bundled model: the CIFAR-10 one learned these labels.
      priorDir: resolve('media/models', `nb201-${PRIOR}`),
      run: {
        backend: 'slurm',
        command: `node ${ORACLE} --arch {arch} --seed {seed} --out {out} --sleep ${jobSeconds} --columns c10_valid_200_mean,c10_test_200`,
        seeds: [0],
        slurm: {},
      },
    });
    const submittedAt = new Map<number, number>();
    const figures: LoopRecord['rounds'][number][] = [];
    const onEvent = (e: LoopEvent) => {
      if (e.type === 'submitted') submittedAt.set(e.round.round, performance.now());
      if (e.type === 'round-end') {
        const wall = (performance.now() - (submittedAt.get(e.round) ?? NaN)) / 1000;
        const longest = Math.max(...e.state.tasks.map((t) => t.wallSeconds ?? 0));
        figures.push({
          round: e.round,
          cells: e.state.tasks.length,
          overheadSeconds: round3(wall - longest),
          longestJobSeconds: round3(longest),
          load: load(),
        });
      }
    };
    const state = await loop.run({ schedulerMs: pollMs, onEvent });
    if (state.status !== 'done') throw new Error(`loop ${loop.id} ended ${state.status}: ${state.reason ?? ''}`);
    const lines = readFileSync(loop.request.results, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ResultLine & { hash?: string });
    const byName = new Map(lines.map((l) => [l.name ?? '', l] as const));
    const order = state.rounds.flatMap((r) => r.cells);
    const history = order.flatMap((c) => {
      const line = byName.get(c.name);
      return line ? [{ cell: c.hash, score: line.metrics.val_acc, test: line.metrics.test_acc }] : [];
    });
    const tests = new Map(history.map((h) => [h.cell, h.test] as const));
    const curve = bestSoFarCurve(
      history.map((h) => ({ cell: { space: 'nb201', hash: h.cell } as never, score: h.score })),
      (cell) => tests.get((cell as unknown as { hash: string }).hash),
      rounds * batch,
    );
    return {
      trial,
      seed,
      curve: curve.map((v) => Math.round(v * 1e4) / 1e4),
      cells: order.map((c) => c.hash),
      rounds: figures,
      failed: order.length - history.length,
      seconds: Math.round((performance.now() - t0) / 100) / 10,
    };
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const seeds = Number(args.seeds);
  const rounds = Number(args.rounds);
  const batch = Number(args.batch);
  if (!args.summary) {
    await initTfBackend();
    const done = new Set(readJsonl<LoopRecord>(PARTIAL).map((r) => r.trial));
    const todo = Array.from({ length: seeds }, (_, t) => t).filter((t) => !done.has(t));
    if (todo.length) {
      const cluster = await startSlurmCluster({ cpus: Number(args['node-cpus']) });
      process.env.SLURM_CONF = cluster.conf;
      try {
        for (const t of todo) {
          const record = await runLoop(t, rounds, batch, Number(args['job-seconds']), Number(args.poll) * 1000);
          appendFileSync(PARTIAL, JSON.stringify(record) + '\n');
          console.error(
            `loop seed ${t}: ${CHECKPOINTS.filter((q) => q <= record.curve.length)
              .map((q) => `@${q} ${record.curve[q - 1].toFixed(2)}`)
              .join(' ')}; overhead per round ${record.rounds.map((r) => r.overheadSeconds.toFixed(1)).join(' ')} s (${record.seconds} s)`,
          );
          oracleMode(t, 1, rounds * batch);
        }
      } finally {
        await cluster.stop();
      }
    }
    // The same trials in oracle mode, by the previous issue's benchmark itself (it skips trials it has).
    oracleMode(0, seeds, rounds * batch);
  }
  summarise(seeds);
}

/** Trials first … first + count − 1 of bench/suggest.ts in oracle mode (it skips the trials it has). */
function oracleMode(first: number, count: number, budget: number): void {
  execFileSync(
    'npx',
    [
      'tsx',
      'bench/suggest.ts',
      '--preset',
      'nb201-cifar10',
      '--first-trial',
      String(first),
      '--trials',
      String(count),
      '--budget',
      String(budget),
      // The same first fit as the loop's (bench/suggest.ts's nb201-cifar10 preset default, stated here).
      '--prior',
      PRIOR,
      '--partial',
      ORACLE_PARTIAL,
    ],
    { stdio: 'inherit' },
  );
}

function summarise(seeds: number): void {
  const loops = readJsonl<LoopRecord>(PARTIAL)
    .filter((r) => r.trial < seeds)
    .sort((a, b) => a.trial - b.trial);
  const oracle = new Map(readJsonl<{ trial: number; curve: number[] }>(ORACLE_PARTIAL).map((r) => [r.trial, r.curve] as const));
  const agree = loops.filter((l) => {
    const o = oracle.get(l.trial);
    return o !== undefined && o.length === l.curve.length && o.every((v, i) => Math.abs(v - l.curve[i]) < 1e-9);
  });
  const slurm = meanCurve(loops.map((l) => [...l.curve]));
  const matched = loops.filter((l) => oracle.has(l.trial));
  const oracleMean = meanCurve(matched.map((l) => oracle.get(l.trial) as number[]));
  const overheads = loops.flatMap((l) => l.rounds.map((r) => r.overheadSeconds)).sort((a, b) => a - b);
  const middle = overheads.length / 2;
  const median = overheads.length % 2 ? overheads[Math.floor(middle)] : (overheads[middle - 1] + overheads[middle]) / 2;
  const cell = (m: { mean: number[]; sem: number[] }, q: number) =>
    m.mean[q - 1] === undefined ? '—' : `${m.mean[q - 1].toFixed(2)} ± ${m.sem[q - 1].toFixed(2)}`;
  const lines = [
    `| NB-201 CIFAR-10 test accuracy of the best-by-validation cell | loops | ${CHECKPOINTS.map((q) => `@${q}`).join(' | ')} |`,
    `| --- | ---: | ${CHECKPOINTS.map(() => '---:').join(' | ')} |`,
    `| closed loop through real SLURM (oracle trainer) | ${loops.length} | ${CHECKPOINTS.map((q) => cell(slurm, q)).join(' | ')} |`,
    `| the same seeds in oracle mode (bench/suggest.ts) | ${matched.length} | ${CHECKPOINTS.map((q) => cell(oracleMean, q)).join(' | ')} |`,
    '',
    `Identical curves (every checkpoint, every cell): ${agree.length} of ${loops.length} loops. ` +
      `Overhead per round (submit → last result − longest job, 1-s jobs): median ${median?.toFixed(2)} s, max ${overheads.at(-1)?.toFixed(2)} s over ${overheads.length} rounds. ` +
      `Failed runs: ${loops.reduce((s, l) => s + l.failed, 0)}.`,
  ];
  writeFileSync(
    join(RESULTS, 'loop.json'),
    JSON.stringify(
      {
        what: 'closed loop (fit → suggest → train) through real SLURM with the oracle trainer on NB-201 CIFAR-10: mean ± standard error over loop seeds of the test accuracy of the best-by-validation cell after q measured cells; the same seeds in oracle mode by bench/suggest.ts',
        machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
        loops: loops.length,
        identicalToOracle: agree.length,
        slurm: Object.fromEntries(CHECKPOINTS.map((q) => [`@${q}`, { mean: slurm.mean[q - 1], sem: slurm.sem[q - 1] }])),
        oracle: Object.fromEntries(CHECKPOINTS.map((q) => [`@${q}`, { mean: oracleMean.mean[q - 1], sem: oracleMean.sem[q - 1] }])),
        overheadSeconds: { median, max: overheads.at(-1), rounds: overheads.length },
        records: loops,
      },
      null,
      1,
    ) + '\n',
  );
  writeFileSync(join(RESULTS, 'loop.md'), lines.join('\n') + '\n');
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
