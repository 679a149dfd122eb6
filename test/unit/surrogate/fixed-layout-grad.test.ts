import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { createRng } from '../../../src/core/rng';
import { allWeightSpecs, LOSS_NAMES, type SurrogateArchitecture } from '../../../src/core/surrogate/config';
import { encodeCells } from '../../../src/core/surrogate/encode-cells';
import { fixedLayoutLossAndGrad } from '../../../src/core/surrogate/fixed-layout-grad';
import { makeGraphBatch, relationMatrix } from '../../../src/core/surrogate/graph-batch';
import { rankingLoss, softTierLabels, tierLoss } from '../../../src/core/surrogate/losses';
import { runNetwork } from '../../../src/core/surrogate/network';
import { initialParams, paramViews } from '../../../src/core/surrogate/params';
import { initTfBackend } from '../../../src/node/tf-backend';
import { someNb201Cells, toyScore } from './helpers';

before(async () => {
  await initTfBackend();
});

for (const pooling of ['sum', 'mean'] as const) {
  test(`hand-written NB-201 gradient equals autograd (${pooling} pooling, tier head, every loss)`, () => {
    const arch: SurrogateArchitecture = { hidden: 6, layers: 2, headHidden: 5, tiers: 3, pooling };
    const cells = someNb201Cells(20, 9);
    const set = encodeCells('nb201', 'nb201-live-edges', cells);
    const specs = allWeightSpecs(set.spec, arch, 1);
    const targets = Float32Array.from(cells, toyScore);
    const tiers = softTierLabels(targets, 3, Float64Array.from(targets).sort());
    const relations = tf.tensor2d(relationMatrix(set.adjacency.subarray(0, 64), 8), [64, 3]);
    const batch = makeGraphBatch(set, undefined, relations);
    if (batch.layout !== 'fixed') throw new Error('expected the fixed layout');
    const flat = tf.tensor1d(initialParams(specs, createRng(4)).map((v, i) => v + 0.05 * Math.sin(i)));
    for (const loss of LOSS_NAMES) {
      const lossOf = (s: tf.Tensor1D, t?: tf.Tensor2D) => tf.add(rankingLoss(loss, s, targets), tf.mul(tierLoss(t!, tiers), 0.3)) as tf.Scalar;
      const tensors = tf.tidy(() => {
        const a = fixedLayoutLossAndGrad(flat, specs, arch, batch, lossOf);
        const b = tf.valueAndGrad((p: tf.Tensor1D) => {
          const out = runNetwork(paramViews(p, specs, 0, 'm0/'), arch, batch);
          return lossOf(out.score, out.tierLogits);
        })(flat);
        return [a.loss, a.grad, b.value, b.grad];
      });
      const [manual, auto] = [
        [tensors[0].dataSync()[0], tensors[1].dataSync()],
        [tensors[2].dataSync()[0], tensors[3].dataSync()],
      ] as const;
      tf.dispose(tensors);
      assert.ok(Math.abs(manual[0] - auto[0]) < 1e-5, `${loss}: loss ${manual[0]} vs ${auto[0]}`);
      const scale = Math.max(...Array.from(auto[1], Math.abs));
      assert.ok(scale > 0);
      manual[1].forEach((v: number, i: number) => assert.ok(Math.abs(v - auto[1][i]) <= 1e-4 * scale, `${loss}: grad ${i} ${v} vs ${auto[1][i]}`));
    }
    flat.dispose();
    relations.dispose();
    batch.x.dispose();
    batch.mask.dispose();
  });
}
