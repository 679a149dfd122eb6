// A cell's DAG as clean SVG: nodes in layers by longest path from the inputs, edges as straight
// lines between neighbouring layers and arcs over longer spans, ops written on the edges (or in
// the nodes for NB-101). Changed edges and nodes (against the start cell) are highlighted.
import type { CellGraph } from '../src/protocol/webview';
import { svg } from './dom';

const DX = 74;
const DY = 34;
const R = 11;
const PAD = 14;

export function drawGraph(g: CellGraph, { compact = false } = {}): SVGElement {
  const layer = layers(g);
  const byLayer = new Map<number, number[]>();
  for (const n of g.nodes) {
    const l = layer.get(n.id) ?? 0;
    byLayer.set(l, [...(byLayer.get(l) ?? []), n.id]);
  }
  const maxLayer = Math.max(0, ...layer.values());
  const maxRows = Math.max(1, ...[...byLayer.values()].map((v) => v.length));
  const dx = compact ? DX * 0.8 : DX;
  const nodeW = g.nodes.some((n) => n.kind === 'op') ? 24 : R;
  const arcRoom = 16 + 10 * Math.min(3, maxLayer);
  const width = PAD * 2 + maxLayer * dx + nodeW * 2;
  const height = PAD * 2 + (maxRows - 1) * DY + R * 2 + arcRoom;
  const pos = new Map<number, { x: number; y: number }>();
  for (const [l, ids] of byLayer) {
    const offset = ((maxRows - ids.length) * DY) / 2;
    ids.forEach((id, i) => pos.set(id, { x: PAD + nodeW + l * dx, y: arcRoom + PAD + R + offset + i * DY }));
  }
  const root = svg('svg', {
    class: 'dag',
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': `${g.title ? `${g.title} cell: ` : ''}${g.nodes.length} nodes, ${g.edges.length} edges`,
  });
  const defs = svg(
    'defs',
    {},
    svg(
      'marker',
      { id: 'arrow', viewBox: '0 0 8 8', refX: 7, refY: 4, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' },
      svg('path', { d: 'M0,0 L8,4 L0,8 z', class: 'arrowhead' }),
    ),
  );
  root.append(defs);
  if (g.title) root.append(svg('text', { x: 4, y: 11, class: 'dag-title' }, g.title));
  g.edges.forEach((e, i) => {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (!a || !b) return;
    const span = Math.abs((layer.get(e.to) ?? 0) - (layer.get(e.from) ?? 0));
    const sameColumn = a.x === b.x;
    const startX = a.x + (sameColumn ? 0 : nodeW * Math.sign(b.x - a.x || 1));
    const endX = b.x - (sameColumn ? 0 : nodeW * Math.sign(b.x - a.x || 1));
    let d: string;
    let lx: number;
    let ly: number;
    if (span <= 1 && !sameColumn) {
      d = `M${startX},${a.y} L${endX},${b.y}`;
      lx = (startX + endX) / 2;
      ly = (a.y + b.y) / 2 - 3;
    } else {
      const lift = 14 + 9 * Math.min(3, span) + (i % 2) * 4;
      const cx = (startX + endX) / 2;
      const cy = Math.min(a.y, b.y) - lift * 2;
      d = `M${startX},${a.y - 4} Q${cx},${cy} ${endX},${b.y - 4}`;
      lx = cx;
      ly = (Math.min(a.y, b.y) + cy) / 2 + 1;
    }
    root.append(svg('path', { d, class: `edge${e.changed ? ' changed' : ''}`, 'marker-end': 'url(#arrow)' }));
    if (e.label) root.append(svg('text', { x: lx, y: ly, class: `edge-label${e.changed ? ' changed' : ''}`, 'text-anchor': 'middle' }, e.label));
  });
  for (const n of g.nodes) {
    const p = pos.get(n.id)!;
    const cls = `node ${n.kind}${n.changed ? ' changed' : ''}`;
    if (n.kind === 'op') root.append(svg('rect', { x: p.x - nodeW, y: p.y - R, width: nodeW * 2, height: R * 2, rx: 4, class: cls }));
    else root.append(svg('circle', { cx: p.x, cy: p.y, r: R, class: cls }));
    root.append(svg('text', { x: p.x, y: p.y + 3.5, class: `node-label ${n.kind}`, 'text-anchor': 'middle' }, n.label));
  }
  return root;
}

/** Longest-path layer of every node (inputs at 0). */
function layers(g: CellGraph): Map<number, number> {
  const layer = new Map<number, number>(g.nodes.map((n) => [n.id, 0]));
  // Node ids are in topological order in every space; relax edges until stable (bounded by the node count).
  for (let round = 0; round < g.nodes.length; round++) {
    let changed = false;
    for (const e of g.edges) {
      const want = (layer.get(e.from) ?? 0) + 1;
      if ((layer.get(e.to) ?? 0) < want) {
        layer.set(e.to, want);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return layer;
}
