import type { Rng } from '../rng';
import { allWeightSpecs, type MemberScale, type SurrogateArchitecture, type SurrogateConfig } from '../surrogate/config';
import { selectEncoded, type EncodedCells } from '../surrogate/encode-cells';
import { memberWeights } from '../surrogate/ensemble';
import { createScorer } from '../surrogate/scorer';
import { DEFAULT_HYPERPARAMETERS, trainSurrogate } from '../surrogate/train';
import { concatEncoded, type FitPool } from './pool';
import type { FitPrior, FitRecipe } from './types';

export interface EnsembleRequest {
  readonly pool: FitPool;
  /** The user's cells to train on (indices into the pool's user cells). */
  readonly userRows: readonly number[];
  /** Canonical hashes kept out of every prior source (a held-out fold). */
  readonly heldOut: ReadonlySet<string>;
  readonly recipe: FitRecipe;
  readonly prior?: FitPrior;
  readonly architecture: SurrogateArchitecture;
  readonly rng: Rng;
  readonly target: string;
  readonly onEpoch: (member: number, epoch: number, epochs: number, loss: number) => Promise<void>;
}

/**
 * Trains recipe.members networks, one after the other, and joins them into one ensemble model.
 * Member k: the user's cells (a bootstrap resample of them with recipe.bootstrap), plus rows of
 * each prior source (recipe.priorShare of the epoch, none of the held-out cells), every source a
 * group of its own (pairs never cross sources, targets standardised per source); warm-started from
 * the prior's member k mod its member count. Each member's scale is set over the pool's scale
 * reference, so members are averaged on one scale.
 */
export async function trainEnsemble(request: EnsembleRequest): Promise<{ config: SurrogateConfig; weights: Float32Array }> {
  const { pool, recipe, prior, rng } = request;
  const members: { config: SurrogateConfig; weights: Float32Array; scale: MemberScale }[] = [];
  for (let k = 0; k < recipe.members; k++) {
    const memberRng = rng.fork();
    const set = memberSet(request, memberRng);
    const trained = await trainSurrogate({
      space: pool.space,
      preprocess: pool.preprocess,
      architecture: request.architecture,
      hyper: {
        ...DEFAULT_HYPERPARAMETERS,
        loss: recipe.loss,
        epochs: recipe.epochs,
        batchSize: recipe.batchSize,
        learningRate: recipe.learningRate,
        weightDecay: recipe.weightDecay,
        patience: 0,
        members: 1,
      },
      train: set,
      rng: memberRng,
      target: request.target,
      ...(recipe.warmStart && prior ? { initialWeights: () => memberWeights(prior.config, prior.weights, k % prior.config.members) } : {}),
      onEpoch: (r) => request.onEpoch(k, r.epoch, r.epochs, r.loss),
    });
    members.push({ config: trained.config, weights: trained.weights, scale: scaleOver(trained.config, trained.weights, pool.scaleReference) });
  }
  const first = members[0].config;
  const weights = new Float32Array(members.reduce((s, m) => s + m.weights.length, 0));
  let offset = 0;
  for (const m of members) {
    weights.set(m.weights, offset);
    offset += m.weights.length;
  }
  const config: SurrogateConfig = {
    ...first,
    members: members.length,
    memberScales: members.map((m) => m.scale),
    weights: allWeightSpecs(first.encoding, first.architecture, members.length),
  };
  return { config, weights };
}

/** The rows of one member: the user's (a bootstrap resample with recipe.bootstrap) and each prior source's (none held out). */
export function memberRows(request: Pick<EnsembleRequest, 'pool' | 'recipe' | 'userRows' | 'heldOut'>, rng: Rng): { user: number[]; sources: number[][] } {
  const { pool, recipe } = request;
  const user = recipe.bootstrap ? bootstrapRows(request.userRows, pool.userTargets, rng) : [...request.userRows];
  if (!(recipe.priorShare > 0 && pool.sourceCount > 0)) return { user, sources: [] };
  const sources = pool.sourcesEncoded();
  const available = sources.map((s) => s.keys.map((_, i) => i).filter((i) => !request.heldOut.has(s.keys[i])));
  const total = available.reduce((sum, a) => sum + a.length, 0);
  const wanted = Math.round((recipe.priorShare / (1 - recipe.priorShare)) * user.length);
  return {
    user,
    sources: available.map((rows) => {
      const count = Math.min(rows.length, Math.round((wanted * rows.length) / Math.max(1, total)));
      return count < 2 ? [] : rng.shuffle(rows).slice(0, count);
    }),
  };
}

/** One member's training set: encodings, per-source standardised targets and source groups. */
function memberSet(request: EnsembleRequest, rng: Rng): { cells: EncodedCells; targets: Float32Array; groups?: Int32Array } {
  const { pool } = request;
  const rows = memberRows(request, rng);
  const parts: EncodedCells[] = [selectEncoded(pool.userEncoded, rows.user)];
  const targets: number[] = standardise(rows.user.map((i) => pool.userTargets[i]));
  const groups: number[] = rows.user.map(() => 0);
  rows.sources.forEach((picked, s) => {
    if (!picked.length) return;
    const source = pool.sourcesEncoded()[s];
    parts.push(selectEncoded(source.encoded, picked));
    targets.push(...standardise(picked.map((i) => source.targets[i])));
    picked.forEach(() => groups.push(s + 1));
  });
  return {
    cells: concatEncoded(parts),
    targets: Float32Array.from(targets),
    ...(parts.length > 1 ? { groups: Int32Array.from(groups) } : {}),
  };
}

/** A resample with replacement of `rows`, redrawn (up to 20 times) until it holds two different values. */
function bootstrapRows(rows: readonly number[], values: Float32Array, rng: Rng): number[] {
  for (let attempt = 0; attempt < 20; attempt++) {
    const drawn = rows.map(() => rows[rng.int(rows.length)]);
    if (drawn.some((i) => values[i] !== values[drawn[0]])) return drawn;
  }
  return [...rows];
}

function standardise(values: readonly number[]): number[] {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length) || 1;
  return values.map((v) => (v - mean) / std);
}

/** Mean and standard deviation of a member's raw scores over the reference cells. */
function scaleOver(config: SurrogateConfig, weights: Float32Array, reference: EncodedCells): MemberScale {
  const scorer = createScorer({ ...config, memberScales: [{ mean: 0, std: 1 }] }, weights);
  try {
    const s = scorer.score(reference);
    const mean = s.reduce((a, b) => a + b, 0) / s.length;
    const std = Math.sqrt(s.reduce((a, v) => a + (v - mean) ** 2, 0) / s.length);
    return { mean, std: std > 1e-12 ? std : 1 };
  } finally {
    scorer.dispose();
  }
}
