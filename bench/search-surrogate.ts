/**
 * Surrogate-mode search speed: 5-second searches from a user's cell (examples/cells.nas.json) in the
 * real search worker, per space and strategy, with the host's event-loop lag during each search, the
 * cancel latency (cancel → 'done' message) and the model's raw batch throughput.
 *
 *   npx tsx bench/search-surrogate.ts [--seconds 5] [--spaces nb201,nb101,darts] [--strategies random,evolution,…] [--cancels 10]
 *
 * Uses the bundled model media/models/<space>-cifar10 when it exists; otherwise a stand-in with the
 * surrogate's default architecture (untrained for ranking: speed does not depend on the weights),
 * which the output says. Each space's model is loaded (and for NB-201 the whole space scored) by a
 * warm-up search first, so that the measured searches do not include loading. Writes
 * bench/results/search-surrogate.json.
 *
 * CPU time is the whole process's (worker + host) over each search: on this shared 2-core machine the
 * wall rates fall with the load average, cells per CPU-second much less.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createRng } from '../src/core/rng';
import { STRATEGY_NAMES } from '../src/core/search';
import { searchSpaceOf } from '../src/core/spaces';
import type { Cell, SpaceId } from '../src/core/spaces/types';
import { buildCalibration, defaultPreprocess, encodeCells, loadSurrogate, serializeSurrogate, trainSurrogate } from '../src/core/surrogate';
import { DEFAULT_ARCHITECTURE, DEFAULT_HYPERPARAMETERS } from '../src/core/surrogate/train';
import { enumerateNb201 } from '../src/core/spaces/nb201';
import { readInputs } from '../src/node/read-inputs';
import { WorkerClient, type SearchDoneEvent } from '../src/worker/client';
import { loadSurrogateDir, writeModelFiles } from '../src/node/surrogate-files';
import { initTfBackend } from '../src/node/tf-backend';
import type { SearchRequest } from '../src/protocol/worker';
import { topOfPercentile } from '../src/shared/ranking-terms';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const START_CELLS: Record<SpaceId, string> = { nb201: 'resnet-like', nb101: 'inception-like', darts: 'pc-darts-cifar' };
/** The editor's default strategy (nasLens.search.strategy): its top-10 is the space's headline result. */
const DEFAULT_STRATEGY = 'evolution';
/** Progress messages as often as the editor asks for them. */
const PROGRESS_MS = 100;
/** Delays after the first progress message before cancelling, cycled: cancels land in every phase. */
const CANCEL_DELAYS_MS = [0, 30, 70, 120, 200];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '5' },
      spaces: { type: 'string', default: 'nb201,nb101,darts' },
      strategies: { type: 'string', default: STRATEGY_NAMES.join(',') },
      cancels: { type: 'string', default: '10' },
      /** An earlier result file of this bench (e.g. on the code before a change), summarised under "baseline". */
      baseline: { type: 'string' },
      out: { type: 'string', default: join(repoRoot, 'bench/results/search-surrogate.json') },
    },
  });
  const seconds = Number(values.seconds);
  const spaces = values.spaces!.split(',') as SpaceId[];
  const strategies = values.strategies!.split(',');
  const cancels = Number(values.cancels);
  const backend = await initTfBackend();
  const inputs = await readInputs([join(repoRoot, 'examples/cells.nas.json')]);
  const temp = mkdtempSync(join(tmpdir(), 'nas-lens-bench-'));
  const client = await WorkerClient.start();
  const loadBefore = loadavg();
  const out: Record<string, unknown> = {};
  try {
    for (const spaceId of spaces) {
      const space = searchSpaceOf(spaceId);
      const start = inputs.cells.find((c) => c.name === START_CELLS[spaceId])?.cell;
      if (!start) throw new Error(`examples/cells.nas.json has no valid '${START_CELLS[spaceId]}'`);
      const bundled = join(repoRoot, 'media/models', `${spaceId}-cifar10`);
      const modelDir =
        existsSync(join(bundled, 'model.json')) && existsSync(join(bundled, 'calibration.json')) ? bundled : await standInModel(join(temp, spaceId), spaceId);
      const model = await loadSurrogateDir(modelDir);
      const raw = { batch256: rawThroughput(model, spaceId, 256), batch1024: rawThroughput(model, spaceId, 1024) };
      const startTop = topOfPercentile(model.percentile(model.predict([start]))[0]);
      model.dispose();
      const base = { space: spaceId, mode: 'surrogate', dataset: 'cifar10', modelDir, start, seed: 1, topK: 10, progressIntervalMs: PROGRESS_MS } as const;

      // Warm-up: loads the model into the worker's cache (NB-201: scores the whole space once).
      const warm0 = Date.now();
      await client.search({ ...base, strategy: 'random', budget: 50, timeMs: 10_000 }).result;
      const loadMs = Date.now() - warm0;

      const runs: Record<string, unknown> = {};
      for (const strategy of strategies) {
        const measured = await measuredSearch(client, { ...base, strategy, budget: 1e9, timeMs: seconds * 1000 });
        const { done } = measured;
        // A search that ended early (NB-201: the space exhausted) lasts a fraction of a second, a noisy
        // measurement: two more seeds, and the median of the three rates.
        const repeats =
          done.reason === 'time'
            ? []
            : [measured, ...(await sequence([2, 3], (seed) => measuredSearch(client, { ...base, strategy, seed, budget: 1e9, timeMs: seconds * 1000 })))];
        const rateOf = (m: Measured) => Math.round((m.done.evaluations * 1000) / m.cpuMs);
        runs[strategy] = {
          reason: done.reason,
          evaluations: done.evaluations,
          searchMs: Math.round(done.elapsedMs),
          wallMs: measured.wallMs,
          cpuMs: Math.round(measured.cpuMs),
          /** Cells per second of the search's own clock (worker), and per CPU-second of the whole process. */
          cellsPerSecond: Math.round((done.evaluations * 1000) / done.elapsedMs),
          cellsPerCpuSecond: Math.round((done.evaluations * 1000) / measured.cpuMs),
          loadAverage: round(measured.load, 2),
          hostEventLoopLagMs: measured.lag,
          ...(repeats.length
            ? {
                seeds123: repeats.map((m) => ({
                  evaluations: m.done.evaluations,
                  searchMs: Math.round(m.done.elapsedMs),
                  cpuMs: Math.round(m.cpuMs),
                  cellsPerCpuSecond: rateOf(m),
                })),
                cellsPerCpuSecondMedianOf3: median(repeats.map(rateOf)),
                cellsPerSecondMedianOf3: median(repeats.map((m) => Math.round((m.done.evaluations * 1000) / m.done.elapsedMs))),
              }
            : {}),
          top: done.top.map((r) => ({ text: space.toText(r.cell as Cell), percentile: round(r.top, 3), rank: r.rank, params: r.params })),
        };
        console.error(
          `${spaceId} ${strategy}: ${done.evaluations} cells in ${done.elapsedMs.toFixed(0)} ms (${done.reason}); ${Math.round((done.evaluations * 1000) / done.elapsedMs)} cells/s, ${rateOf(measured)} per CPU-s${repeats.length ? ` (seeds 1-3: ${repeats.map(rateOf).join(', ')})` : ''}; host lag p99 ${measured.lag.p99} ms; best top ${done.top[0]?.top.toFixed(3)}% (start: top ${startTop.toFixed(2)}%); load ${measured.load.toFixed(2)}`,
        );
      }

      const latencies: number[] = [];
      let finishedFirst = 0;
      // NB-201 searches often end (exhausted) within a second: those do not count, the next one is tried.
      for (let k = 0; latencies.length < cancels && k < 3 * cancels; k++) {
        const latency = await cancelLatency(
          client,
          { ...base, strategy: STRATEGY_NAMES[k % STRATEGY_NAMES.length], budget: 1e9, timeMs: 60_000, seed: 100 + k },
          CANCEL_DELAYS_MS[k % CANCEL_DELAYS_MS.length],
        );
        if (latency === undefined) finishedFirst++;
        else latencies.push(latency);
      }
      const sorted = latencies.slice().sort((a, b) => a - b);
      const cancel = {
        measured: latencies.length,
        finishedBeforeCancel: finishedFirst,
        medianMs: round(sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN, 1),
        maxMs: round(sorted[sorted.length - 1] ?? NaN, 1),
        allMs: latencies.map((l) => round(l, 1)),
      };
      console.error(`${spaceId} cancel → done: median ${cancel.medianMs} ms, max ${cancel.maxMs} ms (${latencies.map((l) => l.toFixed(0)).join(', ')})`);

      const headline = runs[DEFAULT_STRATEGY] as { top: unknown[] } | undefined;
      out[spaceId] = {
        model:
          modelDir === bundled
            ? `bundled ${bundled.slice(repoRoot.length + 1)}`
            : 'stand-in: default architecture (hidden 32, 3 layers), trained 2 epochs on log-params of 256 random cells',
        start: {
          name: START_CELLS[spaceId],
          text: space.toText(start),
          predictedPercentile: round(startTop, 3) /* the top % (src/shared/ranking-terms.ts), under its old key */,
        },
        modelLoadMs: loadMs,
        rawPredict: raw,
        ...(headline ? { top10: { strategy: DEFAULT_STRATEGY, cells: headline.top } } : {}),
        cancel,
        searches: runs,
      };
    }
  } finally {
    await client.terminate();
    rmSync(temp, { recursive: true, force: true });
  }
  const result = {
    what: `${seconds}-second surrogate-mode searches from a user's cell in the search worker: cells evaluated per second of search and per CPU-second, the host's event-loop lag while the worker searches, cancel → done latency, and raw predict() throughput`,
    measured: new Date().toISOString(),
    node: process.version,
    backend,
    cpus: cpus().length,
    loadAverageBefore: loadBefore.map((l) => round(l, 2)),
    loadAverageAfter: loadavg().map((l) => round(l, 2)),
    ...(values.baseline ? { baseline: baselineSummary(values.baseline) } : {}),
    note: 'The machine is shared (2 cores, a model training beside): wall rates fall with the load average; cellsPerCpuSecond (CPU of worker + host) much less. Each model is loaded by a warm-up search first (modelLoadMs; NB-201 scores its 15,625 cells once then, and searches look scores up). NB-201 has 6,466 canonical classes: a search that has asked them all stops as exhausted, so its rate is over a fraction of a second. hostEventLoopLagMs: perf_hooks monitorEventLoopDelay (1 ms resolution) on the host thread during the search. cancel: cancel() → the done message on the host, after the first progress message plus 0–200 ms, strategies in turn.',
    spaces: out,
  };
  writeFileSync(values.out!, JSON.stringify(result, null, 1) + '\n');
  console.error(`wrote ${values.out}`);
}

interface Measured {
  readonly done: SearchDoneEvent;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly load: number;
  readonly lag: { p50: number; p99: number; max: number };
}

/** One search to its end, with the process CPU and the host event-loop delay over it. */
async function measuredSearch(client: WorkerClient, request: SearchRequest): Promise<Measured> {
  const load = loadavg()[0];
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  const cpu0 = process.cpuUsage();
  const wall0 = Date.now();
  const search = client.search(request);
  for await (const _ of search.progress) {
    /* drain, as the editor does */
  }
  const done = await search.result;
  const cpu = process.cpuUsage(cpu0);
  const wallMs = Date.now() - wall0;
  lag.disable();
  const ms = (ns: number) => round(ns / 1e6, 2);
  return { done, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, load, lag: { p50: ms(lag.percentile(50)), p99: ms(lag.percentile(99)), max: ms(lag.max) } };
}

/** Milliseconds from cancel() to the done message; undefined when the search ended before the cancel. */
async function cancelLatency(client: WorkerClient, request: SearchRequest, delayMs: number): Promise<number | undefined> {
  const search = client.search(request);
  const iterator = search.progress[Symbol.asyncIterator]();
  await iterator.next(); // running
  if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
  let ended = false;
  void search.result.then(
    () => {
      ended = true;
    },
    () => {
      ended = true;
    },
  );
  await new Promise((r) => setImmediate(r));
  if (ended) return undefined;
  const t = performance.now();
  search.cancel();
  const done = await search.result;
  const latency = performance.now() - t;
  for (;;) if ((await iterator.next()).done) break;
  return done.reason === 'cancelled' ? latency : undefined;
}

/** predict() on fresh random cells, `batch` per call, wall and CPU. */
function rawThroughput(model: ReturnType<typeof loadSurrogate>, spaceId: SpaceId, batch: number) {
  const space = searchSpaceOf(spaceId);
  const rng = createRng(9);
  const calls = Math.max(4, Math.round(8192 / batch));
  const batches = Array.from({ length: calls + 1 }, () => Array.from({ length: batch }, () => space.sample(rng)));
  model.predict(batches[0]);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const b of batches.slice(1)) model.predict(b);
  const cpu = process.cpuUsage(cpu0);
  const n = calls * batch;
  return { batch, cellsPerSecond: Math.round((n * 1000) / (performance.now() - t0)), cellsPerCpuSecond: Math.round(n / ((cpu.user + cpu.system) / 1e6)) };
}

async function standInModel(dir: string, spaceId: SpaceId): Promise<string> {
  const space = searchSpaceOf(spaceId);
  const rng = createRng(3);
  const cells = Array.from({ length: 256 }, () => space.sample(rng));
  const preprocess = defaultPreprocess(spaceId);
  const trained = await trainSurrogate({
    space: spaceId,
    preprocess,
    architecture: { ...DEFAULT_ARCHITECTURE, tiers: 0 },
    hyper: { ...DEFAULT_HYPERPARAMETERS, loss: 'pairwise', epochs: 2, batchSize: 64, members: 1, patience: 0 },
    train: { cells: encodeCells(spaceId, preprocess, cells), targets: Float32Array.from(cells, (c) => Math.log(space.cost(c).params)) },
    rng: createRng(4),
  });
  await writeModelFiles(dir, trained.config, trained.weights);
  const files = serializeSurrogate(trained.config, trained.weights);
  const model = loadSurrogate({ model: files.modelJson, weights: files.weightsBin });
  const reference = spaceId === 'nb201' ? enumerateNb201() : Array.from({ length: 10_000 }, () => space.sample(rng));
  const scores: number[] = [];
  for (let i = 0; i < reference.length; i += 1024) scores.push(...model.predict(reference.slice(i, i + 1024)));
  writeFileSync(
    join(dir, 'calibration.json'),
    JSON.stringify(buildCalibration(scores, { space: spaceId, reference: `${reference.length} cells`, spaceSize: space.size ?? 1 })),
  );
  model.dispose();
  return dir;
}

/** Per space and strategy, the rates of an earlier result file of this bench. */
function baselineSummary(file: string): unknown {
  const old = JSON.parse(readFileSync(file, 'utf8')) as {
    measured: string;
    label?: string;
    loadAverageBefore: unknown;
    spaces: Record<
      string,
      {
        model: string;
        cancel?: unknown;
        searches: Record<
          string,
          { evaluations: number; reason: string; cellsPerSecond: number; cellsPerCpuSecond: number; cellsPerCpuSecondMedianOf3?: number }
        >;
      }
    >;
  };
  return {
    file: file.split('/').pop(),
    ...(old.label ? { label: old.label } : {}),
    measured: old.measured,
    loadAverageBefore: old.loadAverageBefore,
    spaces: Object.fromEntries(
      Object.entries(old.spaces).map(([space, v]) => [
        space,
        {
          model: v.model,
          ...(v.cancel ? { cancel: v.cancel } : {}),
          searches: Object.fromEntries(
            Object.entries(v.searches).map(([name, r]) => [
              name,
              {
                reason: r.reason,
                evaluations: r.evaluations,
                cellsPerSecond: r.cellsPerSecond,
                cellsPerCpuSecond: r.cellsPerCpuSecondMedianOf3 ?? r.cellsPerCpuSecond,
              },
            ]),
          ),
        },
      ]),
    ),
  };
}

async function sequence<T, R>(items: readonly T[], f: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) out.push(await f(item));
  return out;
}

function median(values: readonly number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function round(v: number, places: number): number {
  return Math.round(v * 10 ** places) / 10 ** places;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
