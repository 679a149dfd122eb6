import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { detectCsvFormat, readCsvCells, readCsvTable } from '../../../src/node/csv-cells';
import { runCli } from '../../helpers/cli';

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

const GOOD = '|nor_conv_3x3~0|+|none~0|skip_connect~1|+|none~0|none~1|avg_pool_3x3~2|';

test('line numbers are physical lines: the line a record starts on, after quoted fields holding newlines and blank lines', () => {
  const text = `idx,arch,note\n1,${GOOD},"two\nlines"\n2,|oops|,x\n\n3,${GOOD},"three\nmore\nlines"\n4,|bad|,y\n`;
  const rows = readCsvCells(text);
  assert.deepEqual(
    rows.map((r) => [r.name, r.line]),
    [
      ['1', 2],
      ['2', 4],
      ['3', 6],
      ['4', 9],
    ],
  );
});

test('a stray quote keeps the rest of the file; an unclosed quote costs its own line only, and the place is named', () => {
  const skipped: [number, string][] = [];
  const onSkippedRecord = (line: number, message: string) => skipped.push([line, message]);
  const stray = readCsvTable(`idx,arch,note\n1,${GOOD},a"b\n2,${GOOD},c\n`, { onSkippedRecord });
  assert.deepEqual(
    stray.rows.map((r) => [r.name, r.line, r.row.note]),
    [
      ['1', 2, 'a"b'],
      ['2', 3, 'c'],
    ],
  );
  const unclosed = readCsvTable(`idx,arch,note\n1,${GOOD},x\n2,|bad|,"open\n\n3,${GOOD},ab\n4,|bad|,z\n`, { onSkippedRecord });
  assert.deepEqual(
    unclosed.rows.map((r) => [r.name, r.line]),
    [
      ['1', 2],
      ['3', 5],
      ['4', 6],
    ],
  );
  assert.deepEqual(skipped, [[3, 'a quote opened on this line is never closed; this line is not read, the lines after it are']]);
});

test('validate on a CSV with an unclosed quote: the other rows are still checked, the quote is named at file:line:1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nas-lens-csv-quote-'));
  try {
    const file = join(dir, 'cells.csv');
    writeFileSync(file, `idx,arch,note\n1,${GOOD},"multi\nline"\n2,|bad|,"open\n3,${GOOD},x\n`);
    const run = await runCli('validate', file);
    assert.equal(run.status, 1);
    assert.equal(run.stdout, '2 cells: 2 valid, 0 invalid\n');
    assert.match(run.stderr, /cells\.csv:4:1: error: a quote opened on this line is never closed; this line is not read, the lines after it are/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
