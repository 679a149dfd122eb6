import assert from 'node:assert/strict';
import { runCli as cli } from '../../helpers/cli';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { kendallTau } from '../../../src/core/metrics';
import { getSpace } from '../../../src/core/spaces';
import { enumerateNb201 } from '../../../src/core/spaces/nb201';
import { qualityTier } from '../../../src/core/surrogate/tier';
import { dataFile, needsData, readCsv } from '../../helpers/data';

// The NB-201 CIFAR-10 optimum region: idx 9930 of nb201.csv (94.36 %, CIFAR-100 optimum 73.51 %).
const OPTIMUM = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|';
const ALL_SKIP = '|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|';
const INCEPTION = {
  matrix: [
    [0, 1, 1, 1, 0, 1, 0],
    [0, 0, 0, 0, 0, 0, 1],
    [0, 0, 0, 0, 0, 0, 1],
    [0, 0, 0, 0, 1, 0, 0],
    [0, 0, 0, 0, 0, 0, 1],
    [0, 0, 0, 0, 0, 0, 1],
    [0, 0, 0, 0, 0, 0, 0],
  ],
  ops: ['input', 'conv1x1-bn-relu', 'conv3x3-bn-relu', 'conv3x3-bn-relu', 'conv3x3-bn-relu', 'maxpool3x3', 'output'],
};
const JSON_KEYS = ['name', 'space', 'score', 'percentile', 'rank', 'tier'];
const EXAMPLES = ['examples/cells.nas.json', 'examples/cells.nas.ts', 'examples/genotypes.py'];

const bundled = (name: string) => join(process.cwd(), 'media', 'models', name);
const needsModels = (...names: string[]) => {
  const missing = names.filter((n) => !existsSync(join(bundled(n), 'calibration.json')));
  return { skip: missing.length ? `bundled models missing: ${missing.join(', ')}` : false };
};

interface RankRow {
  name: string;
  space: string;
  score: number;
  percentile: number;
  rank: number;
  tier: number;
  file: string;
  line: number;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Every ranked row has the exact leading keys, values in range, and a tier that matches its percentile. */
function checkRows(rows: RankRow[]): void {
  for (const r of rows) {
    assert.deepEqual(Object.keys(r).slice(0, JSON_KEYS.length), JSON_KEYS, `keys of ${r.name}`);
    assert.ok(Number.isFinite(r.score), `score of ${r.name}`);
    assert.ok(r.percentile >= 0 && r.percentile <= 100, `percentile of ${r.name}: ${r.percentile}`);
    assert.ok(Number.isInteger(r.rank) && r.rank >= 1, `rank of ${r.name}: ${r.rank}`);
    assert.ok([1, 2, 3, 4, 5].includes(r.tier), `tier of ${r.name}: ${r.tier}`);
    assert.equal(r.tier, qualityTier(r.percentile), `tier of ${r.name} follows its percentile`);
  }
}

test('qualityTier: quintiles of the share predicted better, tier 1 = top 20 %', () => {
  assert.deepEqual([0, 0.01, 20, 20.01, 40, 59.9, 60.1, 80, 80.5, 100, 150, -3].map(qualityTier), [1, 1, 1, 2, 2, 3, 4, 4, 5, 5, 5, 1]);
  assert.throws(() => qualityTier(NaN), /NaN/);
});

describe('nas-lens train / eval (a tiny NB-201 model on 60 generated cells, target = log parameters)', () => {
  let dir: string;
  let csv: string;
  let plain: string; // --no-calibration, --json
  let calibrated: string; // same seed, with calibration.json, text output
  let card: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  let textRun: { status: number | null; stdout: string; stderr: string };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nas-lens-surrogate-cli-'));
    const space = getSpace('nb201');
    const cells = enumerateNb201()
      .filter((_, i) => i % 260 === 7)
      .slice(0, 60);
    const lines = ['name,arch,log_params', ...cells.map((c, i) => `c${i},${space.toText(c)},${Math.log(space.cost(c).params).toFixed(6)}`)];
    csv = join(dir, 'tiny.csv');
    writeFileSync(csv, lines.join('\n') + '\n');
    plain = join(dir, 'plain');
    calibrated = join(dir, 'calibrated');
    const common = ['--space', 'nb201', '--data', csv, '--target', 'log_params', '--epochs', '3', '--validation', '0.2', '--seed', '3', '--loss', 'pairwise'];
    const run = await cli('train', ...common, '--out', plain, '--no-calibration', '--json');
    assert.equal(run.status, 0, run.stderr);
    card = JSON.parse(run.stdout);
    textRun = await cli('train', ...common, '--out', calibrated);
    assert.equal(textRun.status, 0, textRun.stderr);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  test('--json prints the model card; the model files are written', () => {
    assert.equal(card.name, 'plain');
    assert.equal(card.space, 'nb201');
    assert.equal(card.target, 'log_params');
    assert.equal(card.loss, 'pairwise');
    assert.equal(card.seed, 3);
    assert.deepEqual(card.split.train + card.split.validation, 60);
    assert.equal(card.split.validation, 12);
    assert.equal(card.hyperparameters.epochs, 3);
    assert.ok(card.training.epochsRun >= 1 && card.training.epochsRun <= 3 * card.hyperparameters.members);
    assert.equal(card.calibration, undefined);
    for (const f of ['model.json', 'weights.bin', 'card.json']) assert.ok(existsSync(join(plain, f)), f);
    assert.ok(!existsSync(join(plain, 'calibration.json')), '--no-calibration writes no calibration.json');
    assert.equal(card.weights.sha256, sha256(join(plain, 'weights.bin')));
    assert.equal(card.weights.bytes, readFileSync(join(plain, 'weights.bin')).length);
    assert.deepEqual(JSON.parse(readFileSync(join(plain, 'card.json'), 'utf8')).weights, card.weights);
    const tau = card.evaluation.validation.kendallTau;
    assert.ok(tau > 0.3 && tau <= 1, `held-out τ ${tau}: log params is learnable`);
  });

  test('the same seed gives identical weights; the text summary names τ, time, bytes, sha256 and the directory', () => {
    assert.equal(sha256(join(calibrated, 'weights.bin')), card.weights.sha256);
    const out = textRun.stdout;
    assert.match(out, /^held-out τ\s+-?\d\.\d{4} Kendall τ, .* on 12 cells$/m);
    assert.match(out, /^training\s+[\d.]+ s, \d+ epochs, (wasm|cpu) backend$/m);
    assert.match(out, new RegExp(`^weights\\s+[\\d,]+ bytes, [\\d,]+ parameters, sha256 ${card.weights.sha256}$`, 'm'));
    assert.match(out, /^calibration\s+all 15,625 NB-201 cells/m);
    assert.match(out, new RegExp(`^written to\\s+${escape(calibrated)}$`, 'm'));
    assert.ok(existsSync(join(calibrated, 'calibration.json')));
  });

  test('another seed gives other weights', async () => {
    const other = join(dir, 'other');
    const run = await cli(
      'train',
      '--space',
      'nb201',
      '--data',
      csv,
      '--target',
      'log_params',
      '--epochs',
      '2',
      '--seed',
      '4',
      '--loss',
      'pairwise',
      '--out',
      other,
      '--no-calibration',
      '--json',
    );
    assert.equal(run.status, 0, run.stderr);
    assert.notEqual(JSON.parse(run.stdout).weights.sha256, card.weights.sha256);
  });

  test('eval --json: the result object with every metric in range', async () => {
    const run = await cli('eval', '--model', calibrated, '--data', csv, '--target', 'log_params', '--json');
    assert.equal(run.status, 0, run.stderr);
    const r = JSON.parse(run.stdout);
    assert.equal(r.n, 60);
    assert.equal(r.skippedRows, 0);
    assert.equal(r.target, 'log_params');
    for (const k of ['spearmanRho', 'kendallTau']) assert.ok(r[k] > 0.3 && r[k] <= 1, `${k} ${r[k]}`);
    for (const k of ['precisionAt1', 'precisionAt5', 'precisionAt10', 'ndcgAt100']) assert.ok(r[k] >= 0 && r[k] <= 1, `${k} ${r[k]}`);
  });

  test('eval text output lists τ, ρ, precision@1/5/10 %, NDCG@100, n and skipped rows', async () => {
    const run = await cli('eval', '--model', plain, '--data', csv, '--target', 'log_params');
    assert.equal(run.status, 0, run.stderr);
    for (const label of ['Kendall τ', 'Spearman ρ', 'precision@1%', 'precision@5%', 'precision@10%', 'NDCG@100']) {
      assert.match(run.stdout, new RegExp(`^${escape(label)}\\s+-?[01]\\.\\d{4}$`, 'm'), label);
    }
    assert.match(run.stdout, /^n\s+60$/m);
    assert.match(run.stdout, /^skipped rows\s+0$/m);
  });

  test('train and eval errors: unknown loss, wrong target column, missing model', async () => {
    const loss = await cli('train', '--space', 'nb201', '--data', csv, '--target', 'log_params', '--out', join(dir, 'x'), '--loss', 'l2');
    assert.equal(loss.status, 2);
    assert.match(loss.stderr, /unknown loss 'l2'; use pairwise, hinge, listmle, mse/);
    const column = await cli('eval', '--model', plain, '--data', csv, '--target', 'acc');
    assert.notEqual(column.status, 0);
    assert.match(column.stderr, /has no column 'acc'/);
    const missing = await cli('eval', '--model', join(dir, 'nope'), '--data', csv, '--target', 'log_params');
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /no model directory .*nope/);
  });

  test('rank --model: a trained directory ranks its own space; without calibration.json it is a clear error', async () => {
    const file = join(dir, 'cells.nas.json');
    writeFileSync(
      file,
      JSON.stringify(
        {
          space: 'nb201',
          cells: [
            { name: 'best', arch: OPTIMUM },
            { name: 'skip', arch: ALL_SKIP },
            { name: 'nb101', space: 'nb101', ...INCEPTION },
          ],
        },
        null,
        1,
      ),
    );
    const run = await cli('rank', '--json', '--model', calibrated, file);
    assert.equal(run.status, 1, 'the NB-101 cell cannot be ranked with an NB-201 model');
    const rows = JSON.parse(run.stdout).cells as RankRow[];
    assert.deepEqual(
      rows.map((r) => r.name),
      ['best', 'skip'],
    );
    checkRows(rows);
    assert.ok(rows.every((r) => r.rank <= 15625));
    assert.match(run.stderr, new RegExp(`${escape(file)}:\\d+:\\d+: error: 1 NAS-Bench-101 cell not ranked: the model .*calibrated ranks NAS-Bench-201 cells`));
    const bare = await cli('rank', '--model', plain, file);
    assert.equal(bare.status, 1);
    assert.match(bare.stderr, /error: 2 NAS-Bench-201 cells not ranked: the model .*plain has no calibration\.json/);
  });

  test('rank: a missing or corrupt model directory is an error at file:line:column, exit 1', async () => {
    const file = join(dir, 'one.nas.json');
    writeFileSync(file, JSON.stringify({ space: 'nb201', cells: [{ name: 'best', arch: OPTIMUM }] }));
    const missing = await cli('rank', '--model', join(dir, 'no-such-model'), file);
    assert.equal(missing.status, 1);
    assert.equal(missing.stdout, '');
    assert.match(missing.stderr, new RegExp(`${escape(file)}:1:\\d+: error: 1 NAS-Bench-201 cell not ranked: no model directory .*no-such-model`));
    const corrupt = join(dir, 'corrupt');
    cpSync(calibrated, corrupt, { recursive: true });
    writeFileSync(join(corrupt, 'model.json'), '{ "format": "nas-lens-surrogate", "config": ');
    const broken = await cli('rank', '--json', '--model', corrupt, file);
    assert.equal(broken.status, 1);
    assert.deepEqual(JSON.parse(broken.stdout), { cells: [] });
    assert.match(broken.stderr, new RegExp(`${escape(file)}:1:\\d+: error: 1 NAS-Bench-201 cell not ranked: the model .*corrupt cannot be loaded: .*`));
  });
});

describe('nas-lens rank with the bundled models', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nas-lens-rank-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test(
    'every example cell in input order (DSL JSON, TypeScript, Python); DARTS cells need darts-cifar10',
    needsModels('nb201-cifar10', 'nb101-cifar10'),
    async () => {
      const hashes = await cli('hash', '--json', ...EXAMPLES);
      const all = JSON.parse(hashes.stdout).cells as { name: string; space: string; file: string }[];
      const haveDarts = existsSync(join(bundled('darts-cifar10'), 'calibration.json'));
      const expected = all.filter((c) => haveDarts || c.space !== 'darts');
      assert.ok(expected.length >= 11);

      const run = await cli('rank', '--json', ...EXAMPLES);
      const rows = JSON.parse(run.stdout).cells as RankRow[];
      assert.deepEqual(
        rows.map((r) => `${r.file}#${r.name}`),
        expected.map((c) => `${c.file}#${c.name}`),
      );
      checkRows(rows);
      for (const r of rows) if (r.space === 'nb201') assert.ok(r.rank <= 15625);
      for (const r of rows) if (r.space === 'nb101') assert.ok(r.rank <= 423624);
      const named = (n: string) => rows.find((r) => r.name === n)!;
      assert.ok(named('all_skip').tier === 5, `all-skip is in the bottom 20 % (percentile ${named('all_skip').percentile})`);
      assert.ok(named('all-conv3x3').percentile < 10, `all-conv3x3 is in the top 10 % (${named('all-conv3x3').percentile})`);
      assert.equal(named('allConv3x3').score, named('all-conv3x3').score, 'the same cell in two notations scores alike');
      if (haveDarts) {
        assert.equal(run.status, 0, run.stderr);
      } else {
        assert.equal(run.status, 1);
        const errors = run.stderr
          .trim()
          .split('\n')
          .filter((l) => / error: /.test(l));
        assert.equal(errors.length, 3, run.stderr);
        assert.match(errors[0], /^examples\/cells\.nas\.json:\d+:\d+: error: 1 DARTS cell not ranked: no model darts-cifar10: .*darts-cifar10 does not exist/);
        assert.match(errors[2], /^examples\/genotypes\.py:\d+:\d+: error: 5 DARTS cells not ranked: no model darts-cifar10/);
      }

      const text = await cli('rank', ...EXAMPLES);
      const lines = text.stdout.trim().split('\n');
      assert.match(lines[0], /^name\s+space\s+score\s+percentile\s+rank\s+tier$/);
      assert.equal(lines.length, 2 + rows.length);
      assert.match(lines[2], /^all-conv3x3\s+nb201\s+-?\d+\.\d{4}\s+\d+\.\d\d%\s+[\d,]+ of 15,625\s+[1-5]$/);
    },
  );

  test('the NB-201 optimum ranks in the top 5 % on CIFAR-10 and CIFAR-100', needsModels('nb201-cifar10', 'nb201-cifar100'), async () => {
    const file = join(dir, 'best.nas.json');
    writeFileSync(
      file,
      JSON.stringify({
        space: 'nb201',
        cells: [
          { name: 'best', arch: OPTIMUM },
          { name: 'skip', arch: ALL_SKIP },
        ],
      }),
    );
    for (const dataset of ['cifar10', 'cifar100']) {
      const run = await cli('rank', '--json', '--dataset', dataset, file);
      assert.equal(run.status, 0, run.stderr);
      const [best, skip] = JSON.parse(run.stdout).cells as RankRow[];
      assert.ok(best.percentile <= 5, `${dataset}: optimum at ${best.percentile} %`);
      assert.equal(best.tier, 1);
      assert.ok(best.rank <= 0.05 * 15625 + 1, `${dataset}: rank ${best.rank}`);
      assert.ok(skip.score < best.score && skip.rank > best.rank);
    }
  });

  test(
    'an NB-201 CSV slice (.csv.gz): rows in order, ranks agree with the true accuracies',
    { ...needsModels('nb201-cifar10'), ...(needsData('nb201.csv').skip ? needsData('nb201.csv') : {}) },
    async () => {
      const text = readFileSync(dataFile('nb201.csv')!, 'utf8').split('\n');
      const slice = [text[0], ...text.slice(1).filter((_, i) => i % 40 === 3)].join('\n') + '\n';
      const file = join(dir, 'slice.csv.gz');
      writeFileSync(file, gzipSync(slice));
      const run = await cli('rank', '--json', file);
      assert.equal(run.status, 0, run.stderr);
      const rows = JSON.parse(run.stdout).cells as RankRow[];
      const truth = readCsv(dataFile('nb201.csv')!).filter((_, i) => i % 40 === 3);
      assert.equal(rows.length, truth.length);
      assert.deepEqual(
        rows.map((r) => r.name),
        truth.map((t) => t.idx),
      );
      checkRows(rows);
      const tau = kendallTau(
        truth.map((t) => Number(t.c10_test_200)),
        rows.map((r) => r.score),
      );
      assert.ok(tau > 0.85, `τ of the bundled model on ${rows.length} rows: ${tau}`);
      // higher score ⇒ no worse rank and percentile
      const byScore = [...rows].sort((a, b) => b.score - a.score);
      for (let i = 1; i < byScore.length; i++) assert.ok(byScore[i].rank >= byScore[i - 1].rank && byScore[i].percentile >= byScore[i - 1].percentile);
    },
  );

  test('an invalid cell: file:line:column error, exit 1, the valid cells still ranked', needsModels('nb201-cifar10'), async () => {
    const file = join(dir, 'mixed.nas.json');
    writeFileSync(
      file,
      [
        '{ "space": "nb201", "cells": [',
        `  { "name": "ok", "arch": "${OPTIMUM}" },`,
        '  { "name": "bad", "arch": "|conv3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|" },',
        `  { "name": "ok2", "arch": "${ALL_SKIP}" }`,
        '] }',
      ].join('\n'),
    );
    const run = await cli('rank', '--json', file);
    assert.equal(run.status, 1);
    const rows = JSON.parse(run.stdout).cells as RankRow[];
    assert.deepEqual(
      rows.map((r) => r.name),
      ['ok', 'ok2'],
    );
    checkRows(rows);
    assert.match(run.stderr, new RegExp(`${escape(file)}:3:30: error: unknown op 'conv3x3' on edge 0->1; did you mean 'nor_conv_3x3'\\?`));
  });

  test(
    '--dataset cifar100: NB-101 has no such model (an error per file), NB-201 cells still ranked; an unknown dataset is a usage error',
    needsModels('nb201-cifar100'),
    async () => {
      const file = join(dir, 'two.nas.json');
      writeFileSync(
        file,
        JSON.stringify(
          {
            space: 'nb201',
            cells: [
              { name: 'best', arch: OPTIMUM },
              { name: 'inc', space: 'nb101', ...INCEPTION },
            ],
          },
          null,
          1,
        ),
      );
      const run = await cli('rank', '--json', '--dataset', 'cifar100', file);
      assert.equal(run.status, 1);
      assert.deepEqual(
        (JSON.parse(run.stdout).cells as RankRow[]).map((r) => r.name),
        ['best'],
      );
      assert.match(
        run.stderr,
        new RegExp(`${escape(file)}:\\d+:\\d+: error: 1 NAS-Bench-101 cell not ranked: NAS-Bench-101 has models for cifar10 only, not cifar100`),
      );
      const unknown = await cli('rank', '--dataset', 'mnist', file);
      assert.equal(unknown.status, 2);
      assert.match(unknown.stderr, /unknown dataset 'mnist'; use cifar10, cifar100, imagenet16/);
    },
  );
});
