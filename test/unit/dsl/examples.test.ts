import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { NOTATION_SPACE } from '../../../src/core/dsl';
import { cellNamed, DARTS_V2_NORMAL, DARTS_V2_REDUCE, parse } from './helpers';

const files = readdirSync('examples').filter((f) => !f.endsWith('tsconfig.json'));

test('every example file parses into valid cells without a single diagnostic', () => {
  const counts: Record<string, number> = {};
  for (const file of files) {
    const doc = parse(readFileSync(`examples/${file}`, 'utf8'), file);
    assert.deepEqual(doc.diagnostics, [], file);
    for (const cell of doc.cells) assert.deepEqual([cell.name, cell.valid, cell.diagnostics], [cell.name, true, []], file);
    counts[file] = doc.cells.length;
  }
  assert.deepEqual(counts, { 'cells.nas.json': 4, 'cells.nas.ts': 5, 'genotypes.py': 9, 'nb201-archs.md': 6 });
});

test('the examples cover every notation', () => {
  const notations = new Set(files.flatMap((file) => parse(readFileSync(`examples/${file}`, 'utf8'), file).cells.map((c) => c.notation)));
  assert.deepEqual([...notations].sort(), Object.keys(NOTATION_SPACE).sort());
});

test('DARTS_V2 in the Python example and in TypeScript is the published genotype', () => {
  const expected = { space: 'darts', normal: DARTS_V2_NORMAL, reduce: DARTS_V2_REDUCE };
  assert.deepEqual(cellNamed(parse(readFileSync('examples/genotypes.py', 'utf8'), 'genotypes.py'), 'DARTS_V2').cell, expected);
  assert.deepEqual(cellNamed(parse(readFileSync('examples/cells.nas.ts', 'utf8'), 'cells.nas.ts'), 'dartsV2').cell, expected);
});
