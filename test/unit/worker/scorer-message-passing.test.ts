import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../../../src/core/rng';
import { searchSpaceOf } from '../../../src/core/spaces';
import type { SpaceId } from '../../../src/core/spaces/types';
import { encodeCells, type EncodedCells } from '../../../src/core/surrogate/encode-cells';
import type { SurrogateArchitecture, SurrogateConfig } from '../../../src/core/surrogate/config';
import { disposeGraphBatch, makeGraphBatch } from '../../../src/core/surrogate/graph-batch';
import { runNetwork } from '../../../src/core/surrogate/network';
import { paramViews } from '../../../src/core/surrogate/params';
import { createScorer } from '../../../src/core/surrogate/scorer';
import { DEFAULT_HYPERPARAMETERS, trainSurrogate } from '../../../src/core/surrogate/train';
import { initTfBackend, type BackendInfo } from '../../../src/node/tf-backend';

/**
 * The scorer runs NB-101 and DARTS models (varying adjacency) with its own message passing over edge
 * lists; it must give runNetwork's scores: bit for bit on the wasm backend (the sums run in the same
 * float32 order), within rounding on the cpu fallback.
 */

let backend: BackendInfo;
before(async () => {
  backend = await initTfBackend();
});

/** runNetwork's 'batched' layout, member by member, combined as the scorer combines members. */
function reference(config: SurrogateConfig, weights: Float32Array, set: EncodedCells, batch: number): Float32Array {
  const perMember = config.weights.length / config.members;
  const flat = tf.tensor1d(weights);
  const out = new Float32Array(set.count);
  try {
    let offset = 0;
    const members = Array.from({ length: config.members }, (_, k) => {
      const specs = config.weights.slice(k * perMember, (k + 1) * perMember);
      const views = paramViews(flat, specs, offset, `m${k}/`);
      offset += specs.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0);
      return views;
    });
    for (let start = 0; start < set.count; start += batch) {
      const rows = Int32Array.from({ length: Math.min(batch, set.count - start) }, (_, i) => start + i);
      const graphs = makeGraphBatch(set, rows, undefined);
      const values = tf.tidy(() => {
        let sum: tf.Tensor1D | undefined;
        members.forEach((views, k) => {
          const { mean, std } = config.memberScales[k];
          const s = tf.div(tf.sub(runNetwork(views, config.architecture, graphs, false).score, mean), std) as tf.Tensor1D;
          sum = sum ? (tf.add(sum, s) as tf.Tensor1D) : s;
        });
        return tf.div(sum as tf.Tensor1D, members.length);
      });
      out.set(values.dataSync() as Float32Array, start);
      values.dispose();
      disposeGraphBatch(graphs);
    }
    members.forEach((views) => views.forEach((t) => t.dispose()));
  } finally {
    flat.dispose();
  }
  return out;
}

const cases: [SpaceId, SurrogateArchitecture, number][] = [
  ['nb101', { hidden: 16, layers: 3, headHidden: 16, tiers: 0, pooling: 'sum' }, 1],
  ['darts', { hidden: 8, layers: 2, headHidden: 8, tiers: 3, pooling: 'mean' }, 2],
];

for (const [spaceId, architecture, members] of cases) {
  test(`${spaceId} (${architecture.pooling} pooling, ${members} member${members > 1 ? 's' : ''}): the scorer's message passing gives runNetwork's scores`, async () => {
    const space = searchSpaceOf(spaceId);
    const rng = createRng(21);
    const train = Array.from({ length: 48 }, () => space.sample(rng));
    const trained = await trainSurrogate({
      space: spaceId,
      preprocess: 'none',
      architecture,
      hyper: { ...DEFAULT_HYPERPARAMETERS, loss: 'pairwise', epochs: 1, batchSize: 16, members, patience: 0 },
      train: { cells: encodeCells(spaceId, 'none', train), targets: Float32Array.from(train, (c) => Math.log(space.cost(c).params)) },
      rng: createRng(22),
    });
    // Mutants too (shared sub-structure), and repeats (the scorer scores each distinct encoding once).
    const cells = Array.from({ length: 400 }, (_, i) => (i % 4 === 3 ? space.mutate(train[i % train.length], rng) : space.sample(rng)));
    cells.push(...cells.slice(0, 20));
    const set = encodeCells(spaceId, 'none', cells);
    const expected = reference(trained.config, trained.weights, set, 97);
    const scorer = createScorer(trained.config, trained.weights);
    const before = tf.memory().numTensors;
    const got = scorer.score(set, 97);
    const again = scorer.score(set, 1000);
    assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
    scorer.dispose();
    assert.deepEqual(Array.from(again), Array.from(got), 'the batch size changes nothing');
    if (backend.backend === 'wasm') {
      assert.deepEqual(Array.from(got), Array.from(expected));
    } else {
      got.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= 1e-5 * (1 + Math.abs(v)), `cell ${i}: ${v} vs ${expected[i]}`));
    }
  });
}
