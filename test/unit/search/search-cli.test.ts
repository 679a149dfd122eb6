import assert from 'node:assert/strict';
import { runCli as cli } from '../../helpers/cli';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { dataFile, needsData } from '../../helpers/data';
import { makeTinyModel } from '../worker/tiny-model';

const START = '|nor_conv_3x3~0|+|skip_connect~0|none~1|+|nor_conv_1x1~0|avg_pool_3x3~1|nor_conv_3x3~2|';

describe('nas-lens search (surrogate mode, in the worker)', () => {
  let dir: string;
  let model: string;
  let cells: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nas-lens-search-cli-'));
    model = await makeTinyModel(join(dir, 'model'), 'nb201');
    cells = join(dir, 'cells.nas.json');
    writeFileSync(
      cells,
      JSON.stringify({
        space: 'nb201',
        cells: [
          { name: 'mine', arch: START },
          { name: 'other', arch: START.replace('none', 'skip_connect') },
        ],
      }),
    );
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  test('--json: the top-K cells around a --from cell, in the DSL notation, with percentile, rank and params', async () => {
    const run = await cli(
      'search',
      '--strategy',
      'local',
      '--budget',
      '200',
      '--time',
      '5',
      '--from',
      `${cells}#mine`,
      '--model',
      model,
      '--top',
      '5',
      '--seed',
      '2',
      '--json',
    );
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.equal(out.space, 'nb201');
    assert.equal(out.start.text, START);
    assert.equal(out.reason, 'budget');
    assert.equal(out.evaluations, 200);
    assert.equal(out.top.length, 5);
    for (const r of out.top) {
      assert.match(r.dsl, /^\{ "space": "nb201", "arch": "\|/);
      assert.ok(r.percentile >= 0 && r.percentile <= 100 && r.rank >= 1 && r.params > 0);
    }
  });

  test('text output: a table of the best cells; the space comes from the --from cell', async () => {
    const run = await cli(
      'search',
      '--strategy',
      'evolution',
      '--budget',
      '300',
      '--from',
      `${cells}#2`,
      '--model',
      model,
      '--top',
      '3',
      '--max-params',
      '1.0',
    );
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.match(lines[0], /^NAS-Bench-201, evolution: 300 cells in [\d.]+ s .* stopped by budget$/);
    assert.match(lines[1], /^#\s+predicted\s+rank\s+params\s+cell$/);
    assert.equal(lines.length, 6);
    for (const line of lines.slice(3)) {
      assert.match(line, /^\d\s+top [\d.]+%\s+[\d,]+\s+[\d.]+K\s+\{ "space": "nb201"/);
      const params = Number(/top [\d.]+%\s+[\d,]+\s+([\d.]+)K/.exec(line)![1]) * 1e3;
      assert.ok(params <= 1.0e6);
    }
  });

  test('clear errors: unknown cell, missing model, unknown strategy', async () => {
    const noCell = await cli('search', '--from', `${cells}#nope`, '--model', model);
    assert.equal(noCell.status, 2);
    assert.match(noCell.stderr, /no cell 'nope' in .*cells\.nas\.json \(cells: mine, other\)/);
    const noModel = await cli('search', '--space', 'nb201', '--model', join(dir, 'missing'));
    assert.equal(noModel.status, 2);
    assert.match(noModel.stderr, /does not exist/);
    const badStrategy = await cli('search', '--strategy', 'annealing', '--model', model);
    assert.match(badStrategy.stderr, /unknown strategy 'annealing'/);
  });
});

describe('nas-lens bench search (oracle mode)', () => {
  test('--json prints the mean curve of every strategy, one figure per query', needsData('nb201.csv'), async () => {
    const run = await cli(
      'bench',
      'search',
      '--space',
      'nb201',
      '--oracle',
      dataFile('nb201.csv')!,
      '--metric',
      'c10_valid_200_mean',
      '--report',
      'c10_test_200',
      '--strategy',
      'random,evolution,predictor',
      '--budget',
      '25',
      '--trials',
      '2',
      '--seed',
      '4',
      '--workers',
      '2',
      '--json',
    );
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(out.strategies), ['random', 'evolution', 'predictor']);
    for (const c of Object.values(out.strategies) as { mean: number[]; trials: number }[]) {
      assert.equal(c.trials, 2);
      assert.equal(c.mean.length, 25);
      for (let q = 1; q < 25; q++) assert.ok(Number.isFinite(c.mean[q]) && c.mean[q] > 80 && c.mean[q] <= 94.38);
    }
    const text = await cli(
      'bench',
      'search',
      '--oracle',
      dataFile('nb201.csv')!,
      '--metric',
      'c10_valid_200_mean',
      '--strategy',
      'random',
      '--budget',
      '12',
      '--trials',
      '3',
      '--workers',
      '0',
    );
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^random\s+[\d.]+±[\d.]+\s+[\d.]+±[\d.]+\s+\d+%$/m);
  });

  test('a table of another space is refused', needsData('nb201.csv'), async () => {
    const run = await cli(
      'bench',
      'search',
      '--space',
      'nb101',
      '--oracle',
      dataFile('nb201.csv')!,
      '--metric',
      'c10_valid_200_mean',
      '--trials',
      '1',
      '--budget',
      '5',
    );
    assert.equal(run.status, 2);
    assert.match(run.stderr, /holds nb201 cells, --space is nb101/);
  });
});
