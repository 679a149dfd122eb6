// A run with more tasks than the cluster's MaxArraySize is submitted as several job arrays: a real
// single-node cluster whose slurm.conf sets MaxArraySize=3 trains 7 tasks as arrays of 3, 3 and 1,
// every result back once. A plain shell command stands in for training.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseMaxArraySize } from '../../../src/core/runs/slurm-parse';
import { enumerateNb201 } from '../../../src/core/spaces/nb201';
import { RunStore } from '../../../src/node/runs/run-store';
import { DEFAULT_MAX_ARRAY_SIZE, SlurmBackend } from '../../../src/node/runs/slurm-backend';
import { slurmUnavailable, startSlurmCluster, type SlurmCluster } from '../../helpers/slurm-cluster';

test('MaxArraySize is read from `scontrol show config`', () => {
  assert.equal(parseMaxArraySize('AuthType                = auth/munge\nMaxArraySize            = 1001\nMaxJobCount = 10000\n'), 1001);
  assert.equal(parseMaxArraySize('MaxArraySize=3'), 3);
  assert.equal(parseMaxArraySize('MaxJobCount = 10\n'), undefined);
  assert.equal(parseMaxArraySize('MaxArraySize = 0\n'), undefined);
  assert.equal(DEFAULT_MAX_ARRAY_SIZE, 1001);
});

const unavailable = slurmUnavailable();

describe('slurm: a run above MaxArraySize goes as several arrays', { skip: unavailable }, () => {
  let cluster: SlurmCluster;
  const ws = mkdtempSync(join(tmpdir(), 'nas-lens-array-split-'));

  before(async () => {
    cluster = await startSlurmCluster({ cpus: 2, maxArraySize: 3 });
    process.env.SLURM_CONF = cluster.conf; // runTool's sbatch, squeue and scontrol ask this cluster
  });

  after(async () => {
    await cluster?.stop();
    rmSync(ws, { recursive: true, force: true });
  });

  test('7 tasks with MaxArraySize=3: arrays of 3, 3 and 1, every result once', async () => {
    assert.equal(await new SlurmBackend().maxArraySize(), 3);
    const cells = enumerateNb201()
      .slice(0, 7)
      .map((cell, i) => ({ name: `c${i}`, cell }));
    const { run } = await new RunStore(ws).create({
      workspace: ws,
      cells,
      seeds: [0],
      command: 'echo "NAS_LENS_METRICS {{\\"test_acc\\": 1}}"',
      backend: 'slurm',
      slurm: {},
    });
    const state = await run.follow({ pollMs: 100, schedulerMs: 500 });
    assert.deepEqual(
      state.tasks.map((t) => t.status),
      Array(7).fill('done'),
      JSON.stringify(state.tasks.map((t) => t.failure)),
    );
    assert.deepEqual(
      state.submissions.map((s) => s.entries.length),
      [3, 3, 1],
    );
    assert.equal(new Set(state.submissions.map((s) => s.job)).size, 3, 'three array jobs');
    const lines = readFileSync(join(ws, 'runs.nas-results.jsonl'), 'utf8').trim().split('\n');
    assert.deepEqual(lines.map((l) => (JSON.parse(l) as { run: { task: number } }).run.task).sort(), [0, 1, 2, 3, 4, 5, 6]);
  });
});
