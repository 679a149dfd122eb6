import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { DEFAULT_RESULTS_GLOB, findResultsFiles } from '../../../src/node/results/find-results';
import { isResultsFileName, loadResults, readResultsFile } from '../../../src/node/results/read-results';
import { ARCH_A, ARCH_B, resultLine } from './helpers';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'nas-lens-results-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
};

test('results file names: *.nas-results.jsonl and *.nas-results.csv, optionally gzipped', () => {
  assert.deepEqual(['a.nas-results.jsonl', 'A.NAS-RESULTS.CSV', 'x/b.nas-results.jsonl.gz', 'a.jsonl', 'cells.nas.json', 'nb201.csv'].map(isResultsFileName), [
    true,
    true,
    true,
    false,
    false,
    false,
  ]);
});

test('a gzipped JSONL file and a CSV file are read, and their runs join across files', async () => {
  const jsonl = write('a.nas-results.jsonl.gz', gzipSync(`${resultLine(ARCH_A, { test_acc: 70 }, { seed: 1 })}\n`));
  const csv = write('b.nas-results.csv', `arch,test_acc,seed\n${ARCH_A},72,2\n${ARCH_B},60,1\n`);
  const loaded = await loadResults([jsonl, csv, jsonl]);
  assert.deepEqual(loaded.files, [jsonl, csv]);
  assert.deepEqual(loaded.problems, []);
  assert.deepEqual(
    loaded.cells.map((c) => [c.runs, c.mean, c.file, c.line]),
    [
      [2, 71, jsonl, 1],
      [1, 60, csv, 3],
    ],
  );
});

test('size limits are checked before reading or inflating: a large file and a gzip bomb are one problem each at 1:1', async () => {
  const big = write('big.nas-results.jsonl', `${resultLine(ARCH_A, { test_acc: 70 })}\n`.repeat(100));
  const over = await readResultsFile(big, { maxBytes: 1000 });
  assert.deepEqual(over.runs, []);
  assert.deepEqual(
    over.problems.map((p) => [p.line, p.column, p.code]),
    [[1, 1, 'unreadable']],
  );
  assert.match(over.problems[0].message, /the file is 0\.0 MiB; results files are read up to 0\.0 MiB/);
  const bomb = write('bomb.nas-results.jsonl.gz', gzipSync(Buffer.alloc(50_000, 32)));
  const inflated = await readResultsFile(bomb, { maxBytes: 10_000 });
  assert.match(inflated.problems[0].message, /decompresses to more than/);
  const notGzip = write('plain.nas-results.jsonl.gz', 'not gzip');
  assert.match((await readResultsFile(notGzip)).problems[0].message, /not a readable gzip file/);
  const missing = await readResultsFile(join(dir, 'missing.nas-results.jsonl'));
  assert.match(missing.problems[0].message, /ENOENT/);
});

test('globs find results files under the folder, skipping node_modules and .git; a plain path is itself', async () => {
  for (const f of [
    'runs/x.nas-results.jsonl',
    'runs/deep/y.nas-results.csv',
    'node_modules/pkg/z.nas-results.jsonl',
    '.git/w.nas-results.jsonl',
    'odd [1].nas-results.jsonl',
    'cells.nas.json',
  ]) {
    write(`globbed/${f}`, '');
  }
  const found = await findResultsFiles([DEFAULT_RESULTS_GLOB, 'odd [1].nas-results.jsonl', 'nothing/*.jsonl'], join(dir, 'globbed'));
  assert.deepEqual(found.files, ['odd [1].nas-results.jsonl', 'runs/deep/y.nas-results.csv', 'runs/x.nas-results.jsonl']);
  assert.deepEqual(found.unmatched, ['nothing/*.jsonl']);
  assert.deepEqual((await findResultsFiles(['odd [1].nas-results.jsonl'], join(dir, 'globbed'))).files, ['odd [1].nas-results.jsonl']);
});
