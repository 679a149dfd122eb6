import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDocument } from '../../../src/core/dsl';
import { ARCH_A, ARCH_B, cellNamed, codesAt, parse, textAt } from './helpers';

const DARTS_ARGS = `{
  normal: [['sep_conv_3x3', 0], ['sep_conv_3x3', 1], ['sep_conv_3x3', 0], ['sep_conv_3x3', 1], ['sep_conv_3x3', 1], ['skip_connect', 0], ['skip_connect', 0], ['dil_conv_3x3', 2]],
  reduce: [['max_pool_3x3', 0], ['max_pool_3x3', 1], ['skip_connect', 2], ['max_pool_3x3', 1], ['max_pool_3x3', 0], ['skip_connect', 2], ['skip_connect', 2], ['max_pool_3x3', 1]],
}`;

test('calls of the DSL functions are cells named by their variables, aliases and namespaces included', () => {
  const text = `import { nb201, nb101 as spec101, darts } from 'nas-lens/dsl';
import * as nas from 'nas-lens/dsl';
export const a = nb201('${ARCH_A}');
export const b = nas.nb201(\`${ARCH_B}\`);
const c = spec101({ matrix: [[0, 1], [0, 0]], ops: ['input', 'output'] } as const);
export const d = darts(${DARTS_ARGS});
export const pool = [nb201('${ARCH_B}'), nb201('${ARCH_A}')];
export const table = { best: nb201('${ARCH_A}') };
export default nb201('${ARCH_B}');
`;
  const doc = parse(text, 'cells.nas.ts');
  assert.deepEqual(doc.diagnostics, []);
  assert.deepEqual(
    doc.cells.map((c) => [c.name, c.notation, c.valid]),
    [
      ['a', 'ts-nb201', true],
      ['b', 'ts-nb201', true],
      ['c', 'ts-nb101', true],
      ['d', 'ts-darts', true],
      ['pool[0]', 'ts-nb201', true],
      ['pool[1]', 'ts-nb201', true],
      ['best', 'ts-nb201', true],
      ['default', 'ts-nb201', true],
    ],
  );
  const a = cellNamed(doc, 'a');
  assert.equal(textAt(text, a.range), `nb201('${ARCH_A}')`);
  assert.equal(textAt(text, a.nameRange), 'a');
  assert.equal(textAt(text, a.parts.arch), ARCH_A);
  assert.equal(textAt(text, cellNamed(doc, 'best').nameRange), 'best');
  assert.deepEqual(cellNamed(doc, 'c').cell, {
    space: 'nb101',
    matrix: [
      [0, 1],
      [0, 0],
    ],
    ops: ['input', 'output'],
  });
});

test('non-literal arguments are reported as needing a literal, at the offending expression', () => {
  const text = `import { nb201, nb101, darts } from 'nas-lens/dsl';
const arch = '${ARCH_A}';
const ops = ['input', 'output'];
export const a = nb201(arch);
export const b = nb201(\`|\${'none'}~0|+|none~0|none~1|+|none~0|none~1|none~2|\`);
export const c = nb101({ matrix: [[0, 1], [0, 0]], ops });
export const d = nb101({ matrix: [[0, 1], [0, 0]], ops: [...ops] });
export const e = nb101({ ...{ matrix: [[0, 1], [0, 0]], ops: ['input', 'output'] } });
export const f = darts(makeGenotype());
export const g = nb101({ matrix: [[0, 1], [0, 0]], ops: ops.slice() });
`;
  const doc = parse(text, 'x.nas.ts');
  const notLiteral = (name: string) => codesAt(text, cellNamed(doc, name).diagnostics).filter((c) => c.startsWith('not-literal'));
  assert.deepEqual(notLiteral('a'), ['not-literal@arch']);
  assert.deepEqual(notLiteral('b'), [`not-literal@\`|\${'none'}~0|+|none~0|none~1|+|none~0|none~1|none~2|\``]);
  assert.deepEqual(notLiteral('c'), ['not-literal@ops']);
  assert.deepEqual(notLiteral('d'), ['not-literal@...ops']);
  assert.deepEqual(notLiteral('e'), ["not-literal@...{ matrix: [[0, 1], [0, 0]], ops: ['input', 'output'] }"]);
  assert.deepEqual(notLiteral('f'), ['not-literal@makeGenotype()']);
  assert.deepEqual(notLiteral('g'), ['not-literal@ops.slice()']);
  for (const cell of doc.cells) {
    assert.equal(cell.cell, undefined, cell.name);
    assert.match(cell.diagnostics.find((d) => d.code === 'not-literal')?.message ?? '', /must be a literal so NAS Lens can read it without running your code/);
  }
});

test('only functions imported from nas-lens/dsl count; look-alikes are pointed out', () => {
  const text = `import { nb201 as fromElsewhere } from './my-dsl';
import type { nb101 } from 'nas-lens/dsl';
function nb201(s: string) { return s; }
export const a = nb201('${ARCH_A}');
export const b = fromElsewhere('${ARCH_A}');
`;
  const doc = parse(text, 'x.nas.ts');
  assert.deepEqual(doc.cells, []);
  assert.deepEqual(codesAt(text, doc.diagnostics), ['not-imported@nb201']);
});

test('an unknown op in TypeScript is underlined exactly; extra and unknown properties are warnings', () => {
  const text = `import { nb201, darts } from 'nas-lens/dsl';
export const a = nb201('|nor_conv_3x3~0|+|nor_conv_3x3~0|conv3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|', 'extra');
export const b = darts(${DARTS_ARGS.replace("'dil_conv_3x3', 2", "'dil_conv_7x7', 2").replace('reduce:', "colour: 'red',\n  reduce:")});
`;
  const doc = parse(text, 'x.nas.ts');
  assert.deepEqual(codesAt(text, cellNamed(doc, 'a').diagnostics), ["unknown-argument@'extra'", 'unknown-op@conv3x3']);
  assert.deepEqual(codesAt(text, cellNamed(doc, 'b').diagnostics), ['unknown-key@colour', 'unknown-op@dil_conv_7x7']);
});

test('a broken file still yields its readable cells and TypeScript syntax errors', () => {
  const text = `import { nb201 } from 'nas-lens/dsl';
export const a = nb201('${ARCH_A}');
export const b = nb201('${ARCH_B}'
export const c = ;
`;
  const doc = parse(text, 'x.nas.ts');
  assert.ok(doc.diagnostics.some((d) => d.code === 'syntax'));
  assert.ok(cellNamed(doc, 'a').valid);
  assert.ok(cellNamed(doc, 'b').cell);
});

test('without the TypeScript compiler a *.nas.ts file is one explained diagnostic; the loader runs lazily', () => {
  const text = `import { nb201 } from 'nas-lens/dsl';\nexport const a = nb201('${ARCH_A}');\n`;
  assert.deepEqual(
    parseDocument(text, 'x.nas.ts').diagnostics.map((d) => d.code),
    ['typescript-unavailable'],
  );
  let loads = 0;
  const loader = () => {
    loads++;
    throw new Error('not installed');
  };
  parseDocument('{"cells": []}', 'x.nas.json', { typescript: loader });
  assert.equal(loads, 0, 'JSON parsing does not load TypeScript');
  assert.deepEqual(
    parseDocument(text, 'x.nas.ts', { typescript: loader }).diagnostics.map((d) => d.code),
    ['typescript-unavailable'],
  );
  assert.equal(loads, 1);
});
