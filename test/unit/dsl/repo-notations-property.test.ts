// Property tests for the notations of public NAS repositories (issue 10 §1): a random DARTS cell
// written in every layout the field uses reads back to the same canonical hash, and a file cut off
// anywhere (as while typing) never throws and keeps every cell that ends before the cut.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { insertCellAfter, rewriteCell } from '../../../src/core/dsl';
import { createRng } from '../../../src/core/rng';
import { darts } from '../../../src/core/spaces/darts';
import type { DartsCell, DartsEdge } from '../../../src/core/spaces/types';
import { parse } from './helpers';

type Quote = "'" | '"';
const q = (op: string, quote: Quote) => `${quote}${op}${quote}`;
const nodes = (edges: readonly DartsEdge[]) => [0, 1, 2, 3].map((n) => edges.slice(2 * n, 2 * n + 2));

/** How the field writes a cell's edges; each returns the normal or reduce list's text. */
const LAYOUTS: Record<string, (edges: readonly DartsEdge[], quote: Quote) => string> = {
  'DARTS, flat tuples': (edges, quote) => `[${edges.map(([op, i]) => `(${q(op, quote)}, ${i})`).join(', ')}]`,
  'PC-DARTS, flat lists': (edges, quote) => `[${edges.map(([op, i]) => `[${q(op, quote)}, ${i}]`).join(', ')}]`,
  'pt.darts, a list per node on one line': (edges, quote) =>
    `[${nodes(edges)
      .map((n) => `[${n.map(([op, i]) => `(${q(op, quote)}, ${i})`).join(', ')}]`)
      .join(', ')}]`,
  'pt.darts, a list per node on its line': (edges, quote) =>
    `[${nodes(edges)
      .map((n) => `[${n.map(([op, i]) => `(${q(op, quote)}, ${i})`).join(', ')}]`)
      .join(',\n                    ')}]`,
  'AutoDL, a tuple per node with # step comments': (edges, quote) =>
    `[\n${nodes(edges)
      .map((n, k) => `    ((${q(n[0][0], quote)}, ${n[0][1]}), (${q(n[1][0], quote)}, ${n[1][1]}))${k < 3 ? ',' : ''} # step ${k + 1}`)
      .join('\n')}\n  ]`,
};

/** A whole document holding the cell `x` in a layout, as code, inside a string, or in a *.nas.json / *.nas.ts file. */
function documents(cell: DartsCell, layout: (edges: readonly DartsEdge[], quote: Quote) => string): [string, string][] {
  const call = (quote: Quote, extra = '') =>
    `Genotype(normal=${layout(cell.normal, quote)}, normal_concat=range(2, 6), reduce=${layout(cell.reduce, quote)}, reduce_concat=[2, 3, 4, 5]${extra})`;
  const oneLine = (quote: Quote) =>
    call(quote)
      .replace(/\s*#[^\n]*/g, '')
      .replace(/\n\s*/g, ' ');
  return [
    [`x = ${call("'")}\n`, 'g.py'],
    [`x = ${call("'", ', connectN=None, connects=None')}\n`, 'g.py'],
    [`GENOTYPES = {\n    'x': "${oneLine("'")}",\n}\n`, 'g.py'],
    [`parser.add_argument('--arch', default='${oneLine('"')}')\n`, 'g.py'],
    ['```\npython train.py --genotype "' + oneLine("'") + '"\n```\n', 'README.md'],
    [
      `{ "cells": [ { "name": "x", "space": "darts", "normal": ${layout(cell.normal, '"')}, "reduce": ${layout(cell.reduce, '"')} } ] }`
        .replace(/\(/g, '[')
        .replace(/\)/g, ']')
        .replace(/#[^\n]*/g, ''),
      'x.nas.json',
    ],
    [
      `import { darts } from 'nas-lens/dsl';\nexport const x = darts({ normal: ${layout(cell.normal, "'").replace(/\(/g, '[').replace(/\)/g, ']').replace(/#/g, '//')}, reduce: ${layout(cell.reduce, "'").replace(/\(/g, '[').replace(/\)/g, ']').replace(/#/g, '//')} });\n`,
      'x.nas.ts',
    ],
  ];
}

test('a random DARTS cell in every layout of the field (per node, flat, in strings, JSON, TS) reads back to the same hash', () => {
  let checked = 0;
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
      const cell = darts.sample(createRng(seed));
      for (const [layout, write] of Object.entries(LAYOUTS)) {
        for (const [text, file] of documents(cell, write)) {
          const doc = parse(text, file);
          assert.equal(doc.cells.length, 1, `${layout} in ${file}:\n${text}`);
          const [parsed] = doc.cells;
          assert.ok(parsed.valid, `${layout} in ${file}: ${JSON.stringify(parsed.diagnostics)}\n${text}`);
          assert.equal(darts.hash(parsed.cell as DartsCell), darts.hash(cell), `${layout} in ${file}`);
          checked++;
        }
      }
    }),
    { numRuns: 30 },
  );
  assert.equal(checked, 30 * Object.keys(LAYOUTS).length * 7);
});

test('a rewrite keeps the layout: the rewritten text reads back to the new cell in the same layout', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seedA, seedB) => {
      const [a, b] = [darts.sample(createRng(seedA)), darts.sample(createRng(seedB))];
      for (const write of Object.values(LAYOUTS)) {
        const expected = documents(b, write);
        documents(a, write).forEach(([text, file], i) => {
          const [parsed] = parse(text, file).cells;
          const edit = rewriteCell(text, parsed, b);
          const out = text.slice(0, edit.range.start) + edit.newText + text.slice(edit.range.end);
          assert.equal(out, expected[i][0], `${file}:\n${text}`);
        });
      }
    }),
    { numRuns: 20 },
  );
});

const FIXTURES = ['per-node-lists.py', 'per-node-tuples.py', 'in-strings.py', 'command-lines.md'].map((f) => ({
  file: f,
  text: readFileSync(`test/fixtures/dsl/notations/${f}`, 'utf8'),
}));

test('a file cut off anywhere never throws and keeps every cell that ends before the cut', () => {
  fc.assert(
    fc.property(fc.constantFrom(...FIXTURES), fc.nat(), ({ file, text }, at) => {
      const cut = at % (text.length + 1);
      const whole = parse(text, file).cells;
      const truncated = parse(text.slice(0, cut), file);
      for (const cell of whole.filter((c) => (c.inString?.range.end ?? c.range.end) <= cut)) {
        const same = truncated.cells.find((c) => c.range.start === cell.range.start);
        assert.ok(same, `${file} cut at ${cut}: ${cell.name} is lost`);
        assert.deepEqual([same.name, same.cell, same.valid], [cell.name, cell.cell, cell.valid], `${file} cut at ${cut}`);
      }
      for (const c of truncated.cells) {
        const edit = rewriteCell(text.slice(0, cut), c, darts.sample(createRng(at)));
        assert.ok(edit.range.start >= 0 && edit.range.end <= cut);
        insertCellAfter(text.slice(0, cut), c, darts.sample(createRng(at + 1)), 'copy');
      }
    }),
    { numRuns: 300 },
  );
});

const FRAGMENTS = [
  'Genotype(',
  'ModelSpec(',
  'normal=',
  'reduce=',
  'matrix=',
  '[',
  ']',
  '(',
  ')',
  "'sep_conv_3x3'",
  '"skip_connect"',
  "\\'",
  '\\"',
  '\\\\',
  ', ',
  '0',
  '1',
  '"',
  "'",
  '"""',
  "'''",
  '\n',
  '    ',
  '# c',
  'x = ',
  "'k': ",
  'gene',
  '...',
  '```\n',
  'r"',
  'f"',
  '{',
  '}',
  ':',
  '=',
  'range(2, 6)',
  'None',
];

test('text made of genotype fragments (quotes, escapes, brackets, strings, comments) never throws; cells stay inside the text and can be rewritten', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 120 }), fc.integer(), (parts, seed) => {
      const text = parts.join('');
      const doc = parse(text, 'fuzz.py');
      const inside = (r: { start: number; end: number }) => 0 <= r.start && r.start <= r.end && r.end <= text.length;
      for (const c of doc.cells) {
        assert.ok(inside(c.range), `${c.name} ${JSON.stringify(c.range)} in ${JSON.stringify(text)}`);
        for (const d of c.diagnostics) {
          assert.ok(inside(d.range), `${c.name} ${d.code}`);
          assert.notEqual(d.code, 'internal-error', d.message);
        }
        if (c.inString) assert.ok(inside(c.inString.range) && c.inString.range.start <= c.range.start && c.range.end <= c.inString.range.end);
        if (c.space !== 'darts') continue;
        const edit = rewriteCell(text, c, darts.sample(createRng(seed)));
        assert.ok(inside(edit.range));
        parse(text.slice(0, edit.range.start) + edit.newText + text.slice(edit.range.end), 'fuzz.py');
        const insert = insertCellAfter(text, c, darts.sample(createRng(seed + 1)), 'copy');
        parse(text.slice(0, insert.range.start) + insert.newText + text.slice(insert.range.end), 'fuzz.py');
      }
      for (const n of doc.notes ?? []) assert.ok(inside(n.range));
    }),
    { numRuns: 500 },
  );
});
