import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parseCommandTemplate } from '../../../src/core/runs/command-template';
import { cellValues } from '../../../src/core/runs/placeholders';
import { arraySpec, commandScript, sbatchHeader, slurmPathPattern, taskScript, valuesFile } from '../../../src/core/runs/task-script';
import { readMarkers } from '../../../src/node/runs/task-files';
import { waitFor } from '../../helpers/wait';

const ARCH = '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|';

describe('task scripts', () => {
  const root = mkdtempSync(join(tmpdir(), 'nas-lens-task-script-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  let n = 0;

  /** A run folder with one task (values of `name`) in submission 1; returns the script's path. */
  function runFolder(template: string, name: string, preamble: string[] = []): { dir: string; script: string } {
    const dir = join(root, `run${++n}`);
    mkdirSync(join(dir, 'tasks', '0'), { recursive: true });
    mkdirSync(join(dir, 'submissions', '1'), { recursive: true });
    const t = parseCommandTemplate(template);
    writeFileSync(join(dir, 'command.sh'), commandScript(t, 'r'));
    writeFileSync(
      join(dir, 'tasks', '0', 'values'),
      valuesFile(
        cellValues({ space: 'nb201', ops: ['nor_conv_3x3', 'nor_conv_3x3', 'avg_pool_3x3', 'skip_connect', 'nor_conv_3x3', 'skip_connect'] }, name, 7),
        t.uses,
      ),
    );
    writeFileSync(join(dir, 'submissions', '1', 'tasks'), '0 1\n');
    const script = join(dir, 'submissions', '1', 'script.sh');
    writeFileSync(script, taskScript({ runDir: dir, runId: 'r', submission: 1, header: [], preamble }));
    return { dir, script };
  }

  const run = (script: string, cwd: string) =>
    spawnSync('bash', [script], { cwd, env: { PATH: process.env.PATH, NAS_LENS_ARRAY_INDEX: '0' }, encoding: 'utf8' });

  test('runs the command once with every placeholder as its value, writes logs and markers, passes the exit code on', () => {
    const hostile = `a'b"c $(touch pwned) \`touch pwned\`; touch pwned\nline2`;
    const { dir, script } = runFolder(
      'printf "%s\\n" {arch} {seed} {space} {hash} {cell_json} && printf "%s" {name} > {out}/name.txt && echo oops >&2 && exit 3',
      hostile,
    );
    const r = run(script, root);
    assert.equal(r.status, 3);
    const attempt = join(dir, 'tasks', '0', '1');
    const stdout = readFileSync(join(attempt, 'stdout.log'), 'utf8').split('\n');
    assert.equal(stdout[0], ARCH);
    assert.equal(stdout[1], '7');
    assert.equal(stdout[2], 'nb201');
    assert.deepEqual(JSON.parse(stdout[4]), { space: 'nb201', arch: ARCH });
    assert.equal(readFileSync(join(attempt, 'out', 'name.txt'), 'utf8'), hostile);
    assert.equal(readFileSync(join(attempt, 'stderr.log'), 'utf8'), 'oops\n');
    assert.equal(existsSync(join(root, 'pwned')), false);
    const markers = readMarkers(attempt);
    assert.equal(markers.exit?.code, 3);
    assert.ok(markers.started && Date.parse(markers.exit.at) >= Date.parse(markers.started.at));
  });

  test('an attempt runs at most once: a second launch of the same task exits without running the command', () => {
    const { dir, script } = runFolder('echo ran >> {out}/count', 'x');
    assert.equal(run(script, root).status, 0);
    const second = run(script, root);
    assert.equal(second.status, 0);
    assert.match(second.stderr, /has already started; it does not run twice/);
    assert.equal(readFileSync(join(dir, 'tasks', '0', '1', 'out', 'count'), 'utf8'), 'ran\n');
  });

  test('SIGTERM (time limit, cancel) leaves an exit marker naming the signal', async () => {
    const { dir, script } = runFolder('touch {out}/ready; sleep 600', 'x');
    const child = spawn('bash', [script], { cwd: root, env: { PATH: process.env.PATH, NAS_LENS_ARRAY_INDEX: '0' }, detached: true, stdio: 'ignore' });
    const attempt = join(dir, 'tasks', '0', '1');
    await waitFor(
      () => existsSync(join(attempt, 'out', 'ready')),
      60_000,
      () => 'the command did not start',
    );
    process.kill(-(child.pid as number), 'SIGTERM');
    await waitFor(
      () => readMarkers(attempt).exit !== undefined,
      60_000,
      () => 'no exit marker after SIGTERM',
    );
    assert.equal(readMarkers(attempt).exit?.signal, 'SIGTERM');
  });

  test('the preamble runs before the command, in the same shell', () => {
    const { dir, script } = runFolder('echo "$GREETING"', 'x', ['export GREETING=hello-from-preamble']);
    assert.equal(run(script, root).status, 0);
    assert.equal(readFileSync(join(dir, 'tasks', '0', '1', 'stdout.log'), 'utf8'), 'hello-from-preamble\n');
  });

  test('array specs, #SBATCH lines, SLURM path patterns, values files', () => {
    assert.equal(arraySpec(1, undefined), '0');
    assert.equal(arraySpec(10, 3), '0-9%3');
    assert.equal(arraySpec(10, 10), '0-9');
    assert.deepEqual(
      sbatchHeader({ partition: 'gpu', time: '1:00:00', cpusPerTask: 4, mem: '8G', gres: 'gpu:1', account: 'a', qos: 'q', sbatch: [' --constraint=x '] }),
      [
        '#SBATCH --partition=gpu',
        '#SBATCH --time=1:00:00',
        '#SBATCH --cpus-per-task=4',
        '#SBATCH --mem=8G',
        '#SBATCH --gres=gpu:1',
        '#SBATCH --account=a',
        '#SBATCH --qos=q',
        '#SBATCH --constraint=x',
      ],
    );
    assert.equal(slurmPathPattern('/w/100%/runs'), '/w/100%%/runs');
    assert.throws(() => slurmPathPattern('/w\\x'), /backslash/);
    assert.throws(() => valuesFile({ name: 'a\0b' }, ['name']), /NUL/);
    assert.throws(() => valuesFile({ name: 'a' }, ['genotype']), /no value for \{genotype\}/);
  });

  test('the scripts parse (bash -n)', () => {
    const { dir, script } = runFolder('python train.py --arch {arch} --out {out}', 'x');
    assert.equal(spawnSync('bash', ['-n', script]).status, 0);
    assert.equal(spawnSync('bash', ['-n', join(dir, 'command.sh')]).status, 0);
  });
});
