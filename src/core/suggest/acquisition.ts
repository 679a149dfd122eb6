/**
 * Acquisition functions over an ensemble's prediction of a cell: `mean` is the model's score (the
 * mean of the members' standardised scores) and `spread` their standard deviation, both on the
 * model's scale. Higher = more worth measuring next.
 */
export type Acquisition =
  /** The model's score alone. */
  | { readonly kind: 'greedy' }
  /** Upper confidence bound: mean + κ · spread. */
  | { readonly kind: 'ucb'; readonly kappa: number }
  /** Expected improvement over `best` (the model's score of the best measured cell), the members' spread as a normal's σ. */
  | { readonly kind: 'ei'; readonly best: number };

export type AcquisitionName = Acquisition['kind'];
export const ACQUISITION_NAMES: readonly AcquisitionName[] = ['ucb', 'ei', 'greedy'];
/** κ of ucb when none is given: a cell one spread less likely is worth as much as one spread better. */
export const DEFAULT_KAPPA = 1;

export function acquire(acquisition: Acquisition, mean: number, spread: number): number {
  switch (acquisition.kind) {
    case 'greedy':
      return mean;
    case 'ucb':
      return mean + acquisition.kappa * spread;
    case 'ei':
      return expectedImprovement(mean, spread, acquisition.best);
  }
}

/** E[max(X − best, 0)] for X ~ N(mean, spread²); max(mean − best, 0) when spread is 0. */
export function expectedImprovement(mean: number, spread: number, best: number): number {
  const gain = mean - best;
  if (!(spread > 0)) return Math.max(gain, 0);
  const z = gain / spread;
  return Math.max(0, spread * (z * normalCdf(z) + normalPdf(z)));
}

export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/** Φ(z): through erf near the centre, through a continued fraction of erfc in the tails (accurate relative to Φ there). */
export function normalCdf(z: number): number {
  const x = z / Math.SQRT2;
  if (x < -2) return 0.5 * erfcTail(-x);
  if (x > 2) return 1 - 0.5 * erfcTail(x);
  return 0.5 * (1 + erf(x));
}

/** The error function by Abramowitz & Stegun 7.1.26 (absolute error ≤ 1.5e-7). */
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign * (1 - poly * Math.exp(-a * a));
}

/** erfc(x) for x ≥ 2: e^(−x²)/√π · 1/(x + (1/2)/(x + (2/2)/(x + (3/2)/(x + …)))), evaluated from depth 60. */
function erfcTail(x: number): number {
  let f = x;
  for (let k = 60; k >= 1; k--) f = x + k / 2 / f;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}
