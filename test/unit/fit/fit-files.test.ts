import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fitSurrogate } from '../../../src/core/fit/fit';
import { createScorer } from '../../../src/core/surrogate/scorer';
import { encodeCells } from '../../../src/core/surrogate/encode-cells';
import { fittedModelDir, writeFittedModel } from '../../../src/node/fit-files';
import { loadFitPrior } from '../../../src/node/fit-prior';
import { loadScoringModel } from '../../../src/worker/model-cache';
import { loadSurrogateDir, sha256 } from '../../../src/node/surrogate-files';
import { initTfBackend } from '../../../src/node/tf-backend';
import { measuredToy, QUICK, toyPrior } from './helpers';

let root: string;
before(async () => {
  await initTfBackend();
  root = mkdtempSync(join(tmpdir(), 'nas-lens-fit-files-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

test('a fitted model folder holds the files of a bundled one, loads with the existing loaders, and its card says what it was fitted on', async () => {
  const measured = measuredToy(16, 21, 2);
  const outcome = await fitSurrogate(measured, { prior: await toyPrior(), recipe: QUICK, seed: 2 });
  const dir = fittedModelDir(root, 'nb201', 'my-recipe');
  assert.equal(dir, join(root, '.nas-lens', 'models', 'nb201-my-recipe'));
  const card = await writeFittedModel(dir, outcome, {
    name: 'my-recipe',
    files: ['runs/a.nas-results.jsonl'],
    created: '2026-12-06T21:00:00.000Z',
    backend: 'wasm',
  });
  assert.deepEqual(readdirSync(dir).sort(), ['calibration.json', 'card.json', 'model.json', 'weights.bin']);
  assert.deepEqual(readdirSync(join(root, '.nas-lens', 'models')), ['nb201-my-recipe'], 'no staging folder is left');

  // The loader the CLI and the worker use, and the worker's scoring model (which needs the calibration).
  const loaded = await loadSurrogateDir(dir);
  const cells = measured.map((m) => m.cell);
  const direct = createScorer(outcome.model.config, outcome.model.weights);
  assert.deepEqual(Array.from(loaded.predict(cells)), Array.from(direct.score(encodeCells('nb201', 'nb201-live-edges', cells))));
  direct.dispose();
  assert.ok(
    loaded.predictWithSpread(cells).spreads.every((s) => s > 0),
    'a fitted model is an ensemble with a spread',
  );
  assert.equal(loaded.calibration?.count, 15625);
  loaded.dispose();
  const scoring = await loadScoringModel(dir);
  assert.equal(scoring.nb201Scores?.length, 15625);
  scoring.surrogate.dispose();
  assert.equal((await loadFitPrior(dir)).name, 'my-recipe', 'a fitted model can be the prior of the next fit');

  const onDisk = JSON.parse(readFileSync(join(dir, 'card.json'), 'utf8'));
  assert.deepEqual(onDisk, JSON.parse(JSON.stringify(card)));
  assert.equal(card.kind, 'fitted');
  assert.equal(card.target, 'test_acc');
  assert.deepEqual(card.fittedOn, { files: ['runs/a.nas-results.jsonl'], cells: 16, runs: 32, metric: 'test_acc' });
  assert.equal(card.prior, 'toy-prior');
  assert.equal(card.members, 3);
  const cv = card.evaluation.crossValidation!;
  assert.equal(cv.kendallTau, Math.round(outcome.crossValidation!.fittedTau * 1e4) / 1e4);
  assert.equal(cv.priorKendallTau, Math.round(outcome.crossValidation!.priorTau! * 1e4) / 1e4);
  assert.equal(cv.folds, 4);
  assert.deepEqual(cv.spread && { n: cv.spread.n, rho: cv.spread.spreadErrorRho }, {
    n: 16,
    rho: Math.round(outcome.crossValidation!.spread!.spreadErrorRho * 1e4) / 1e4,
  });
  assert.equal(card.decision.used, outcome.decision.used);
  assert.ok(card.training.seconds >= 0 && card.training.epochs === outcome.training.epochs && card.training.backend === 'wasm');
  assert.equal(card.weights!.sha256, sha256(readFileSync(join(dir, 'weights.bin'))));
  assert.equal(card.calibration!.count, 15625);
  assert.equal(card.created, '2026-12-06T21:00:00.000Z');

  // Fitting again under the same name replaces the folder.
  const again = await writeFittedModel(dir, outcome, { name: 'my-recipe', files: ['runs/b.nas-results.jsonl'] });
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'card.json'), 'utf8')).fittedOn.files, ['runs/b.nas-results.jsonl']);
  assert.equal(again.weights!.sha256, card.weights!.sha256);
});

test('a corrupt or missing prior is reported with its folder and what is wrong', async () => {
  const dir = join(root, 'broken');
  const outcome = await fitSurrogate(measuredToy(6), { prior: await toyPrior(), recipe: QUICK });
  await writeFittedModel(dir, outcome, { name: 'broken', files: [] });
  const weights = readFileSync(join(dir, 'weights.bin'));
  writeFileSync(join(dir, 'weights.bin'), weights.subarray(0, weights.length - 8));
  await assert.rejects(loadFitPrior(dir), new RegExp(`${dir}: weights.bin is truncated`));
  await assert.rejects(loadFitPrior(join(root, 'nowhere')), /nowhere.*model\.json does not exist/);
});

test("a fitted model's name is a plain file name", () => {
  for (const bad of ['', '../up', 'a/b', 'a\\b', '.hidden', 'x'.repeat(65), 'a..b']) {
    assert.throws(() => fittedModelDir(root, 'nb201', bad), /a fitted model's name must be/, bad);
  }
  assert.equal(fittedModelDir('/w', 'darts', 'v2.1_x-y'), join('/w', '.nas-lens', 'models', 'darts-v2.1_x-y'));
});
