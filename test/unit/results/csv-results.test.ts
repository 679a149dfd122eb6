import assert from 'node:assert/strict';
import { test } from 'node:test';
import { joinResults } from '../../../src/core/results';
import { readResultsCsv } from '../../../src/node/results/csv-results';
import { dataFile, needsData, readCsv } from '../../helpers/data';
import { readResultsFile } from '../../../src/node/results/read-results';

const A = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|';
const B = '|nor_conv_1x1~0|+|none~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|none~2|';
// Two NB-201 cells that differ only by a conv on an edge whose input is all-zero: the same unique string.
const Z1 = '|none~0|+|nor_conv_3x3~0|none~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|';
const Z2 = '|none~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|';
const G1 = 'sep_conv_3x3~1|sep_conv_3x3~0|skip_connect~0|sep_conv_3x3~1|skip_connect~0|sep_conv_3x3~1|sep_conv_3x3~0|skip_connect~2';
const G2 = 'max_pool_3x3~0|max_pool_3x3~1|skip_connect~2|max_pool_3x3~0|max_pool_3x3~0|skip_connect~2|skip_connect~2|avg_pool_3x3~0';

const metricsOf = (text: string) => readResultsCsv(text, 't.csv');

test('NB-201 table format (nb201.csv): every accuracy column is a metric; ids, op codes, groups and params are not; isomorphic rows join', () => {
  const text = [
    'idx,arch,ops,iso_group,c10_test_200,c100_test_200,c10_valid_200,c10_test_12,params_m',
    `0,${Z1},034333,7,90.1,70.1,88.0,80.0,1.2`,
    `1,${Z2},034333,7,90.3,70.2,88.2,80.4,1.3`,
    `2,${B},214130,8,85.0,60.0,83.0,75.0,0.5`,
  ].join('\n');
  const read = metricsOf(text);
  assert.deepEqual(read.problems, []);
  assert.deepEqual(
    read.runs.map((r) => [r.line, r.name, Object.keys(r.metrics).join(' ')]),
    [
      [2, '0', 'c10_test_200 c100_test_200 c10_valid_200 c10_test_12'],
      [3, '1', 'c10_test_200 c100_test_200 c10_valid_200 c10_test_12'],
      [4, '2', 'c10_test_200 c100_test_200 c10_valid_200 c10_test_12'],
    ],
  );
  const joined = joinResults(read.runs);
  assert.deepEqual(
    joined.metrics.map((m) => [m.metric, m.rule]),
    [['c10_test_200', 'first-test']],
  );
  assert.deepEqual(
    joined.cells.map((c) => [c.name, c.runs, +c.mean.toFixed(6), +c.std.toFixed(6)]),
    [
      ['0', 2, 90.2, +Math.sqrt(0.02).toFixed(6)],
      ['2', 1, 85, 0],
    ],
  );
});

test('NB-101 table format (nb101_subset.csv): val_* columns are metrics, the first is the default; sparse columns are simply absent', () => {
  const text = [
    'hash,n_vertices,n_edges,matrix,ops,val_4,val_12,val_36,val_108,params,train_time_108,naslib_val_108_mean,naslib_n,source',
    'h1,7,9,100110100001001010101,02001,36.0,42.1,90.0,93.0,8555530,1768.98,,,tiga-data-20k',
    'h2,3,2,101,2,10.0,20.0,30.0,40.5,1000,12.5,41.0,2,naslib-zc',
  ].join('\n');
  const read = metricsOf(text);
  assert.deepEqual(read.problems, []);
  assert.deepEqual(
    read.runs.map((r) => [r.space, r.name, r.source, { ...r.metrics }]),
    [
      ['nb101', 'h1', 'tiga-data-20k', { val_4: 36, val_12: 42.1, val_36: 90, val_108: 93 }],
      ['nb101', 'h2', 'naslib-zc', { val_4: 10, val_12: 20, val_36: 30, val_108: 40.5, naslib_val_108_mean: 41 }],
    ],
  );
  assert.deepEqual(
    joinResults(read.runs, { metric: 'val_108' }).cells.map((c) => c.mean),
    [93, 40.5],
  );
  assert.equal(joinResults(read.runs).metrics[0].metric, 'val_4');
});

test('DARTS table formats: NB-301 labels, NAS-Bench-Suite-Zero, published cells with text columns, Rethinking-PE', () => {
  const nb301 = metricsOf(
    ['normal,reduce,val_acc_nb301_surrogate,val_acc_nb301_surrogate_other_query,flops_m,params_m', `${G1},${G2},93.3,,153.5,0.86`].join('\n'),
  );
  assert.deepEqual(nb301.problems, []);
  assert.deepEqual({ ...nb301.runs[0].metrics }, { val_acc_nb301_surrogate: 93.3 });

  const suiteZero = metricsOf(
    ['naslib_idx,normal,reduce,svhn_acc,ninapro_acc,scifar100_acc,flags,source', `0,${G1},${G2},97.27,92.41,47.33,,automl/NASLib`].join('\n'),
  );
  assert.deepEqual(
    suiteZero.runs.map((r) => [r.name, Object.keys(r.metrics)]),
    [['0', ['svhn_acc', 'ninapro_acc', 'scifar100_acc']]],
  );
  assert.equal(joinResults(suiteZero.runs).metrics[0].rule, 'first');

  const published = metricsOf(
    [
      'name,method,normal,reduce,c10_test_acc,c10_test_err,err_std,statistic,params_m_reported,eval_protocol,acc_source,paper,genotype_source,notes,source',
      `DARTS_V1,DARTS (1st order),${G1},${G2},97.0,3.0,0.14,mean of repeated trainings (paper),3.3,"DARTS protocol (20 cells, C=36)",paper,Liu 2019,repo,,x`,
      `DARTS_V1b,DARTS (1st order),${G1},${G2},97.2,2.8,0.1,best,3.3,"DARTS protocol",paper,Liu 2019,repo,,x`,
    ].join('\n'),
  );
  assert.deepEqual(published.problems, []);
  assert.deepEqual(Object.keys(published.runs[0].metrics), ['c10_test_acc', 'c10_test_err']);
  const joined = joinResults(published.runs);
  assert.deepEqual(
    joined.cells.map((c) => [c.name, c.metric, c.runs, +c.mean.toFixed(6)]),
    [['DARTS_V1', 'c10_test_acc', 2, 97.1]],
  );

  const rethinking = metricsOf(
    ['arch_id,subset,normal,reduce,c10_test_acc,params_m,flags,origin,source', `rand001,random100,${G2},${G1},96.82,,,sheet,x`].join('\n'),
  );
  assert.deepEqual(
    rethinking.runs.map((r) => [r.name, { ...r.metrics }]),
    [['rand001', { c10_test_acc: 96.82 }]],
  );
});

test('a results CSV of your own: seed and epochs columns fill those fields; bad rows and values are problems at their line', () => {
  const text = [
    'arch,test_acc,val_acc,seed,epochs,source',
    `${A},71.2,70.8,1,200,my-recipe`,
    `${A},n/a,70.1,2,200,my-recipe`,
    '|oops|,1,1,3,200,x',
    `${B},,,4,200,x`,
    '|nor_conv_3x3~0|+|conv3x3~0|none~1|+|none~0|none~1|none~2|,5,5,5,5,x',
    `${B},NaN,60,"unclosed,1`,
  ].join('\n');
  const read = metricsOf(text);
  assert.deepEqual(
    read.runs.map((r) => [r.line, r.seed, r.epochs, r.source, { ...r.metrics }]),
    [
      [2, 1, 200, 'my-recipe', { test_acc: 71.2, val_acc: 70.8 }],
      [3, 2, 200, 'my-recipe', { val_acc: 70.1 }],
    ],
  );
  assert.deepEqual(
    read.problems.map((p) => [p.line, p.severity, p.code]),
    [
      [3, 'warning', 'bad-metric'],
      [4, 'error', 'bad-row'],
      [5, 'warning', 'no-metric'],
      [6, 'error', 'unknown-op'],
      [7, 'error', 'csv'],
    ],
  );
  assert.match(read.problems[0].message, /column "test_acc" holds 'n\/a', not a finite number; this value is not counted/);
  assert.match(read.problems[1].message, /arch: an NB-201 arch string has 3 node groups/);
  assert.match(read.problems[3].message, /unknown op 'conv3x3' on edge 0->2; did you mean 'nor_conv_3x3'\?.*not counted/);
});

test('a CSV without cell columns or without metric columns is one problem at 1:1', () => {
  assert.match(metricsOf('a,b\n1,2\n').problems[0].message, /no cell columns in the CSV header \(a, b\); expected 'arch' \(NB-201\)/);
  const noMetric = metricsOf(`idx,arch,params_m\n0,${A},1.5\n`);
  assert.deepEqual(
    noMetric.problems.map((p) => [p.line, p.column, p.code]),
    [[1, 1, 'no-metric']],
  );
  assert.match(
    noMetric.problems[0].message,
    /no metric column: a results CSV has its cell columns \(NB-201 arch strings \(arch\)\) and numeric metric columns such as test_acc; found idx, arch, params_m/,
  );
  assert.match(metricsOf('').problems[0].message, /the CSV is empty/);
});

test('a row longer than a results line may be is reported and skipped, the rows after it count', () => {
  const read = metricsOf(`arch,test_acc,source\n${A},1,${'x'.repeat(2 ** 21)}\n${B},2,y\n`);
  assert.deepEqual(
    read.runs.map((r) => r.line),
    [3],
  );
  assert.deepEqual(
    read.problems.map((p) => [p.line, p.code]),
    [[2, 'line-too-long']],
  );
});

test(
  'the real NB-201 table as results: 15,625 rows join into its 6,466 isomorphism groups, each with the runs of its group',
  needsData('nb201.csv'),
  async () => {
    const file = dataFile('nb201.csv')!;
    const read = await readResultsFile(file);
    assert.deepEqual(read.problems, []);
    assert.equal(read.runs.length, 15625);
    const joined = joinResults(read.runs, { metric: 'c10_test_200' });
    const groups = new Map<string, number[]>();
    for (const row of readCsv(file)) groups.set(row.iso_group, [...(groups.get(row.iso_group) ?? []), Number(row.c10_test_200)]);
    assert.equal(joined.cells.length, groups.size);
    assert.equal(groups.size, 6466);
    const byName = new Map(readCsv(file).map((r) => [r.idx, r.iso_group]));
    for (const cell of joined.cells) {
      const values = groups.get(byName.get(cell.name!)!)!;
      assert.equal(cell.runs, values.length, `group of ${cell.name}`);
      assert.ok(Math.abs(cell.mean - values.reduce((a, b) => a + b, 0) / values.length) < 1e-9);
    }
  },
);
