// How the CLI reads its FILES (issue 10 §2): stdin as `-` and /dev/stdin, DSL files told by their
// content, reads capped (/dev/zero is refused at once), plain file-system messages, problems on stderr,
// and `info --macro` applied to the cells it fits.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { plainFileError, readBytesCapped, readTextCapped } from '../../../src/node/read-file';
import { readResultsFile } from '../../../src/node/results/read-results';
import { runCli, runCliWithInput } from '../../helpers/cli';

const ARCH = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|';
const DSL = JSON.stringify({ space: 'nb201', cells: [{ name: 'best', arch: ARCH }] }, null, 1);
const NB101 = {
  space: 'nb101',
  matrix: [
    [0, 1, 1, 0],
    [0, 0, 0, 1],
    [0, 0, 0, 1],
    [0, 0, 0, 0],
  ],
  ops: ['input', 'conv3x3-bn-relu', 'maxpool3x3', 'output'],
};

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'nas-lens-input-files-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('`-` and /dev/stdin read the standard input; the DSL is told by its content', async () => {
  for (const name of ['-', '/dev/stdin']) {
    const run = await runCliWithInput(DSL, 'hash', '--json', name);
    assert.equal(run.status, 0, run.stderr);
    const cells = JSON.parse(run.stdout).cells as { name: string; space: string; file: string; line: number }[];
    assert.deepEqual(
      cells.map((c) => [c.name, c.space, c.file, c.line]),
      [['best', 'nb201', name, 4]],
    );
  }
});

test('a DSL file without .nas. in its name is read as the DSL (its cell names kept, nothing missed)', async () => {
  const file = join(dir, 'cells.json');
  writeFileSync(file, DSL);
  const run = await runCli('hash', '--json', file);
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(
    JSON.parse(run.stdout).cells.map((c: { name: string }) => c.name),
    ['best'],
  );
});

test('validate /dev/zero stops at once: not a text file (no unbounded read)', async () => {
  const run = await runCli('validate', '/dev/zero');
  assert.equal(run.status, 1);
  assert.match(run.stderr, /^\/dev\/zero:1:1: error: \/dev\/zero is not a text file \(it holds a NUL byte near byte 1\)$/m);
});

test('reads are capped whatever the file is: a device or stream longer than the cap is refused after the cap', async () => {
  await assert.rejects(readBytesCapped('/dev/zero', 1024 * 1024), /\/dev\/zero is longer than 1\.0 MiB, the most NAS Lens reads from one file/);
  const file = join(dir, 'big.txt');
  writeFileSync(file, 'x'.repeat(3000));
  await assert.rejects(readTextCapped(file, 2048), /big\.txt is longer than 0\.0 MiB/);
  assert.equal((await readTextCapped(file, 4096)).length, 3000);
  const gz = join(dir, 'plain.csv.gz');
  writeFileSync(gz, 'not gzip');
  await assert.rejects(readTextCapped(gz), /plain\.csv\.gz is not a readable gzip file \(it is damaged or not compressed/);
});

test('a results file that is a device is read capped too (/dev/zero has no size on disk)', async () => {
  const read = await readResultsFile('/dev/zero');
  assert.equal(read.runs.length, 0);
  assert.match(read.problems[0].message, /\/dev\/zero is not a text file/);
  const missing = await readResultsFile(join(dir, 'none.nas-results.jsonl'));
  assert.match(missing.problems[0].message, /none\.nas-results\.jsonl does not exist$/);
});

test('file-system errors are plain messages with the path, never a raw EACCES/EISDIR/EEXIST text', async () => {
  await assert.rejects(readTextCapped(dir), new RegExp(`^Error: ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is a folder, not a file$`));
  const error = (code: string) => Object.assign(new Error(`${code}: whatever, open '/x/y'`), { code, path: '/x/y' });
  assert.equal(plainFileError(error('EACCES'), '/x/y'), '/x/y is not accessible (permission denied)');
  assert.equal(plainFileError(error('EEXIST'), '/x/y'), '/x/y already exists');
  assert.equal(plainFileError(error('EWHATEVER'), '/x/y'), '/x/y: whatever');
  const run = await runCli('validate', dir);
  assert.equal(run.status, 1);
  assert.match(run.stderr, /: error: .* is a folder, not a file$/m);
  assert.doesNotMatch(run.stderr, /EISDIR/);
});

test('validate prints its problems on stderr (as the README says) and the count on stdout', async () => {
  const file = join(dir, 'bad.nas.json');
  writeFileSync(file, JSON.stringify({ space: 'nb201', cells: [{ name: 'bad', arch: '|conv~0|' }] }));
  const run = await runCli('validate', file);
  assert.equal(run.status, 1);
  assert.equal(run.stdout, '1 cells: 0 valid, 1 invalid\n');
  assert.match(run.stderr, /bad\.nas\.json:1:\d+: error: /);
});

test('info --macro cifar100 on a file with NB-201 and NB-101 cells: applied to the NB-201 cell, a warning names the NB-101 one', async () => {
  const file = join(dir, 'mixed.nas.json');
  writeFileSync(
    file,
    JSON.stringify(
      {
        space: 'nb201',
        cells: [
          { name: 'best', arch: ARCH },
          { name: 'small', ...NB101 },
        ],
      },
      null,
      1,
    ),
  );
  const run = await runCli('info', '--json', '--macro', 'cifar100', file);
  assert.equal(run.status, 0, run.stderr);
  const [best, small] = JSON.parse(run.stdout).cells as { name: string; macro: string; params: number; costs: Record<string, { params: number }> }[];
  assert.equal(best.macro, 'cifar100');
  assert.equal(best.params, best.costs.cifar100.params);
  assert.equal(small.macro, 'cifar10');
  assert.ok(small.params > 0);
  assert.match(
    run.stderr,
    /mixed\.nas\.json:\d+:\d+: warning: --macro cifar100 is not a NAS-Bench-101 macro network \(NAS-Bench-101: cifar10\); this cell's cost is in cifar10/,
  );
  const unknown = await runCli('info', '--macro', 'mnist', file);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown macro 'mnist'; use cifar10, cifar100, imagenet16-120, /);
});
