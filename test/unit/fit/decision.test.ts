import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideFit, MIN_CV_CELLS } from '../../../src/core/fit/decision';
import { resolveRecipe } from '../../../src/core/fit/recipe';
import type { CrossValidation } from '../../../src/core/fit/types';

const cv = (fittedTau: number, priorTau?: number): CrossValidation => ({
  folds: 5,
  fittedTau,
  ...(priorTau !== undefined ? { priorTau } : {}),
  withinFolds: { fittedTau },
  perFold: [],
  protocol: 'test',
});

test("the fitted model is used only when its cross-validated τ beats the prior's", () => {
  const used = decideFit({ cells: 40, crossValidation: cv(0.62, 0.55), prior: 'nb201-cifar10' });
  assert.equal(used.used, true);
  assert.match(used.used ? used.message : '', /better than nb201-cifar10 \(5-fold cross-validated Kendall τ on your cells: 0\.620 vs 0\.550\)/);

  const tie = decideFit({ cells: 40, crossValidation: cv(0.55, 0.55), prior: 'nb201-cifar10' });
  assert.equal(tie.used, false);
  assert.deepEqual(!tie.used && { code: tie.reason.code }, { code: 'prior-better' });

  const worse = decideFit({ cells: 40, crossValidation: cv(0.4, 0.55), prior: 'p' });
  assert.ok(!worse.used && worse.reason.code === 'prior-better' && worse.reason.priorTau === 0.55 && worse.reason.fittedTau === 0.4);
  assert.match(
    !worse.used ? worse.reason.message : '',
    /p ranks your held-out cells at least as well as the fitted model \(.*0\.550 vs 0\.400\), so p stays in use/,
  );
});

test('too few cells, no cross-validation, and no prior each give their own reason', () => {
  const few = decideFit({ cells: MIN_CV_CELLS - 1, prior: 'p' });
  assert.ok(!few.used && few.reason.code === 'too-few-cells' && few.reason.minimum === 8 && few.reason.cells === 7);
  const skipped = decideFit({ cells: 30, skipped: true, prior: 'p' });
  assert.ok(!skipped.used && skipped.reason.code === 'not-validated');
  assert.equal(decideFit({ cells: 30, crossValidation: cv(0.1) }).used, true);
  const chance = decideFit({ cells: 30, crossValidation: cv(-0.05) });
  assert.ok(!chance.used && chance.reason.code === 'not-better-than-chance');
});

test('recipes: at least 3 members, a warm start only from a prior, sane numbers', () => {
  const one = { priorMembers: 1 };
  assert.equal(resolveRecipe(one).warmStart, true);
  assert.equal(resolveRecipe({}).warmStart, false);
  assert.ok(resolveRecipe(one).members >= 3 && resolveRecipe({}).members >= 3);
  assert.throws(() => resolveRecipe(one, { members: 2 }), /members must be an integer ≥ 3/);
  assert.throws(() => resolveRecipe({}, { warmStart: true }), /a warm start needs a prior model/);
  assert.throws(() => resolveRecipe(one, { priorShare: 1 }), /priorShare must be in \[0, 1\)/);
  assert.throws(() => resolveRecipe(one, { learningRate: 0 }), /learningRate must be positive/);
  // Members that would start from the same weights resample the cells; others see every cell.
  assert.equal(resolveRecipe(one).bootstrap, true);
  assert.equal(resolveRecipe({ priorMembers: 3 }).bootstrap, false);
  assert.equal(resolveRecipe({ priorMembers: 3 }, { members: 5 }).bootstrap, true);
  assert.equal(resolveRecipe({}).bootstrap, false);
  assert.equal(resolveRecipe({ priorMembers: 3 }, { bootstrap: true }).bootstrap, true);
  // Prior sources by space, batches by size.
  assert.equal(resolveRecipe({ priorMembers: 1, space: 'darts' }).priorShare, 0.5);
  assert.equal(resolveRecipe({ priorMembers: 1, space: 'nb201' }).priorShare, 0);
  assert.equal(resolveRecipe({ priorMembers: 1, cells: 25 }).batchSize, 16);
  assert.equal(resolveRecipe({ priorMembers: 1, cells: 200 }).batchSize, 32);
});
