import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memberWeights } from '../../../src/core/surrogate/ensemble';
import { fitSuggestModel, nextBatch } from '../../../src/core/suggest/next-batch';
import { initTfBackend } from '../../../src/node/tf-backend';
import { measuredToy, QUICK, toyPrior } from '../fit/helpers';

const OPTIONS = { space: 'nb201', count: 4, acquisition: 'ucb', kappa: 1, minDistance: 2, searchBudget: 128, seed: 3, fitIndex: 0, recipe: QUICK } as const;

function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

test("the suggest fit warm-starts every member from the space's model: its network, and (with a vanishing step) its weights", async () => {
  await initTfBackend();
  const prior = await toyPrior();
  const measured = measuredToy(12);
  const fitted = await fitSuggestModel(measured, { start: prior, seed: 1, recipe: { ...QUICK, learningRate: 1e-9, weightDecay: 0 } });
  assert.equal(fitted.config.members, 3);
  assert.deepEqual(fitted.config.architecture, prior.config.architecture);
  const priorWeights = memberWeights(prior.config, prior.weights, 0);
  for (let k = 0; k < 3; k++)
    assert.ok(maxAbsDifference(memberWeights(fitted.config, fitted.weights, k), priorWeights) < 1e-4, `member ${k} starts from the prior`);
  // From scratch, the members start elsewhere.
  const scratch = await fitSuggestModel(measured, { seed: 1, recipe: { ...QUICK, learningRate: 1e-9, weightDecay: 0 } });
  assert.notDeepEqual(scratch.config.architecture, prior.config.architecture);
});

test('nextBatch: the first fit starts from basePrior, a later one from the previous round; same seed → the same weights and batch', async () => {
  await initTfBackend();
  const prior = await toyPrior();
  const measured = measuredToy(14);
  const a = await nextBatch(measured, { ...OPTIONS, basePrior: prior });
  const b = await nextBatch(measured, { ...OPTIONS, basePrior: prior });
  assert.deepEqual(a.model.weights, b.model.weights);
  assert.deepEqual(
    a.result.suggestions.map((s) => s.hash),
    b.result.suggestions.map((s) => s.hash),
  );
  assert.equal(a.result.suggestions.length, 4);
  // Members of one start differ (bootstrap resamples), so the spread means something.
  assert.ok(maxAbsDifference(memberWeights(a.model.config, a.model.weights, 0), memberWeights(a.model.config, a.model.weights, 1)) > 0);
  // Without basePrior the fit starts from scratch (the small-set network, not the prior's).
  const scratch = await nextBatch(measured, { ...OPTIONS });
  assert.notDeepEqual(scratch.model.config.architecture, prior.config.architecture);
  // The previous round's ensemble wins over basePrior.
  const chained = await nextBatch(measured, { ...OPTIONS, fitIndex: 1, basePrior: prior, prior: a.model });
  const fromPrevious = await nextBatch(measured, { ...OPTIONS, fitIndex: 1, prior: a.model });
  assert.deepEqual(chained.model.weights, fromPrevious.model.weights);
});
