import assert from 'node:assert/strict';
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
      assert.deepEqual(tasks.map((t) => [t.status, t.failure?.reason]), [['failed', 'timeout'], ['done', undefined]]);
      assert.match(tasks[0].failure?.logTail ?? '', /waiting until killed/);
      assert.deepEqual(ws.results().map((l) => l.name), ['ok-b']);
    } finally {
      ws.remove();
    }
  });
});
