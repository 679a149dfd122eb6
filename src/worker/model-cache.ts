// The models a worker scores with: loaded once per folder (again when its files change), the oldest
// disposed past the capacity. An NB-201 model scores the whole space once at load: searches and the
// editor then look scores up instead of calling predict().
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_LOAD_FILES } from '../core/catalog';
import { enumerateNb201 } from '../core/spaces/nb201';
import { nb201CellOfCode, NB201_CODE_COUNT, nb201KeyOfCode } from '../core/spaces/nb201/codes';
import { generationCode } from '../core/spaces/nb201/index-order';
import type { Nb201Cell } from '../core/spaces/types';
import type { Surrogate } from '../core/surrogate';
import { loadSurrogateDir } from '../node/surrogate-files';
import { initTfBackend, type BackendInfo } from '../node/tf-backend';

/** A loaded surrogate plus, for NB-201, the score of every cell (the whole space is scored once at load). */
export interface ScoringModel {
  readonly dir: string;
  readonly surrogate: Surrogate;
  readonly backend: BackendInfo;
  /** NB-201: score by benchmark index (0..15624). */
  readonly nb201Scores?: Float32Array;
  /** NB-201: score by generation code (see spaces/nb201/codes.ts). */
  readonly nb201ScoreByCode?: Float32Array;
  readonly loadMs: number;
}

/**
 * Models by directory, loaded once (and again when model.json, weights.bin or calibration.json
 * changed); the oldest is disposed past `capacity`.
 */
export class ModelCache {
  private readonly models = new Map<string, Promise<ScoringModel>>();

  constructor(private readonly capacity = 3) {}

  get(dir: string): Promise<ScoringModel> {
    const key = cacheKey(dir);
    let model = this.models.get(key);
    if (!model) {
      model = loadScoringModel(dir);
      this.models.set(key, model);
      model.catch(() => this.models.delete(key));
      while (this.models.size > this.capacity) {
        const [oldest, entry] = this.models.entries().next().value as [string, Promise<ScoringModel>];
        this.models.delete(oldest);
        entry.then(
          (m) => m.surrogate.dispose(),
          () => undefined,
        );
      }
    }
    return model;
  }

  /** True when the model is loaded or loading. */
  has(dir: string): boolean {
    return this.models.has(cacheKey(dir));
  }

  async dispose(): Promise<void> {
    const entries = [...this.models.values()];
    this.models.clear();
    for (const entry of entries) {
      try {
        (await entry).surrogate.dispose();
      } catch {
        // a model that failed to load holds nothing
      }
    }
  }
}

/** The directory plus the modification times of its files: a retrained model is loaded afresh. */
function cacheKey(dir: string): string {
  const stamp = (name: string): number => {
    try {
      return statSync(join(dir, name)).mtimeMs;
    } catch {
      return 0;
    }
  };
  return [dir, ...MODEL_LOAD_FILES.map(stamp)].join('|');
}

export async function loadScoringModel(dir: string): Promise<ScoringModel> {
  const started = Date.now();
  const backend = await initTfBackend();
  const surrogate = await loadSurrogateDir(dir);
  try {
    if (!surrogate.calibration) throw new Error(`${dir} has no calibration.json: predicted percentiles and ranks need it`);
    let nb201: { nb201Scores: Float32Array; nb201ScoreByCode: Float32Array } | undefined;
    if (surrogate.config.space === 'nb201') {
      // 15,625 cells, about 6,500 distinct encodings: scoring them all once is cheaper than a few batches of queries.
      const cells = enumerateNb201();
      const nb201Scores = surrogate.predict(cells);
      const nb201ScoreByCode = new Float32Array(NB201_CODE_COUNT);
      cells.forEach((cell, i) => {
        nb201ScoreByCode[generationCode(cell)] = nb201Scores[i];
      });
      nb201 = { nb201Scores, nb201ScoreByCode };
      // Once per process: the shared cells and canonical hashes searches look up (~30 ms).
      for (let code = 0; code < NB201_CODE_COUNT; code++) nb201KeyOfCode(code);
      nb201Pool();
    }
    return { dir, surrogate, backend, ...nb201, loadMs: Date.now() - started };
  } catch (err) {
    surrogate.dispose();
    throw err;
  }
}

let sharedPool: readonly Nb201Cell[] | undefined;

/** enumerateNb201() (benchmark index order) as the shared cell objects of spaces/nb201/codes.ts (cheaper to hash and look up). */
export function nb201Pool(): readonly Nb201Cell[] {
  sharedPool ??= enumerateNb201().map((cell) => nb201CellOfCode(generationCode(cell)));
  return sharedPool;
}
