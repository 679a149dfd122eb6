// `nas-lens train` and its output folder (issue 10 §2): checked before training, the user's own files
// never overwritten without --force, no stale calibration.json, warnings for data that says little.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { getSpace } from '../../../src/core/spaces';
import { enumerateNb201 } from '../../../src/core/spaces/nb201';
import { runCli } from '../../helpers/cli';

const space = getSpace('nb201');
const cells = enumerateNb201().filter((_, i) => i % 397 === 11);

function csvOf(rows: number, target: (i: number) => string): string {
  return ['name,arch,y', ...cells.slice(0, rows).map((c, i) => `c${i},${space.toText(c)},${target(i)}`)].join('\n') + '\n';
}

describe('nas-lens train --out', () => {
  let dir: string;
  let csv: string;
  const train = (out: string, ...extra: string[]) =>
    runCli('train', '--space', 'nb201', '--data', csv, '--target', 'y', '--epochs', '1', '--seed', '1', '--loss', 'pairwise', '--out', out, ...extra);

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nas-lens-train-out-'));
    csv = join(dir, 'cells.csv');
    writeFileSync(
      csv,
      csvOf(30, (i) => String((i * 7) % 30)),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('an output path that cannot be a folder fails at once with the path, before any training', { timeout: 120_000 }, async () => {
    const proc = await train('/proc/nas-lens-x/model', '--no-calibration');
    assert.notEqual(proc.status, 0);
    assert.match(proc.stderr, /cannot make the folder \/proc\/nas-lens-x/);
    assert.doesNotMatch(proc.stderr, /training on|ENOENT/);
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const onFile = await train(file, '--no-calibration');
    assert.notEqual(onFile.status, 0);
    assert.match(onFile.stderr, /a-file exists and is not a folder; --out needs a folder/);
    const under = await train(join(file, 'model'), '--no-calibration');
    assert.match(under.stderr, /a-file.model has a part that is not a folder/);
  });

  test("a non-empty folder that holds no NAS Lens model is refused (the user's model.json kept); --force writes into it", async () => {
    const own = join(dir, 'own');
    mkdirSync(own);
    writeFileSync(join(own, 'model.json'), '{"my": "keras model"}');
    const refused = await train(own, '--no-calibration');
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /own is not empty \(model\.json\) and holds no NAS Lens model; choose a new or empty folder, or pass --force/);
    assert.equal(readFileSync(join(own, 'model.json'), 'utf8'), '{"my": "keras model"}');
    const forced = await train(own, '--no-calibration', '--force');
    assert.equal(forced.status, 0, forced.stderr);
    assert.equal(JSON.parse(readFileSync(join(own, 'model.json'), 'utf8')).format, 'nas-lens-surrogate');
  });

  test('--no-calibration into a folder with an older calibrated model removes the stale calibration.json', async () => {
    const folder = join(dir, 'model');
    const first = await train(folder);
    assert.equal(first.status, 0, first.stderr);
    assert.ok(existsSync(join(folder, 'calibration.json')));
    const again = await train(folder, '--no-calibration', '--seed', '2');
    assert.equal(again.status, 0, again.stderr);
    assert.ok(!existsSync(join(folder, 'calibration.json')), 'no calibration.json of the older model');
    const cellsFile = join(dir, 'one.nas.json');
    writeFileSync(cellsFile, JSON.stringify({ space: 'nb201', cells: [{ name: 'a', arch: space.toText(cells[0]) }] }));
    const rank = await runCli('rank', '--model', folder, cellsFile);
    assert.equal(rank.status, 1);
    assert.match(rank.stderr, /has no calibration\.json/);
  });
});

describe('nas-lens train: data that says little', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nas-lens-train-data-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const trainOn = (name: string, text: string, ...extra: string[]) => {
    const csv = join(dir, `${name}.csv`);
    writeFileSync(csv, text);
    return runCli(
      'train',
      '--space',
      'nb201',
      '--data',
      csv,
      '--target',
      'y',
      '--epochs',
      '1',
      '--out',
      join(dir, name),
      '--no-calibration',
      '--json',
      ...extra,
    );
  };

  test('3 rows: trained, with a warning on stderr and in the card', async () => {
    const run = await trainOn(
      'three',
      csvOf(3, (i) => String(i)),
    );
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /^warning: only 3 labelled rows: the order the model learns from so few cells says little \(use 20 or more\)$/m);
    assert.equal(JSON.parse(run.stdout).warnings.length, 1);
  });

  test('all-equal targets: a warning naming the file and the value', async () => {
    const run = await trainOn(
      'equal',
      csvOf(25, () => '0.5'),
    );
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /^warning: equal\.csv: every 'y' is 0\.5; equal targets give no order to learn from$/m);
  });

  test('an all-empty target column says why no row is usable', async () => {
    const run = await trainOn(
      'empty',
      csvOf(5, () => ''),
    );
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /only 0 labelled rows to train on, at least 2 are needed; empty\.csv: 0 of 5 rows usable \(5 with an empty 'y'\)/);
    const text = await trainOn(
      'words',
      csvOf(4, (i) => (i < 2 ? 'n/a' : '')),
    );
    assert.match(text.stderr, /words\.csv: 0 of 4 rows usable \(2 with an empty 'y', 2 whose 'y' is not a number\)/);
  });
});
