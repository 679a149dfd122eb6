// The notations of public NAS repositories (issue 10 §1), on fixtures written for NAS Lens from the
// descriptions of those forms (test/fixtures/dsl/notations/): genotypes per node (pt.darts' lists,
// AutoDL-Projects' tuples with "# step" comments and connectN/connects), genotypes inside strings,
// Genotype(...) built from code, a NASNet-like cell with every problem reported, unfinished calls.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { insertCellAfter, rewriteCell, type ParsedDocument, type TextEdit } from '../../../src/core/dsl';
import type { DartsCell } from '../../../src/core/spaces/types';
import { runCli } from '../../helpers/cli';
import { cellNamed, codesAt, parse, textAt } from './helpers';

const DIR = 'test/fixtures/dsl/notations';
const read = (file: string): [string, ParsedDocument] => {
  const text = readFileSync(`${DIR}/${file}`, 'utf8');
  return [text, parse(text, file)];
};
const apply = (text: string, edit: TextEdit) => text.slice(0, edit.range.start) + edit.newText + text.slice(edit.range.end);

/** The two cells the fixtures write in every notation. */
const A: DartsCell = {
  space: 'darts',
  normal: [
    ['sep_conv_3x3', 0],
    ['dil_conv_3x3', 1],
    ['skip_connect', 0],
    ['sep_conv_5x5', 2],
    ['max_pool_3x3', 1],
    ['sep_conv_3x3', 3],
    ['dil_conv_5x5', 2],
    ['avg_pool_3x3', 4],
  ],
  reduce: [
    ['max_pool_3x3', 0],
    ['avg_pool_3x3', 1],
    ['skip_connect', 2],
    ['max_pool_3x3', 1],
    ['sep_conv_5x5', 0],
    ['skip_connect', 3],
    ['dil_conv_3x3', 4],
    ['max_pool_3x3', 0],
  ],
};
const B: DartsCell = {
  space: 'darts',
  normal: [
    ['skip_connect', 1],
    ['sep_conv_3x3', 0],
    ['dil_conv_5x5', 1],
    ['sep_conv_3x3', 2],
    ['sep_conv_3x3', 0],
    ['avg_pool_3x3', 2],
    ['skip_connect', 3],
    ['dil_conv_3x3', 1],
  ],
  reduce: [
    ['avg_pool_3x3', 1],
    ['max_pool_3x3', 0],
    ['sep_conv_3x3', 2],
    ['skip_connect', 0],
    ['max_pool_3x3', 3],
    ['dil_conv_5x5', 1],
    ['sep_conv_5x5', 4],
    ['skip_connect', 2],
  ],
};
const C: DartsCell = {
  space: 'darts',
  normal: Array(8)
    .fill(0)
    .map((_, e) => ['sep_conv_5x5', e % 2 === 0 ? 0 : 1]),
  reduce: Array(8)
    .fill(0)
    .map((_, e) => ['max_pool_3x3', e % 2]),
};

const noProblems = (doc: ParsedDocument) => [...doc.diagnostics, ...doc.cells.flatMap((c) => c.diagnostics)].map((d) => `${d.code}: ${d.message}`);

test('pt.darts: one list of pairs per node, in code and in a docstring; Genotype(...) built from variables is not a cell', () => {
  const [text, doc] = read('per-node-lists.py');
  assert.deepEqual(
    doc.cells.map((c) => [c.name, c.valid]),
    [
      ['Genotype@line 4', true],
      ['SEARCHED_A', true],
      ['SEARCHED_B', true],
    ],
  );
  assert.deepEqual(noProblems(doc), []);
  assert.deepEqual(
    doc.cells.map((c) => c.cell),
    [A, A, B],
  );
  assert.equal(doc.cells[0].inString?.quote, '"""', 'the example in the docstring');
  assert.ok(textAt(text, cellNamed(doc, 'SEARCHED_A').parts.normal)?.startsWith("[[('sep_conv_3x3', 0), ('dil_conv_3x3', 1)],\n"));
  // `return Genotype(normal=gene_normal, …)`: code, so no error; one note, which editors show only when asked.
  assert.deepEqual(codesAt(text, doc.notes ?? []), ['not-a-cell@Genotype']);
  assert.match(doc.notes![0].message, /^Genotype\(…\) is built when the program runs \(its normal is the name 'gene_normal'\)/);
});

test('AutoDL-Projects: tuples per node with "# step" comments and connectN/connects=None', () => {
  const [text, doc] = read('per-node-tuples.py');
  const stepped = cellNamed(doc, 'STEPPED');
  assert.ok(stepped.valid, JSON.stringify(stepped.diagnostics));
  assert.deepEqual(stepped.cell, A);
  assert.deepEqual(stepped.diagnostics, []);
  // remove_value(xdict['normal']) and converted_cells[0]: built at run time, not cells.
  assert.deepEqual(
    doc.cells.map((c) => c.name),
    ['STEPPED', 'FIVE_NODES'],
  );
  assert.deepEqual(
    (doc.notes ?? []).map((n) => /its normal is (.*?)\), so/.exec(n.message)?.[1]),
    ['a call of remove_value()', 'an expression'],
  );
  assert.deepEqual(doc.diagnostics, []);
  assert.ok(text.includes('connectN=None, connects=None'));
  const other = parse("X = Genotype(normal=[(('sep_conv_3x3', 0), ('sep_conv_3x3', 1))], connectN=4)\n", 'x.py');
  assert.ok(
    other.cells[0].diagnostics.some(
      (d) => d.code === 'unsupported-wiring' && /connectN is given; NAS Lens reads DARTS cells with the standard wiring/.test(d.message),
    ),
  );
});

test('a NASNet-like cell (5 nodes, sep_conv_7x7, concat over other nodes): every problem at once, each at its place', () => {
  const [text, doc] = read('per-node-tuples.py');
  const cell = cellNamed(doc, 'FIVE_NODES');
  assert.equal(cell.valid, false);
  const found = cell.diagnostics.map((d) => `${d.code}@${text.slice(d.range.start, d.range.end).split('\n')[0]}`);
  assert.deepEqual(found, [
    'unsupported-concat@[2, 3, 4, 5, 6]',
    'unsupported-concat@[4, 5, 6]',
    'bad-shape@[',
    'duplicate-input@0',
    'bad-shape@[',
    'unknown-op@sep_conv_7x7',
    'unknown-op@sep_conv_7x7',
  ]);
  const messages = cell.diagnostics.map((d) => d.message);
  assert.ok(messages.some((m) => /the normal cell has 10 edges; a DARTS cell has exactly 8 edges/.test(m)));
  assert.ok(messages.some((m) => /node 5 of the normal cell takes input 0 twice/.test(m)));
  assert.ok(
    messages.some((m) =>
      /unknown op 'sep_conv_7x7' on the first edge into node 2 of the reduction cell; did you mean 'sep_conv_3x3'\? Valid ops: max_pool_3x3/.test(m),
    ),
  );
  // The unknown op in the nested notation is underlined where it is written: the first pair of the first node.
  const firstReduce = text.indexOf("(('sep_conv_7x7', 1)") + 3;
  assert.equal(cell.diagnostics.find((d) => d.code === 'unknown-op')?.range.start, firstReduce);
});

test('validate lists every problem of the NASNet-like cell with file:line:column', async () => {
  const file = `${DIR}/per-node-tuples.py`;
  const run = await runCli('validate', file);
  const out = run.stdout + run.stderr;
  assert.notEqual(run.status, 0);
  for (const expected of [
    /per-node-tuples\.py:35:19: error: normal_concat concatenates nodes \[2, 3, 4, 5, 6\]/,
    /per-node-tuples\.py:28:12: error: the normal cell has 10 edges/,
    /per-node-tuples\.py:32:44: error: node 5 of the normal cell takes input 0 twice/,
    /per-node-tuples\.py:37:8: error: unknown op 'sep_conv_7x7' on the first edge into node 2 of the reduction cell; did you mean 'sep_conv_3x3'/,
    /per-node-tuples\.py:38:29: error: unknown op 'sep_conv_7x7' on the second edge into node 3/,
  ]) {
    assert.match(out, expected);
  }
  assert.doesNotMatch(out, /STEPPED[^\n]*error/);
});

test('genotypes inside strings: found with ranges inside the string, named by their key', () => {
  const [text, doc] = read('in-strings.py');
  assert.deepEqual(
    doc.cells.map((c) => [c.name, c.valid, c.inString?.quote]),
    [
      ['EA_FIRST', true, '"'],
      ['EA_SECOND', true, "'"],
      ['Genotype@line 13', true, '"'],
    ],
  );
  assert.deepEqual(
    doc.cells.map((c) => c.cell),
    [A, B, A],
  );
  const first = cellNamed(doc, 'EA_FIRST');
  assert.equal(textAt(text, first.nameRange), 'EA_FIRST');
  assert.ok(textAt(text, first.parts.normal)?.startsWith("[('sep_conv_3x3', 0), ('dil_conv_3x3', 1),"));
  assert.ok(textAt(text, first.inString?.range)?.startsWith('"Genotype(normal=['));
  // print("evaluating Genotype(normal=...): …"): a placeholder, not a cell.
  assert.deepEqual(codesAt(text, doc.notes ?? []), ['not-a-cell@Genotype']);
  assert.deepEqual(noProblems(doc), []);
});

test('a README: command lines with a quoted genotype and prose with apostrophes', () => {
  const [text, doc] = read('command-lines.md');
  assert.deepEqual(
    doc.cells.map((c) => [c.valid, c.inString?.quote ?? 'none']),
    [
      [true, '"'],
      [true, "'"],
      [true, 'none'],
    ],
  );
  assert.deepEqual(
    doc.cells.map((c) => c.cell),
    [A, B, A],
  );
  assert.ok(textAt(text, doc.cells[1].parts.reduce)?.startsWith('[[("avg_pool_3x3", 1)'));
});

test('a genotype inside a string is rewritten in place, keeping its quotes and layout', () => {
  const [text, doc] = read('in-strings.py');
  for (const cell of doc.cells) {
    const out = apply(text, rewriteCell(text, cell, C));
    const again = parse(out, 'in-strings.py');
    assert.deepEqual(
      again.cells.map((c) => c.name),
      doc.cells.map((c) => c.name),
    );
    const rewritten = again.cells.find((c) => c.range.start === cell.range.start);
    assert.deepEqual(rewritten?.cell, C, cell.name);
    assert.deepEqual(rewritten?.inString?.quote, cell.inString?.quote);
    assert.equal(out.slice(0, cell.inString!.range.start), text.slice(0, cell.inString!.range.start), 'nothing before the string changes');
  }
  const second = cellNamed(doc, 'EA_SECOND');
  const out = apply(text, rewriteCell(text, second, C));
  assert.ok(
    out.includes(`'EA_SECOND': 'Genotype(normal=[[("sep_conv_5x5", 0), ("sep_conv_5x5", 1)], [("sep_conv_5x5", 0), ("sep_conv_5x5", 1)],`),
    'per node, double quotes inside the single-quoted string',
  );
  // A copy of a dict entry is a new entry with its own key.
  const insert = insertCellAfter(text, cellNamed(doc, 'EA_FIRST'), C, 'EA_COPY');
  const withCopy = apply(text, insert);
  assert.ok(withCopy.includes(`\n    'EA_COPY': "Genotype(normal=[('sep_conv_5x5', 0), ('sep_conv_5x5', 1),`));
  assert.deepEqual(cellNamed(parse(withCopy, 'in-strings.py'), 'EA_COPY').cell, C);
});

test('a genotype in a string with escaped quotes is read from its value, located exactly, and rewritten as a whole call', () => {
  const escaped = (cell: DartsCell, kind: 'normal' | 'reduce') => `[${cell[kind].map(([op, i]) => `(\\'${op}\\', ${i})`).join(', ')}]`;
  const typo: DartsCell = { ...A, normal: A.normal.map((e, i) => (i === 7 ? ['avg_pool_5x5', 4] : e)) };
  const text = `G = {\n    'ESC': 'Genotype(normal=${escaped(typo, 'normal')}, normal_concat=range(2, 6), reduce=${escaped(A, 'reduce')}, reduce_concat=range(2, 6))',\n}\n`;
  const doc = parse(text, 'escaped.py');
  const cell = cellNamed(doc, 'ESC');
  assert.deepEqual(cell.cell, typo);
  assert.equal(cell.inString?.quote, "'");
  assert.deepEqual(codesAt(text, cell.diagnostics), ['unknown-op@avg_pool_5x5']);
  const out = apply(text, rewriteCell(text, cell, C));
  assert.ok(out.includes(`'ESC': 'Genotype(normal=[("sep_conv_5x5", 0), ("sep_conv_5x5", 1),`), out);
  assert.deepEqual(cellNamed(parse(out, 'escaped.py'), 'ESC').cell, C);
  const copied = apply(text, insertCellAfter(text, cell, C, 'COPY'));
  assert.deepEqual(
    parse(copied, 'escaped.py').cells.map((c) => [c.name, c.valid]),
    [
      ['ESC', false],
      ['COPY', true],
    ],
  );
});

test('a rewrite keeps the nested layout it was written in: per-node lists, per-node tuples and their comments', () => {
  const [lists, listDoc] = read('per-node-lists.py');
  const a = cellNamed(listDoc, 'SEARCHED_A');
  const outA = apply(lists, rewriteCell(lists, a, C));
  assert.ok(
    outA.includes(`SEARCHED_A = Genotype(
    normal=[[('sep_conv_5x5', 0), ('sep_conv_5x5', 1)],
            [('sep_conv_5x5', 0), ('sep_conv_5x5', 1)],`),
    outA,
  );
  assert.deepEqual(cellNamed(parse(outA, 'x.py'), 'SEARCHED_A').cell, C);

  const [tuples, tupleDoc] = read('per-node-tuples.py');
  const outS = apply(tuples, rewriteCell(tuples, cellNamed(tupleDoc, 'STEPPED'), C));
  assert.ok(
    outS.includes(`  normal=[
    (('sep_conv_5x5', 0), ('sep_conv_5x5', 1)), # step 1
    (('sep_conv_5x5', 0), ('sep_conv_5x5', 1)), # step 2`),
    outS,
  );
  // Five nodes become the four of a DARTS cell, still tuples per node; the concats are set to 2..5.
  const five = cellNamed(tupleDoc, 'FIVE_NODES');
  const outF = apply(tuples, rewriteCell(tuples, five, C));
  const fixed = cellNamed(parse(outF, 'x.py'), 'FIVE_NODES');
  assert.ok(fixed.valid, JSON.stringify(fixed.diagnostics));
  assert.deepEqual(fixed.cell, C);
  assert.ok(
    outF.includes(`  normal = [
    (('sep_conv_5x5', 0), ('sep_conv_5x5', 1)),
    (('sep_conv_5x5', 0), ('sep_conv_5x5', 1)),`),
    outF,
  );
  assert.ok(outF.includes('normal_concat = range(2, 6)'));
});

test('an unfinished Genotype( does not hide the cells after it', () => {
  const [stepped] = read('per-node-tuples.py');
  const typing = `UNFINISHED = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1),\n${stepped}`;
  const doc = parse(typing, 'x.py');
  assert.deepEqual(
    doc.cells.map((c) => c.name),
    ['UNFINISHED', 'STEPPED', 'FIVE_NODES'],
  );
  assert.equal(cellNamed(doc, 'STEPPED').valid, true);
  assert.equal(cellNamed(doc, 'UNFINISHED').valid, false);
  // Also inside a dict of genotypes, and when the open call is the last line but one of a Markdown code block.
  const dict = `G = {\n    'open': Genotype(normal=[(('sep_conv_3x3', 0),\n    'ok': Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1)] * 4, reduce=[]),\n}\n`;
  assert.deepEqual(
    parse(dict, 'x.py').cells.map((c) => c.name),
    ['open', 'ok'],
  );
  const md = "```python\nA = Genotype(normal=[('sep_conv_3x3', 0),\n```\n\nlater: Genotype(normal=[('skip_connect', 0)], reduce=[('skip_connect', 1)])\n";
  assert.deepEqual(
    parse(md, 'x.md').cells.map((c) => c.name),
    ['A', 'Genotype@line 5'],
  );
  // Arguments on lines of their own at the call's indentation are still arguments, not statements.
  const flat = "X = Genotype(\nnormal=[('sep_conv_3x3', 0)],\nreduce=[('skip_connect', 1)],\n)\n";
  assert.equal(textAt(flat, parse(flat, 'x.py').cells[0].range), flat.slice(4, -1));
});

test('ModelSpec(matrix=matrix, ops=ops) is code, not a cell; literal ones and nasbench constants still are', () => {
  const text = `spec = api.ModelSpec(matrix=matrix, ops=ops)\nfixed = api.ModelSpec(matrix=[[0, 1], [0, 0]], ops=[INPUT, OUTPUT])\nlisted = ModelSpec(np.array(m), ops)\n`;
  const doc = parse(text, 'x.py');
  assert.deepEqual(
    doc.cells.map((c) => c.name),
    ['fixed'],
  );
  assert.deepEqual(
    (doc.notes ?? []).map((n) => /its (\w+ is .*?)\), so/.exec(n.message)?.[1]),
    ["matrix is the name 'matrix'", "matrix is the name 'm'"],
  );
});

test("every problem at once in the JSON and TypeScript DSLs too: a key of another space or a repeated property does not hide the cell's own problems", () => {
  const json = '{ "cells": [ { "name": "d", "space": "darts", "arch": "|none~0|+|", "normal": [["sep_conv_7x7", 0], ["sep_conv_3x3", 0]], "reduce": [] } ] }';
  assert.deepEqual(
    codesAt(json, parse(json, 'x.nas.json').cells[0].diagnostics).map((c) => c.split('@')[0]),
    ['space-mismatch', 'bad-shape', 'unknown-op', 'duplicate-input', 'bad-shape'],
  );
  const ts = "import { darts } from 'nas-lens/dsl';\nexport const d = darts({ normal: [['sep_conv_7x7', 0], ['sep_conv_3x3', 0]], reduce: [], normal: [] });\n";
  assert.deepEqual(
    codesAt(ts, parse(ts, 'x.nas.ts').cells[0].diagnostics).map((c) => c.split('@')[0]),
    ['duplicate-key', 'bad-shape', 'unknown-op', 'duplicate-input', 'bad-shape'],
  );
});
