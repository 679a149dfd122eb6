// The editor's ranking without VS Code: Ranker (scores cached by hash, calibrated rank and top %),
// the analysis pipeline (parse, hash, rank per space, reasons for what is not ranked) and the best
// single change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nb201 } from '../../../src/core/spaces';
import type { Nb201Cell } from '../../../src/core/spaces/types';
import { cellAt, hashOf, parseText, rankParsed, type TextSource } from '../../../src/extension/analysis/pipeline';
import { Ranker } from '../../../src/extension/analysis/ranker';
import { mayHoldNativeCells } from '../../../src/extension/analysis/selector';
import { bestSingleChange } from '../../../src/extension/cells/best-change';
import { parseCellArgs } from '../../../src/extension/providers/cell-args';
import { topOfRank } from '../../../src/shared/ranking-terms';
import { fakeModel, fakeSource } from './fixtures';

const cell = (...ops: string[]): Nb201Cell => ({ space: 'nb201', ops });
const CONV = 'nor_conv_3x3';
const good = cell(CONV, CONV, CONV, CONV, 'skip_connect', 'none');
const poor = cell('none', 'none', 'skip_connect', 'avg_pool_3x3', 'none', 'none');

test('Ranker: calibrated percentile, rank and top % per cell; each hash scored once per model', async () => {
  const model = fakeModel('nb201', 'cifar10');
  const ranker = new Ranker(fakeSource(model));
  const inputs = [good, poor, good].map((c) => ({ cell: c, hash: nb201.hash(c) }));
  const outcomes = await ranker.rank('nb201', 'cifar10', inputs);
  assert.deepEqual(
    model.asked.map((b) => b.length),
    [2],
    'the repeated cell is scored once',
  );
  const [a, b, c] = outcomes.map((o) => ('ranking' in o ? o.ranking : assert.fail(JSON.stringify(o))));
  assert.equal(a.score, 4);
  assert.ok(Math.abs(a.percentile - (100 * 4) / 6) < 1e-9, 'score 4 of 0..6 is the 67th percentile');
  assert.equal(a.top, topOfRank(a.rank, 15625));
  assert.ok(a.rank < b.rank && a.top < b.top && a.percentile > b.percentile);
  assert.deepEqual(c, a);
  await ranker.rank('nb201', 'cifar10', inputs.slice(0, 1));
  assert.equal(model.asked.length, 1, 'cached: nothing scored again');
});

test('Ranker: the space ranks on its own dataset; a missing model leaves the reason on every cell', async () => {
  const ranker = new Ranker(fakeSource(fakeModel('nb201', 'cifar10')));
  const [o] = await ranker.rank('nb201', 'cifar100', [{ cell: good, hash: nb201.hash(good) }]);
  assert.deepEqual(o, { unranked: 'no model for nb201 yet' });
  const nb101 = {
    space: 'nb101' as const,
    matrix: [
      [0, 1],
      [0, 0],
    ],
    ops: ['input', 'output'],
  };
  const source = fakeSource(fakeModel('nb101', 'cifar10', 423624));
  const [r] = await new Ranker(source).rank('nb101', 'imagenet16', [{ cell: nb101, hash: 'h' }]);
  assert.ok('ranking' in r && r.ranking.dataset === 'cifar10' && r.ranking.spaceSize === 423624);
});

test('Ranker: a model that answers with the wrong number of scores is an error, not a wrong number', async () => {
  const model = { ...fakeModel('nb201', 'cifar10'), score: async () => [1] };
  const ranker = new Ranker(fakeSource(model));
  await assert.rejects(
    ranker.rank(
      'nb201',
      'cifar10',
      [good, poor].map((c) => ({ cell: c, hash: nb201.hash(c) })),
    ),
    /returned 1 scores for 2 cells/,
  );
});

test('Ranker.cost: params in the macro network of the dataset, cached; none for a cell it cannot count', () => {
  const ranker = new Ranker(fakeSource());
  const c10 = ranker.cost(good, nb201.hash(good), 'cifar10');
  const img = ranker.cost(good, nb201.hash(good), 'imagenet16');
  assert.deepEqual(c10, nb201.cost(good, 'cifar10'));
  assert.deepEqual(img, nb201.cost(good, 'imagenet16-120'));
  assert.equal(ranker.cost(cell('conv'), 'bad', 'cifar10'), undefined);
});

const doc = (text: string, fileName = '/w/cells.nas.json', version = 1): TextSource => ({
  uri: { toString: () => `file://${fileName}` },
  version,
  fileName,
  getText: () => text,
});
const noTypeScript = () => {
  throw new Error('no TypeScript here');
};

test('pipeline: parse and rank a document; invalid and unranked cells say why', async () => {
  const json = JSON.stringify(
    {
      space: 'nb201',
      cells: [
        { name: 'good', arch: nb201.toText(good) },
        { name: 'bad', arch: '|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|' },
        { name: 'poor', arch: nb201.toText(poor) },
      ],
    },
    null,
    1,
  );
  const parsed = parseText(doc(json), noTypeScript);
  assert.deepEqual(
    parsed.cells.map((c) => [c.parsed.name, c.parsed.valid, c.hash === undefined]),
    [
      ['good', true, false],
      ['bad', false, true],
      ['poor', true, false],
    ],
  );
  assert.equal(parsed.cells[0].hash, hashOf(good));
  const analysis = await rankParsed(parsed, new Ranker(fakeSource(fakeModel('nb201', 'cifar10'))), 'cifar10');
  const [g, b, p] = analysis.cells;
  assert.ok(g.ranking && p.ranking && g.ranking.rank < p.ranking.rank);
  assert.equal(b.unranked, 'invalid cell');
  assert.deepEqual(g.cost, nb201.cost(good, 'cifar10'));
  const none = await rankParsed(parsed, new Ranker(fakeSource()), 'cifar100');
  assert.equal(none.cells[0].unranked, 'no model for nb201 yet');
  assert.equal(none.cells[0].dataset, 'cifar100');
  const offset = json.indexOf('"poor"');
  assert.equal(cellAt(analysis.cells, offset)?.parsed.name, 'poor');
});

test('pipeline: a file past the size limit is not read; a native file without a notation is not scanned', () => {
  const big = parseText(doc(' '.repeat(2_000_001)), noTypeScript);
  assert.equal(big.cells.length, 0);
  assert.match(big.tooLarge ?? '', /NAS Lens reads files of up to 2\.0 M characters/);
  const py = parseText(doc('print("hello")\n', '/w/x.py'), noTypeScript);
  assert.equal(py.cells.length, 0);
  assert.ok(mayHoldNativeCells("genotype = Genotype(normal=[('sep_conv_3x3', 0)])") && !mayHoldNativeCells('x = 1'));
});

test('best single change: the best-scored neighbour, its rank and the percentile points it gains', async () => {
  const model = fakeModel('nb201', 'cifar10');
  const ranker = new Ranker(fakeSource(model));
  const start = cell(CONV, CONV, CONV, 'none', 'skip_connect', 'none');
  const best = await bestSingleChange(ranker, model, start, nb201.hash(start));
  assert.ok(best);
  assert.equal((best.cell as Nb201Cell).ops.filter((o) => o === CONV).length, 4, 'one more conv');
  assert.ok(best.gain > 0 && best.neighbours > 10 && best.rank >= 1);
  assert.equal(await bestSingleChange(ranker, model, start, nb201.hash(start)), best, 'cached per model and cell');
});

test('cell arguments of lenses and links are checked before use', () => {
  assert.deepEqual(parseCellArgs({ uri: 'file:///a', version: 3, index: 0, name: 'x' }), { uri: 'file:///a', version: 3, index: 0, name: 'x' });
  for (const bad of [
    null,
    'x',
    { uri: 1, version: 1, index: 0, name: 'x' },
    { uri: 'u', version: 1.5, index: 0, name: 'x' },
    { uri: 'u', version: 1, index: -1, name: 'x' },
    { uri: 'u'.repeat(5000), version: 1, index: 0, name: 'x' },
  ]) {
    assert.equal(parseCellArgs(bad), undefined, JSON.stringify(bad)?.slice(0, 60));
  }
});

test('Ranker: a score above every cell of a sampled reference set gets the bound the set supports, not a rank', async () => {
  // Seven reference scores 0..6 for a space of 1e18 cells: a score of 9 is above all of them.
  const model = { ...fakeModel('nb201', 'cifar10', 1e18), score: async (cells: readonly unknown[]) => cells.map(() => 9) };
  const [o] = await new Ranker(fakeSource(model)).rank('nb201', 'cifar10', [{ cell: good, hash: nb201.hash(good) }]);
  assert.ok('ranking' in o);
  assert.equal(o.ranking.outside, 'above every one of the 7 reference cells (top < 14 %)');
  assert.equal(o.ranking.top, 100 / 7);
});

test('Ranker: an ensemble’s spread rides on each ranking (cached with its score); a one-network model has none', async () => {
  const base = fakeModel('nb201', 'cifar10');
  let asked = 0;
  const ensemble = {
    ...base,
    scoreWithSpread: async (cells: readonly unknown[]) => {
      asked++;
      const scores = await base.score!(cells as never);
      return { scores, spreads: Array.from(scores, (s) => s / 10) };
    },
  };
  const ranker = new Ranker(fakeSource(ensemble));
  const inputs = [good, poor].map((c) => ({ cell: c, hash: nb201.hash(c) }));
  const [a, b] = (await ranker.rank('nb201', 'cifar10', inputs)).map((o) => ('ranking' in o ? o.ranking : assert.fail(JSON.stringify(o))));
  assert.equal(a.spread, a.score / 10);
  assert.equal(b.spread, b.score / 10);
  const [again] = await ranker.rank('nb201', 'cifar10', inputs.slice(0, 1));
  assert.ok('ranking' in again && again.ranking.spread === a.spread);
  assert.equal(asked, 1, 'score and spread cached together');
  const single = { ...base, scoreWithSpread: async (cells: readonly unknown[]) => ({ scores: await base.score!(cells as never) }) };
  const [s] = await new Ranker(fakeSource(single)).rank('nb201', 'cifar10', inputs.slice(0, 1));
  assert.ok('ranking' in s && s.ranking.spread === undefined, 'no ± for one network');
});
