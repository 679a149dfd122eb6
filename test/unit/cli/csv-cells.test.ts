import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectCsvFormat, readCsvCells } from '../../../src/node/csv-cells';

test('detects each shared-data CSV format from its header', () => {
  assert.equal(detectCsvFormat(['idx', 'arch', 'ops'])?.space, 'nb201');
  assert.equal(detectCsvFormat(['hash', 'n_vertices', 'n_edges', 'matrix', 'ops'])?.space, 'nb101');
  assert.equal(detectCsvFormat(['normal', 'reduce', 'val'])?.space, 'darts');
  assert.equal(detectCsvFormat(['a', 'b']), undefined);
});

test('reads NB-201 rows with names from idx and reports a malformed arch on its line', () => {
  const text = 'idx,arch\n7,|nor_conv_3x3~0|+|none~0|skip_connect~1|+|none~0|none~1|avg_pool_3x3~2|\n8,|oops|\n';
  const rows = readCsvCells(text);
  assert.equal(rows.length, 2);
  assert.equal(rows[0].name, '7');
  assert.deepEqual(rows[0].cell, { space: 'nb201', ops: ['nor_conv_3x3', 'none', 'skip_connect', 'none', 'none', 'avg_pool_3x3'] });
  assert.equal(rows[1].line, 3);
  assert.equal(rows[1].cell, undefined);
  assert.match(rows[1].error ?? '', /3 node groups/);
});

test('reads NB-101 compact rows', () => {
  const rows = readCsvCells('hash,n_vertices,n_edges,matrix,ops\nabc,3,2,011,2\n');
  assert.deepEqual(rows[0].cell, {
    space: 'nb101',
    matrix: [
      [0, 0, 1],
      [0, 0, 1],
      [0, 0, 0],
    ],
    ops: ['input', 'maxpool3x3', 'output'],
  });
  assert.equal(rows[0].name, 'abc');
});

test('reads DARTS genotype rows and names a bad entry', () => {
  const g = 'sep_conv_3x3~0|sep_conv_3x3~1|skip_connect~0|sep_conv_3x3~1|skip_connect~0|sep_conv_3x3~1|skip_connect~0|dil_conv_3x3~2';
  const rows = readCsvCells(`arch_id,normal,reduce\nx,${g},${g}\ny,${g},oops\n`);
  assert.equal(rows[0].cell?.space, 'darts');
  assert.match(rows[1].error ?? '', /reduce: entry 1 'oops'/);
});

test('a CSV without cell columns fails with the expected columns named', () => {
  assert.throws(() => readCsvCells('a,b\n1,2\n'), /expected 'arch' \(NB-201\)/);
});
