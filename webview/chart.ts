// The best-so-far chart (uPlot: ~50 kB, canvas, made for streaming series; chart.js would be 4×
// the size for a line). x = evaluations, y = best-so-far "top %" on a log scale (lower is better).
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartPoint } from '../src/protocol/webview';

/** Keeps the splits at powers of ten (the log axis's decades). */
const decades = (_u: uPlot, splits: number[]): (number | null)[] =>
  splits.map((t) => (t != null && Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9 ? t : null));

export class BestChart {
  private plot: uPlot | undefined;
  private points: readonly ChartPoint[] = [];
  private readonly observer: ResizeObserver;

  private readonly themeObserver: MutationObserver;

  constructor(private readonly host: HTMLElement) {
    this.observer = new ResizeObserver(() => this.plot?.setSize(this.size()));
    this.observer.observe(host);
    // A canvas does not follow CSS variables: when VS Code switches the theme (the body's class and the
    // variables on <html> change), the chart is drawn again in the new colours.
    this.themeObserver = new MutationObserver(() => this.redraw());
    this.themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
    this.themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  }

  private data(): uPlot.AlignedData {
    return [this.points.map((p) => p.evaluations), this.points.map((p) => Math.max(p.top, 1e-12))];
  }

  update(points: readonly ChartPoint[]): void {
    if (points === this.points) return;
    this.points = points;
    if (!this.plot) {
      if (!points.length) return;
      this.plot = new uPlot(this.options(), this.data(), this.host);
    } else {
      this.plot.setData(this.data());
    }
  }

  private redraw(): void {
    if (!this.plot) return;
    this.plot.destroy();
    this.plot = new uPlot(this.options(), this.data(), this.host);
  }

  private size(): { width: number; height: number } {
    return { width: Math.max(200, this.host.clientWidth - 4), height: 150 };
  }

  private options(): uPlot.Options {
    // Colours from the theme's variables only (a canvas needs them resolved); the text colour stands in for a missing one.
    const css = getComputedStyle(document.body);
    const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
    const fg = v('--vscode-foreground', css.color);
    const highContrast = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
    const grid = highContrast ? v('--vscode-contrastBorder', fg) : v('--vscode-editorWidget-border', v('--vscode-panel-border', fg));
    const line = v('--vscode-charts-blue', v('--vscode-focusBorder', fg));
    const font = `11px ${v('--vscode-font-family', 'sans-serif')}`;
    // What the canvas is drawn with, for tests and for the curious (the canvas itself cannot be inspected).
    this.host.dataset.axis = fg;
    this.host.dataset.grid = grid;
    this.host.dataset.line = line;
    return {
      ...this.size(),
      legend: { show: false },
      cursor: { show: true, drag: { x: false, y: false } },
      scales: { x: { time: false }, y: { distr: 3 } },
      axes: [
        { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, font, label: 'evaluations', labelFont: font, labelSize: 16 },
        {
          stroke: fg,
          // decades only (labels, grid and ticks): a log axis otherwise draws a line at every 2…9 × 10^k
          grid: { stroke: grid, width: 1, filter: decades },
          ticks: { stroke: grid, filter: decades },
          font,
          label: 'best top % (log)',
          labelFont: font,
          labelSize: 16,
          size: 60,
          filter: decades,
          values: (_u, ticks) => ticks.map((t) => (t == null ? '' : `${+t.toPrecision(2)}%`)),
        },
      ],
      series: [{}, { label: 'best top %', stroke: line, width: highContrast ? 3 : 2, points: { show: false }, paths: uPlot.paths.stepped?.({ align: 1 }) }],
    };
  }

  dispose(): void {
    this.observer.disconnect();
    this.themeObserver.disconnect();
    this.plot?.destroy();
    this.plot = undefined;
  }
}
