import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { getSpace } from '../../../src/core/spaces';
import { enumerateNb201 } from '../../../src/core/spaces/nb201';
import { parseArchString } from '../../../src/core/spaces/nb201/arch-string';
import type { Cell } from '../../../src/core/spaces/types';
import { editDistance } from '../../../src/core/suggest/edit-distance';
import { readInputs } from '../../../src/node/read-inputs';
import { finished, runCli, runCliIn, spawnCli } from '../../helpers/cli';
import { resultLine } from '../results/helpers';

const prior = join(process.cwd(), 'media', 'models', 'nb201-cifar10');
const needsModel = { skip: existsSync(join(prior, 'calibration.json')) ? false : 'bundled model nb201-cifar10 missing' };

interface Card {
  name: string;
  kind: string;
  space: string;
  fittedOn: { files: string[]; cells: number; runs: number; metric: string };
  members: number;
  evaluation: { crossValidation?: { folds: number; kendallTau: number; priorKendallTau?: number } };
  decision: { used: boolean; message: string; reason?: string };
}

interface Suggested {
  suggestions: { name: string; text: string; hash: string; score: number; spread: number; distanceToMeasured: number; params: number }[];
  acquisition: { kind: string };
  members: number;
  measuredCells: number;
  shortfall?: string;
}

describe('nas-lens fit and nas-lens suggest', needsModel, () => {
  const nb201 = getSpace('nb201');
  let dir: string;
  let runs: string;
  /** The measured cells' canonical hashes. */
  const measured = new Set<string>();

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nas-lens-fit-cli-'));
    // 20 cells of distinct canonical hashes with a made-up metric that rewards 3x3 convolutions (and one cell run twice).
    const lines: string[] = [];
    let i = 0;
    for (const cell of enumerateNb201()) {
      if (measured.size === 20) break;
      const hash = nb201.hash(cell);
      if (measured.has(hash) || i++ % 97 !== 0) continue;
      measured.add(hash);
      const convs = cell.ops.filter((op) => op === 'nor_conv_3x3').length;
      const score = 60 + 3 * convs + cell.ops.filter((op) => op === 'nor_conv_1x1').length + (measured.size % 5) * 0.1;
      lines.push(resultLine(nb201.toText(cell), { test_acc: score, val_acc: score - 1 }, { seed: 1 }));
      if (measured.size === 1) lines.push(resultLine(nb201.toText(cell), { test_acc: score + 0.2, val_acc: score - 0.8 }, { seed: 2 }));
    }
    lines.push('{"cell": "|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|", "metrics": {"test_acc": 1}}');
    runs = join(dir, 'runs.nas-results.jsonl');
    writeFileSync(runs, lines.join('\n') + '\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const fitArgs = ['fit', '--space', 'nb201', '--results', 'runs.nas-results.jsonl', '--epochs', '2', '--folds', '3', '--seed', '1'];

  test('fit writes .nas-lens/models/<space>-<metric> by default and prints both CV figures, the decision and the card; a bad line is a warning count, not a failure', async () => {
    const run = await runCliIn(dir, ...fitArgs, '--json');
    assert.equal(run.status, 0, run.stderr);
    const { dir: out, card } = JSON.parse(run.stdout) as { dir: string; card: Card };
    assert.equal(out, join(dir, '.nas-lens', 'models', 'nb201-test_acc'));
    assert.deepEqual(readdirSync(out).sort(), ['calibration.json', 'card.json', 'model.json', 'weights.bin']);
    assert.deepEqual(JSON.parse(readFileSync(join(out, 'card.json'), 'utf8')), card);
    assert.equal(card.kind, 'fitted');
    assert.deepEqual(card.fittedOn, { files: ['runs.nas-results.jsonl'], cells: 20, runs: 21, metric: 'test_acc' });
    assert.equal(card.members, 3);
    const cv = card.evaluation.crossValidation!;
    assert.equal(cv.folds, 3);
    assert.ok(Number.isFinite(cv.kendallTau) && Number.isFinite(cv.priorKendallTau!));
    assert.equal(card.decision.used, cv.kendallTau > cv.priorKendallTau!);
    assert.match(run.stderr, /runs\.nas-results\.jsonl:22:\d+: error: unknown op 'conv'/);
    assert.match(run.stderr, /1 error, 0 warnings/);
    assert.match(run.stderr, /fold 1\/3 \(\d+ held-out cells\): prior τ -?\d\.\d{3}, fitted τ -?\d\.\d{3}/);
  });

  test('fit in words: the prior and fitted τ, used or not and why, the folder', async () => {
    const out = join(dir, 'words');
    const run = await runCliIn(dir, ...fitArgs, '--out', out, '--name', 'mine');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /fitted to 20 measured cells \(21 runs\) by test_acc/);
    assert.match(run.stdout, /cross-validated Kendall τ on your cells \(3 folds\):\n {2}nb201-cifar10 as it is: -?\d\.\d{3}\n {2}fitted: +-?\d\.\d{3}/);
    assert.match(run.stdout, /^(use it|not used): .*nb201-cifar10/m);
    assert.match(run.stdout, /written: words \(model\.json, weights\.bin, calibration\.json, card\.json\)/);
    assert.match(run.stdout, /card: mine, 3 networks, seed 1/);
  });

  test('Ctrl-C cancels a running fit: exit 130, nothing written', async () => {
    const out = join(dir, 'cancelled');
    const child = spawnCli(dir, ['fit', '--space', 'nb201', '--results', 'runs.nas-results.jsonl', '--epochs', '400', '--out', out]);
    const done = finished(child);
    let sent = false;
    child.stderr!.on('data', (d: Buffer) => {
      if (!sent && /^fit: \d+%/m.test(String(d))) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const run = await done;
    assert.ok(sent, run.stderr);
    assert.equal(run.status, 130, run.stderr);
    assert.match(run.stderr, /fit cancelled; nothing was written/);
    assert.equal(existsSync(out), false);
  });

  test('fit: bad input is named precisely (no file, no such metric, no run of the space, missing options)', async () => {
    const none = await runCliIn(dir, 'fit', '--space', 'nb201', '--results', 'nothing-*.jsonl');
    assert.equal(none.status, 2);
    assert.match(none.stderr, /--results 'nothing-\*\.jsonl' matches no file/);
    const metric = await runCliIn(dir, 'fit', '--space', 'nb201', '--results', 'runs.nas-results.jsonl', '--metric', 'top1');
    assert.equal(metric.status, 2);
    assert.match(metric.stderr, /no NAS-Bench-201 run has the metric 'top1'; the runs have 'test_acc', 'val_acc'/);
    const space = await runCliIn(dir, 'fit', '--space', 'nb101', '--results', 'runs.nas-results.jsonl');
    assert.equal(space.status, 2);
    assert.match(space.stderr, /no usable run of NAS-Bench-101 in runs\.nas-results\.jsonl/);
    const missing = await runCli('fit', '--results', runs);
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /required option '--space <space>' not specified/);
  });

  test('suggest: new cells only (never measured, no two with one hash), at least --min-distance apart, within --max-params', async () => {
    const run = await runCliIn(
      dir,
      'suggest',
      '--space',
      'nb201',
      '--results',
      'runs.nas-results.jsonl',
      '--count',
      '6',
      '--max-params',
      '0.8',
      '--budget',
      '800',
      '--json',
    );
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(run.stdout) as Suggested;
    assert.equal(result.members, 3);
    assert.equal(result.measuredCells, 20);
    assert.equal(result.suggestions.length, 6, result.shortfall);
    const cells = result.suggestions.map((s) => parse(s.text));
    const hashes = cells.map((c) => nb201.hash(c as never));
    assert.deepEqual(
      hashes,
      result.suggestions.map((s) => s.hash),
    );
    assert.equal(new Set(hashes).size, 6);
    for (const h of hashes) assert.ok(!measured.has(h), 'a measured cell was suggested');
    for (let a = 0; a < cells.length; a++) for (let b = a + 1; b < cells.length; b++) assert.ok(editDistance(cells[a], cells[b]) >= 2);
    for (const s of result.suggestions) {
      assert.ok(s.params <= 0.8e6, `${s.text} has ${s.params} parameters`);
      assert.ok(s.distanceToMeasured >= 1);
    }
  });

  test('suggest with a fitted model folder: ei, the same cells for the same seed, written to a *.nas.json file that reads back', async () => {
    const model = join(dir, '.nas-lens', 'models', 'nb201-test_acc');
    if (!existsSync(join(model, 'model.json'))) assert.equal((await runCliIn(dir, ...fitArgs)).status, 0);
    const out = join(dir, 'next.nas.json');
    const args = [
      'suggest',
      '--space',
      'nb201',
      '--results',
      'runs.nas-results.jsonl',
      '--count',
      '4',
      '--acquisition',
      'ei',
      '--model',
      model,
      '--budget',
      '600',
    ];
    const first = await runCliIn(dir, ...args, '--seed', '5', '--json', '--out', out);
    assert.equal(first.status, 0, first.stderr);
    const again = await runCliIn(dir, ...args, '--seed', '5', '--json');
    assert.equal(again.status, 0, again.stderr);
    const a = JSON.parse(first.stdout) as Suggested;
    const b = JSON.parse(again.stdout) as Suggested;
    assert.equal(a.acquisition.kind, 'ei');
    assert.deepEqual(
      a.suggestions.map((s) => s.hash),
      b.suggestions.map((s) => s.hash),
    );
    const read = await readInputs([out]);
    assert.deepEqual(read.problems, []);
    assert.deepEqual(
      read.cells.map((c) => c.name),
      a.suggestions.map((s) => s.name),
    );
    assert.deepEqual(
      read.cells.map((c) => nb201.hash(c.cell as never)),
      a.suggestions.map((s) => s.hash),
    );
    // A file suggest wrote may be replaced: the table this time.
    const table = await runCliIn(dir, ...args, '--seed', '6', '--out', out);
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /4 NAS-Bench-201 cells to train next by ei over/);
    assert.match(table.stdout, /written: next\.nas\.json/);
  });

  test('suggest refuses to overwrite a file it did not write (unless --force), a --from cell of another space, an unknown acquisition', async () => {
    const mine = join(dir, 'mine.nas.json');
    const text = '{ "space": "nb201", "cells": [{ "name": "keep", "arch": "|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|" }] }\n';
    writeFileSync(mine, text);
    const refused = await runCliIn(dir, 'suggest', '--space', 'nb201', '--results', 'runs.nas-results.jsonl', '--count', '2', '--out', 'mine.nas.json');
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /--out mine\.nas\.json exists and was not written by nas-lens suggest; pass --force to replace it/);
    assert.equal(readFileSync(mine, 'utf8'), text);
    const darts = join(dir, 'darts.nas.json');
    writeFileSync(
      darts,
      JSON.stringify({
        cells: [
          {
            name: 'd',
            space: 'darts',
            normal: [
              ['sep_conv_3x3', 0],
              ['sep_conv_3x3', 1],
              ['skip_connect', 0],
              ['sep_conv_3x3', 1],
              ['skip_connect', 0],
              ['sep_conv_3x3', 1],
              ['skip_connect', 0],
              ['skip_connect', 2],
            ],
            reduce: [
              ['max_pool_3x3', 0],
              ['max_pool_3x3', 1],
              ['skip_connect', 2],
              ['max_pool_3x3', 0],
              ['max_pool_3x3', 0],
              ['skip_connect', 2],
              ['skip_connect', 2],
              ['avg_pool_3x3', 0],
            ],
          },
        ],
      }),
    );
    const from = await runCliIn(dir, 'suggest', '--space', 'nb201', '--results', 'runs.nas-results.jsonl', '--count', '2', '--from', 'darts.nas.json#d');
    assert.equal(from.status, 2);
    assert.match(from.stderr, /the --from cell 'd' is a DARTS cell, --space is NAS-Bench-201/);
    const acquisition = await runCli('suggest', '--space', 'nb201', '--results', runs, '--count', '2', '--acquisition', 'thompson');
    assert.equal(acquisition.status, 2);
    assert.match(acquisition.stderr, /unknown acquisition 'thompson'; use ucb, ei, greedy/);
    // The fit warm-starts from a model of the space only.
    const otherSpace = await runCli(
      'suggest',
      '--space',
      'nb201',
      '--results',
      runs,
      '--count',
      '2',
      '--prior',
      join(process.cwd(), 'media', 'models', 'darts-cifar10'),
    );
    assert.equal(otherSpace.status, 2);
    assert.match(otherSpace.stderr, /ranks DARTS cells, not NAS-Bench-201 ones/);
  });
});

function parse(text: string): Cell {
  const parsed = parseArchString(text);
  if (!parsed.ok) throw new Error(`not an arch string: ${text}`);
  return parsed.cell;
}
