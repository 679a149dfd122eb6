import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { adamWState, adamWStep, disposeAdamW, learningRateAt, ONE_CYCLE_DIV, ONE_CYCLE_FINAL_DIV } from '../../../src/core/surrogate/optimizer';
import { initTfBackend } from '../../../src/node/tf-backend';

before(async () => {
  await initTfBackend();
});

test('two AdamW steps equal the hand computation (bias correction, decoupled decay only where the mask says)', () => {
  const p0 = [0.5, -1.2, 2.0];
  const decayMask = [1, 0, 1];
  const grads = [
    [0.1, -0.3, 0.02],
    [-0.2, 0.4, 0.05],
  ];
  const lrs = [0.01, 0.005];
  const wd = 0.1;
  const state = adamWState(tf.tensor1d(p0));
  const decay = tf.tensor1d(decayMask);
  for (let s = 0; s < 2; s++) {
    const g = tf.tensor1d(grads[s]);
    adamWStep(state, g, lrs[s], wd, decay);
    g.dispose();
  }
  assert.equal(state.step, 2);
  const got = Array.from(state.params.dataSync());
  disposeAdamW(state);
  decay.dispose();

  const p = p0.slice(),
    m = [0, 0, 0],
    v = [0, 0, 0];
  for (let s = 0; s < 2; s++) {
    const t = s + 1;
    for (let i = 0; i < 3; i++) {
      m[i] = 0.9 * m[i] + 0.1 * grads[s][i];
      v[i] = 0.999 * v[i] + 0.001 * grads[s][i] ** 2;
      const mHat = m[i] / (1 - 0.9 ** t),
        vHat = v[i] / (1 - 0.999 ** t);
      p[i] -= lrs[s] * (mHat / (Math.sqrt(vHat) + 1e-8) + wd * decayMask[i] * p[i]);
    }
  }
  got.forEach((x, i) => assert.ok(Math.abs(x - p[i]) < 1e-6, `param ${i}: ${x} vs ${p[i]}`));
});

test('AdamW state is freed: no tensors left behind', () => {
  const before = tf.memory().numTensors;
  const state = adamWState(tf.tensor1d([1, 2]));
  const decay = tf.tensor1d([1, 1]);
  const g = tf.tensor1d([0.5, 0.5]);
  for (let i = 0; i < 3; i++) adamWStep(state, g, 0.1, 0.01, decay);
  g.dispose();
  decay.dispose();
  disposeAdamW(state);
  assert.equal(tf.memory().numTensors, before);
});

test('one-cycle schedule: warm-up from max/25 to max over 30 % of the steps, then down to max/(25·10⁴)', () => {
  const max = 2e-3,
    total = 1000;
  const lr = (s: number) => learningRateAt('one-cycle', max, s, total);
  assert.ok(Math.abs(lr(0) - max / ONE_CYCLE_DIV) < 1e-12);
  assert.ok(Math.abs(lr(299) - max) < 1e-12, `peak at step 0.3·total − 1: ${lr(299)}`);
  assert.ok(Math.abs(lr(total - 1) - max / ONE_CYCLE_DIV / ONE_CYCLE_FINAL_DIV) < 1e-15);
  // halfway up and halfway down are the midpoints of their cosines
  const upMid = lr(149.5),
    downMid = lr(299 + 350);
  assert.ok(Math.abs(upMid - (max / 25 + max) / 2) < 1e-9, `${upMid}`);
  assert.ok(Math.abs(downMid - (max + max / 25 / 1e4) / 2) < 1e-9, `${downMid}`);
  for (let s = 1; s < total; s++) {
    if (s <= 299) assert.ok(lr(s) >= lr(s - 1), `rises until the peak (step ${s})`);
    else assert.ok(lr(s) <= lr(s - 1), `falls after the peak (step ${s})`);
  }
});

test('cosine schedule: the formula the training has always used', () => {
  assert.equal(learningRateAt('cosine', 0.01, 0, 100), 0.01);
  assert.ok(Math.abs(learningRateAt('cosine', 0.01, 50, 100) - 0.005) < 1e-12);
  assert.ok(learningRateAt('cosine', 0.01, 99, 100) < 0.01 * 0.001);
});
