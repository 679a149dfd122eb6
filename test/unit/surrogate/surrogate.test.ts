import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { kendallTau } from '../../../src/core/metrics';
import { createRng } from '../../../src/core/rng';
import { buildCalibration } from '../../../src/core/surrogate/calibration';
import { encodeCells } from '../../../src/core/surrogate/encode-cells';
import { loadSurrogate, parseSurrogate, serializeSurrogate, SurrogateFormatError } from '../../../src/core/surrogate';
import { createScorer } from '../../../src/core/surrogate/scorer';
import { DEFAULT_HYPERPARAMETERS, trainSurrogate } from '../../../src/core/surrogate/train';
import { initTfBackend } from '../../../src/node/tf-backend';
import { someNb201Cells, toyScore, trainToyModel } from './helpers';

before(async () => {
  await initTfBackend();
});

test('a saved model loads, predicts like the trained one, and leaks no tensors', async () => {
  const { trained, cells } = await trainToyModel(64, 1, 2);
  const files = serializeSurrogate(trained.config, trained.weights);
  const scores = Array.from(cells, toyScore);
  const calibration = buildCalibration(scores, { space: 'nb201', reference: 'test', spaceSize: 15625 });
  const baseline = tf.memory().numTensors;
  const model = loadSurrogate({ model: files.modelJson, weights: files.weightsBin, calibration });
  const afterLoad = tf.memory().numTensors;
  const first = model.predict(cells);
  for (let i = 0; i < 3; i++) model.predict(cells.slice(0, 7));
  assert.equal(tf.memory().numTensors, afterLoad, 'predict must not leave tensors behind');
  assert.equal(first.length, cells.length);
  assert.ok(first.every(Number.isFinite));

  const scorer = createScorer(trained.config, trained.weights);
  const direct = scorer.score(encodeCells('nb201', 'nb201-live-edges', cells));
  scorer.dispose();
  direct.forEach((v, i) => assert.ok(Math.abs(v - first[i]) < 1e-5, `cell ${i}: ${v} vs ${first[i]}`));

  const pct = model.percentile([Math.min(...scores) - 1, Math.max(...scores) + 1]);
  assert.deepEqual(Array.from(pct), [0, 100]);
  model.dispose();
  assert.equal(tf.memory().numTensors, baseline, 'dispose must free every tensor');
  assert.throws(() => model.predict(cells), /disposed/);
});

test('fixed-adjacency layout and batched layout compute the same scores', async () => {
  const { trained, cells } = await trainToyModel(48, 1);
  assert.ok(trained.config.fixedAdjacency, 'NB-201 models use the fixed layout');
  const { fixedAdjacency: _, ...batchedConfig } = trained.config;
  const encoded = encodeCells('nb201', 'nb201-live-edges', cells);
  const fixed = createScorer(trained.config, trained.weights);
  const batched = createScorer(batchedConfig, trained.weights);
  const a = fixed.score(encoded),
    b = batched.score(encoded);
  fixed.dispose();
  batched.dispose();
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-4 * (1 + Math.abs(v)), `cell ${i}: ${v} vs ${b[i]}`));
});

test('corrupt or mismatched model files fail with precise errors', async () => {
  const { trained } = await trainToyModel(32, 1);
  const files = serializeSurrogate(trained.config, trained.weights);
  const bytes = files.weightsBin;
  assert.throws(
    () => parseSurrogate(files.modelJson, bytes.slice(0, bytes.length - 4)),
    (e: Error) => e instanceof SurrogateFormatError && /truncated: \d+ bytes, the model needs \d+/.test(e.message),
  );
  assert.throws(() => parseSurrogate(files.modelJson, new Uint8Array([...bytes, 0, 0, 0, 0])), /too long/);
  const nan = bytes.slice();
  new DataView(nan.buffer).setFloat32(8, NaN, true);
  assert.throws(() => parseSurrogate(files.modelJson, nan), /m0\/embed\/w holds a non-finite value at index 2/);
  const json = JSON.parse(files.modelJson);
  assert.throws(() => parseSurrogate({ ...json, format: 'keras' }, bytes), /format must be 'nas-lens-surrogate'/);
  assert.throws(() => parseSurrogate({ ...json, space: 'nb101' }, bytes), /encoding\.nodes is 8, nb101 cells encode with 7/);
  const reshaped = {
    ...json,
    weights: json.weights.map((w: { name: string; shape: number[] }, i: number) => (i === 0 ? { ...w, shape: [w.shape[0], w.shape[1] + 1] } : w)),
  };
  assert.throws(() => parseSurrogate(reshaped, bytes), /weight 0 should be m0\/embed\/w \[7,8\]/);
  assert.throws(() => parseSurrogate('{"format": ', bytes), /not valid JSON/);
  assert.throws(
    () => loadSurrogate({ model: files.modelJson, weights: bytes, calibration: { space: 'nb201', quantiles: [2, 1], count: 2, spaceSize: 5 } }),
    /ascending/,
  );
});

test('training learns a synthetic ranking (τ on held-out cells)', async () => {
  const cells = someNb201Cells(700, 5);
  const train = cells.slice(0, 500),
    held = cells.slice(500);
  const trained = await trainSurrogate({
    space: 'nb201',
    preprocess: 'nb201-live-edges',
    architecture: { hidden: 16, layers: 2, headHidden: 16, tiers: 0, pooling: 'sum' },
    hyper: { ...DEFAULT_HYPERPARAMETERS, loss: 'pairwise', epochs: 15, batchSize: 64 },
    train: { cells: encodeCells('nb201', 'nb201-live-edges', train), targets: Float32Array.from(train, toyScore) },
    rng: createRng(2),
  });
  const scorer = createScorer(trained.config, trained.weights);
  const tau = kendallTau(Float32Array.from(held, toyScore), scorer.score(encodeCells('nb201', 'nb201-live-edges', held)));
  scorer.dispose();
  assert.ok(tau > 0.8, `held-out τ ${tau.toFixed(3)} should exceed 0.8`);
});

test('training is reproducible for a seed', async () => {
  const a = await trainToyModel(48, 2);
  const b = await trainToyModel(48, 2);
  assert.deepEqual(Array.from(a.trained.weights), Array.from(b.trained.weights));
});
