/**
 * Surrogate-mode search speed: 5-second searches from a user's cell (examples/cells.nas.json) in the
 * real search worker, per space and strategy, plus the model's raw batch throughput.
 *
 *   npx tsx bench/search-surrogate.ts [--seconds 5] [--spaces nb201,nb101,darts] [--strategies random,evolution,…]
 *
 * Uses the bundled model media/models/<space>-cifar10 when it exists; otherwise a stand-in with the
 * surrogate's default architecture (untrained for ranking: speed does not depend on the weights),
 * which the output says. Writes bench/results/search-surrogate.json.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createRng } from '../src/core/rng';
import { STRATEGY_NAMES } from '../src/core/search';
import { getSpace } from '../src/core/spaces';
import type { Cell, SearchSpace, SpaceId } from '../src/core/spaces/types';
import { buildCalibration, defaultPreprocess, encodeCells, loadSurrogate, serializeSurrogate, trainSurrogate } from '../src/core/surrogate';
import { DEFAULT_ARCHITECTURE, DEFAULT_HYPERPARAMETERS } from '../src/core/surrogate/train';
import { enumerateNb201 } from '../src/core/spaces/nb201';
import { readInputs } from '../src/node/read-inputs';
import { SearchWorkerClient } from '../src/node/search-worker-client';
import { loadSurrogateDir, writeModelFiles } from '../src/node/surrogate-files';
import { initTfBackend } from '../src/node/tf-backend';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const START_CELLS: Record<SpaceId, string> = { nb201: 'resnet-like', nb101: 'inception-like', darts: 'pc-darts-cifar' };

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '5' },
      spaces: { type: 'string', default: 'nb201,nb101,darts' },
      strategies: { type: 'string', default: STRATEGY_NAMES.join(',') },
      out: { type: 'string', default: join(repoRoot, 'bench/results/search-surrogate.json') },
    },
  });
  const seconds = Number(values.seconds);
  const spaces = values.spaces!.split(',') as SpaceId[];
  const strategies = values.strategies!.split(',');
  const backend = await initTfBackend();
  const inputs = await readInputs([join(repoRoot, 'examples/cells.nas.json')]);
  const temp = mkdtempSync(join(tmpdir(), 'nas-lens-bench-'));
  const client = await SearchWorkerClient.start();
  const loadBefore = loadavg()[0];
  const out: Record<string, unknown> = {};
  try {
    for (const spaceId of spaces) {
      const start = inputs.cells.find((c) => c.name === START_CELLS[spaceId])?.cell;
      if (!start) throw new Error(`examples/cells.nas.json has no valid '${START_CELLS[spaceId]}'`);
      const bundled = join(repoRoot, 'media/models', `${spaceId}-cifar10`);
      const modelDir = existsSync(join(bundled, 'model.json')) && existsSync(join(bundled, 'calibration.json')) ? bundled : await standInModel(join(temp, spaceId), spaceId);
      const model = await loadSurrogateDir(modelDir);
      const raw = rawThroughput(model, spaceId);
      const startPercentile = 100 - model.percentile(model.predict([start]))[0];
      model.dispose();
      const runs: Record<string, unknown> = {};
      for (const strategy of strategies) {
        const cpu0 = process.cpuUsage();
        const wall0 = Date.now();
        const search = client.start({
          space: spaceId, strategy, mode: 'surrogate', dataset: 'cifar10', modelDir, start,
          budget: 1e9, timeMs: seconds * 1000, seed: 1, topK: 10, progressIntervalMs: 250,
        });
        for await (const _ of search.progress) { /* drain */ }
        const done = await search.result;
        const cpu = process.cpuUsage(cpu0);
        const wallMs = Date.now() - wall0;
        runs[strategy] = {
          reason: done.reason,
          evaluations: done.evaluations,
          searchMs: Math.round(done.elapsedMs),
          wallMsIncludingLoad: wallMs,
          cellsPerSecond: Math.round((done.evaluations * 1000) / done.elapsedMs),
          /** CPU of the whole process (worker + host) over the search: cells per CPU-second. */
          cellsPerCpuSecond: Math.round(done.evaluations / ((cpu.user + cpu.system) / 1e6)),
          top: done.top.map((r) => ({ text: getSpace(spaceId).toText(r.cell as never), percentile: round(r.percentile, 3), rank: r.rank, params: r.params })),
        };
        console.error(`${spaceId} ${strategy}: ${done.evaluations} cells in ${done.elapsedMs.toFixed(0)} ms (${done.reason}); ${(runs[strategy] as { cellsPerSecond: number }).cellsPerSecond} cells/s wall, ${(runs[strategy] as { cellsPerCpuSecond: number }).cellsPerCpuSecond} per CPU-s; best top ${done.top[0]?.percentile.toFixed(3)}% (start: top ${startPercentile.toFixed(2)}%)`);
      }
      out[spaceId] = {
        model: modelDir === bundled ? `bundled ${bundled.slice(repoRoot.length + 1)}` : 'stand-in: default architecture (hidden 32, 3 layers), trained 2 epochs on log-params of 256 random cells',
        start: { name: START_CELLS[spaceId], text: getSpace(spaceId).toText(start as never), predictedPercentile: round(startPercentile, 3) },
        rawPredict: raw,
        searches: runs,
      };
    }
  } finally {
    await client.terminate();
    rmSync(temp, { recursive: true, force: true });
  }
  const result = {
    what: `${seconds}-second surrogate-mode searches from a user's cell in the search worker (cells evaluated by the model per second of search), and raw predict() throughput`,
    measured: new Date().toISOString(),
    node: process.version,
    backend,
    cpus: cpus().length,
    loadAverageBefore: round(loadBefore, 2),
    loadAverageAfter: round(loadavg()[0], 2),
    note: 'The machine is shared: wall rates fall with the load average; cellsPerCpuSecond is what one free core would give. NB-201 searches score the whole space once per model (cached) and then look scores up.',
    spaces: out,
  };
  writeFileSync(values.out!, JSON.stringify(result, null, 1) + '\n');
  console.error(`wrote ${values.out}`);
}

/** predict() on 1,024 fresh random cells per call, wall and CPU. */
function rawThroughput(model: ReturnType<typeof loadSurrogate>, spaceId: SpaceId) {
  const space = getSpace(spaceId) as unknown as SearchSpace<Cell>;
  const rng = createRng(9);
  const batches = Array.from({ length: 6 }, () => Array.from({ length: 1024 }, () => space.sample(rng)));
  model.predict(batches[0]);
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  for (const b of batches.slice(1)) model.predict(b);
  const cpu = process.cpuUsage(cpu0);
  const n = 5 * 1024;
  return { batch: 1024, cellsPerSecond: Math.round((n * 1000) / (Date.now() - t0)), cellsPerCpuSecond: Math.round(n / ((cpu.user + cpu.system) / 1e6)) };
}

async function standInModel(dir: string, spaceId: SpaceId): Promise<string> {
  const space = getSpace(spaceId) as unknown as SearchSpace<Cell>;
  const rng = createRng(3);
  const cells = Array.from({ length: 256 }, () => space.sample(rng));
  const preprocess = defaultPreprocess(spaceId);
  const trained = await trainSurrogate({
    space: spaceId, preprocess, architecture: { ...DEFAULT_ARCHITECTURE, tiers: 0 },
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
  writeFileSync(join(dir, 'calibration.json'), JSON.stringify(buildCalibration(scores, { space: spaceId, reference: `${reference.length} cells`, spaceSize: space.size ?? 1 })));
  model.dispose();
  return dir;
}

function round(v: number, places: number): number {
  return Math.round(v * 10 ** places) / 10 ** places;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
