/** A small self-contained SVG line chart of mean best-so-far curves (no chart library). */
export interface PlotOptions {
  readonly title: string;
  readonly yLabel: string;
  /** Draws a dashed reference line, e.g. the table's optimum. */
  readonly reference?: { readonly value: number; readonly label: string };
  /** First query shown; early queries sit far below and would flatten the rest. Default 10. */
  readonly fromQuery?: number;
}

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2'];
const W = 720;
const H = 420;
const M = { left: 64, right: 150, top: 40, bottom: 48 };

export function renderCurvesSvg(curves: Record<string, readonly number[]>, options: PlotOptions): string {
  const names = Object.keys(curves);
  const from = options.fromQuery ?? 10;
  const length = Math.max(...names.map((n) => curves[n].length));
  const shown = names.flatMap((n) => curves[n].slice(from - 1).filter(Number.isFinite));
  if (options.reference) shown.push(options.reference.value);
  let lo = Math.min(...shown);
  let hi = Math.max(...shown);
  const pad = (hi - lo) * 0.05 || 0.1;
  lo -= pad;
  hi += pad;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const x = (q: number) => M.left + ((q - from) / Math.max(1, length - from)) * plotW;
  const y = (v: number) => M.top + (1 - (v - lo) / (hi - lo)) * plotH;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${M.left + plotW / 2}" y="22" text-anchor="middle" font-size="14">${escape(options.title)}</text>`);
  const yTicks = ticks(lo, hi, 6);
  const places = decimals(yTicks);
  for (const v of yTicks) {
    out.push(`<line x1="${M.left}" x2="${M.left + plotW}" y1="${f(y(v))}" y2="${f(y(v))}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${M.left - 6}" y="${f(y(v) + 4)}" text-anchor="end">${v.toFixed(places)}</text>`);
  }
  for (const q of ticks(from, length, 8).filter((q) => q >= from && q <= length)) {
    out.push(`<line x1="${f(x(q))}" x2="${f(x(q))}" y1="${M.top + plotH}" y2="${M.top + plotH + 4}" stroke="#333"/>`);
    out.push(`<text x="${f(x(q))}" y="${M.top + plotH + 18}" text-anchor="middle">${q}</text>`);
  }
  out.push(`<rect x="${M.left}" y="${M.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${M.left + plotW / 2}" y="${H - 10}" text-anchor="middle">queries</text>`);
  out.push(`<text transform="translate(16 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escape(options.yLabel)}</text>`);
  if (options.reference) {
    const ry = f(y(options.reference.value));
    out.push(`<line x1="${M.left}" x2="${M.left + plotW}" y1="${ry}" y2="${ry}" stroke="#555" stroke-dasharray="5 4"/>`);
    out.push(
      `<text x="${M.left + plotW - 4}" y="${f(y(options.reference.value) - 5)}" text-anchor="end" fill="#555">${escape(options.reference.label)}</text>`,
    );
  }
  names.forEach((name, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const points = curves[name]
      .map((v, k) => [k + 1, v] as const)
      .filter(([q, v]) => q >= from && Number.isFinite(v))
      .map(([q, v]) => `${f(x(q))},${f(y(v))}`)
      .join(' ');
    out.push(`<polyline fill="none" stroke="${colour}" stroke-width="1.8" points="${points}"/>`);
    const ly = M.top + 14 + i * 18;
    out.push(`<line x1="${W - M.right + 12}" x2="${W - M.right + 36}" y1="${ly - 4}" y2="${ly - 4}" stroke="${colour}" stroke-width="2.5"/>`);
    out.push(`<text x="${W - M.right + 42}" y="${ly}">${escape(name)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** About `count` round tick values covering [lo, hi]. */
function ticks(lo: number, hi: number, count: number): number[] {
  const raw = (hi - lo) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(Number(v.toFixed(10)));
  return out;
}

/** The fewest decimal places that print every tick exactly. */
function decimals(values: readonly number[]): number {
  for (let places = 0; places < 4; places++) if (values.every((v) => Math.abs(Number(v.toFixed(places)) - v) < 1e-9)) return places;
  return 4;
}

function f(v: number): string {
  return v.toFixed(1);
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
