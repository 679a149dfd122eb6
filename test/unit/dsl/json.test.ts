import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ARCH_A, cellNamed, codesAt, DARTS_V2_NORMAL, DARTS_V2_REDUCE, parse, textAt } from './helpers';

const darts = (edges: [string, number][]) => JSON.stringify(edges);

test('the four JSON notations give their cells, with the file default space and per-cell overrides', () => {
  const text = `{
  // comments and trailing commas are fine
  "space": "nb201",
  "cells": [
    { "name": "a", "arch": "${ARCH_A}" },
    { "name": "b", "edges": { "0->1": "nor_conv_3x3", "0->2": "nor_conv_3x3", "1->2": "avg_pool_3x3", "0->3": "skip_connect", "1->3": "nor_conv_3x3", "2->3": "skip_connect" } },
    { "name": "c", "space": "nb101", "matrix": [[0, 1, 0], [0, 0, 1], [0, 0, 0]], "ops": ["input", "conv3x3-bn-relu", "output"] },
    { "name": "d", "space": "darts", "normal": ${darts(DARTS_V2_NORMAL)}, "reduce": ${darts(DARTS_V2_REDUCE)} },
  ],
}`;
  const doc = parse(text, 'cells.nas.json');
  assert.deepEqual(doc.diagnostics, []);
  assert.deepEqual(
    doc.cells.map((c) => [c.name, c.space, c.notation, c.valid]),
    [
      ['a', 'nb201', 'json-arch', true],
      ['b', 'nb201', 'json-edges', true],
      ['c', 'nb101', 'json-nb101', true],
      ['d', 'darts', 'json-darts', true],
    ],
  );
  assert.deepEqual(cellNamed(doc, 'a').cell, cellNamed(doc, 'b').cell);
  assert.deepEqual(cellNamed(doc, 'c').cell, {
    space: 'nb101',
    matrix: [
      [0, 1, 0],
      [0, 0, 1],
      [0, 0, 0],
    ],
    ops: ['input', 'conv3x3-bn-relu', 'output'],
  });
  assert.deepEqual(cellNamed(doc, 'd').cell, { space: 'darts', normal: DARTS_V2_NORMAL, reduce: DARTS_V2_REDUCE });
  const a = cellNamed(doc, 'a');
  assert.equal(textAt(text, a.range)?.startsWith('{ "name": "a"'), true);
  assert.equal(textAt(text, a.nameRange), 'a');
  assert.equal(textAt(text, a.parts.arch), ARCH_A);
  assert.equal(textAt(text, cellNamed(doc, 'c').parts.matrix), '[[0, 1, 0], [0, 0, 1], [0, 0, 0]]');
});

test('an unknown op is underlined exactly, inside an arch string, an edges object, an ops list and a DARTS pair', () => {
  const text = `{ "cells": [
  { "name": "a", "arch": "|nor_conv_3x3~0|+|nor_conv_3x3~0|conv3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|" },
  { "name": "b", "edges": { "0->1": "none", "0->2": "none", "1->2": "none", "0->3": "maxpool", "1->3": "none", "2->3": "none" } },
  { "name": "c", "matrix": [[0, 1, 0], [0, 0, 1], [0, 0, 0]], "ops": ["input", "conv5x5-bn-relu", "output"] },
  { "name": "d", "normal": ${darts(DARTS_V2_NORMAL)}, "reduce": ${darts(DARTS_V2_REDUCE).replace('"max_pool_3x3",1', '"max_pool_5x5",1')} }
] }`;
  const doc = parse(text, 'x.nas.json');
  for (const [name, op] of [
    ['a', 'conv3x3'],
    ['b', 'maxpool'],
    ['c', 'conv5x5-bn-relu'],
    ['d', 'max_pool_5x5'],
  ]) {
    const cell = cellNamed(doc, name);
    assert.equal(cell.valid, false, name);
    assert.ok(cell.cell, `${name} is still built`);
    assert.deepEqual(codesAt(text, cell.diagnostics), [`unknown-op@${op}`], name);
  }
});

test('validation issues map to matrix entries and DARTS inputs', () => {
  const text = `{ "cells": [
  { "name": "cyclic", "matrix": [[0, 1, 0], [0, 0, 1], [0, 2, 0]], "ops": ["input", "maxpool3x3", "output"] },
  { "name": "late-input", "normal": ${darts(DARTS_V2_NORMAL).replace('["sep_conv_3x3",0]', '["sep_conv_3x3",4]')}, "reduce": ${darts(DARTS_V2_REDUCE)} }
] }`;
  const doc = parse(text, 'x.nas.json');
  const cyclic = cellNamed(doc, 'cyclic');
  assert.equal(cyclic.valid, false);
  assert.ok(
    cyclic.diagnostics.some((d) => textAt(text, d.range) === '2'),
    JSON.stringify(codesAt(text, cyclic.diagnostics)),
  );
  const late = cellNamed(doc, 'late-input');
  assert.equal(late.valid, false);
  const first = late.diagnostics.find((d) => d.severity === 'error');
  assert.equal(textAt(text, first?.range), '4');
});

test('keys of another space, unknown keys, wrong types and missing edges are reported where they are', () => {
  const text = `{
  "space": "nb201",
  "colour": "red",
  "cells": [
    { "name": "a", "matrix": [[0, 1], [0, 0]], "ops": ["input", "output"] },
    { "nmae": "b", "arch": "${ARCH_A}" },
    { "name": 7, "arch": 42 },
    { "name": "d", "edges": { "0->1": "none", "0->2": "none", "1->2": "none", "0->3": "none", "3->1": "none" } },
    { "name": "e", "arch": "${ARCH_A}", "edges": {} },
    "not a cell",
    { "name": "g", "space": "nb301", "arch": "${ARCH_A}" }
  ]
}`;
  const doc = parse(text, 'x.nas.json');
  assert.deepEqual(codesAt(text, doc.diagnostics), ['unknown-key@colour', 'wrong-type@"not a cell"']);
  assert.deepEqual(codesAt(text, cellNamed(doc, 'a').diagnostics).slice(0, 2), ['space-mismatch@matrix', 'space-mismatch@ops']);
  assert.equal(cellNamed(doc, 'a').cell, undefined);
  const b = doc.cells[1];
  assert.equal(b.name, 'cell 2');
  assert.deepEqual(codesAt(text, b.diagnostics), ['unknown-key@nmae']);
  assert.match(b.diagnostics[0].message, /did you mean "name"/);
  assert.equal(b.valid, true, 'an unknown key is only a warning');
  assert.deepEqual(codesAt(text, doc.cells[2].diagnostics), ['wrong-type@7', 'wrong-type@42']);
  assert.deepEqual(codesAt(text, cellNamed(doc, 'd').diagnostics), ['bad-edge@3->1', 'missing-edge@edges']);
  assert.match(cellNamed(doc, 'd').diagnostics[1].message, /2->3/);
  assert.deepEqual(codesAt(text, cellNamed(doc, 'e').diagnostics), ['conflicting-keys@edges']);
  assert.deepEqual(codesAt(text, cellNamed(doc, 'g').diagnostics), ['bad-space@"nb301"']);
});

test('a cell without any values cannot be placed in a space and is a file diagnostic', () => {
  const text = '{ "cells": [ { "name": "empty" }, { "name": "mixed", "arch": "x", "matrix": [] } ] }';
  const doc = parse(text, 'x.nas.json');
  assert.deepEqual(doc.cells, []);
  assert.deepEqual(codesAt(text, doc.diagnostics), ['missing-key@empty', 'missing-key@mixed']);
});

test('duplicate names are warned about and made unique', () => {
  const text = `{ "space": "nb201", "cells": [ { "name": "x", "arch": "${ARCH_A}" }, { "name": "x", "arch": "${ARCH_A}" }, { "name": "x (2)", "arch": "${ARCH_A}" } ] }`;
  const doc = parse(text, 'x.nas.json');
  assert.deepEqual(
    doc.cells.map((c) => c.name),
    ['x', 'x (3)', 'x (2)'],
  );
  assert.deepEqual(codesAt(text, doc.cells[1].diagnostics), ['duplicate-name@x']);
  assert.equal(doc.cells[1].valid, true);
});

test('syntax errors become diagnostics and the readable cells still come out', () => {
  const text = `{ "space": "nb201", "cells": [
  { "name": "ok1", "arch": "${ARCH_A}" },
  { "name": "broken", "arch": "${ARCH_A}" "edges": },
  { "name": "ok2", "arch": "${ARCH_A}" }
] }`;
  const doc = parse(text, 'x.nas.json');
  assert.ok(doc.diagnostics.length > 0 && doc.diagnostics.every((d) => d.code === 'syntax'));
  assert.ok(doc.cells.some((c) => c.name === 'ok1' && c.valid));
  assert.ok(doc.cells.some((c) => c.name === 'ok2' && c.valid));
});

test('escapes in an arch string still parse; op ranges fall back to the whole string', () => {
  const text = `{ "space": "nb201", "cells": [ { "name": "e", "arch": "\\u007cconv~0|+|none~0|none~1|+|none~0|none~1|none~2|" } ] }`;
  const doc = parse(text, 'x.nas.json');
  const e = cellNamed(doc, 'e');
  assert.deepEqual(codesAt(text, e.diagnostics), ['unknown-op@"\\u007cconv~0|+|none~0|none~1|+|none~0|none~1|none~2|"']);
});

test('an empty file, a non-object and a missing "cells" are explained', () => {
  assert.deepEqual(
    parse('', 'x.nas.json').diagnostics.map((d) => d.code),
    ['no-cells'],
  );
  assert.deepEqual(
    parse('[1, 2]', 'x.nas.json').diagnostics.map((d) => d.code),
    ['wrong-type'],
  );
  assert.deepEqual(
    parse('{ "space": "nb201" }', 'x.nas.json').diagnostics.map((d) => d.code),
    ['missing-key'],
  );
  assert.deepEqual(
    parse('{ "cells": {} }', 'x.nas.json').diagnostics.map((d) => d.code),
    ['wrong-type'],
  );
});
