// Number formats shared by the lenses, hints, hover, panel and exports.

/** "35%", "2.1%", "0.04%", "0.006%", "<0.001%": share of the space at or above a cell's predicted rank. */
export function formatTop(top: number): string {
  if (!Number.isFinite(top)) return '?';
  const t = Math.max(0, Math.min(100, top));
  if (t >= 10) return `${Math.round(t)}%`;
  if (t >= 0.1) return `${t.toFixed(1)}%`;
  if (t >= 0.001) return `${Number(t.toPrecision(1))}%`;
  return '<0.001%';
}

/** "Top k%" as the rank shows it: rank 330 of 15,625 is the top 2.1%. */
export function topOf(rank: number, spaceSize: number): number {
  return (100 * rank) / spaceSize;
}

/** "#330 of 15,625"; huge spaces (DARTS, ~10^18) in engineering form: "#3.2e15 of 1.1e18". */
export function formatRank(rank: number, size: number): string {
  return `#${formatCount(rank)} of ${formatCount(size)}`;
}

export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '?';
  if (Math.abs(n) < 1e9) return groupThousands(Math.round(n));
  return n.toExponential(1).replace('e+', 'e');
}

/** 1.1M, 316k, 2.4G: parameters and FLOPs. */
export function formatSi(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '-';
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${(n / 1e9).toFixed(abs >= 1e10 ? 0 : 1)}G`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(abs >= 1e7 ? 0 : 1)}M`;
  if (abs >= 1e3) return `${(n / 1e3).toFixed(abs >= 1e4 ? 0 : 1)}k`;
  return String(Math.round(n));
}

/** A coarse tier of a "top %" value, for the hover. */
export function tierOf(top: number): string {
  if (top <= 1) return 'top 1%';
  if (top <= 5) return 'top 5%';
  if (top <= 10) return 'top 10%';
  if (top <= 25) return 'top quarter';
  if (top <= 50) return 'top half';
  if (top <= 75) return 'bottom half';
  return 'bottom quarter';
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** 15625 → "15,625" (as en-US; toLocaleString builds a number format per call, ~0.3 ms: too slow for 200 lenses). */
function groupThousands(n: number): string {
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? `-${digits}` : digits;
}
