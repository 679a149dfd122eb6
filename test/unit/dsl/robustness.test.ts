import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { insertCellAfter, rewriteCell, type ParsedDocument } from '../../../src/core/dsl';
import { createRng } from '../../../src/core/rng';
import { getSpace } from '../../../src/core/spaces';
import { ARCH_A, parse } from './helpers';

const FILES = ['examples/cells.nas.json', 'examples/cells.nas.ts', 'examples/genotypes.py', 'examples/nb201-archs.md'];
const NAMES = ['x.nas.json', 'x.nas.ts', 'x.py'];
const EXAMPLES = FILES.map((file) => ({ file, text: readFileSync(file, 'utf8') }));

/** Parses and checks what must hold for any input: no exception, no reader bug, ranges inside the text. */
function parseSafely(text: string, file: string): ParsedDocument {
  const doc = parse(text, file);
  const inside = (r: { start: number; end: number }) => 0 <= r.start && r.start <= r.end && r.end <= text.length;
  for (const d of doc.diagnostics) {
    assert.notEqual(d.code, 'internal-error', d.message);
    assert.ok(inside(d.range), `${d.code} ${JSON.stringify(d.range)}`);
  }
  let previous = -1;
  for (const cell of doc.cells) {
    assert.ok(inside(cell.range) && cell.range.start >= previous, `cell ${cell.name}`);
    previous = cell.range.start;
    if (cell.nameRange) assert.ok(inside(cell.nameRange));
    for (const part of Object.values(cell.parts)) if (part) assert.ok(inside(part));
    for (const d of cell.diagnostics) assert.ok(inside(d.range), `${cell.name} ${d.code}`);
  }
  return doc;
}

const noise = fc.constantFrom(
  '[',
  ']',
  '(',
  ')',
  '{',
  '}',
  ',',
  ':',
  '=',
  '"',
  "'",
  '`',
  '#',
  '//',
  '/*',
  '\\',
  '|',
  '~',
  '+',
  '0',
  '1',
  '7',
  '-',
  '\n',
  '\r\n',
  ' ',
  'nb201(',
  'Genotype(',
  'ModelSpec(',
  '"""',
  '${',
  'é',
  '\u2028',
  '\ud800',
);

test('random text never throws, in any file kind', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.array(noise, { maxLength: 120 }).map((a) => a.join('')),
      ),
      fc.constantFrom(...NAMES),
      (text, file) => {
        parseSafely(text, file);
      },
    ),
    { numRuns: 250 },
  );
});

test('random bytes decoded as a file would be never throw', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 400 }), fc.constantFrom(...NAMES), (bytes, file) => {
      parseSafely(Buffer.from(bytes).toString('utf8'), file);
      parseSafely(Buffer.from(bytes).toString('latin1'), file);
    }),
    { numRuns: 300 },
  );
});

test('truncated and corrupted examples never throw, and their cells can still be rewritten and copied', () => {
  const edit = fc.record({ at: fc.nat(), length: fc.nat({ max: 40 }), insert: fc.array(noise, { maxLength: 4 }).map((a) => a.join('')) });
  fc.assert(
    fc.property(fc.constantFrom(...EXAMPLES), fc.array(edit, { maxLength: 4 }), fc.nat(), fc.integer(), ({ file, text }, edits, cut, seed) => {
      let corrupted = text.slice(0, text.length - (cut % Math.max(1, text.length)));
      for (const e of edits) {
        const at = e.at % (corrupted.length + 1);
        corrupted = corrupted.slice(0, at) + e.insert + corrupted.slice(at + e.length);
      }
      const doc = parseSafely(corrupted, file);
      const rng = createRng(seed);
      for (const cell of doc.cells) {
        const replacement = getSpace(cell.space).sample(rng);
        const rewrite = rewriteCell(corrupted, cell, replacement);
        parseSafely(corrupted.slice(0, rewrite.range.start) + rewrite.newText + corrupted.slice(rewrite.range.end), file);
        const insert = insertCellAfter(corrupted, cell, replacement, 'copy');
        parseSafely(corrupted.slice(0, insert.range.start) + insert.newText + corrupted.slice(insert.range.end), file);
      }
    }),
    { numRuns: 80 },
  );
});

test('huge and pathological files finish (linear-time readers)', { timeout: 120_000 }, () => {
  // Megabytes of near-misses: a reader that rescans the text per candidate would take hours, not seconds.
  const MB = 1 << 20;
  const repeat = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / unit.length));
  const cases: [string, string, string][] = [
    ['x.nas.json', repeat('[', 2 * MB), 'too-deep'],
    ['x.nas.json', `{ "cells": [${repeat(`{ "arch": "${ARCH_A}" },`, 2 * MB)}] }`, ''],
    ['x.nas.json', `{ "cells": [${repeat(`{ "arch": "${ARCH_A}" },`, MB)}`, 'syntax'],
    ['x.py', repeat('[', 2 * MB), ''],
    ['x.py', repeat('Genotype(', 2 * MB), ''],
    ['x.py', repeat('def ModelSpec(matrix, ops): pass\n', 2 * MB), ''],
    ['x.py', repeat('# Genotype(normal=[])\n', 2 * MB), ''],
    ['x.py', repeat("'Genotype(' ", 2 * MB), ''],
    ['x.py', repeat('|a~0|+|', 2 * MB), ''],
    ['x.py', repeat("'", 2 * MB), ''],
    ['x.py', `x = [${repeat(`'${ARCH_A}', `, MB)}]`, ''],
    ['x.nas.ts', repeat('(', MB), 'too-deep'],
    ['x.nas.ts', `import { nb201 } from 'nas-lens/dsl';\n${repeat(`export const a = nb201('${ARCH_A}');\n`, MB / 2)}`, ''],
  ];
  for (const [file, text, code] of cases) {
    const doc = parseSafely(text, file);
    if (code)
      assert.ok(
        doc.diagnostics.some((d) => d.code === code),
        `${file} ${text.slice(0, 30)}: expected ${code}`,
      );
  }
});

test('a cell cut off by an unterminated /* comment at the end of the file keeps its range inside the text', () => {
  // found by the property above: jsonc-parser let such a value end one character past the text
  const text = '{ "space": "darts", "cells": [ { "name": "d", "normal": [["sep_conv_3x3", 1], ["skip_connect", 0]], "reduce": [["sep_conv_3x3", 1/*';
  const doc = parseSafely(text, 'x.nas.json');
  assert.equal(doc.cells.length, 1);
  assert.ok(doc.cells[0].range.end <= text.length);
});

test('keys and names of Object.prototype are ordinary unknown keys and names, never a space or a constant', () => {
  const json = parse(`{"cells":[{"constructor": 1, "__proto__": 2, "arch": "${ARCH_A}"}]}`, 'x.nas.json');
  assert.equal(json.cells.length, 1);
  assert.equal(json.cells[0].valid, true);
  assert.deepEqual(
    json.cells[0].diagnostics.map((d) => d.code),
    ['unknown-key', 'unknown-key'],
  );
  const spec = parse('ModelSpec(matrix=[[0, 1], [0, 0]], ops=[INPUT, constructor])', 'x.py');
  // a lower-case name is a variable of the user's program: the call is code, not a cell, and the name is never a constant
  assert.equal(spec.cells.length, 0);
  assert.match((spec.notes ?? []).map((d) => d.message).join('\n'), /ops is the name 'constructor'/);
});
