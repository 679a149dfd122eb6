import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { insertCellAfter, rewriteCell, type ParsedCell, type TextEdit } from '../../../src/core/dsl';
import { createRng } from '../../../src/core/rng';
import { getSpace } from '../../../src/core/spaces';
import type { Cell, Nb101Cell } from '../../../src/core/spaces/types';
import { ARCH_B, parse } from './helpers';

const EXAMPLES = ['examples/cells.nas.json', 'examples/cells.nas.ts', 'examples/genotypes.py', 'examples/nb201-archs.md'];

function apply(text: string, edit: TextEdit): string {
  return text.slice(0, edit.range.start) + edit.newText + text.slice(edit.range.end);
}

function otherCell(cell: ParsedCell, seed: number): Cell {
  const rng = createRng(seed);
  for (;;) {
    const candidate = getSpace(cell.space).sample(rng);
    if (JSON.stringify(candidate) !== JSON.stringify(cell.cell)) return candidate;
  }
}

/** Rewrites cell `index` of `text` and checks the result: the new cell in its place, everything else untouched. */
function rewriteAndCheck(text: string, file: string, index: number, replacement: Cell): string {
  const before = parse(text, file);
  const target = before.cells[index];
  const edit = rewriteCell(text, target, replacement);
  assert.ok(edit.range.start >= target.range.start && edit.range.end <= target.range.end, 'the edit stays inside the cell');
  const rewritten = apply(text, edit);
  const after = parse(rewritten, file);
  assert.equal(after.cells.length, before.cells.length, `${file}: same number of cells`);
  const cell = after.cells[index];
  assert.deepEqual(cell.cell, replacement, `${file} ${target.name}`);
  assert.equal(cell.name, target.name);
  assert.equal(cell.notation, target.notation);
  assert.equal(cell.range.start, target.range.start, 'the cell starts where it did');
  assert.equal(rewritten.slice(0, target.range.start), text.slice(0, target.range.start));
  assert.equal(rewritten.slice(cell.range.end), text.slice(target.range.end));
  after.cells.forEach((c, i) => {
    if (i !== index) assert.deepEqual([c.name, c.cell], [before.cells[i].name, before.cells[i].cell]);
  });
  return rewritten;
}

test('every example cell rewritten with a random cell of its space re-parses to that cell in place', () => {
  let rewrites = 0;
  for (const file of EXAMPLES) {
    const text = readFileSync(file, 'utf8');
    parse(text, file).cells.forEach((cell, index) => {
      for (const seed of [1, 2, 3]) {
        rewriteAndCheck(text, file, index, otherCell(cell, seed * 1000 + index));
        rewrites++;
      }
    });
  }
  assert.equal(rewrites, 3 * 24);
});

test('rewriting keeps quotes, tuples, constants, comments and line layout', () => {
  const py = readFileSync('examples/genotypes.py', 'utf8');
  const doc = parse(py, 'genotypes.py');
  const pdartsIndex = doc.cells.findIndex((c) => c.name === 'PDARTS');
  const darts: Cell = { space: 'darts', normal: Array(8).fill(['dil_conv_5x5', 1]), reduce: Array(8).fill(['avg_pool_3x3', 0]) };
  const out = rewriteAndCheck(py, 'genotypes.py', pdartsIndex, darts);
  assert.ok(
    out.includes(`PDARTS = Genotype(
    normal=[
        ('dil_conv_5x5', 1), ('dil_conv_5x5', 1),
        ('dil_conv_5x5', 1), ('dil_conv_5x5', 1),`),
  );
  const pcIndex = doc.cells.findIndex((c) => c.name === 'PC_DARTS_cifar');
  const pcOut = rewriteAndCheck(py, 'genotypes.py', pcIndex, darts);
  assert.ok(pcOut.includes('[["dil_conv_5x5", 1], ["dil_conv_5x5", 1], ["dil_conv_5x5", 1], ["dil_conv_5x5", 1],\n     ["dil_conv_5x5", 1],'));
  assert.ok(pcOut.includes('"dil_conv_5x5", 1]],  # normal'), 'comments after the list survive');

  const specIndex = doc.cells.findIndex((c) => c.name === 'model_spec');
  const sameSize: Nb101Cell = {
    space: 'nb101',
    matrix: (doc.cells[specIndex].cell as Nb101Cell).matrix,
    ops: ['input', 'conv3x3-bn-relu', 'conv3x3-bn-relu', 'maxpool3x3', 'conv1x1-bn-relu', 'conv3x3-bn-relu', 'output'],
  };
  const sameSizeOut = rewriteAndCheck(py, 'genotypes.py', specIndex, sameSize);
  assert.ok(sameSizeOut.includes('ops=[INPUT, CONV3X3, CONV3X3, MAXPOOL3X3, CONV1X1, CONV3X3, OUTPUT])'));
  assert.ok(sameSizeOut.includes('[0, 0, 0, 0, 1, 0, 0],    # 5x5 conv'), 'same-shape matrices keep their comments');
  const smaller: Nb101Cell = {
    space: 'nb101',
    matrix: [
      [0, 1, 1, 0],
      [0, 0, 0, 1],
      [0, 0, 0, 1],
      [0, 0, 0, 0],
    ],
    ops: ['input', 'conv3x3-bn-relu', 'maxpool3x3', 'output'],
  };
  const smallerOut = rewriteAndCheck(py, 'genotypes.py', specIndex, smaller);
  assert.ok(
    smallerOut.includes(`    matrix=[[0, 1, 1, 0],
            [0, 0, 0, 1],
            [0, 0, 0, 1],
            [0, 0, 0, 0]],`),
    smallerOut,
  );
  assert.ok(smallerOut.includes('ops=[INPUT, CONV3X3, MAXPOOL3X3, OUTPUT])'));

  const json = readFileSync('examples/cells.nas.json', 'utf8');
  const jsonDoc = parse(json, 'cells.nas.json');
  const edgesIndex = jsonDoc.cells.findIndex((c) => c.notation === 'json-edges');
  const jsonOut = rewriteAndCheck(json, 'cells.nas.json', edgesIndex, { space: 'nb201', ops: ['none', 'none', 'none', 'none', 'none', 'avg_pool_3x3'] });
  assert.ok(jsonOut.includes('"0->3": "none",\n        "1->3": "none",\n        "2->3": "avg_pool_3x3"\n'));
  const nb101Index = jsonDoc.cells.findIndex((c) => c.notation === 'json-nb101');
  const jsonSmaller = rewriteAndCheck(json, 'cells.nas.json', nb101Index, smaller);
  assert.ok(
    jsonSmaller.includes(`"matrix": [
        [0, 1, 1, 0],
        [0, 0, 0, 1],
        [0, 0, 0, 1],
        [0, 0, 0, 0]
      ],
      "ops": ["input", "conv3x3-bn-relu", "maxpool3x3", "output"]`),
    jsonSmaller,
  );

  const ts = readFileSync('examples/cells.nas.ts', 'utf8');
  const tsDoc = parse(ts, 'cells.nas.ts');
  const tsOut = rewriteAndCheck(
    ts,
    'cells.nas.ts',
    tsDoc.cells.findIndex((c) => c.notation === 'ts-nb101'),
    smaller,
  );
  assert.ok(
    tsOut.includes(`  matrix: [
    [0, 1, 1, 0],
    [0, 0, 0, 1],
    [0, 0, 0, 1],
    [0, 0, 0, 0],
  ],
  ops: ['input', 'conv3x3-bn-relu', 'maxpool3x3', 'output'],`),
    tsOut,
  );
});

test('cells that could not be read are rewritten whole, keeping name and callee', () => {
  const json = `{ "space": "nb201", "cells": [ { "name": "n", "edges": { "0->1": "none" } }, { "name": "m", "space": "nb101", "matrix": 3 } ] }`;
  const out = rewriteAndCheck(json, 'x.nas.json', 0, { space: 'nb201', ops: ['none', 'none', 'none', 'none', 'none', 'none'] });
  assert.ok(out.includes('"edges": { "0->1": "none", "0->2": "none", "1->2": "none", "0->3": "none", "1->3": "none", "2->3": "none" }'), out);
  rewriteAndCheck(json, 'x.nas.json', 1, {
    space: 'nb101',
    matrix: [
      [0, 1],
      [0, 0],
    ],
    ops: ['input', 'output'],
  });

  const ts = `import { nb201 as arch, nb101 } from 'nas-lens/dsl';\nexport const a = arch(someVariable);\nexport const b = nb101({ matrix: [[0, 1], [0, 0]] });\n`;
  const tsOut = rewriteAndCheck(ts, 'x.nas.ts', 0, { space: 'nb201', ops: ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3', 'none'] });
  assert.ok(tsOut.includes("export const a = arch('|none~0|+|skip_connect~0|nor_conv_1x1~1|+|nor_conv_3x3~0|avg_pool_3x3~1|none~2|');"));
  rewriteAndCheck(ts, 'x.nas.ts', 1, {
    space: 'nb101',
    matrix: [
      [0, 1],
      [0, 0],
    ],
    ops: ['input', 'output'],
  });

  const py = `NASNET = Genotype(normal=[('sep_conv_3x3', 0)] * 8, normal_concat=[2, 3, 4, 5, 6], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])\n`;
  const darts = getSpace('darts').sample(createRng(5));
  const pyOut = rewriteAndCheck(py, 'g.py', 0, darts);
  assert.ok(pyOut.includes('normal_concat=range(2, 6)'));
  assert.ok(pyOut.includes('reduce_concat=[2, 3, 4, 5]'));
});

test('a rewrite to the same cell changes nothing; a cell of another space is refused', () => {
  const text = readFileSync('examples/genotypes.py', 'utf8');
  const doc = parse(text, 'genotypes.py');
  for (const cell of doc.cells) {
    assert.equal(apply(text, rewriteCell(text, cell, cell.cell as Cell)), text);
  }
  assert.throws(() => rewriteCell(text, doc.cells[0], { space: 'nb201', ops: Array(6).fill('none') }), /cannot replace a darts cell by a nb201 cell/);
});

test('CRLF documents get CRLF line breaks in regenerated lists', () => {
  const text = 'spec = ModelSpec(\r\n    matrix=[[0, 1],\r\n            [0, 0]],\r\n    ops=[INPUT, OUTPUT])\r\n';
  const out = rewriteAndCheck(text, 's.py', 0, {
    space: 'nb101',
    matrix: [
      [0, 1, 0],
      [0, 0, 1],
      [0, 0, 0],
    ],
    ops: ['input', 'maxpool3x3', 'output'],
  });
  assert.equal(out.replace(/\r\n/g, '').includes('\n'), false, JSON.stringify(out));
});

/** Inserts a copy after cell `index` and checks it re-parses as the next cell, with the rest untouched. */
function insertAndCheck(text: string, file: string, index: number, replacement: Cell, newName: string): string {
  const before = parse(text, file);
  const target = before.cells[index];
  const edit = insertCellAfter(text, target, replacement, newName);
  assert.equal(edit.range.start, edit.range.end, 'an insertion');
  assert.ok(edit.range.start >= target.range.end);
  const out = apply(text, edit);
  const after = parse(out, file);
  assert.equal(after.cells.length, before.cells.length + 1, `${file} ${target.name}: one more cell\n${out}`);
  const inserted = after.cells[index + 1];
  assert.deepEqual(inserted.cell, replacement);
  assert.equal(inserted.notation, target.notation);
  if (edit.name !== undefined) assert.equal(inserted.name, edit.name);
  assert.equal(edit.name === undefined, !target.nameRange && !target.notation.startsWith('json-'), 'named wherever the notation has a name slot');
  const identity = (c: ParsedCell) => [c.nameRange ? c.name : 'named by position', c.cell];
  assert.deepEqual(after.cells.filter((_, i) => i !== index + 1).map(identity), before.cells.map(identity));
  assert.equal(after.diagnostics.length, before.diagnostics.length, 'no new syntax problems');
  return out;
}

test('insertCellAfter copies the cell in its notation after every example cell', () => {
  let inserts = 0;
  for (const file of EXAMPLES) {
    const text = readFileSync(file, 'utf8');
    parse(text, file).cells.forEach((cell, index) => {
      insertAndCheck(text, file, index, otherCell(cell, 77 + index), 'found_by_search');
      inserts++;
    });
  }
  assert.equal(inserts, 24);
});

test('insertions follow the layout around the cell', () => {
  const json = '{ "space": "nb201", "cells": [\n    { "name": "a", "arch": "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|" }\n  ]\n}';
  const jsonOut = insertAndCheck(json, 'x.nas.json', 0, { space: 'nb201', ops: Array(6).fill('skip_connect') }, 'b "quoted"');
  assert.ok(jsonOut.includes('},\n    { "name": "b \\"quoted\\"", "arch": "|skip_connect~0|'), jsonOut);

  const unnamed = '{ "space": "nb201", "cells": [{ "arch": "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|" }] }';
  const unnamedOut = insertAndCheck(unnamed, 'x.nas.json', 0, { space: 'nb201', ops: Array(6).fill('none') }, 'named');
  assert.ok(unnamedOut.includes('}, { "name": "named", "arch"'), unnamedOut);

  const py = `ARCHS = ['${ARCH_B}', '${ARCH_B}']\n`;
  const pyOut = insertAndCheck(py, 'a.py', 0, { space: 'nb201', ops: Array(6).fill('none') }, 'x');
  assert.ok(pyOut.startsWith(`ARCHS = ['${ARCH_B}', '|none~0|+|none~0|none~1|+|none~0|none~1|none~2|', '${ARCH_B}']`), pyOut);

  const ts = `import { nb201 } from 'nas-lens/dsl';\nexport const a =\n  nb201('${ARCH_B}');\nexport const pool = [\n  nb201('${ARCH_B}'),\n];\n`;
  const tsOut = insertAndCheck(ts, 'x.nas.ts', 0, { space: 'nb201', ops: Array(6).fill('none') }, 'my-cell 2');
  assert.ok(tsOut.includes("export const my_cell_2 =\n  nb201('|none~0|"), tsOut);
  assert.equal(insertCellAfter(ts, parse(ts, 'x.nas.ts').cells[0], { space: 'nb201', ops: Array(6).fill('none') }, 'my-cell 2').name, 'my_cell_2');
  const poolOut = insertAndCheck(ts, 'x.nas.ts', 1, { space: 'nb201', ops: Array(6).fill('none') }, 'ignored');
  assert.ok(poolOut.includes(`  nb201('${ARCH_B}'),\n  nb201('|none~0|`), poolOut);
});
