/**
 * Parse benchmark (not a test): a ~10 MB *.nas.json file of 20,000 cells (all four JSON notations,
 * all three spaces) is written to the OS temp directory and read with parseDocument, which includes
 * each space's validation. Reports the first run and the best of 3; writes bench/results/parse.json.
 *
 *   npx tsx bench/parse.ts
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from '../src/core/dsl';
import { readJsonDsl } from '../src/core/dsl/json/read-json';
import { formatArchString } from '../src/core/spaces/nb201/arch-string';
import { createRng } from '../src/core/rng';
import { getSpace } from '../src/core/spaces';

const CELLS = 20_000;
const RUNS = 3;
const EDGES = ['0->1', '0->2', '1->2', '0->3', '1->3', '2->3'];

function cellObject(i: number, rng: ReturnType<typeof createRng>): Record<string, unknown> {
  const name = `cell-${String(i).padStart(5, '0')}`;
  const description = `sampled with seed ${i} for the parse benchmark; notation ${i % 4}`;
  switch (i % 4) {
    case 0:
      return { name, description, arch: formatArchString(getSpace('nb201').sample(rng)) };
    case 1: {
      const cell = getSpace('nb201').sample(rng);
      return { name, description, edges: Object.fromEntries(EDGES.map((e, k) => [e, cell.ops[k]])) };
    }
    case 2: {
      const cell = getSpace('nb101').sample(rng);
      return { name, description, space: 'nb101', matrix: cell.matrix, ops: cell.ops };
    }
    default: {
      const cell = getSpace('darts').sample(rng);
      return { name, description, space: 'darts', normal: cell.normal, reduce: cell.reduce };
    }
  }
}

function generate(): string {
  const rng = createRng(2024);
  const cells = Array.from({ length: CELLS }, (_, i) => JSON.stringify(cellObject(i, rng), null, 2).replace(/^/gm, '    '));
  return `{\n  // ${CELLS} cells for the parse benchmark\n  "space": "nb201",\n  "cells": [\n${cells.join(',\n')}\n  ]\n}\n`;
}

function time<T>(run: () => T): { ms: number; result: T } {
  const start = performance.now();
  const result = run();
  return { ms: performance.now() - start, result };
}

const dir = mkdtempSync(join(os.tmpdir(), 'nas-lens-bench-'));
const file = join(dir, 'bench.nas.json');
writeFileSync(file, generate());
const text = readFileSync(file, 'utf8');

const runs = Array.from({ length: RUNS }, () => time(() => parseDocument(text, file)));
const readOnly = Array.from({ length: RUNS }, () => time(() => readJsonDsl(text, () => undefined)));
const doc = runs[0].result;
const valid = doc.cells.filter((c) => c.valid).length;
if (doc.cells.length !== CELLS || valid !== CELLS || doc.diagnostics.length) {
  throw new Error(`expected ${CELLS} valid cells, got ${doc.cells.length} cells, ${valid} valid, ${doc.diagnostics.length} file diagnostics`);
}
rmSync(dir, { recursive: true, force: true });

const cpus = os.cpus();
const results = {
  date: new Date().toISOString(),
  machine: cpus[0]?.model ?? 'unknown',
  cores: cpus.length,
  node: process.version,
  loadAverage1m: Number(os.loadavg()[0].toFixed(2)),
  bytes: Buffer.byteLength(text),
  cells: doc.cells.length,
  validCells: valid,
  firstRunMs: Math.round(runs[0].ms),
  bestOf3Ms: Math.round(Math.min(...runs.map((r) => r.ms))),
  runsMs: runs.map((r) => Math.round(r.ms)),
  readWithoutValidationBestOf3Ms: Math.round(Math.min(...readOnly.map((r) => r.ms))),
  targetMs: 2000,
};
const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'parse.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
console.log(JSON.stringify(results, null, 2));
