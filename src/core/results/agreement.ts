import { kendallTau, spearmanRho } from '../metrics';
import { ResampledCorrelation } from '../metrics/resampled-correlation';
import { createRng } from '../rng';

/** Below this many measured cells a rank correlation says too little to be shown as a number. */
export const AGREEMENT_MIN_CELLS = 8;

export interface AgreementOptions {
  /** Seed of the bootstrap (same seed and data → the same interval). Default 0. */
  readonly seed?: number;
  /** Bootstrap resamples. Default 1000. */
  readonly resamples?: number;
  /** Coverage of the interval. Default 0.9. */
  readonly level?: number;
}

/** A point estimate and its bootstrap percentile interval, low ≤ estimate ≤ high. */
export interface Interval {
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
}

/** The model's agreement with measurements, or why there is no figure yet. */
export type Agreement =
  | {
      readonly kind: 'figures';
      readonly n: number;
      readonly kendallTau: Interval;
      readonly spearmanRho: Interval;
      readonly level: number;
      /** Resamples that gave a value (a resample whose measurements are all equal gives none). */
      readonly resamples: number;
      readonly seed: number;
    }
  | {
      readonly kind: 'not-yet-meaningful';
      readonly n: number;
      readonly reason: 'too-few-cells' | 'no-spread';
      /** "5 measured cells; the agreement needs at least 8" */
      readonly message: string;
    };

/**
 * Kendall τ and Spearman ρ between predicted scores and measured values of the same cells, each
 * with a seeded bootstrap percentile interval (pairs resampled with replacement, n per resample). Pairs with a
 * non-finite side are left out. With fewer than AGREEMENT_MIN_CELLS pairs, or no spread on a side,
 * the result says why there is no figure instead of giving one.
 */
export function measureAgreement(predicted: ArrayLike<number>, measured: ArrayLike<number>, options: AgreementOptions = {}): Agreement {
  const steps = agreementSteps(predicted, measured, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

export interface AsyncAgreementOptions extends AgreementOptions {
  /** Called every `every` resamples (default 50); a worker yields to its event loop there. Throwing stops the computation. */
  readonly between: () => Promise<void>;
  readonly every?: number;
}

/** measureAgreement in steps: the same figures, with `between()` awaited every few resamples (a worker keeps serving meanwhile). */
export async function measureAgreementAsync(predicted: ArrayLike<number>, measured: ArrayLike<number>, options: AsyncAgreementOptions): Promise<Agreement> {
  const steps = agreementSteps(predicted, measured, options);
  const every = Math.max(1, options.every ?? 50);
  for (let k = 1; ; k++) {
    const step = steps.next();
    if (step.done) return step.value;
    if (k % every === 0) await options.between();
  }
}

/** The agreement's computation, yielding after each bootstrap resample. */
function* agreementSteps(predicted: ArrayLike<number>, measured: ArrayLike<number>, options: AgreementOptions): Generator<void, Agreement> {
  if (predicted.length !== measured.length) throw new RangeError(`measureAgreement: ${predicted.length} predictions for ${measured.length} measurements`);
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < predicted.length; i++) {
    if (Number.isFinite(predicted[i]) && Number.isFinite(measured[i])) {
      x.push(predicted[i]);
      y.push(measured[i]);
    }
  }
  const n = x.length;
  if (n < AGREEMENT_MIN_CELLS) {
    return {
      kind: 'not-yet-meaningful',
      n,
      reason: 'too-few-cells',
      message: `${n} measured cell${n === 1 ? '' : 's'}; the agreement needs at least ${AGREEMENT_MIN_CELLS}`,
    };
  }
  const tau = kendallTau(x, y);
  const rho = spearmanRho(x, y);
  if (!Number.isFinite(tau) || !Number.isFinite(rho)) {
    const side = y.every((v) => v === y[0]) ? 'every measured value is the same' : 'the model gives every cell the same score';
    return { kind: 'not-yet-meaningful', n, reason: 'no-spread', message: `${side}, so there is no order to agree with` };
  }

  const seed = options.seed ?? 0;
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.9;
  if (!(level > 0 && level < 1)) throw new RangeError(`measureAgreement: level must lie in (0, 1), got ${level}`);
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`measureAgreement: resamples must be a positive integer, got ${resamples}`);
  const rng = createRng(seed);
  const resampled = new ResampledCorrelation(x, y);
  const weights = new Int32Array(n);
  const taus: number[] = [];
  const rhos: number[] = [];
  for (let b = 0; b < resamples; b++) {
    weights.fill(0);
    for (let i = 0; i < n; i++) weights[rng.int(n)]++;
    const r = resampled.compute(weights);
    if (Number.isFinite(r.kendallTau) && Number.isFinite(r.spearmanRho)) {
      taus.push(r.kendallTau);
      rhos.push(r.spearmanRho);
    }
    yield;
  }
  return { kind: 'figures', n, kendallTau: interval(tau, taus, level), spearmanRho: interval(rho, rhos, level), level, resamples: taus.length, seed };
}

/**
 * The percentile interval of the bootstrap values. When the bootstrap distribution lies wholly on
 * one side of the estimate (small, skewed samples) the interval is widened to reach it, never narrowed.
 */
function interval(estimate: number, values: number[], level: number): Interval {
  if (!values.length) return { estimate, low: estimate, high: estimate };
  values.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return { estimate, low: Math.min(estimate, quantile(values, tail)), high: Math.max(estimate, quantile(values, 1 - tail)) };
}

/** Linear interpolation between order statistics (R's type 7) of sorted values. */
function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
