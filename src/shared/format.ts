// Number formats of every face: the editor's lenses, hints and hover, the panel, the exports and the
// CLI. Digits are en-US everywhere. Each function takes the text of a missing value where the faces
// differ in it (the panel writes '–').

/** One number format for the whole process: building one per call (toLocaleString) costs ~0.3 ms, too slow for 200 lenses. */
const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 15625 → "15,625" (rounded to a whole number). */
export function formatInteger(n: number): string {
  return WHOLE.format(Math.round(n) + 0); // + 0 turns -0 into 0
}

/** "15,625"; huge counts (DARTS, ~10^18) in engineering form: "1.1e18" (`exponentDigits` after the point). */
export function formatCount(n: number | undefined, options: { missing?: string; exponentDigits?: number } = {}): string {
  if (n === undefined || !Number.isFinite(n)) return options.missing ?? '?';
  if (Math.abs(n) < 1e9) return formatInteger(n);
  return n.toExponential(options.exponentDigits ?? 1).replace('e+', 'e');
}

/** "#330 of 15,625"; huge spaces in engineering form: "#3.2e15 of 1.1e18". */
export function formatRank(rank: number, size: number): string {
  return `#${formatCount(rank)} of ${formatCount(size)}`;
}

/** "35%", "2.1%", "0.04%", "0.006%", "<0.001%": a top % (see ranking-terms.ts). */
export function formatTop(top: number | undefined, missing = '?'): string {
  if (top === undefined || !Number.isFinite(top)) return missing;
  const t = Math.max(0, Math.min(100, top));
  if (t >= 10) return `${Math.round(t)}%`;
  if (t >= 0.1) return `${t.toFixed(1)}%`;
  if (t >= 0.001) return `${Number(t.toPrecision(1))}%`;
  return '<0.001%';
}

/** 1.1M, 316k, 2.4G: parameters and FLOPs in two or three digits (the editor and the panel). */
export function formatSi(n: number | undefined, missing = '-'): string {
  if (n === undefined || !Number.isFinite(n)) return missing;
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${(n / 1e9).toFixed(abs >= 1e10 ? 0 : 1)}G`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(abs >= 1e7 ? 0 : 1)}M`;
  if (abs >= 1e3) return `${(n / 1e3).toFixed(abs >= 1e4 ? 0 : 1)}k`;
  return String(Math.round(n));
}

/** 1.23M, 456.7K, 2.41G: parameters and FLOPs with more digits (the CLI's tables). */
export function formatSiPrecise(n: number | undefined, missing = '-'): string {
  if (n === undefined) return missing;
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}K`;
  return String(n);
}

/** "850 ms", "2.5 s", "3 min 5 s". */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/**
 * A measured value: 71.2 → "71.20"; values of a metric below 1 (a loss, a fraction) keep three
 * significant digits. `scale`: the value whose format to follow (a std follows its mean).
 */
export function formatMeasured(value: number, scale = value): string {
  return Math.abs(scale) >= 1 || scale === 0 ? value.toFixed(2) : value.toPrecision(3);
}

/** An estimate and its interval: "0.812 [0.780, 0.840]" (three decimals: a rank correlation). */
export function formatInterval(iv: { readonly estimate: number; readonly low: number; readonly high: number }): string {
  return `${iv.estimate.toFixed(3)} [${iv.low.toFixed(3)}, ${iv.high.toFixed(3)}]`;
}

/** An ensemble's spread beside a predicted score: "±0.045" (the score's scale: three decimals, as the score). */
export function formatSpread(spread: number): string {
  return `±${spread.toFixed(3)}`;
}
