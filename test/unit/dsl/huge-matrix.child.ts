// Run by hostile-input.test.ts in a child process with a bounded heap (--max-old-space-size): parses a
// 7000×7000 NB-101 matrix written three ways and prints what came out, one JSON line per way. Reading
// the matrix whole would need gigabytes; the child would die of it.
import { parseDocument } from '../../../src/core/dsl';

const ARCH = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|';
const row = `[${'0,'.repeat(6999)}0]`;
const matrix = () => `[${Array(7000).fill(row).join(',')}]`;
const json = () =>
  `{ "cells": [ { "name": "huge", "space": "nb101", "matrix": ${matrix()}, "ops": ["input", "output"] }, { "name": "after", "arch": "${ARCH}" } ] }`;
// Each text is made when its turn comes, so that only one of them (~100 MB) is alive at a time.
const cases: [string, () => string, string][] = [
  ['well-formed JSON', () => json(), 'huge.nas.json'],
  ['JSON with a syntax error after it', () => `${json()} ,`, 'huge.nas.json'],
  ['Python', () => `spec = ModelSpec(matrix=${matrix()}, ops=['input', 'output'])\nafter = '${ARCH}'\n`, 'huge.py'],
];
for (const [label, text, file] of cases) {
  const doc = parseDocument(text(), file);
  const cells = doc.cells.map((c) => ({
    name: c.name,
    valid: c.valid,
    diagnostics: c.diagnostics.map((d) => ({ code: d.code, message: d.message, start: d.range.start })),
  }));
  console.log(JSON.stringify({ label, cells, heapMB: Math.round(process.memoryUsage().heapUsed / 1e6) }));
}
