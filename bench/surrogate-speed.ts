import { enumerateNb201 } from '../src/core/spaces/nb201';
import type { SurrogateFiles } from '../src/core/surrogate/artifacts';
import { loadSurrogate } from '../src/core/surrogate/surrogate';
import { clocks, median, timeRepeats } from './step-timing';

export interface SpeedFigures {
  /** predict() over all 15,625 NB-201 cells (encoding included), median of 5 after a warm-up. */
  readonly batchCellsPerSecond: number;
  /** The same per CPU second of this process (user + system), less distorted by other load on a shared machine. */
  readonly batchCellsPerSecondCpu: number;
  /** predict([cell]) wall time, median and 95th percentile of 300 calls after 20 warm-ups. */
  readonly singleCellP50Ms: number;
  readonly singleCellP95Ms: number;
  /** parse + shape checks + tensor upload of model.json/weights.bin (no warm-up), median of 5. */
  readonly loadMs: number;
  /** First predict() after load (kernel warm-up). */
  readonly firstPredictMs: number;
  readonly weightBytes: number;
}

export function measureSpeed(files: SurrogateFiles): SpeedFigures {
  const cells = enumerateNb201();
  const loads: number[] = [];
  let firstPredictMs = 0;
  for (let r = 0; r < 5; r++) {
    const t = clocks();
    const m = loadSurrogate({ model: files.modelJson, weights: files.weightsBin });
    loads.push(clocks().wall - t.wall);
    if (r === 0) {
      const u = clocks();
      m.predict(cells.slice(0, 1));
      firstPredictMs = clocks().wall - u.wall;
    }
    m.dispose();
  }
  const model = loadSurrogate({ model: files.modelJson, weights: files.weightsBin });
  try {
    model.predict(cells);
    const { wall: batch, cpu: batchCpu } = timeRepeats(5, () => model.predict(cells));
    const single: number[] = [];
    for (let r = 0; r < 320; r++) {
      const cell = cells[(r * 7919) % cells.length];
      const t = clocks();
      model.predict([cell]);
      if (r >= 20) single.push(clocks().wall - t.wall);
    }
    single.sort((a, b) => a - b);
    return {
      batchCellsPerSecond: cells.length / (median(batch) / 1000),
      batchCellsPerSecondCpu: cells.length / (median(batchCpu) / 1000),
      singleCellP50Ms: median(single),
      singleCellP95Ms: single[Math.floor(single.length * 0.95)],
      loadMs: median(loads),
      firstPredictMs,
      weightBytes: files.weightsBin.length,
    };
  } finally {
    model.dispose();
  }
}
