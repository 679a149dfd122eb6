import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { evaluateSurrogate } from '../../../src/node/evaluate-surrogate';
import { loadSurrogateDir } from '../../../src/node/surrogate-files';
import { trainSurrogateFromCsv } from '../../../src/node/train-surrogate';
import { dataFile, needsData } from '../../helpers/data';

test('train → model directory (model, weights, card, calibration) → eval', needsData('nb201.csv'), async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nas-lens-train-'));
  try {
    const lines = readFileSync(dataFile('nb201.csv')!, 'utf8').split('\n');
    const csv = join(dir, 'small.csv');
    writeFileSync(csv, [lines[0], ...lines.slice(1, 401)].join('\n'));
    const out = join(dir, 'model');
    const epochs: number[] = [];
    const card = await trainSurrogateFromCsv({
      space: 'nb201',
      data: csv,
      target: 'c10_test_200',
      loss: 'pairwise',
      out,
      seed: 4,
      architecture: { hidden: 8, layers: 2, headHidden: 8 },
      hyper: { epochs: 3, batchSize: 32 },
      onEpoch: (r) => epochs.push(r.epoch),
    });
    assert.deepEqual(epochs, [1, 2, 3]);
    assert.equal(card.split.train + card.split.validation, 400);
    assert.equal(card.split.validation, 40);
    const weights = readFileSync(join(out, 'weights.bin'));
    assert.equal(card.weights.sha256, createHash('sha256').update(weights).digest('hex'));
    assert.equal(card.weights.bytes, weights.length);
    assert.equal(card.calibration?.count, 15625);
    assert.ok(card.evaluation.validation && Math.abs(card.evaluation.validation.kendallTau) <= 1);

    const model = await loadSurrogateDir(out);
    const pct = model.percentile(
      model.predict([{ space: 'nb201', ops: ['nor_conv_3x3', 'nor_conv_3x3', 'nor_conv_3x3', 'nor_conv_3x3', 'nor_conv_3x3', 'nor_conv_3x3'] }]),
    );
    assert.ok(pct[0] >= 0 && pct[0] <= 100);
    model.dispose();

    const result = await evaluateSurrogate({ model: out, data: csv, target: 'c10_test_200' });
    assert.equal(result.n, 400);
    assert.ok(result.kendallTau > -1 && result.kendallTau <= 1);
    await assert.rejects(evaluateSurrogate({ model: out, data: csv, target: 'no_such_column' }), /no column 'no_such_column'/);
    await assert.rejects(loadSurrogateDir(join(dir, 'missing')), /cannot read .*model\.json: ENOENT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
