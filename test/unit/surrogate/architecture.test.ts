import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { createRng } from '../../../src/core/rng';
import { getSpace } from '../../../src/core/spaces';
import { relabelNb101, topologicalOrders } from '../../../src/core/spaces/nb101/canonical';
import type { Cell, Nb101Cell } from '../../../src/core/spaces/types';
import { parseSurrogate, serializeSurrogate } from '../../../src/core/surrogate/artifacts';
import { allWeightSpecs, memberWeightSpecs, weightSize, type SurrogateArchitecture } from '../../../src/core/surrogate/config';
import { encodeCells } from '../../../src/core/surrogate/encode-cells';
import { makeGraphBatch } from '../../../src/core/surrogate/graph-batch';
import { runNetwork } from '../../../src/core/surrogate/network';
import { initialParams, paramViews } from '../../../src/core/surrogate/params';
import { createScorer, fixedRelations } from '../../../src/core/surrogate/scorer';
import { DEFAULT_HYPERPARAMETERS, trainSurrogate } from '../../../src/core/surrogate/train';
import { initTfBackend } from '../../../src/node/tf-backend';
import { someNb201Cells, toyScore } from './helpers';

before(async () => {
  await initTfBackend();
});

const V2: SurrogateArchitecture = {
  hidden: 6,
  layers: 2,
  headHidden: 5,
  tiers: 0,
  pooling: 'sum',
  residual: true,
  norm: 'layer',
  messages: 'separate',
  auxiliary: 2,
};

function nb101Cells(count: number, seed: number): Nb101Cell[] {
  const space = getSpace('nb101');
  const rng = createRng(seed);
  return Array.from({ length: count }, () => space.sample(rng) as Nb101Cell);
}

test('version-2 layer options add their tensors: separate forward/backward MLPs, LayerNorm gain and bias, auxiliary heads', () => {
  const spec = encodeCells('nb201', 'nb201-live-edges', []).spec;
  const names = memberWeightSpecs(spec, V2).map((w) => `${w.name} ${JSON.stringify(w.shape)}`);
  for (const expected of [
    'gin0/fw1 [2,6,6]',
    'gin0/bw1 [2,6,6]',
    'gin0/b1 [12]',
    'gin0/w2 [12,6]',
    'gin0/ln_gain [6]',
    'gin1/ln_bias [6]',
    'aux/w [5,2]',
    'aux/b [2]',
  ]) {
    assert.ok(names.includes(expected), `${expected} in ${names.join(', ')}`);
  }
  assert.ok(!names.some((n) => n.startsWith('gin0/w1 ')), 'no joint first matrix with separate messages');
  const flat = initialParams(allWeightSpecs(spec, V2, 1), createRng(1));
  let offset = 0;
  for (const w of allWeightSpecs(spec, V2, 1)) {
    const values = flat.subarray(offset, offset + weightSize(w));
    if (w.name.endsWith('ln_gain'))
      assert.ok(
        values.every((v) => v === 1),
        `${w.name} starts at 1`,
      );
    offset += weightSize(w);
  }
});

test('version-2 network: output shapes, and autograd matches finite differences along random directions (both layouts)', () => {
  for (const space of ['nb201', 'nb101'] as const) {
    const cells: Cell[] = space === 'nb201' ? someNb201Cells(12, 4) : nb101Cells(12, 4);
    const set = encodeCells(space, space === 'nb201' ? 'nb201-live-edges' : 'none', cells);
    const specs = allWeightSpecs(set.spec, V2, 1);
    const relations =
      space === 'nb201' ? fixedRelations({ encoding: set.spec, fixedAdjacency: Array.from(set.adjacency.subarray(0, 64)) } as never) : undefined;
    const batch = makeGraphBatch(set, undefined, relations);
    assert.equal(batch.layout, space === 'nb201' ? 'fixed' : 'batched');
    const targets = Float32Array.from({ length: 12 }, (_, i) => Math.sin(i));
    const lossOf = (p: tf.Tensor1D) => {
      const out = runNetwork(paramViews(p, specs, 0, 'm0/'), V2, batch);
      assert.deepEqual(out.score.shape, [12]);
      assert.deepEqual(out.auxiliary!.shape, [12, 2]);
      return tf.add(tf.mean(tf.squaredDifference(out.score, tf.tensor1d(targets))), tf.mean(tf.square(out.auxiliary!))) as tf.Scalar;
    };
    const rng = createRng(9);
    const p0 = initialParams(specs, rng).map((v, i) => v + 0.1 * Math.sin(3 * i));
    const grad = tf.tidy(() =>
      tf
        .grad((p: tf.Tensor) => lossOf(p as tf.Tensor1D))(tf.tensor1d(p0))
        .dataSync(),
    );
    for (let r = 0; r < 3; r++) {
      const raw = Float32Array.from(p0, () => rng.next() - 0.5);
      const norm = Math.sqrt(raw.reduce((a, v) => a + v * v, 0));
      const dir = raw.map((v) => v / norm);
      const eps = 2e-4; // central differences in float32: small enough for the curvature, large enough for the rounding
      const at = (sign: number) => tf.tidy(() => lossOf(tf.tensor1d(p0.map((v, i) => v + sign * eps * dir[i]))).dataSync()[0]);
      const numeric = (at(1) - at(-1)) / (2 * eps);
      const analytic = dir.reduce((s, d, i) => s + d * grad[i], 0);
      assert.ok(Math.abs(numeric - analytic) <= 0.05 * Math.abs(analytic) + 1e-3, `${space} direction ${r}: numeric ${numeric} vs autograd ${analytic}`);
    }
    relations?.dispose();
    batch.x.dispose();
    batch.mask.dispose();
    if (batch.layout === 'batched') batch.adjacency.dispose();
  }
});

test('a version-2 NB-201 model scores alike in the fixed and the batched layout, and its inference equals the training network', async () => {
  const cells = someNb201Cells(60, 6);
  const set = encodeCells('nb201', 'nb201-live-edges', cells);
  const trained = await trainSurrogate({
    space: 'nb201',
    preprocess: 'nb201-live-edges',
    architecture: V2,
    hyper: { ...DEFAULT_HYPERPARAMETERS, loss: 'pairwise', epochs: 2, batchSize: 20 },
    train: {
      cells: set,
      targets: Float32Array.from(cells, toyScore),
      auxiliary: [Float32Array.from(cells, (c) => -toyScore(c)), Float32Array.from(cells, () => NaN)],
    },
    rng: createRng(3),
  });
  assert.equal(trained.config.version, 2);
  const { fixedAdjacency: _, ...batchedConfig } = trained.config;
  const fixed = createScorer(trained.config, trained.weights),
    batched = createScorer(batchedConfig, trained.weights);
  const a = fixed.score(set),
    b = batched.score(set);
  fixed.dispose();
  batched.dispose();
  const training = tf.tidy(() => {
    const batch = makeGraphBatch(set, undefined, undefined);
    return runNetwork(paramViews(tf.tensor1d(trained.weights), trained.config.weights, 0, 'm0/'), V2, batch).score.dataSync();
  });
  const { mean, std } = trained.config.memberScales[0];
  a.forEach((v, i) => {
    assert.ok(Math.abs(v - b[i]) < 1e-4 * (1 + Math.abs(v)), `cell ${i}: fixed ${v} vs batched ${b[i]}`);
    assert.ok(Math.abs(v - (training[i] - mean) / std) < 1e-4 * (1 + Math.abs(v)), `cell ${i}: inference ${v} vs training network ${training[i]}`);
  });
});

test('NB-101: a renumbered cell (another topological order of its vertices) scores the same, plain and version-2 networks', async () => {
  const cells = nb101Cells(40, 8);
  for (const architecture of [{ hidden: 8, layers: 2, headHidden: 8, tiers: 0, pooling: 'sum' } as const, V2]) {
    const trained = await trainSurrogate({
      space: 'nb101',
      preprocess: 'none',
      architecture,
      hyper: { ...DEFAULT_HYPERPARAMETERS, loss: 'pairwise', epochs: 1, batchSize: 20 },
      train: {
        cells: encodeCells('nb101', 'none', cells),
        targets: Float32Array.from(cells, (c) => c.ops.filter((o) => o.startsWith('conv3')).length + c.ops.length / 10),
        ...(architecture.auxiliary
          ? { auxiliary: [Float32Array.from(cells, (c) => c.ops.length), Float32Array.from(cells, (c) => c.matrix.flat().length)] }
          : {}),
      },
      rng: createRng(2),
    });
    const scorer = createScorer(trained.config, trained.weights);
    const rng = createRng(5);
    let renumbered = 0;
    const originals: Nb101Cell[] = [],
      twins: Nb101Cell[] = [];
    for (const cell of cells) {
      const orders = topologicalOrders(cell).filter((o) => o.some((v, k) => v !== k));
      if (!orders.length) continue;
      originals.push(cell);
      twins.push(relabelNb101(cell, orders[rng.int(orders.length)]));
      renumbered++;
    }
    assert.ok(renumbered >= 10, `${renumbered} cells with another numbering`);
    assert.equal(getSpace('nb101').hash(twins[0]), getSpace('nb101').hash(originals[0]));
    const a = scorer.score(encodeCells('nb101', 'none', originals)),
      b = scorer.score(encodeCells('nb101', 'none', twins));
    scorer.dispose();
    a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-5 * (1 + Math.abs(v)), `cell ${i}: ${v} vs renumbered ${b[i]}`));
  }
});

test('model format: plain models are written as version 1, version-2 options as version 2; unknown versions and undeclared options are refused', async () => {
  const cells = someNb201Cells(30, 2);
  const train = { cells: encodeCells('nb201', 'nb201-canonical', cells), targets: Float32Array.from(cells, toyScore) };
  const plain = await trainSurrogate({
    space: 'nb201',
    preprocess: 'nb201-live-edges',
    architecture: { hidden: 4, layers: 1, headHidden: 4, tiers: 0, pooling: 'sum' },
    hyper: { ...DEFAULT_HYPERPARAMETERS, epochs: 1 },
    train: { ...train, cells: encodeCells('nb201', 'nb201-live-edges', cells) },
    rng: createRng(1),
  });
  const plainFiles = serializeSurrogate(plain.config, plain.weights);
  assert.equal(JSON.parse(plainFiles.modelJson).version, 1);
  const v2 = await trainSurrogate({
    space: 'nb201',
    preprocess: 'nb201-canonical',
    architecture: { hidden: 4, layers: 1, headHidden: 4, tiers: 0, pooling: 'sum', residual: true, norm: 'layer' },
    hyper: { ...DEFAULT_HYPERPARAMETERS, epochs: 1 },
    train,
    rng: createRng(1),
  });
  const files = serializeSurrogate(v2.config, v2.weights);
  const json = JSON.parse(files.modelJson);
  assert.equal(json.version, 2);
  assert.deepEqual(parseSurrogate(files.modelJson, files.weightsBin).config.architecture, v2.config.architecture);
  assert.throws(
    () => parseSurrogate({ ...json, version: 3 }, files.weightsBin),
    /version 3 is not supported \(this build reads versions 1 and 2; a newer NAS Lens wrote this model\)/,
  );
  assert.throws(() => parseSurrogate({ ...json, version: 1 }, files.weightsBin), /needs format version 2/);
  assert.throws(
    () => parseSurrogate({ ...json, architecture: { ...json.architecture, norm: 'batch' } }, files.weightsBin),
    /architecture\.norm must be 'none' or 'layer'/,
  );
  assert.throws(() => parseSurrogate({ ...json, preprocess: 'nb201-magic' }, files.weightsBin), /unknown preprocess "nb201-magic"/);
});

test('NB-201 canonical preprocessing: every cell of an isomorphism class encodes alike, other classes differ', () => {
  const space = getSpace('nb201');
  const cells = someNb201Cells(3000, 12);
  const byHash = new Map<string, number[]>();
  cells.forEach((c, i) => byHash.set(space.hash(c), [...(byHash.get(space.hash(c)) ?? []), i]));
  const set = encodeCells('nb201', 'nb201-canonical', cells);
  const key = (i: number) => Array.from(set.features.subarray(i * 56, (i + 1) * 56)).join('') + Array.from(set.mask.subarray(i * 8, (i + 1) * 8)).join('');
  let twins = 0;
  const keys = new Set<string>();
  for (const rows of byHash.values()) {
    for (const i of rows) assert.equal(key(i), key(rows[0]), `${space.toText(cells[i])} vs ${space.toText(cells[rows[0]])}`);
    twins += rows.length - 1;
    keys.add(key(rows[0]));
  }
  assert.ok(twins > 100, `${twins} cells share a class with another sampled cell`);
  // live edges alone leave some twins apart (e.g. the same convolution reached through different skips)
  const live = encodeCells('nb201', 'nb201-live-edges', cells);
  const liveKeys = new Set(
    cells.map((_, i) => Array.from(live.features.subarray(i * 56, (i + 1) * 56)).join('') + Array.from(live.mask.subarray(i * 8, (i + 1) * 8)).join('')),
  );
  assert.ok(keys.size < liveKeys.size, `${keys.size} canonical encodings vs ${liveKeys.size} with live edges only`);
});

test('NB-201 predict groups cells that encode alike: same scores as scoring every encoding', async () => {
  const { trainToyModel } = await import('./helpers');
  const { trained } = await trainToyModel(64, 1, 2);
  const files = serializeSurrogate(trained.config, trained.weights);
  const { loadSurrogate } = await import('../../../src/core/surrogate/surrogate');
  const model = loadSurrogate({ model: files.modelJson, weights: files.weightsBin });
  const cells = someNb201Cells(2000, 21);
  const fast = model.predict(cells);
  const scorer = createScorer(trained.config, trained.weights);
  const direct = scorer.score(encodeCells('nb201', trained.config.preprocess, cells));
  scorer.dispose();
  fast.forEach((v, i) => assert.ok(Math.abs(v - direct[i]) < 1e-5 * (1 + Math.abs(v)), `cell ${i}: ${v} vs ${direct[i]}`));
  // an unknown op is reported even on an edge that live-edge preprocessing would drop
  assert.throws(
    () => model.predict([...cells.slice(0, 3), { space: 'nb201', ops: ['none', 'conv9x9', 'none', 'none', 'none', 'none'] }]),
    /unknown NB-201 op 'conv9x9'/,
  );
  model.dispose();
});

test('ensemble spread: members average to the score, a single network has none, and the spread check reads percentiles', async () => {
  const { trainToyModel } = await import('./helpers');
  const { trained, cells } = await trainToyModel(64, 1, 3);
  const files = serializeSurrogate(trained.config, trained.weights);
  const { loadSurrogate } = await import('../../../src/core/surrogate/surrogate');
  const model = loadSurrogate({ model: files.modelJson, weights: files.weightsBin });
  const members = model.predictMembers(cells);
  assert.equal(members.length, 3);
  const { scores: score, spreads: spread } = model.predictWithSpread(cells);
  score.forEach((s, i) => {
    const mean = (members[0][i] + members[1][i] + members[2][i]) / 3;
    assert.ok(Math.abs(s - mean) < 1e-5, `cell ${i}: score ${s} vs member mean ${mean}`);
    const sd = Math.sqrt(members.reduce((a, m) => a + (m[i] - mean) ** 2, 0) / 3);
    assert.ok(Math.abs(spread[i] - sd) < 1e-5);
  });
  assert.ok(spread.some((v) => v > 0));
  model.dispose();

  const { meanAndSpread, checkSpread } = await import('../../../src/core/surrogate/uncertainty');
  assert.deepEqual(Array.from(meanAndSpread([Float32Array.from([1, 2, 3])]).spreads), [0, 0, 0]);
  // members agree on the first half of the cells (exact) and disagree on the second half (noisy): the spread
  // tracks the error, and a ±2·spread band covers the noisy half
  const n = 400;
  const truth = Float32Array.from({ length: n }, (_, i) => i);
  const rng = createRng(4);
  const noisy = (i: number) => (i < n / 2 ? i : i + (rng.next() - 0.5) * 300);
  const ensemble = Array.from({ length: 5 }, () => Float32Array.from(truth, (_, i) => noisy(i)));
  const check = checkSpread(truth, ensemble);
  assert.equal(check.n, n);
  assert.ok(check.spreadErrorRho > 0.5, `ρ(spread, error) ${check.spreadErrorRho}`);
  assert.ok(check.coverage2Spread > 0.8, `coverage ${check.coverage2Spread}`);
  assert.throws(() => checkSpread(truth, ensemble.slice(0, 1)), /at least 2 members/);
});
