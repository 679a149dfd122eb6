// What differs between two cells of a space, in words: "edge 1→2: none → nor_conv_3x3",
// "normal node 3, 2nd edge: sep_conv_3x3 from 1 → skip_connect from 0", "vertex 2: conv1x1-bn-relu → maxpool3x3".
import { NB201_EDGES } from '../../core/spaces/nb201/arch-string';
import type { Cell, DartsCell, Nb101Cell, Nb201Cell } from '../../core/spaces/types';

/** "0→1", "0→2", …: the NB-201 edges as the panel names them. */
const EDGE_LABELS = NB201_EDGES.map(([from, to]) => `${from}→${to}`);

export function describeChanges(from: Cell, to: Cell): string[] {
  if (from.space !== to.space) return [`${from.space} → ${to.space}`];
  switch (from.space) {
    case 'nb201':
      return nb201Changes(from, to as Nb201Cell);
    case 'darts':
      return dartsChanges(from, to as DartsCell);
    case 'nb101':
      return nb101Changes(from, to as Nb101Cell);
  }
}

function nb201Changes(a: Nb201Cell, b: Nb201Cell): string[] {
  const out: string[] = [];
  const n = Math.max(a.ops.length, b.ops.length);
  for (let e = 0; e < n; e++) {
    if (a.ops[e] !== b.ops[e]) out.push(`edge ${EDGE_LABELS[e] ?? e}: ${a.ops[e] ?? '∅'} → ${b.ops[e] ?? '∅'}`);
  }
  return out;
}

function dartsChanges(a: DartsCell, b: DartsCell): string[] {
  const out: string[] = [];
  for (const kind of ['normal', 'reduce'] as const) {
    const x = a[kind] ?? [];
    const y = b[kind] ?? [];
    for (let e = 0; e < Math.max(x.length, y.length); e++) {
      const p = x[e];
      const q = y[e];
      if (p?.[0] === q?.[0] && p?.[1] === q?.[1]) continue;
      const where = `${kind} node ${2 + Math.floor(e / 2)}, ${e % 2 === 0 ? '1st' : '2nd'} edge`;
      if (p?.[1] === q?.[1]) out.push(`${where}: ${p?.[0]} → ${q?.[0]} (from ${q?.[1]})`);
      else out.push(`${where}: ${p?.[0]} from ${p?.[1]} → ${q?.[0]} from ${q?.[1]}`);
    }
  }
  return out;
}

function nb101Changes(a: Nb101Cell, b: Nb101Cell): string[] {
  const out: string[] = [];
  if (a.ops.length !== b.ops.length) out.push(`vertices: ${a.ops.length} → ${b.ops.length}`);
  const n = Math.min(a.ops.length, b.ops.length);
  for (let v = 0; v < n; v++) if (a.ops[v] !== b.ops[v]) out.push(`vertex ${v}: ${a.ops[v]} → ${b.ops[v]}`);
  const edges = (c: Nb101Cell) => {
    const s = new Set<string>();
    c.matrix.forEach((row, i) => row.forEach((v, j) => v && s.add(`${i}→${j}`)));
    return s;
  };
  const ea = edges(a);
  const eb = edges(b);
  for (const e of eb) if (!ea.has(e)) out.push(`+ edge ${e}`);
  for (const e of ea) if (!eb.has(e)) out.push(`− edge ${e}`);
  return out;
}
