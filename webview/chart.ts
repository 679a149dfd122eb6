// The best-so-far chart (uPlot: ~50 kB, canvas, made for streaming series; chart.js would be 4×
// the size for a line). x = evaluations, y = best-so-far "top %" on a log scale (lower is better).
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartPoint } from '../src/protocol/webview';

export class BestChart {
  private plot: uPlot | undefined;
  private points: readonly ChartPoint[] = [];
  private readonly observer: ResizeObserver;

  constructor(private readonly host: HTMLElement) {
    this.observer = new ResizeObserver(() => this.plot?.setSize(this.size()));
    this.observer.observe(host);
  }

  update(points: readonly ChartPoint[]): void {
    if (points === this.points) return;
    this.points = points;
    const data: uPlot.AlignedData = [points.map((p) => p.evaluations), points.map((p) => Math.max(p.top, 1e-12))];
    if (!this.plot) {
      if (!points.length) return;
      this.plot = new uPlot(this.options(), data, this.host);
    } else {
      this.plot.setData(data);
    }
  }

  private size(): { width: number; height: number } {
    return { width: Math.max(200, this.host.clientWidth - 4), height: 150 };
  }

  private options(): uPlot.Options {
    const css = getComputedStyle(document.body);
    const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
    const fg = v('--vscode-foreground', '#cccccc');
    const grid = v('--vscode-editorWidget-border', 'rgba(128,128,128,0.35)');
    const line = v('--vscode-charts-blue', '#3794ff');
    const font = `11px ${v('--vscode-font-family', 'sans-serif')}`;
    return {
      ...this.size(),
      legend: { show: false },
      cursor: { show: true, drag: { x: false, y: false } },
      scales: { x: { time: false }, y: { distr: 3 } },
      axes: [
        { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, font, label: 'evaluations', labelFont: font, labelSize: 16 },
        {
          stroke: fg,
          grid: { stroke: grid, width: 1 },
          ticks: { stroke: grid },
          font,
          label: 'best top % (log)',
          labelFont: font,
          labelSize: 16,
          size: 60,
          // decades only: a log axis otherwise draws a line at every 2…9 × 10^k
          filter: (_u, splits) => splits.map((t) => (t != null && Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9 ? t : null)),
          values: (_u, ticks) => ticks.map((t) => (t == null ? '' : `${+t.toPrecision(2)}%`)),
        },
      ],
      series: [{}, { label: 'best top %', stroke: line, width: 2, points: { show: false }, paths: uPlot.paths.stepped?.({ align: 1 }) }],
    };
  }

  dispose(): void {
    this.observer.disconnect();
    this.plot?.destroy();
    this.plot = undefined;
  }
}
