import * as tf from '@tensorflow/tfjs-core';
import { weightSize, type SurrogateArchitecture, type WeightSpec } from './config';
import type { GraphBatch } from './network';

type Fixed = Extract<GraphBatch, { layout: 'fixed' }>;
type LossOfOutputs = (score: tf.Tensor1D, tierLogits?: tf.Tensor2D) => tf.Scalar;

const step = (t: tf.Tensor) => tf.step(t);
/** a [M, K] · b [K, N] with untransposed products only (fast path of the wasm backend). */
const mm = (a: tf.Tensor, b: tf.Tensor) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D);
const t2 = (a: tf.Tensor) => tf.transpose(a as tf.Tensor2D);

/**
 * Loss and its gradient with respect to the flat parameters for the fixed (NB-201) layout, with a
 * hand-written backward pass: same maths as runNetwork, about a third of the kernels of autograd
 * (whose per-kernel overhead dominates a training step on wasm). Checked against autograd in the tests.
 */
export function fixedLayoutLossAndGrad(
  flat: tf.Tensor1D,
  specs: readonly WeightSpec[],
  arch: SurrogateArchitecture,
  batch: Fixed,
  lossOf: LossOfOutputs,
): { loss: tf.Scalar; grad: tf.Tensor1D } {
  const P = new Map<string, tf.Tensor>();
  let offset = 0;
  for (const spec of specs) {
    const size = weightSize(spec);
    P.set(spec.name.replace(/^m\d+\//, ''), tf.reshape(tf.slice(flat, [offset], [size]), spec.shape as number[]));
    offset += size;
  }
  const p = (name: string): tf.Tensor => P.get(name)!;
  const d = arch.hidden,
    n = batch.nodes,
    m = batch.cells * batch.graphs,
    L = arch.layers;
  const { x, mask, relations } = batch;
  const relationsT = t2(relations); // [3, N·N]

  // forward, keeping what the backward pass needs
  const h: tf.Tensor[] = [];
  const hRelu: tf.Tensor[] = [];
  const mixing: tf.Tensor[] = [],
    z: tf.Tensor[] = [],
    y: tf.Tensor[] = [];
  hRelu.push(tf.fused.matMul({ a: x, b: p('embed/w') as tf.Tensor2D, bias: p('embed/b'), activation: 'relu' }));
  h.push(tf.mul(hRelu[0], mask));
  for (let l = 0; l < L; l++) {
    const k = tf.reshape(tf.transpose(tf.reshape(mm(relations, tf.reshape(p(`gin${l}/w1`), [3, d * d])), [n, n, d, d]), [0, 2, 1, 3]), [n * d, n * d]);
    mixing.push(k);
    z.push(tf.fused.matMul({ a: tf.reshape(h[l], [m, n * d]) as tf.Tensor2D, b: k as tf.Tensor2D, bias: tf.tile(p(`gin${l}/b1`), [n]), activation: 'relu' }));
    y.push(tf.fused.matMul({ a: tf.reshape(z[l], [m * n, d]) as tf.Tensor2D, b: p(`gin${l}/w2`) as tf.Tensor2D, bias: p(`gin${l}/b2`), activation: 'relu' }));
    h.push(tf.mul(y[l], mask));
  }
  const pooled = h.map((t) => tf.sum(tf.reshape(t, [m, n, d]), 1));
  let readout = tf.concat(pooled, 1);
  let counts: tf.Tensor | undefined;
  if (arch.pooling === 'mean') {
    counts = tf.maximum(tf.sum(tf.reshape(mask, [m, n]), 1, true), 1);
    readout = tf.div(readout, counts);
  }
  readout = tf.reshape(readout, [batch.cells, batch.graphs * (L + 1) * d]);
  const u = tf.fused.matMul({ a: readout as tf.Tensor2D, b: p('head/w1') as tf.Tensor2D, bias: p('head/b1'), activation: 'relu' });
  const score = tf.reshape(tf.add(mm(u, p('head/w2')), p('head/b2')), [batch.cells]) as tf.Tensor1D;
  const tierLogits = arch.tiers > 0 ? (tf.add(mm(u, p('tiers/w')), p('tiers/b')) as tf.Tensor2D) : undefined;

  // the loss's gradient with respect to the network outputs (small autograd graph)
  const outputs = tierLogits ? [score, tierLogits] : [score];
  const { value: loss, grads: outputGrads } = tf.valueAndGrads((...o: tf.Tensor[]) => lossOf(o[0] as tf.Tensor1D, o[1] as tf.Tensor2D | undefined))(outputs);
  const ds = tf.reshape(outputGrads[0], [batch.cells, 1]);

  const g = new Map<string, tf.Tensor>();
  const uT = t2(u);
  g.set('head/w2', mm(uT, ds));
  g.set('head/b2', tf.sum(ds, 0));
  let du = mm(ds, t2(p('head/w2')));
  if (tierLogits) {
    const dt = outputGrads[1];
    g.set('tiers/w', mm(uT, dt));
    g.set('tiers/b', tf.sum(dt, 0));
    du = tf.add(du, mm(dt, t2(p('tiers/w'))));
  }
  du = tf.mul(du, step(u));
  g.set('head/w1', mm(t2(readout), du));
  g.set('head/b1', tf.sum(du, 0));
  let dReadout = tf.reshape(mm(du, t2(p('head/w1'))), [m, (L + 1) * d]);
  if (counts) dReadout = tf.div(dReadout, counts);
  // d(pooled_l)/d(h_l) broadcasts over the nodes of each graph ([M, 1, d] against [M, N, d]; no Tile, which is slow on wasm)
  const dPooled = tf.split(dReadout, L + 1, 1).map((t) => tf.reshape(t, [m, 1, d]));
  const nodeMask = tf.reshape(mask, [m, n, 1]);

  let dhMasked = tf.reshape(tf.mul(nodeMask, dPooled[L]), [m * n, d]);
  for (let l = L - 1; l >= 0; l--) {
    const dy = tf.mul(dhMasked, step(y[l]));
    const zFlat = tf.reshape(z[l], [m * n, d]);
    g.set(`gin${l}/w2`, mm(t2(zFlat), dy));
    g.set(`gin${l}/b2`, tf.sum(dy, 0));
    const dz = tf.mul(tf.reshape(mm(dy, t2(p(`gin${l}/w2`))), [m, n * d]), step(z[l]));
    const hIn = tf.reshape(h[l], [m, n * d]);
    const dk = mm(t2(hIn), dz);
    const dkk = tf.reshape(tf.transpose(tf.reshape(dk, [n, d, n, d]), [0, 2, 1, 3]), [n * n, d * d]);
    g.set(`gin${l}/w1`, tf.reshape(mm(relationsT, dkk), [3, d, d]));
    g.set(`gin${l}/b1`, tf.sum(tf.reshape(dz, [m * n, d]), 0));
    const dh = tf.add(tf.reshape(mm(dz, t2(mixing[l])), [m, n, d]), dPooled[l]);
    dhMasked = tf.reshape(tf.mul(dh, nodeMask), [m * n, d]);
  }
  const da0 = tf.mul(dhMasked, step(hRelu[0]));
  g.set('embed/w', mm(t2(x), da0));
  g.set('embed/b', tf.sum(da0, 0));

  const grad = tf.concat(specs.map((spec) => tf.reshape(g.get(spec.name.replace(/^m\d+\//, ''))!, [-1]))) as tf.Tensor1D;
  return { loss, grad };
}
