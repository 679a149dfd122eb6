import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Submission } from '../../../src/core/runs/run-types';
import { readCellRefs } from '../../../src/node/cell-refs';
import { RunStore } from '../../../src/node/runs/run-store';
import { SlurmBackend } from '../../../src/node/runs/slurm-backend';
import { writeState, writeSubmissionFiles } from '../../../src/node/runs/run-files';
import { taskScript } from '../../../src/core/runs/task-script';
import { needsData } from '../../helpers/data';
import { slurmUnavailable, startSlurmCluster, type SlurmCluster } from '../../helpers/slurm-cluster';
import { waitFor } from '../../helpers/wait';
import { defineRunCliSuite } from './run-cli-suite';
import { LIMIT_MS, Workspace } from './run-cli-scenarios';

const unavailable = slurmUnavailable();
const data = needsData('nb201.csv');

describe('nas-lens train-cells and runs on a real single-node SLURM cluster', { skip: unavailable || data.skip }, () => {
  let cluster: SlurmCluster;
  let overrun: Workspace;

  before(async () => {
    // 4 CPUs on the node (the oracle mostly sleeps): the time-limit run below holds one for its minute.
    cluster = await startSlurmCluster({ cpus: 4 });
    // SLURM's smallest time limit is a minute and it checks limits every 30 s: started first, checked last.
    overrun = new Workspace(cluster.env, 'slurm');
    const submitted = await overrun.train([overrun.cells('cells.nas.json', ['overrun-a'])], '--time', '1', '--detach');
    assert.equal(submitted.status, 0, submitted.stderr);
  });

  after(async () => {
    overrun?.remove();
    await cluster?.stop();
  });

  defineRunCliSuite({ backend: 'slurm', env: () => cluster.env, oneAtATime: '--max-concurrent' });

  test('slurm: a bad partition is refused by sbatch --test-only; nothing is submitted, no run is left', async () => {
    const ws = new Workspace(cluster.env, 'slurm');
    try {
      const run = await ws.train([ws.cells('cells.nas.json', ['ok-a'])], '--partition', 'nope');
      assert.equal(run.status, 2);
      assert.match(run.stderr, /sbatch refused the job \(nothing was submitted\): .*invalid partition/i);
      assert.deepEqual(ws.runIds(), []);
      const queue = spawnSync('squeue', ['-h', '-t', 'all', '-n', 'nope'], { env: cluster.env, encoding: 'utf8' });
      assert.equal(queue.stdout.trim(), '');
    } finally {
      ws.remove();
    }
  });

  test('slurm: without sbatch on PATH the error says so before anything is made', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'nas-lens-bin-'));
    const bash = spawnSync('bash', ['-c', 'command -v bash'], { encoding: 'utf8' }).stdout.trim();
    symlinkSync(bash, join(bin, 'bash'));
    const ws = new Workspace({ ...cluster.env, PATH: bin }, 'slurm');
    try {
      const run = await ws.train([ws.cells('cells.nas.json', ['ok-a'])]);
      assert.equal(run.status, 2);
      assert.match(run.stderr, /sbatch was not found on PATH: the slurm backend needs SLURM's client commands/);
      assert.deepEqual(ws.runIds(), []);
    } finally {
      ws.remove();
      rmSync(bin, { recursive: true, force: true });
    }
  });

  test('slurm: a job cancelled outside NAS Lens (scancel by hand) fails with that reason', async () => {
    const ws = new Workspace(cluster.env, 'slurm');
    try {
      const training = ws.start([ws.cells('cells.nas.json', ['hold-a'])]);
      const id = await ws.newRun(0);
      const state = await ws.waitForStatuses(id, (s) => s[0] === 'running', 'the task running');
      const log = join(ws.dir, '.nas-lens', 'runs', id, 'tasks', '0', '1', 'stdout.log');
      await waitFor(
        () => existsSync(log) && readFileSync(log, 'utf8').includes('waiting until killed'),
        LIMIT_MS,
        () => 'the oracle did not start',
      );
      spawnSync('scancel', [state.tasks[0].job as string], { env: cluster.env });
      const end = await training.done;
      assert.equal(end.status, 1);
      const task = ws.state(id).tasks[0];
      assert.deepEqual([task.status, task.failure?.reason], ['failed', 'cancelled-by-scheduler']);
      assert.match(task.failure?.logTail ?? '', /waiting until killed/);
    } finally {
      ws.remove();
    }
  });

  test('slurm: a crash between sbatch and recording the job id: the job is found by name and adopted, not submitted again', async () => {
    const ws = new Workspace(cluster.env, 'slurm');
    const saved = process.env.SLURM_CONF;
    process.env.SLURM_CONF = cluster.conf;
    try {
      const store = new RunStore(ws.dir);
      const cells = await readCellRefs([ws.cells('cells.nas.json', ['ok-a', 'ok-b'])]);
      const { run } = await store.create({ workspace: ws.dir, cells, seeds: [0], command: ws.command(), backend: 'slurm' });
      // What a process that died right after sbatch leaves behind: the submission `submitting`, no job id.
      const entries = [
        { task: 0, attempt: 1 },
        { task: 1, attempt: 1 },
      ];
      const script = writeSubmissionFiles(run.dir, 1, taskScript({ runDir: run.dir, runId: run.id, submission: 1, header: [], preamble: [] }), entries);
      const submission: Submission = { index: 1, at: new Date().toISOString(), entries, status: 'submitting', jobName: `nas-lens-${run.id}-1` };
      const job = (await new SlurmBackend().submit({ dir: run.dir, request: run.request }, submission, script)).job;
      writeState(run.dir, { ...run.state(), submissions: [submission] });

      const watch = await ws.runs('watch', run.id, '--poll', '0.5');
      assert.equal(watch.status, 0, watch.stderr);
      const state = ws.state(run.id);
      assert.deepEqual(
        state.submissions.map((s) => [s.status, s.job]),
        [['submitted', job]],
      );
      assert.deepEqual(
        state.tasks.map((t) => [t.status, t.job]),
        [
          ['done', `${job}_0`],
          ['done', `${job}_1`],
        ],
      );
      assert.equal(ws.results().length, 2);
      const names = spawnSync('squeue', ['-h', '-t', 'all', '-o', '%j'], { env: cluster.env, encoding: 'utf8' }).stdout.split('\n');
      assert.equal(names.filter((n) => n.startsWith(`nas-lens-${run.id}`)).length, 2, 'one array of 2 tasks, submitted once');
    } finally {
      process.env.SLURM_CONF = saved;
      ws.remove();
    }
  });

  test('slurm: --time 1 ends an overrunning job; the run fails as a timeout with its log tail (started first)', async () => {
    const id = overrun.runIds()[0];
    const watch = await overrun.runs('watch', id, '--poll', '0.5');
    assert.equal(watch.status, 1, watch.stderr);
    const task = overrun.state(id).tasks[0];
    assert.deepEqual([task.status, task.failure?.reason], ['failed', 'timeout']);
    assert.match(task.failure?.message ?? '', /time limit/);
    assert.match(task.failure?.logTail ?? '', /waiting until killed/);
    assert.deepEqual(overrun.results(), []);
  });
});
