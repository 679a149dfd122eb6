// A score above every cell of a sampled calibration table has no rank the table can support (issue 10
// §2: "0.00% · 1 of 1.08e18" from 100,000 samples): rank and search say the bound instead.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { outsideReference, type CalibrationTable } from '../../../src/core/surrogate/calibration';
import { outsideReferenceText } from '../../../src/shared/ranking-terms';
import { runCli } from '../../helpers/cli';
import { makeTinyModel } from '../worker/tiny-model';

const GENOTYPE = [
  ['sep_conv_3x3', 0],
  ['sep_conv_3x3', 1],
  ['sep_conv_3x3', 0],
  ['skip_connect', 1],
  ['skip_connect', 0],
  ['dil_conv_3x3', 2],
  ['sep_conv_3x3', 0],
  ['skip_connect', 2],
];

test('outsideReference: only a sampled table (fewer cells than the space) has an outside; the text gives the bound', () => {
  const sampled: CalibrationTable = { space: 'darts', reference: 'test', count: 100_000, spaceSize: 1.08e18, quantiles: [-1, 0, 1] };
  assert.equal(outsideReference(sampled, 1.5), 'above');
  assert.equal(outsideReference(sampled, -2), 'below');
  assert.equal(outsideReference(sampled, 1), undefined);
  assert.equal(outsideReference({ ...sampled, count: 15_625, spaceSize: 15_625 }, 9), undefined, 'the whole space as reference: rank 1 is supported');
  assert.equal(outsideReferenceText('above', 100_000), 'above every one of the 100,000 reference cells (top < 0.001 %)');
  assert.equal(outsideReferenceText('below', 2000), 'below every one of the 2,000 reference cells (bottom < 0.05 %)');
});

describe('rank and search with a DARTS model whose calibration table lies below every score', () => {
  let dir: string;
  let model: string;
  let cells: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nas-lens-outside-'));
    model = await makeTinyModel(join(dir, 'darts'), 'darts');
    const table = JSON.parse(readFileSync(join(model, 'calibration.json'), 'utf8')) as CalibrationTable;
    writeFileSync(join(model, 'calibration.json'), JSON.stringify({ ...table, count: 100_000, quantiles: [-1e9, -1e9 + 1] }));
    cells = join(dir, 'cells.nas.json');
    writeFileSync(cells, JSON.stringify({ space: 'darts', cells: [{ name: 'g', normal: GENOTYPE, reduce: GENOTYPE }] }, null, 1));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('rank --json: rank null, the top % a bound, and the bound in words; the text table says it', async () => {
    const run = await runCli('rank', '--json', '--model', model, cells);
    assert.equal(run.status, 0, run.stderr);
    const [row] = JSON.parse(run.stdout).cells;
    assert.equal(row.rank, null);
    assert.equal(row.percentile, 0.001);
    assert.equal(row.tier, 1);
    assert.equal(row.outside, 'above every one of the 100,000 reference cells (top < 0.001 %)');
    const text = await runCli('rank', '--model', model, cells);
    assert.match(text.stdout, /^g\s+darts\s+-?\d+\.\d{4}\s+< 0\.001%\s+above every one of the 100,000 reference cells \(top < 0\.001 %\)\s+1$/m);
    assert.doesNotMatch(text.stdout, /1 of 1\.08e18/);
  });

  test('search: no rank is printed for cells above the table, only the bound', async () => {
    const run = await runCli('search', '--space', 'darts', '--model', model, '--budget', '40', '--top', '3', '--json');
    assert.equal(run.status, 0, run.stderr);
    const top = JSON.parse(run.stdout).top as { rank: number | null; percentile: number; outside?: string }[];
    assert.equal(top.length, 3);
    for (const r of top) {
      assert.equal(r.rank, null);
      assert.equal(r.percentile, 0.001);
      assert.match(r.outside ?? '', /^above every one of the 100,000 reference cells/);
    }
    const text = await runCli('search', '--space', 'darts', '--model', model, '--budget', '40', '--top', '2');
    assert.match(text.stdout, /^1\s+top < 0\.001%\s+above every one of the 100,000 reference cells \(top < 0\.001 %\)/m);
  });
});
