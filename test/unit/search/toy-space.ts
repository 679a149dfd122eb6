import type { Rng } from '../../../src/core/rng';
import type { CellEncoding, CellIssue, Nb201Cell, SearchSpace } from '../../../src/core/spaces/types';

/**
 * A small stand-in space for strategy tests: 6 edges, `opCount` ops named a, b, c, …; edges 0 and 1
 * are interchangeable (the canonical hash sorts them), so 3 ops give 6·81 = 486 canonical classes.
 * params = 1000 × (sum of op indices).
 */
export function toySpace(opCount = 3): SearchSpace<Nb201Cell> {
  const ops = Array.from({ length: opCount }, (_, i) => String.fromCharCode(97 + i));
  const index = (op: string) => ops.indexOf(op);
  const make = (cellOps: string[]): Nb201Cell => ({ space: 'nb201', ops: cellOps });
  const validate = (cell: Nb201Cell): CellIssue[] => {
    if (cell.ops.length !== 6) return [{ severity: 'error', code: 'bad-shape', message: 'toy cells have 6 edges', path: ['ops'] }];
    return cell.ops.flatMap((op, e) =>
      index(op) < 0 ? [{ severity: 'error' as const, code: 'unknown-op', message: `unknown op ${op}`, path: ['ops', e] }] : [],
    );
  };
  const encodingSpec = { graphs: 1, nodes: 6, features: opCount, featureNames: ops, fixedAdjacency: true };
  return {
    id: 'nb201',
    label: 'toy',
    ops,
    size: ((opCount * (opCount + 1)) / 2) * opCount ** 4,
    validate,
    hash: (cell) => {
      if (validate(cell).length) throw new Error('invalid toy cell');
      const [x, y, ...rest] = cell.ops;
      return [...[x, y].sort(), ...rest].join('');
    },
    neighbours: (cell) => cell.ops.flatMap((op, e) => ops.filter((o) => o !== op).map((o) => make(cell.ops.map((p, k) => (k === e ? o : p))))),
    mutate: (cell, rng: Rng) => {
      const e = rng.int(6);
      const others = ops.filter((o) => o !== cell.ops[e]);
      return make(cell.ops.map((p, k) => (k === e ? rng.pick(others) : p)));
    },
    sample: (rng: Rng) => make(Array.from({ length: 6 }, () => rng.pick(ops))),
    encoding: encodingSpec,
    encode: (cell): CellEncoding => {
      const features = new Float32Array(6 * opCount);
      cell.ops.forEach((op, e) => {
        features[e * opCount + index(op)] = 1;
      });
      return { features, adjacency: new Float32Array(36), mask: new Float32Array(6).fill(1) };
    },
    macros: [{ id: 'toy', label: 'toy macro' }],
    cost: (cell) => ({ params: 1000 * cell.ops.reduce((s, op) => s + index(op), 0), flops: 10 * cell.ops.length }),
    toText: (cell) => cell.ops.join(''),
  };
}

/** A separable objective with a unique optimum at `target`: matched edges count 1 each, plus a small op-dependent term. */
export function toyObjective(target: readonly string[]): (cell: Nb201Cell) => number {
  return (cell) => cell.ops.reduce((s, op, e) => s + (op === target[e] ? 1 : 0.01 * (op.charCodeAt(0) - 97)), 0);
}

export function toyCell(text: string): Nb201Cell {
  return { space: 'nb201', ops: Array.from(text) };
}
