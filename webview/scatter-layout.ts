// Where the Results view's scatter draws things: predicted score (x) against measured value (y) in a
// fixed viewBox (the SVG scales to the panel), round-number ticks, and each point with its ±std bar.
// No DOM here: test/unit/webview/scatter-layout.test.ts checks it under node.

export interface ScatterInput {
  readonly id: string;
  /** The model's score. */
  readonly x: number;
  /** The measured mean. */
  readonly y: number;
  /** Sample std of the runs (0 with one run). */
  readonly std: number;
}

export interface Tick {
  readonly value: number;
  /** Position along its axis in viewBox units. */
  readonly at: number;
}

export interface PlacedPoint {
  readonly id: string;
  readonly cx: number;
  readonly cy: number;
  /** The ±std bar's ends (cy when there is no spread). */
  readonly top: number;
  readonly bottom: number;
}

export interface ScatterLayout {
  readonly width: number;
  readonly height: number;
  /** The plot area inside the margins. */
  readonly plot: { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number };
  readonly xTicks: readonly Tick[];
  readonly yTicks: readonly Tick[];
  readonly points: readonly PlacedPoint[];
}

export const SCATTER_SIZE = { width: 640, height: 360, left: 64, right: 16, top: 12, bottom: 44 };

/** About `count` round values (1, 2 or 5 × 10^k apart) covering [min, max]; one tick when min = max. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min > max) [min, max] = [max, min];
  if (min === max) return [min];
  const rough = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  // The round step nearest the rough one (on a log scale), as d3's ticks choose it.
  const error = rough / power;
  const step = power * (error >= Math.SQRT1_2 * 10 ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.SQRT2 ? 2 : 1);
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  // A span too small for the numbers' precision has no round steps: its middle stands for it.
  if (!(step > 0) || !Number.isFinite(first) || !Number.isFinite(last) || last - first > count * 4) return [(min + max) / 2];
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(+(i * step).toPrecision(12));
  return ticks;
}

/** The value range an axis shows: the data's, padded by 5 % on each side (a single value gets ±5 % of itself, or ±1 at 0). */
export function axisRange(values: readonly number[]): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) return { min: 0, max: 1 };
  // Values equal up to the numbers' precision count as one value.
  if (max - min <= Math.max(Math.abs(min), Math.abs(max)) * 1e-9) {
    const pad = Math.abs(min) * 0.05 || 1;
    return { min: min - pad, max: max + pad };
  }
  const pad = (max - min) * 0.05;
  return { min: min - pad, max: max + pad };
}

/** The layout of `points` (those with a non-finite x or y are left out). */
export function scatterLayout(points: readonly ScatterInput[], size = SCATTER_SIZE): ScatterLayout {
  const shown = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const plot = { left: size.left, top: size.top, right: size.width - size.right, bottom: size.height - size.bottom };
  const xr = axisRange(shown.map((p) => p.x));
  const yr = axisRange(shown.flatMap((p) => (p.std > 0 ? [p.y - p.std, p.y + p.std] : [p.y])));
  const sx = (v: number) => plot.left + ((v - xr.min) / (xr.max - xr.min)) * (plot.right - plot.left);
  // SVG's y grows downwards: higher measured values sit higher.
  const sy = (v: number) => plot.bottom - ((v - yr.min) / (yr.max - yr.min)) * (plot.bottom - plot.top);
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    width: size.width,
    height: size.height,
    plot,
    xTicks: niceTicks(xr.min, xr.max).map((value) => ({ value, at: round(sx(value)) })),
    yTicks: niceTicks(yr.min, yr.max).map((value) => ({ value, at: round(sy(value)) })),
    points: shown.map((p) => {
      const spread = p.std > 0 && Number.isFinite(p.std) ? p.std : 0;
      return { id: p.id, cx: round(sx(p.x)), cy: round(sy(p.y)), top: round(sy(p.y + spread)), bottom: round(sy(p.y - spread)) };
    }),
  };
}

/** A tick's label: as many decimals as the step between ticks needs. */
export function tickLabel(value: number, ticks: readonly Tick[]): string {
  const step = ticks.length > 1 ? Math.abs(ticks[1].value - ticks[0].value) : Math.abs(value) || 1;
  const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
  return value.toFixed(decimals);
}
