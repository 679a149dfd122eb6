import * as tf from '@tensorflow/tfjs-core';
import type { EncodedCells } from './encode-cells';
import type { GraphBatch } from './network';

/** [I, A, Aᵀ] for a fixed N×N adjacency (row-major), as the columns of an [N·N, 3] matrix. */
export function relationMatrix(adjacency: readonly number[] | Float32Array, nodes: number): Float32Array {
  if (adjacency.length !== nodes * nodes) throw new Error(`fixed adjacency must have ${nodes * nodes} entries, has ${adjacency.length}`);
  const r = new Float32Array(3 * nodes * nodes);
  for (let i = 0; i < nodes; i++) {
    r[(i * nodes + i) * 3] = 1;
    for (let j = 0; j < nodes; j++) {
      r[(i * nodes + j) * 3 + 1] = adjacency[i * nodes + j];
      r[(i * nodes + j) * 3 + 2] = adjacency[j * nodes + i];
    }
  }
  return r;
}

/**
 * Tensors for the cells `rows` of `set` (all rows when omitted). `relations` (a kept tensor owned by the
 * caller) selects the fixed layout. The returned tensors belong to the caller (dispose or tidy).
 */
export function makeGraphBatch(set: EncodedCells, rows: ArrayLike<number> | undefined, relations: tf.Tensor2D | undefined): GraphBatch {
  const { graphs: g, nodes: n, features: f } = set.spec;
  const cells = rows ? rows.length : set.count;
  const m = cells * g;
  const row = (k: number): number => {
    const i = rows ? rows[k] : k;
    if (!(i >= 0 && i < set.count)) throw new RangeError(`row ${i} is outside the ${set.count} encoded cells`);
    return i;
  };
  const x = new Float32Array(m * n * f);
  const mask = new Float32Array(m * n);
  for (let k = 0; k < cells; k++) {
    const i = row(k);
    x.set(set.features.subarray(i * g * n * f, (i + 1) * g * n * f), k * g * n * f);
    mask.set(set.mask.subarray(i * g * n, (i + 1) * g * n), k * g * n);
  }
  if (relations) {
    return { layout: 'fixed', cells, graphs: g, nodes: n, x: tf.tensor2d(x, [m * n, f]), mask: tf.tensor2d(mask, [m * n, 1]), relations };
  }
  const adjacency = new Float32Array(m * n * n);
  for (let k = 0; k < cells; k++) {
    const i = row(k);
    adjacency.set(set.adjacency.subarray(i * g * n * n, (i + 1) * g * n * n), k * g * n * n);
  }
  return {
    layout: 'batched',
    cells,
    graphs: g,
    x: tf.tensor3d(x, [m, n, f]),
    adjacency: tf.tensor3d(adjacency, [m, n, n]),
    mask: tf.tensor3d(mask, [m, n, 1]),
  };
}

export function disposeGraphBatch(batch: GraphBatch): void {
  batch.x.dispose();
  batch.mask.dispose();
  if (batch.layout === 'batched') batch.adjacency.dispose();
}
