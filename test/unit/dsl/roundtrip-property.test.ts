import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { formatCell, NOTATION_SPACE, type Notation } from '../../../src/core/dsl';
import { createRng } from '../../../src/core/rng';
import { getSpace, spaceOf } from '../../../src/core/spaces';
import type { Cell } from '../../../src/core/spaces/types';
import { parse } from './helpers';

/** A document holding one cell named `x` in the notation, and its file name. */
function document(cell: Cell, notation: Notation, pretty: boolean): [string, string] {
  if (notation.startsWith('json-')) {
    const object = formatCell(cell, notation, 'x');
    const text = pretty ? JSON.stringify({ cells: [JSON.parse(object)] }, null, 2) : `{ "cells": [ ${object} ] }`;
    return [text, 'property.nas.json'];
  }
  if (notation.startsWith('ts-')) {
    return [`import { nb201, nb101, darts } from 'nas-lens/dsl';\n\nexport const x = ${formatCell(cell, notation)};\n`, 'property.nas.ts'];
  }
  const written = formatCell(cell, notation);
  const text = notation === 'arch-string' ? `x = '${written}'\n` : `x = ${pretty ? written.replace(/, (?=[a-z_]+=)/g, ',\n    ') : written}\n`;
  return [text, 'property.py'];
}

const NOTATIONS = Object.keys(NOTATION_SPACE) as Notation[];

test('random valid cells written in every notation parse back to the same canonical hash', () => {
  let checked = 0;
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.boolean(), (seed, pretty) => {
      const rng = createRng(seed);
      for (const notation of NOTATIONS) {
        const space = getSpace(NOTATION_SPACE[notation]);
        const cell = space.sample(rng) as Cell;
        const [text, file] = document(cell, notation, pretty);
        const doc = parse(text, file);
        assert.equal(doc.cells.length, 1, `${notation}: ${text}`);
        const [parsed] = doc.cells;
        assert.equal(parsed.notation, notation);
        assert.equal(parsed.name, 'x');
        assert.ok(parsed.valid, `${notation}: ${JSON.stringify(parsed.diagnostics)}`);
        assert.equal(spaceOf(parsed.cell as Cell).hash(parsed.cell as Cell), spaceOf(cell).hash(cell), `${notation}: ${text}`);
        assert.deepEqual(parsed.cell, cell);
        checked++;
      }
    }),
    { numRuns: 40 },
  );
  assert.equal(checked, 40 * NOTATIONS.length);
});

test('formatCell refuses a notation of another space', () => {
  assert.throws(() => formatCell({ space: 'nb201', ops: Array(6).fill('none') }, 'genotype'), /cannot be written as genotype/);
});
