// The Results view's scatter as SVG: predicted score against measured value, one point per measured
// cell (a ±std bar when it has several runs); a point is a button that opens its cell. Colours come
// from panel.css (theme variables only).
import type { MeasuredCellView } from '../src/protocol/webview';
import { svg } from './dom';
import { formatTop } from './format';
import { scatterLayout, tickLabel } from './scatter-layout';

export function drawScatter(cells: readonly MeasuredCellView[], metric: string): SVGElement {
  const scored = cells.filter((c) => c.score !== undefined);
  const byId = new Map(scored.map((c) => [c.id, c]));
  const l = scatterLayout(scored.map((c) => ({ id: c.id, x: c.score as number, y: c.mean, std: c.runs > 1 ? c.std : 0 })));
  const { plot } = l;
  const midX = (plot.left + plot.right) / 2;
  const midY = (plot.top + plot.bottom) / 2;
  return svg(
    'svg',
    {
      class: 'scatter',
      viewBox: `0 0 ${l.width} ${l.height}`,
      role: 'img',
      'aria-label': `predicted score against measured ${metric}, ${l.points.length} cells`,
    },
    svg('rect', { class: 'frame', x: plot.left, y: plot.top, width: plot.right - plot.left, height: plot.bottom - plot.top }),
    ...l.xTicks.map((t) =>
      svg(
        'g',
        { class: 'tick x' },
        svg('line', { class: 'grid', x1: t.at, x2: t.at, y1: plot.top, y2: plot.bottom }),
        svg('text', { x: t.at, y: plot.bottom + 14, 'text-anchor': 'middle' }, tickLabel(t.value, l.xTicks)),
      ),
    ),
    ...l.yTicks.map((t) =>
      svg(
        'g',
        { class: 'tick y' },
        svg('line', { class: 'grid', x1: plot.left, x2: plot.right, y1: t.at, y2: t.at }),
        svg('text', { x: plot.left - 6, y: t.at + 4, 'text-anchor': 'end' }, tickLabel(t.value, l.yTicks)),
      ),
    ),
    svg('text', { class: 'axis-label', x: midX, y: l.height - 6, 'text-anchor': 'middle' }, 'predicted score (higher = better)'),
    svg('text', { class: 'axis-label', x: 14, y: midY, 'text-anchor': 'middle', transform: `rotate(-90 14 ${midY})` }, `measured ${metric}`),
    ...l.points.map((p) => {
      const c = byId.get(p.id) as MeasuredCellView;
      const predicted = c.top !== undefined ? `Top ${formatTop(c.top)} predicted` : `score ${(c.score as number).toFixed(3)}`;
      return svg(
        'g',
        { class: 'point', 'data-cell': p.id, tabindex: 0, role: 'button', 'aria-label': `${c.name}: ${predicted}, measured ${c.measured}` },
        svg('title', {}, `${c.name}\n${predicted} · measured ${c.measured}\n${c.where}`),
        p.top !== p.bottom ? svg('line', { class: 'spread', x1: p.cx, x2: p.cx, y1: p.top, y2: p.bottom }) : null,
        svg('circle', { cx: p.cx, cy: p.cy, r: 4 }),
      );
    }),
  );
}
