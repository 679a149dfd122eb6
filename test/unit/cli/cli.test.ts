import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { dataFile, needsData } from '../../helpers/data';

const ARCH = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|';

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'nas-lens-cli-')), name);
  writeFileSync(path, text);
  return path;
}

test('hash --json lists every cell of every notation in input order', () => {
  const run = cli('hash', '--json', 'examples/cells.nas.json', 'examples/cells.nas.ts', 'examples/genotypes.py');
  assert.equal(run.status, 0, run.stderr);
  const cells = JSON.parse(run.stdout).cells as { name: string; space: string; hash: string }[];
  assert.deepEqual(
    cells.slice(0, 4).map((c) => c.name),
    ['all-conv3x3', 'resnet-like', 'inception-like', 'pc-darts-cifar'],
  );
  assert.ok(cells.some((c) => c.name === 'DARTS_V2' && c.space === 'darts'));
  assert.ok(cells.some((c) => c.name === 'model_spec' && c.space === 'nb101'));
  assert.ok(cells.every((c) => typeof c.hash === 'string' && c.hash.length > 0));
  const inceptions = cells.filter((c) => /inception/i.test(c.name) || c.name === 'model_spec');
  assert.equal(new Set(inceptions.map((c) => c.hash)).size, 1, 'the same NB-101 cell written three ways hashes alike');
});

test('info --json gives params, FLOPs and the cost in every macro', () => {
  const file = tempFile('one.nas.json', JSON.stringify({ space: 'nb201', cells: [{ name: 'best', arch: ARCH }] }));
  const run = cli('info', '--json', file);
  assert.equal(run.status, 0, run.stderr);
  const [cell] = JSON.parse(run.stdout).cells;
  assert.equal(cell.valid, true);
  assert.equal(cell.macro, 'cifar10');
  assert.ok(cell.params > 1e6 && cell.params < 1.6e6);
  assert.ok(cell.flops > 0);
  assert.deepEqual(Object.keys(cell.costs).sort(), ['cifar10', 'cifar100', 'imagenet16-120']);
});

test('errors name file:line:column, exit non-zero, and valid cells are still reported', () => {
  const text = [
    '{ "space": "nb201", "cells": [',
    `  { "name": "ok", "arch": "${ARCH}" },`,
    '  { "name": "bad", "arch": "|conv3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|" }',
    '] }',
  ].join('\n');
  const file = tempFile('mixed.nas.json', text);
  const run = cli('hash', file);
  assert.equal(run.status, 1);
  assert.match(run.stdout, /^ok\s+nb201\s+\S+/m);
  assert.match(run.stdout, /^bad\s+nb201\s+invalid/m);
  assert.match(
    run.stderr,
    new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:30: error: unknown op 'conv3x3' on edge 0->1; did you mean 'nor_conv_3x3'\\?`),
  );
});

test('an unreadable file and a CSV without cell columns are clear errors', () => {
  const csv = tempFile('x.csv', 'a,b\n1,2\n');
  const run = cli('validate', '/nonexistent/file.nas.json', csv);
  assert.equal(run.status, 1);
  assert.match(run.stdout, /\/nonexistent\/file\.nas\.json:1:1: error: .*no such file/);
  assert.match(run.stdout, /x\.csv:1:1: error: no cell columns in the CSV header \(a, b\)/);
});

test('info reads the shared NB-201 table as CSV, in row order', needsData('nb201.csv'), () => {
  const run = cli('hash', '--json', dataFile('nb201.csv')!);
  assert.equal(run.status, 0, run.stderr);
  const cells = JSON.parse(run.stdout).cells as { name: string }[];
  assert.equal(cells.length, 15625);
  assert.deepEqual(
    cells.slice(0, 3).map((c) => c.name),
    ['0', '1', '2'],
  );
});

test('hash reads the shared DARTS and NB-101 tables', needsData('darts_rethinkingpe.csv', 'nb101_subset.csv'), () => {
  const darts = JSON.parse(cli('hash', '--json', dataFile('darts_rethinkingpe.csv')!).stdout).cells as { name: string; space: string }[];
  assert.equal(darts.length, 128);
  assert.equal(darts[0].name, 'rand001');
  assert.equal(darts[0].space, 'darts');
  const run = cli('hash', '--json', dataFile('nb101_subset.csv')!);
  const nb101 = JSON.parse(run.stdout).cells as { name: string; hash: string }[];
  assert.equal(nb101.length, 24214);
  assert.ok(
    nb101.every((c) => c.name === c.hash),
    'the file names each row by its official hash; ours must agree',
  );
});
