/**
 * Run-backend overhead through a real single-node SLURM cluster (started here, stopped at the end;
 * test/helpers/slurm-cluster.ts), with the oracle trainer (scripts/oracle-trainer.mjs) standing in
 * for training. Two measurements:
 *
 *  1. Rounds: K NB-201 cells, each a job of `--job-seconds` (default 1 s), submitted as one array and
 *     followed to the last result. Overhead of a round = (submit → last results line) − the longest
 *     job's own run time (its start marker → its exit marker). Goal ≤ 5 s with a 1-s job. Measured on
 *     a node declaring K CPUs (the round runs in one wave: the oracle mostly sleeps) and on the
 *     machine's real CPU count (the round queues in waves; the overhead then includes the waiting).
 *  2. One array of `--array` tasks (default 1,000): every result must come back, none duplicated or lost.
 *
 *   npx tsx bench/runs.ts [--rounds 5] [--cells 10] [--job-seconds 1] [--array 1000] [--poll 1]
 *
 * Each round also splits its overhead: submit → first task start (the scheduler: on SLURM's defaults
 * batch_sched_delay lets it hold new batch jobs up to 3 s) and last exit marker → its results line (NAS Lens).
 *
 * Writes bench/results/runs.json. Wall times depend on the load of the shared machine: the load
 * average is recorded next to every figure.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ResultLine } from '../src/core/results/types';
import { getSpace } from '../src/core/spaces';
import { parseArchString } from '../src/core/spaces/nb201/arch-string';
import type { Nb201Cell } from '../src/core/spaces/types';
import { RunStore } from '../src/node/runs/run-store';
import { dataFile, readCsv } from '../test/helpers/data';
import { startSlurmCluster, type SlurmCluster } from '../test/helpers/slurm-cluster';

const RESULT = resolve('bench/results/runs.json');
const ORACLE = resolve('scripts/oracle-trainer.mjs');

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    cells: { type: 'string', default: '10' },
    'job-seconds': { type: 'string', default: '1' },
    array: { type: 'string', default: '1000' },
    poll: { type: 'string', default: '1' },
  },
});

interface Table {
  arch: string;
  val: number;
  test: number;
}

function distinctCells(rows: Table[], count: number, skip = 0): { cell: Nb201Cell; name: string; row: Table }[] {
  const seen = new Set<string>();
  const out: { cell: Nb201Cell; name: string; row: Table }[] = [];
  for (const row of rows.slice(skip)) {
    const parsed = parseArchString(row.arch);
    if (!parsed.ok) continue;
    const hash = getSpace('nb201').hash(parsed.cell);
    if (seen.has(hash)) continue;
    seen.add(hash);
    out.push({ cell: parsed.cell, name: `cell-${out.length + skip}`, row });
    if (out.length === count) break;
  }
  return out;
}

const load = () => Number(loadavg()[0].toFixed(2));

/** One round: submit K cells, follow to the last result; overhead = wall − longest job. */
async function round(rows: Table[], k: number, jobSeconds: number, skip: number, pollMs: number) {
  const ws = mkdtempSync(join(tmpdir(), 'nas-lens-bench-runs-'));
  try {
    const store = new RunStore(ws);
    const cells = distinctCells(rows, k, skip);
    const loadBefore = load();
    const createStart = performance.now();
    const { run } = await store.create({
      workspace: ws,
      cells,
      seeds: [0],
      backend: 'slurm',
      command: `node ${ORACLE} --arch {arch} --seed {seed} --out {out} --sleep ${jobSeconds}`,
    });
    const submitAt = performance.now();
    const submitWall = Date.now();
    const state = await run.follow({ schedulerMs: pollMs });
    const wall = (performance.now() - submitAt) / 1000;
    const followEnd = Date.now();
    const lastExit = Math.max(...state.tasks.map((t) => Date.parse(t.endedAt ?? '')));
    const longest = Math.max(...state.tasks.map((t) => t.wallSeconds ?? 0));
    const firstStart = Math.min(...state.tasks.map((t) => Date.parse(t.startedAt ?? t.endedAt ?? '')));
    const lines = readFileSync(run.request.results, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ResultLine);
    if (lines.length !== k || state.tasks.some((t) => t.status !== 'done')) throw new Error(`round lost results: ${lines.length} of ${k}`);
    return {
      cells: k,
      preflightSeconds: round3((submitAt - createStart) / 1000),
      submitToLastResultSeconds: round3(wall),
      longestJobSeconds: round3(longest),
      overheadSeconds: round3(wall - longest),
      submitToFirstStartSeconds: round3((firstStart - submitWall) / 1000),
      lastExitToResultSeconds: round3((followEnd - lastExit) / 1000),
      loadBefore,
      loadAfter: load(),
    };
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}

async function rounds(label: string, nodeCpus: number, rows: Table[], count: number, k: number, jobSeconds: number, pollMs: number) {
  const cluster = await useCluster(nodeCpus);
  try {
    const out = [];
    for (let r = 0; r < count; r++) {
      const figures = await round(rows, k, jobSeconds, r * k, pollMs);
      console.log(
        `${label} round ${r + 1}: overhead ${figures.overheadSeconds} s (submit→last result ${figures.submitToLastResultSeconds} s, longest job ${figures.longestJobSeconds} s, load ${figures.loadBefore})`,
      );
      out.push(figures);
    }
    const overheads = out.map((f) => f.overheadSeconds).sort((a, b) => a - b);
    return { nodeCpus, rounds: out, medianOverheadSeconds: overheads[Math.floor(overheads.length / 2)], maxOverheadSeconds: overheads[overheads.length - 1] };
  } finally {
    await cluster.stop();
  }
}

async function bigArray(rows: Table[], n: number, pollMs: number) {
  const nodeCpus = 8;
  const cluster = await useCluster(nodeCpus);
  const ws = mkdtempSync(join(tmpdir(), 'nas-lens-bench-array-'));
  try {
    const store = new RunStore(ws);
    const cells = distinctCells(rows, n);
    if (cells.length !== n) throw new Error(`only ${cells.length} distinct cells`);
    const loadBefore = load();
    const { run } = await store.create({
      workspace: ws,
      cells,
      seeds: [0],
      backend: 'slurm',
      command: `node ${ORACLE} --arch {arch} --seed {seed} --out {out} --sleep 0`,
    });
    const start = performance.now();
    let lastLog = start;
    let results = 0;
    run.onEvent((e) => {
      if (e.type !== 'result') return;
      results++;
      if (performance.now() - lastLog > 15_000) {
        lastLog = performance.now();
        console.log(`array: ${results}/${n} results after ${((lastLog - start) / 1000).toFixed(0)} s (load ${load()})`);
      }
    });
    const state = await run.follow({ schedulerMs: pollMs });
    const wall = (performance.now() - start) / 1000;
    const lines = readFileSync(run.request.results, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ResultLine);
    const tasks = lines.map((l) => l.run?.task as number);
    const unique = new Set(tasks);
    const byName = new Map(cells.map((c) => [c.name, c.row]));
    const wrong = lines.filter((l) => {
      const row = byName.get(l.name as string);
      return !row || l.metrics.test_acc !== row.test || l.metrics.val_acc !== row.val;
    }).length;
    const jobs = new Set(state.submissions.map((s) => s.job));
    const twice = execFileSync('bash', ['-c', `grep -l "does not run twice" ${run.dir}/tasks/*/*/stderr.log 2>/dev/null | wc -l`], { encoding: 'utf8' }).trim();
    return {
      tasks: n,
      nodeCpus,
      arrays: jobs.size,
      results: lines.length,
      uniqueTasks: unique.size,
      duplicated: lines.length - unique.size,
      lost: n - unique.size,
      wrongMetrics: wrong,
      secondStartsRefused: Number(twice),
      allDone: state.tasks.every((t) => t.status === 'done'),
      wallSeconds: round3(wall),
      tasksPerSecond: round3(n / wall),
      loadBefore,
      loadAfter: load(),
    };
  } finally {
    rmSync(ws, { recursive: true, force: true });
    await cluster.stop();
  }
}

/** Starts a cluster and points the SLURM clients of this process at it. */
async function useCluster(nodeCpus: number): Promise<SlurmCluster> {
  const cluster = await startSlurmCluster({ cpus: nodeCpus });
  process.env.SLURM_CONF = cluster.conf;
  return cluster;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

async function main(): Promise<void> {
  const table = dataFile('nb201.csv');
  if (!table) throw new Error('nb201.csv not found (set NAS_LENS_DATA)');
  const rows: Table[] = readCsv(table).map((r) => ({ arch: r.arch, val: Number(r.c10_valid_200), test: Number(r.c10_test_200) }));
  const count = Number(args.rounds);
  const k = Number(args.cells);
  const jobSeconds = Number(args['job-seconds']);
  const pollMs = Number(args.poll) * 1000;
  const slurm = execFileSync('bash', ['-c', 'PATH=$PATH:/usr/sbin slurmctld -V'], { encoding: 'utf8' }).trim();
  const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
  const startUptime = uptime();
  console.log(`${slurm}; ${availableParallelism()} cores; ${startUptime}`);

  const oneWave = await rounds('one wave', k, rows, count, k, jobSeconds, pollMs);
  const waves = await rounds('real CPUs', availableParallelism(), rows, count, k, jobSeconds, pollMs);
  const array = await bigArray(rows, Number(args.array), pollMs);
  console.log(
    `array: ${array.results} results of ${array.tasks} tasks, ${array.duplicated} duplicated, ${array.lost} lost, ${array.wrongMetrics} wrong, in ${array.wallSeconds} s`,
  );

  const report = {
    what: "Run-backend overhead through real SLURM with the oracle trainer: per round, (submit → last results line) − the longest job's own run time; and one array of many tasks, every result back once",
    goal: 'overhead ≤ 5 s per round with a 1-s job; the array: no result duplicated or lost',
    machine: { cpu: cpus()[0]?.model, cores: availableParallelism(), node: process.version, slurm },
    settings: { roundsPerConfiguration: count, cellsPerRound: k, jobSeconds, schedulerPollSeconds: pollMs / 1000, markerPollSeconds: 0.25 },
    uptimeAtStart: startUptime,
    uptimeAtEnd: uptime(),
    roundsOneWave: oneWave,
    roundsRealCpus: waves,
    array,
    note: 'The single-node cluster follows /work/shared/docs/slurm-local.md (scheduler defaults); "one wave" declares as many CPUs as cells so that a round runs at once, "real CPUs" declares the machine\'s cores so that the round queues. Load averages are from the shared 2-core machine, which other work keeps busy.',
  };
  writeFileSync(RESULT, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${RESULT}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
