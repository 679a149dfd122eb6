import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';
import { weightSize, type WeightSpec } from './config';
import type { ParamViews } from './network';

/** Glorot-uniform weights, zero biases, unit LayerNorm gains, written into one flat Float32Array in `specs` order. */
export function initialParams(specs: readonly WeightSpec[], rng: Rng): Float32Array {
  const flat = new Float32Array(specs.reduce((s, w) => s + weightSize(w), 0));
  let offset = 0;
  for (const spec of specs) {
    const size = weightSize(spec);
    if (spec.shape.length >= 2) {
      const fanOut = spec.shape[spec.shape.length - 1];
      const fanIn = size / fanOut;
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < size; i++) flat[offset + i] = (2 * rng.next() - 1) * limit;
    } else if (spec.name.endsWith('/ln_gain')) {
      flat.fill(1, offset, offset + size);
    }
    offset += size;
  }
  return flat;
}

/** 1 for weight matrices, 0 for biases: which entries weight decay applies to. */
export function decayMask(specs: readonly WeightSpec[]): Float32Array {
  const mask = new Float32Array(specs.reduce((s, w) => s + weightSize(w), 0));
  let offset = 0;
  for (const spec of specs) {
    const size = weightSize(spec);
    if (spec.shape.length >= 2) mask.fill(1, offset, offset + size);
    offset += size;
  }
  return mask;
}

/** Named views (slice + reshape) of a flat parameter tensor; `prefix` is stripped from the names. */
export function paramViews(flat: tf.Tensor1D, specs: readonly WeightSpec[], start = 0, prefix = ''): ParamViews {
  const views = new Map<string, tf.Tensor>();
  let offset = start;
  for (const spec of specs) {
    const size = weightSize(spec);
    const name = spec.name.startsWith(prefix) ? spec.name.slice(prefix.length) : spec.name;
    views.set(name, tf.reshape(tf.slice(flat, [offset], [size]), spec.shape as number[]));
    offset += size;
  }
  return views;
}
