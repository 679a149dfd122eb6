import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { fitSurrogate } from '../../../src/core/fit/fit';
import { FitPool } from '../../../src/core/fit/pool';
import { resolveRecipe } from '../../../src/core/fit/recipe';
import { memberRows } from '../../../src/core/fit/train-ensemble';
import { FitCancelledError, type FitProgress } from '../../../src/core/fit/types';
import { createRng } from '../../../src/core/rng';
import { nb201 } from '../../../src/core/spaces';
import { encodeCells } from '../../../src/core/surrogate/encode-cells';
import { initTfBackend } from '../../../src/node/tf-backend';
import { someNb201Cells, toyScore } from '../surrogate/helpers';
import { measuredToy, QUICK, toyPrior } from './helpers';

before(async () => {
  await initTfBackend();
});

test('a fit cross-validates against the prior, trains a 3-member ensemble on every cell and reports every fold and epoch', async () => {
  const prior = await toyPrior();
  const measured = measuredToy(24);
  const events: FitProgress[] = [];
  const baseline = tf.memory().numTensors;
  const outcome = await fitSurrogate(measured, { prior, recipe: QUICK, seed: 4 }, (p) => events.push(p));
  assert.equal(tf.memory().numTensors, baseline, 'a fit leaves no tensors behind');

  assert.equal(outcome.model.config.members, 3);
  assert.equal(outcome.model.config.memberScales.length, 3);
  assert.deepEqual(outcome.model.config.architecture, prior.config.architecture, "a warm start keeps the prior's network");
  assert.equal(outcome.data.cells, 24);
  assert.equal(outcome.data.runs, 24);
  assert.equal(outcome.prior, 'toy-prior');
  const cv = outcome.crossValidation!;
  assert.equal(cv.folds, 5);
  assert.equal(
    cv.perFold.reduce((s, f) => s + f.cells, 0),
    24,
  );
  assert.ok(Number.isFinite(cv.fittedTau) && Number.isFinite(cv.priorTau!));
  assert.ok(Number.isFinite(cv.withinFolds.fittedTau) && Number.isFinite(cv.withinFolds.priorTau!));
  // the ensemble's spread, checked on the out-of-fold member scores of every measured cell
  assert.equal(cv.spread!.n, 24);
  assert.ok(cv.spread!.coverage2Spread >= 0 && cv.spread!.coverage2Spread <= 1);
  assert.ok(cv.spread!.medianSpread >= 0 && cv.spread!.medianAbsoluteError >= 0);
  assert.ok(Number.isFinite(cv.spread!.spreadErrorRho));
  // The prior's figure is its τ over every measured cell (one model scores them all).
  const { kendallTau } = await import('../../../src/core/metrics');
  const { createScorer } = await import('../../../src/core/surrogate/scorer');
  const priorScorer = createScorer(prior.config, prior.weights);
  const priorAll = priorScorer.score(
    encodeCells(
      'nb201',
      'nb201-live-edges',
      measured.map((m) => m.cell),
    ),
  );
  priorScorer.dispose();
  assert.ok(
    Math.abs(
      cv.priorTau! -
        kendallTau(
          Float32Array.from(measured, (m) => m.mean),
          priorAll,
        ),
    ) < 1e-9,
  );
  assert.equal(outcome.decision.used, cv.fittedTau > cv.priorTau!);
  if (!outcome.decision.used) assert.equal(outcome.decision.reason.code, 'prior-better');

  const epochs = events.filter((e) => e.kind === 'epoch');
  const folds = events.filter((e) => e.kind === 'fold');
  assert.equal(epochs.length, 6 * 3 * 3, '(5 folds + the final fit) × 3 members × 3 epochs');
  assert.equal(outcome.training.epochs, epochs.length);
  assert.deepEqual(
    folds.map((f) => f.fold),
    [1, 2, 3, 4, 5],
  );
  assert.deepEqual(
    folds.map((f) => f.kind === 'fold' && f.fittedTau),
    cv.perFold.map((f) => f.fittedTau),
  );
  for (let i = 1; i < events.length; i++) assert.ok(events[i].fraction >= events[i - 1].fraction);
  assert.equal(epochs[epochs.length - 1].fraction, 1);
  assert.ok(epochs.slice(-9).every((e) => e.kind === 'epoch' && e.stage === 'final'));
});

test('same measurements and seed give bit-identical weights; another seed gives others', async () => {
  const prior = await toyPrior();
  const measured = measuredToy(12);
  const run = (seed: number) => fitSurrogate(measured, { prior, recipe: QUICK, seed });
  const [a, b, c] = [await run(7), await run(7), await run(8)];
  assert.deepEqual(Buffer.from(a.model.weights.buffer), Buffer.from(b.model.weights.buffer));
  assert.deepEqual(a.model.config, b.model.config);
  assert.deepEqual(a.crossValidation, b.crossValidation);
  assert.notDeepEqual(Buffer.from(a.model.weights.buffer), Buffer.from(c.model.weights.buffer));
});

test('cancel stops a fit between epochs with FitCancelledError and frees its tensors', async () => {
  const prior = await toyPrior();
  const controller = new AbortController();
  const baseline = tf.memory().numTensors;
  let epochs = 0;
  await assert.rejects(
    fitSurrogate(
      measuredToy(24),
      { prior, recipe: QUICK },
      (p) => {
        if (p.kind === 'epoch' && ++epochs === 4) controller.abort();
      },
      controller.signal,
    ),
    (e: Error) => e instanceof FitCancelledError,
  );
  assert.equal(epochs, 4, 'no epoch runs after the cancel');
  assert.equal(tf.memory().numTensors, baseline);
});

test('too few cells: the model is trained but not used; no prior: a cold start judged against chance', async () => {
  const prior = await toyPrior();
  const few = await fitSurrogate(measuredToy(6), { prior, recipe: QUICK });
  assert.equal(few.crossValidation, undefined);
  assert.ok(!few.decision.used && few.decision.reason.code === 'too-few-cells');
  assert.equal(few.model.config.members, 3);

  const cold = await fitSurrogate(measuredToy(16), { recipe: { ...QUICK, epochs: 2 } });
  assert.equal(cold.recipe.warmStart, false);
  assert.equal(cold.crossValidation!.priorTau, undefined);
  assert.equal(cold.decision.used, cold.crossValidation!.fittedTau > 0);
  assert.equal(cold.prior, undefined);
});

test('a held-out fold is kept out of the prior sources, and bootstrap members draw only the training rows', () => {
  const userCells = someNb201Cells(20, 8);
  const userKeys = userCells.map((c) => nb201.hash(c));
  const sourceCells = [...userCells, ...someNb201Cells(200, 9)];
  const pool = new FitPool(
    'nb201',
    'nb201-live-edges',
    userCells,
    Float32Array.from(userCells, toyScore),
    userKeys,
    [{ name: 'bench', cells: sourceCells, targets: Float32Array.from(sourceCells, toyScore) }],
    encodeCells('nb201', 'nb201-live-edges', userCells),
  );
  const heldOut = new Set(userKeys.slice(0, 5));
  const userRows = userCells.map((_, i) => i).slice(5);
  const recipe = resolveRecipe({ priorMembers: 1 }, { priorShare: 0.8 });
  const sourceKeys = sourceCells.map((c) => nb201.hash(c));
  for (let seed = 0; seed < 20; seed++) {
    const rows = memberRows({ pool, recipe, userRows, heldOut }, createRng(seed));
    assert.ok(
      rows.user.every((r) => r >= 5),
      'only training rows',
    );
    assert.equal(rows.user.length, userRows.length);
    assert.equal(rows.sources[0].length, 60, '0.8 / 0.2 × 15 rows');
    for (const r of rows.sources[0]) assert.ok(!heldOut.has(sourceKeys[r]), `source row ${r} is a held-out cell`);
  }
  const none = memberRows({ pool, recipe: resolveRecipe({ priorMembers: 1 }), userRows, heldOut }, createRng(1));
  assert.deepEqual(none.sources, []);
});
