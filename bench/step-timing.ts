import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRng } from '../src/core/rng';
import { enumerateNb201 } from '../src/core/spaces/nb201';
import type { SurrogateArchitecture } from '../src/core/surrogate/config';
import { encodeCells, selectEncoded, type EncodedCells } from '../src/core/surrogate/encode-cells';
import { createScorer } from '../src/core/surrogate/scorer';
import { DEFAULT_HYPERPARAMETERS, trainSurrogate, type TrainHyperparameters } from '../src/core/surrogate/train';

/** Wall and CPU (user + system) clocks in ms; CPU time is what the shared 2-core machine's load distorts least. */
export function clocks(): { wall: number; cpu: number } {
  const u = process.cpuUsage();
  return { wall: performance.now(), cpu: (u.user + u.system) / 1000 };
}

/** Wall and CPU milliseconds of each of `repeats` calls of `run`. */
export function timeRepeats(repeats: number, run: () => void): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t = clocks();
    run();
    const u = clocks();
    wall.push(u.wall - t.wall);
    cpu.push(u.cpu - t.cpu);
  }
  return { wall, cpu };
}

/** Writes a benchmark's report as pretty JSON (creating its folder) and says so. */
export function writeReport(file: string, report: unknown, summary = ''): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  console.log(`wrote ${file}${summary}`);
}

export function median(values: readonly number[]): number {
  const s = values.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export interface ModelTiming {
  readonly trainStepWallMs: number;
  readonly trainStepCpuMs: number;
  readonly inferenceCellsPerSecondWall: number;
  readonly inferenceCellsPerSecondCpu: number;
}

/** All 15,625 NB-201 cells, encoded as the surrogate sees them. */
export function allNb201Encoded(): EncodedCells {
  return encodeCells('nb201', 'nb201-live-edges', enumerateNb201());
}

/**
 * On the active backend: one training step (ListMLE, `batchSize` cells; the mean over `epochs` − 1
 * epochs of 8 steps after a warm-up epoch) and batched inference over all 15,625 NB-201 cells
 * (median of 3 passes after a warm-up pass).
 */
export async function timeNb201Model(arch: SurrogateArchitecture, batchSize = 128, epochs = 4): Promise<ModelTiming> {
  const cells = allNb201Encoded();
  const rng = createRng(7);
  const rows = rng.shuffle(Array.from({ length: cells.count }, (_, i) => i)).slice(0, batchSize * 8);
  const train = { cells: selectEncoded(cells, rows), targets: Float32Array.from(rows, () => rng.next()) };
  const hyper: TrainHyperparameters = { ...DEFAULT_HYPERPARAMETERS, epochs, batchSize, patience: 0 };
  const stamps: { wall: number; cpu: number }[] = [];
  const trained = await trainSurrogate({
    space: 'nb201',
    preprocess: 'nb201-live-edges',
    architecture: arch,
    hyper,
    train,
    rng,
    onEpoch: () => {
      stamps.push(clocks());
    },
  });
  const steps = 8 * (stamps.length - 1);
  const first = stamps[0],
    last = stamps[stamps.length - 1];

  const scorer = createScorer(trained.config, trained.weights);
  try {
    scorer.score(cells);
    const { wall, cpu } = timeRepeats(3, () => scorer.score(cells));
    return {
      trainStepWallMs: (last.wall - first.wall) / steps,
      trainStepCpuMs: (last.cpu - first.cpu) / steps,
      inferenceCellsPerSecondWall: cells.count / (median(wall) / 1000),
      inferenceCellsPerSecondCpu: cells.count / (median(cpu) / 1000),
    };
  } finally {
    scorer.dispose();
  }
}
