import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { loadSurrogate, serializeSurrogate } from '../../../src/core/surrogate';
import { createEnsembleScorer, memberModel, memberWeights } from '../../../src/core/surrogate/ensemble';
import { meanAndSpread } from '../../../src/core/surrogate/uncertainty';
import { encodeCells } from '../../../src/core/surrogate/encode-cells';
import { createScorer } from '../../../src/core/surrogate/scorer';
import { initTfBackend } from '../../../src/node/tf-backend';
import { trainToyModel } from './helpers';

before(async () => {
  await initTfBackend();
});

test("an ensemble's score is the mean of its members' standardised scores, bit for bit, and its spread their std", async () => {
  const { trained, cells } = await trainToyModel(48, 1, 3);
  const files = serializeSurrogate(trained.config, trained.weights);
  const model = loadSurrogate({ model: files.modelJson, weights: files.weightsBin });
  const baseline = tf.memory().numTensors;
  const { scores, spreads } = model.predictWithSpread(cells);
  assert.deepEqual(Array.from(scores), Array.from(model.predict(cells)));

  const encoded = encodeCells('nb201', 'nb201-live-edges', cells);
  const members = [0, 1, 2].map((k) => {
    const m = memberModel(trained.config, trained.weights, k);
    const scorer = createScorer(m.config, m.weights);
    const s = scorer.score(encoded);
    scorer.dispose();
    return s;
  });
  cells.forEach((_, i) => {
    const values = members.map((m) => m[i]);
    const mean = values.reduce((a, b) => a + b, 0) / 3;
    const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / 3);
    assert.ok(Math.abs(spreads[i] - std) < 1e-5, `cell ${i}: spread ${spreads[i]} vs ${std}`);
    assert.ok(spreads[i] > 0);
  });
  assert.deepEqual(Array.from(model.predictEncodedWithSpread(encoded).spreads), Array.from(spreads));
  model.dispose();
  assert.ok(tf.memory().numTensors <= baseline, 'the member networks are disposed with the model');
});

test('a one-member model has spread 0; members are sliced in storage order', async () => {
  const { trained, cells } = await trainToyModel(32, 1, 1);
  const files = serializeSurrogate(trained.config, trained.weights);
  const model = loadSurrogate({ model: files.modelJson, weights: files.weightsBin });
  const { scores, spreads } = model.predictWithSpread(cells);
  assert.deepEqual(Array.from(scores), Array.from(model.predict(cells)));
  assert.ok(spreads.every((s) => s === 0));
  model.dispose();

  const three = await trainToyModel(32, 1, 3);
  const size = three.trained.weights.length / 3;
  assert.deepEqual(memberWeights(three.trained.config, three.trained.weights, 2), three.trained.weights.slice(2 * size));
  assert.throws(() => memberWeights(three.trained.config, three.trained.weights, 3), /member 3 of a 3-member model/);
  const scorer = createEnsembleScorer(three.trained.config, three.trained.weights);
  assert.equal(scorer.memberScores(encodeCells('nb201', 'nb201-live-edges', three.cells)).length, 3);
  scorer.dispose();
});

test('meanAndSpread by hand', () => {
  const { scores, spreads } = meanAndSpread([Float32Array.of(1, 0), Float32Array.of(3, 0), Float32Array.of(5, 3)]);
  assert.deepEqual(Array.from(scores), [3, 1]);
  assert.ok(Math.abs(spreads[0] - Math.sqrt(8 / 3)) < 1e-6);
  assert.ok(Math.abs(spreads[1] - Math.sqrt(2)) < 1e-6);
});
