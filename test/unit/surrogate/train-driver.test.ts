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

/** Runs `body` with a fresh temporary directory, removed afterwards. */
async function inTempDir(prefix: string, body: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A CSV of the first `rows` rows of nb201.csv in `dir`. */
function firstRowsOfNb201(dir: string, rows: number): string {
  const lines = readFileSync(dataFile('nb201.csv')!, 'utf8').split('\n');
  const csv = join(dir, 'small.csv');
  writeFileSync(csv, [lines[0], ...lines.slice(1, rows + 1)].join('\n'));
  return csv;
}

test('train → model directory (model, weights, card, calibration) → eval', needsData('nb201.csv'), async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nas-lens-train-'));
  try {
    const csv = firstRowsOfNb201(dir, 400);
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
    await assert.rejects(loadSurrogateDir(join(dir, 'missing')), /missing.model\.json does not exist/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('train with auxiliary columns, then warm-start a second training from the model', needsData('nb201.csv'), () =>
  inTempDir('nas-lens-train-aux-', async (dir) => {
    const csv = firstRowsOfNb201(dir, 200);
    const base = {
      space: 'nb201',
      data: csv,
      target: 'c10_test_200',
      loss: 'pairwise',
      seed: 4,
      skipCalibration: true,
      auxiliary: ['c10_valid_12', 'c10_test_12'],
    } as const;
    const first = await trainSurrogateFromCsv({
      ...base,
      out: join(dir, 'a'),
      architecture: { hidden: 8, layers: 2, headHidden: 8 },
      hyper: { epochs: 2, batchSize: 32, members: 2 },
    });
    assert.deepEqual(first.auxiliary, ['c10_valid_12', 'c10_test_12']);
    assert.equal(first.architecture.auxiliary, 2);
    const model = JSON.parse(readFileSync(join(dir, 'a', 'model.json'), 'utf8'));
    assert.equal(model.version, 2);
    assert.ok(model.weights.some((w: { name: string }) => w.name === 'm1/aux/w'));
    await assert.rejects(
      trainSurrogateFromCsv({ ...base, auxiliary: ['no_such_column'], out: join(dir, 'x') }),
      /no column 'no_such_column' for an auxiliary target/,
    );

    // a warm start with a learning rate of ~0 keeps the weights it started from
    const second = await trainSurrogateFromCsv({
      ...base,
      out: join(dir, 'b'),
      warmStart: join(dir, 'a'),
      architecture: { hidden: 8, layers: 2, headHidden: 8 },
      hyper: { epochs: 1, batchSize: 32, members: 2, learningRate: 1e-12 },
    });
    assert.equal(second.warmStart, 'a');
    const a = new Float32Array(readFileSync(join(dir, 'a', 'weights.bin')).buffer.slice(0));
    const b = new Float32Array(readFileSync(join(dir, 'b', 'weights.bin')).buffer.slice(0));
    assert.equal(a.length, b.length);
    a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-6, `weight ${i}: ${v} vs ${b[i]}`));
    await assert.rejects(
      trainSurrogateFromCsv({
        ...base,
        out: join(dir, 'c'),
        warmStart: join(dir, 'a'),
        architecture: { hidden: 6, layers: 2, headHidden: 8 },
        hyper: { epochs: 1 },
      }),
      /cannot warm-start: the model to start from has another architecture/,
    );
  }),
);

test('an interrupted ensemble training resumes from its saved members and ends with the same weights', needsData('nb201.csv'), () =>
  inTempDir('nas-lens-train-resume-', async (dir) => {
    const csv = firstRowsOfNb201(dir, 150);
    const base = {
      space: 'nb201',
      data: csv,
      target: 'c10_test_200',
      loss: 'pairwise',
      seed: 6,
      skipCalibration: true,
      architecture: { hidden: 6, layers: 1, headHidden: 6 },
      hyper: { epochs: 2, batchSize: 32, members: 3 },
    } as const;
    const phases: string[] = [];
    await trainSurrogateFromCsv({ ...base, out: join(dir, 'whole'), checkpoint: join(dir, 'ckpt') });
    // as if stopped during the last member
    rmSync(join(dir, 'ckpt', 'member-2.bin'));
    rmSync(join(dir, 'ckpt', 'member-2.json'));
    const resumed = await trainSurrogateFromCsv({ ...base, out: join(dir, 'resumed'), checkpoint: join(dir, 'ckpt'), onPhase: (p) => phases.push(p) });
    assert.ok(
      phases.some((p) => /resuming: 2 of 3 members/.test(p)),
      phases.join(' | '),
    );
    assert.equal(resumed.training.resumedMembers, 2);
    assert.deepEqual(readFileSync(join(dir, 'resumed', 'weights.bin')), readFileSync(join(dir, 'whole', 'weights.bin')));
    // another request (seed) does not reuse the members
    const other: string[] = [];
    await trainSurrogateFromCsv({ ...base, seed: 7, out: join(dir, 'other'), checkpoint: join(dir, 'ckpt'), onPhase: (p) => other.push(p) });
    assert.ok(!other.some((p) => p.startsWith('resuming')));
  }),
);

test('distillation: an ensemble teacher, one student network trained on its scores of unlabelled cells, both in the card', needsData('nb201.csv'), () =>
  inTempDir('nas-lens-train-distill-', async (dir) => {
    const csv = firstRowsOfNb201(dir, 400);
    const { enumerateNb201 } = await import('../../../src/core/spaces/nb201');
    const pool = enumerateNb201().slice(0, 1500);
    const card = await trainSurrogateFromCsv({
      space: 'nb201',
      data: csv,
      target: 'c10_test_200',
      loss: 'pairwise',
      seed: 2,
      skipCalibration: true,
      out: join(dir, 'model'),
      architecture: { hidden: 8, layers: 2, headHidden: 8 },
      hyper: { epochs: 3, batchSize: 32, members: 3 },
      distill: {
        cells: pool,
        what: 'the first 1,500 NB-201 cells',
        architecture: { hidden: 8, layers: 2, headHidden: 8 },
        hyper: { epochs: 4, batchSize: 64 },
      },
    });
    assert.equal(card.hyperparameters.members, 1);
    assert.equal(card.distillation?.teacher.members, 3);
    assert.equal(card.distillation?.count, 1500);
    assert.ok(card.distillation?.teacher.evaluation?.spread, "the teacher ensemble's spread check");
    assert.ok(card.evaluation.validation, "the student's held-out figures");
    const student = await loadSurrogateDir(join(dir, 'model'));
    assert.equal(student.config.members, 1);
    student.dispose();
  }),
);
