import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { LOSS_NAMES } from '../../../src/core/surrogate/config';
import { empiricalCdf, rankingLoss, softTierLabels } from '../../../src/core/surrogate/losses';
import { initTfBackend } from '../../../src/node/tf-backend';

before(async () => {
  await initTfBackend();
});

const value = (f: () => tf.Scalar) => tf.tidy(() => f().dataSync()[0]);

test('every loss prefers scores in the true order to the reversed order', () => {
  const targets = Float32Array.from([5, 4, 3, 2, 1]);
  for (const loss of LOSS_NAMES) {
    const right = value(() => rankingLoss(loss, tf.tensor1d([2, 1, 0, -1, -2]), targets));
    const wrong = value(() => rankingLoss(loss, tf.tensor1d([-2, -1, 0, 1, 2]), targets));
    assert.ok(right < wrong, `${loss}: ${right} should be below ${wrong}`);
  }
});

test('ListMLE gives the same value for sorted and unsorted batches', () => {
  const scores = [0.3, -1, 2, 0.5, 0.1];
  const targets = [3, 1, 5, 4, 2];
  const order = [2, 3, 0, 4, 1];
  const unsorted = value(() => rankingLoss('listmle', tf.tensor1d(scores), Float32Array.from(targets)));
  const sorted = value(() => rankingLoss('listmle', tf.tensor1d(order.map((i) => scores[i])), Float32Array.from(order.map((i) => targets[i]))));
  assert.ok(Math.abs(unsorted - sorted) < 1e-6, `${unsorted} vs ${sorted}`);
  // brute force Plackett–Luce NLL per item
  const s = order.map((i) => scores[i]);
  let nll = 0;
  for (let i = 0; i < s.length; i++) nll += Math.log(s.slice(i).reduce((a, v) => a + Math.exp(v), 0)) - s[i];
  assert.ok(Math.abs(sorted - nll / s.length) < 1e-5);
});

test('pairwise logistic loss matches its definition', () => {
  const s = [0.5, -0.2, 1.0];
  const y = [2, 1, 3];
  let sum = 0,
    pairs = 0;
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++)
      if (y[i] > y[j]) {
        sum += Math.log(1 + Math.exp(-(s[i] - s[j])));
        pairs++;
      }
  const got = value(() => rankingLoss('pairwise', tf.tensor1d(s), Float32Array.from(y)));
  assert.ok(Math.abs(got - sum / pairs) < 1e-6);
});

test("soft tier labels are distributions peaked at the value's quantile tier", () => {
  const train = Float64Array.from({ length: 100 }, (_, i) => i);
  const labels = softTierLabels(Float32Array.from([0, 50, 99]), 5, train);
  for (let r = 0; r < 3; r++) {
    const row = Array.from(labels.subarray(r * 5, r * 5 + 5));
    assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-6);
    assert.equal(row.indexOf(Math.max(...row)), [0, 2, 4][r]);
  }
  assert.equal(empiricalCdf(Float64Array.from([1, 2, 2, 3]), 2), 0.5);
});
