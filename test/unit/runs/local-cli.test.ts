import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { needsData } from '../../helpers/data';
import { defineRunCliSuite } from './run-cli-suite';
import { Workspace } from './run-cli-scenarios';

describe('nas-lens train-cells and runs on local processes', needsData('nb201.csv'), () => {
  defineRunCliSuite({ backend: 'local', env: () => process.env, oneAtATime: '--concurrency' });

  test('local: --time ends an overrunning run (NAS Lens ends it: TERM to its process group) as a timeout', async () => {
    const ws = new Workspace(process.env, 'local');
    try {
      const run = await ws.train([ws.cells('cells.nas.json', ['overrun-a', 'ok-b'])], '--time', '0:02');
      assert.equal(run.status, 1, run.stderr);
      const tasks = ws.state(ws.runIds()[0]).tasks;
      assert.deepEqual(
        tasks.map((t) => [t.status, t.failure?.reason]),
        [
          ['failed', 'timeout'],
          ['done', undefined],
        ],
      );
      assert.match(tasks[0].failure?.logTail ?? '', /waiting until killed/);
      assert.deepEqual(
        ws.results().map((l) => l.name),
        ['ok-b'],
      );
    } finally {
      ws.remove();
    }
  });

  test('local: Ctrl-C stops following, not the run; runs watch picks it up', async () => {
    const ws = new Workspace(process.env, 'local');
    try {
      const training = ws.start([ws.cells('cells.nas.json', ['gate-a'])]);
      const id = await ws.newRun(0);
      await ws.waitForStatuses(id, (s) => s[0] === 'running', 'the task running');
      training.child.kill('SIGINT');
      const stopped = await training.done;
      assert.equal(stopped.status, 130);
      assert.match(stopped.stderr, new RegExp(`run ${id} goes on: follow it with \`nas-lens runs watch ${id}\``));
      assert.equal(ws.state(id).tasks[0].status, 'running');
      writeFileSync(ws.gate, 'go\n');
      const watch = await ws.runs('watch', id);
      assert.equal(watch.status, 0, watch.stderr);
      assert.deepEqual(
        ws.results().map((l) => l.name),
        ['gate-a'],
      );
    } finally {
      ws.remove();
    }
  });
});
