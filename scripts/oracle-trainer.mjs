#!/usr/bin/env node
// ORACLE TRAINER — stands in for training in tests and benchmarks; it trains nothing.
// It looks the NB-201 cell up in the shared benchmark table (../shared/data/nb201.csv, or
// $NAS_LENS_DATA/nb201.csv), sleeps a little, and reports the table's validation and test accuracy
// as a training job would: {out}/metrics.json, or a NAS_LENS_METRICS stdout line.
//
//   node scripts/oracle-trainer.mjs --arch ARCH --out DIR [--seed S] [--dataset cifar10|cifar100|imagenet16]
//        [--sleep SECONDS] [--report file|stdout] [--mode MODE] [--mode-from-name NAME] [--flaky-dir DIR] [--gate FILE]
//        [--columns VALID,TEST]   (table columns reported as val_acc and test_acc; default those of --dataset)
//
// MODE fails on purpose: ok (default) | exit1 (exit code 1) | nometrics (exit 0, no metrics) |
// nan (a NaN metric) | overrun (sleeps until killed: for --time) | hold (waits until killed: for
// cancel) | flaky (fails the first time per cell, with --flaky-dir) | gate (waits until the file
// --gate names exists, then reports normally: a test decides when it ends). --mode-from-name takes the
// mode from a cell name's first word ("exit1-a" → exit1; names without a known mode → ok).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const MODES = ['ok', 'exit1', 'nometrics', 'nan', 'overrun', 'hold', 'flaky', 'gate'];
const COLUMNS = { cifar10: ['c10_valid_200', 'c10_test_200'], cifar100: ['c100_valid_200', 'c100_test_200'], imagenet16: ['in16_valid_200', 'in16_test_200'] };

function args(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) throw new Error(`unexpected argument ${JSON.stringify(argv[i])}`);
    out[argv[i].slice(2)] = argv[i + 1];
    i++;
  }
  return out;
}

function lookUp(table, arch, columns) {
  const text = readFileSync(table, 'utf8');
  const lines = text.split('\n');
  const header = lines[0].split(',');
  const [validCol, testCol] = columns.map((c) => header.indexOf(c));
  const unknown = columns.filter((c) => !header.includes(c));
  if (unknown.length) throw new Error(`no column ${unknown.join(', ')} in ${table}`);
  const archCol = header.indexOf('arch');
  for (const line of lines) {
    const fields = line.split(',');
    if (fields[archCol] === arch) return { val_acc: Number(fields[validCol]), test_acc: Number(fields[testCol]) };
  }
  return undefined;
}

const sleep = (s) => new Promise((r) => setTimeout(r, s * 1000));

async function main() {
  const a = args(process.argv.slice(2));
  const fromName = a['mode-from-name']?.split(/[-_ ]/)[0];
  const mode = a.mode ?? (MODES.includes(fromName) ? fromName : 'ok');
  if (!MODES.includes(mode)) throw new Error(`unknown mode ${mode}; use ${MODES.join(', ')}`);
  if (!a.arch || !a.out) throw new Error('--arch and --out are required');
  const dataset = a.dataset ?? 'cifar10';
  if (!COLUMNS[dataset]) throw new Error(`unknown dataset ${dataset}`);
  const here = dirname(fileURLToPath(import.meta.url));
  const table = join(process.env.NAS_LENS_DATA ?? resolve(here, '../../shared/data'), 'nb201.csv');
  console.log(`oracle trainer: ${a.arch} seed ${a.seed ?? '-'} mode ${mode} (pid ${process.pid})`);

  if (mode === 'hold' || mode === 'overrun') {
    console.log('oracle trainer: waiting until killed');
    for (;;) await sleep(3600);
  }
  if (mode === 'gate') {
    if (!a.gate) throw new Error('mode gate needs --gate FILE');
    console.log(`oracle trainer: waiting for ${a.gate}`);
    while (!existsSync(a.gate)) await sleep(0.1);
  }
  await sleep(Number(a.sleep ?? 0.2));
  if (mode === 'exit1') {
    console.error('oracle trainer: failing on purpose (exit 1)');
    process.exit(1);
  }
  if (mode === 'flaky') {
    if (!a['flaky-dir']) throw new Error('mode flaky needs --flaky-dir');
    const mark = join(a['flaky-dir'], encodeURIComponent(a.arch));
    if (!existsSync(mark)) {
      mkdirSync(a['flaky-dir'], { recursive: true });
      writeFileSync(mark, 'failed once\n');
      console.error('oracle trainer: flaky, failing this first time');
      process.exit(3);
    }
  }
  if (mode === 'nometrics') {
    console.log('oracle trainer: exiting 0 without metrics on purpose');
    return;
  }
  const columns = a.columns ? a.columns.split(',') : COLUMNS[dataset];
  if (columns.length !== 2) throw new Error('--columns takes VALID,TEST');
  const metrics = lookUp(table, a.arch, columns);
  if (!metrics) throw new Error(`cell ${a.arch} is not in ${table}`);
  const text = mode === 'nan' ? `{"val_acc": NaN, "test_acc": ${metrics.test_acc}}` : JSON.stringify(metrics);
  if (a.report === 'stdout') console.log(`NAS_LENS_METRICS ${text}`);
  else {
    mkdirSync(a.out, { recursive: true });
    writeFileSync(join(a.out, 'metrics.json'), `${text}\n`);
  }
}

main().catch((error) => {
  console.error(`oracle trainer: ${error.message}`);
  process.exit(2);
});
