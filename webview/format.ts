// Number formats of the panel (the same rules as the editor's lenses).

export function formatTop(top: number | undefined): string {
  if (top === undefined || !Number.isFinite(top)) return '–';
  const t = Math.max(0, Math.min(100, top));
  if (t >= 10) return `${Math.round(t)}%`;
  if (t >= 0.1) return `${t.toFixed(1)}%`;
  if (t >= 0.001) return `${Number(t.toPrecision(1))}%`;
  return '<0.001%';
}

export function formatCount(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '–';
  if (Math.abs(n) < 1e9) return groupThousands(Math.round(n));
  return n.toExponential(1).replace('e+', 'e');
}

export function formatSi(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '–';
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${(n / 1e9).toFixed(abs >= 1e10 ? 0 : 1)}G`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(abs >= 1e7 ? 0 : 1)}M`;
  if (abs >= 1e3) return `${(n / 1e3).toFixed(abs >= 1e4 ? 0 : 1)}k`;
  return String(Math.round(n));
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
