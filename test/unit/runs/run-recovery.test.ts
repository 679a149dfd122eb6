import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { resultLineOf } from '../../../src/core/runs/result-line';
import type { RunEvent } from '../../../src/node/runs/run';
import { readCellRefs } from '../../../src/node/cell-refs';
import { writeState } from '../../../src/node/runs/run-files';
import { RunStore } from '../../../src/node/runs/run-store';
import { needsData } from '../../helpers/data';
import { waitFor } from '../../helpers/wait';
import { LIMIT_MS, Workspace } from './run-cli-scenarios';

/** The Run API on local processes: crash leftovers, and two followers of one run. */
describe('runs recover from crashes and share followers without duplicating a result', needsData('nb201.csv'), () => {
  const ws = new Workspace(process.env, 'local');
  after(() => ws.remove());
  const store = new RunStore(ws.dir);
  const make = async (names: string[], file: string) => {
    const cells = await readCellRefs([ws.cells(`${file}.nas.json`, names)]);
    return (await store.create({ workspace: ws.dir, cells, seeds: [0], command: ws.command(), backend: 'local', results: `${file}.nas-results.jsonl` })).run;
  };
  const lines = (file: string) =>
    readFileSync(join(ws.dir, `${file}.nas-results.jsonl`), 'utf8')
      .split('\n')
      .filter(Boolean);

  test('a task left `recording` whose line landed is marked done without a second line; one whose line did not land gets it once', async () => {
    const run = await make(['ok-a', 'ok-b'], 'rec');
    const done = await run.follow();
    assert.deepEqual(
      done.tasks.map((t) => t.status),
      ['done', 'done'],
    );
    assert.equal(lines('rec').length, 2);
    // As a crash would leave it: both tasks `recording`, but only task 0's line in the file.
    const file = join(ws.dir, 'rec.nas-results.jsonl');
    writeFileSync(file, `${lines('rec').find((l) => JSON.parse(l).run.task === 0)}\n`);
    writeState(run.dir, { ...done, tasks: done.tasks.map((t) => ({ ...t, status: 'recording' as const })) });
    const again = await store.open(run.id).step();
    assert.deepEqual(
      again.tasks.map((t) => t.status),
      ['done', 'done'],
    );
    const after = lines('rec')
      .map((l) => JSON.parse(l).run.task)
      .sort();
    assert.deepEqual(after, [0, 1]);
    assert.deepEqual(
      JSON.parse(lines('rec').find((l) => JSON.parse(l).run.task === 1) ?? '{}'),
      JSON.parse(JSON.stringify(resultLineOf(run.request, done.tasks[1], JSON.parse(lines('rec')[1]).run.log))),
    );
  });

  test('a local submission left `submitting` whose tasks started is adopted, not launched again', async () => {
    const run = await make(['gate-a'], 'sub');
    const first = await run.step();
    assert.equal(first.submissions.length, 1);
    await waitFor(
      () => existsSync(join(run.dir, 'tasks', '0', '1', 'started')),
      LIMIT_MS,
      () => 'the task did not start',
    );
    // Forget the launch as a crash right after spawn would: the submission back to `submitting`, the task to pending.
    writeState(run.dir, { ...first, submissions: [{ ...first.submissions[0], status: 'submitting' }], tasks: [{ task: 0, attempt: 1, status: 'pending' }] });
    writeFileSync(ws.gate, 'go\n');
    const end = await store.open(run.id).follow();
    assert.equal(end.submissions.length, 1);
    assert.deepEqual(
      end.tasks.map((t) => [t.status, t.attempt]),
      [['done', 1]],
    );
    assert.equal(lines('sub').length, 1);
  });

  test('two followers of one run (say the CLI and the editor) append each result exactly once', async () => {
    const run = await make(['ok-a', 'ok-b', 'ok-c', 'ok-d'], 'two');
    const events: RunEvent[] = [];
    const a = store.open(run.id);
    const b = store.open(run.id);
    a.onEvent((e) => events.push(e));
    b.onEvent((e) => events.push(e));
    const [sa, sb] = await Promise.all([a.follow({ pollMs: 20 }), b.follow({ pollMs: 20 })]);
    assert.deepEqual(
      sa.tasks.map((t) => t.status),
      ['done', 'done', 'done', 'done'],
    );
    assert.deepEqual(
      sb.tasks.map((t) => t.status),
      ['done', 'done', 'done', 'done'],
    );
    assert.deepEqual(
      lines('two')
        .map((l) => JSON.parse(l).run.task)
        .sort(),
      [0, 1, 2, 3],
    );
    assert.equal(events.filter((e) => e.type === 'result').length, 4);
    const submitted = (await store.open(run.id).state()).submissions.flatMap((s) => s.entries.map((e) => e.task)).sort();
    assert.deepEqual(submitted, [0, 1, 2, 3]);
  });

  test('a malformed line in the results file does not stop the recovery check', async () => {
    const run = await make(['ok-a'], 'bad');
    appendFileSync(join(ws.dir, 'bad.nas-results.jsonl'), `{"run": "${run.id}" broken\n`);
    const done = await run.follow();
    writeState(run.dir, { ...done, tasks: done.tasks.map((t) => ({ ...t, status: 'recording' as const })) });
    await store.open(run.id).step();
    assert.equal(lines('bad').length, 2);
  });
});
