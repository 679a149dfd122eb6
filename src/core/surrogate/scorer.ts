import * as tf from '@tensorflow/tfjs-core';
import { weightSize, type SurrogateConfig } from './config';
import { selectEncoded, type EncodedCells } from './encode-cells';
import { disposeGraphBatch, makeGraphBatch, relationMatrix } from './graph-batch';
import { precomputeFixedLayout, runNetwork } from './network';
import { paramViews } from './params';

/** Inference over encoded cells with fixed weights; owns its tensors until dispose(). */
export interface Scorer {
  /** Raw member scores averaged after each member's scale (higher = better). */
  score(set: EncodedCells, batchSize?: number): Float32Array;
  dispose(): void;
}

export const DEFAULT_INFERENCE_BATCH = 8192;

export function createScorer(config: SurrogateConfig, weights: Float32Array): Scorer {
  const perMember = config.weights.length / config.members;
  const memberSize = config.weights.slice(0, perMember).reduce((s, w) => s + weightSize(w), 0);
  const flat = tf.tensor1d(weights);
  const members: Map<string, tf.Tensor>[] = [];
  for (let k = 0; k < config.members; k++) {
    const specs = config.weights.slice(k * perMember, (k + 1) * perMember);
    const names = specs.map((w) => w.name.slice(`m${k}/`.length));
    const tensors = tf.tidy(() => Array.from(paramViews(flat, specs, k * memberSize, `m${k}/`).values()));
    members.push(new Map(names.map((name, i) => [name, tensors[i]])));
  }
  const relations = fixedRelations(config);
  if (relations) {
    members.forEach((views) => precomputeFixedLayout(views, config.architecture, relations, config.encoding.nodes).forEach((t, name) => views.set(name, t)));
  }
  let disposed = false;

  return {
    score(set, batchSize = DEFAULT_INFERENCE_BATCH) {
      if (disposed) throw new Error('this surrogate has been disposed');
      checkEncoding(config, set);
      // Cells with identical encodings (NB-201 cells that compute the same function, repeated inputs)
      // are evaluated once.
      const { unique, rowOf } = distinctEncodings(set, relations !== undefined);
      if (unique.count < set.count) {
        const scores = this.score(unique, batchSize);
        return Float32Array.from(rowOf, (u) => scores[u]);
      }
      const out = new Float32Array(set.count);
      for (let start = 0; start < set.count; start += batchSize) {
        const rows = Int32Array.from({ length: Math.min(batchSize, set.count - start) }, (_, i) => start + i);
        const batch = makeGraphBatch(set, rows, relations);
        try {
          const values = tf.tidy(() => {
            let sum: tf.Tensor1D | undefined;
            members.forEach((views, k) => {
              const { mean, std } = config.memberScales[k];
              const s = tf.div(tf.sub(runNetwork(views, config.architecture, batch, false).score, mean), std) as tf.Tensor1D;
              sum = sum ? (tf.add(sum, s) as tf.Tensor1D) : s;
            });
            return tf.div(sum as tf.Tensor1D, members.length) as tf.Tensor1D;
          });
          out.set(values.dataSync() as Float32Array, start);
          values.dispose();
        } finally {
          disposeGraphBatch(batch);
        }
      }
      return out;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      flat.dispose();
      members.forEach((views) => views.forEach((t) => t.dispose()));
      relations?.dispose();
    },
  };
}

/** The [N·N, 3] relations tensor when the model uses the fixed-adjacency layout (caller disposes). */
export function fixedRelations(config: SurrogateConfig): tf.Tensor2D | undefined {
  if (!config.encoding.fixedAdjacency || config.encoding.graphs !== 1 || !config.fixedAdjacency) return undefined;
  const n = config.encoding.nodes;
  return tf.tensor2d(relationMatrix(config.fixedAdjacency as number[], n), [n * n, 3]);
}

/** The distinct encodings of a set and, per cell, the index of its encoding among them. */
export function distinctEncodings(set: EncodedCells, ignoreAdjacency: boolean): { unique: EncodedCells; rowOf: Int32Array } {
  const { graphs: g, nodes: n, features: f } = set.spec;
  const as = g * n * n, ms = g * n;
  const seen = new Map<string, number>();
  const rowOf = new Int32Array(set.count);
  const firstRows: number[] = [];
  const codes = new Uint16Array(ms);
  for (let i = 0; i < set.count; i++) {
    // per node: (label + 1)·2 + mask bit, label = the one-hot feature (features are one-hot by EncodingSpec)
    codes.fill(0);
    for (let node = 0; node < ms; node++) {
      const base = (i * ms + node) * f;
      let label = -1;
      for (let k = 0; k < f; k++) {
        const v = set.features[base + k];
        if (v === 1 && label < 0) label = k;
        else if (v !== 0) return { unique: set, rowOf: Int32Array.from({ length: set.count }, (_, r) => r) }; // not one-hot: no dedupe
      }
      codes[node] = (label + 1) * 2 + (set.mask[i * ms + node] ? 1 : 0);
    }
    let key = String.fromCharCode(...codes);
    if (!ignoreAdjacency) {
      const adj = set.adjacency.subarray(i * as, (i + 1) * as);
      for (let k = 0; k < as; k++) if (adj[k] !== 0) key += ',' + k;
    }
    let u = seen.get(key);
    if (u === undefined) {
      u = firstRows.length;
      seen.set(key, u);
      firstRows.push(i);
    }
    rowOf[i] = u;
  }
  return { unique: firstRows.length === set.count ? set : selectEncoded(set, firstRows), rowOf };
}

function checkEncoding(config: SurrogateConfig, set: EncodedCells): void {
  const a = config.encoding, b = set.spec;
  if (a.graphs !== b.graphs || a.nodes !== b.nodes || a.features !== b.features) {
    throw new Error(`cells encoded as ${b.graphs}×${b.nodes}×${b.features} do not fit a model for ${a.graphs}×${a.nodes}×${a.features}`);
  }
}
