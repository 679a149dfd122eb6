/** The CLI scenarios every backend must pass (test/unit/runs/*-cli.test.ts run them on local processes and on real SLURM). */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { waitFor } from '../../helpers/wait';
import { ARCHS, LIMIT_MS, tableMetrics, Workspace } from './run-cli-scenarios';

function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

export interface SuiteOptions {
  readonly backend: 'local' | 'slurm';
  readonly env: () => NodeJS.ProcessEnv;
  /** The flag that lets one task run at a time (local --concurrency, slurm --max-concurrent). */
  readonly oneAtATime: string;
}

export function defineRunCliSuite(o: SuiteOptions): void {
  const workspace = () => new Workspace(o.env(), o.backend);

  test(`${o.backend}: K cells × S seeds; each finished run is one results line with job, backend, wall time and log`, async () => {
    const ws = workspace();
    try {
      const cells = ws.cells('cells.nas.json', ['ok-a', 'ok-b', 'ok-c']);
      const run = await ws.train([cells], '--seeds', '2', '--json');
      assert.equal(run.status, 0, run.stderr);
      const out = JSON.parse(run.stdout);
      assert.equal(out.status, 'done');
      assert.equal(out.tasks.length, 6);
      const lines = ws.results();
      assert.equal(lines.length, 6);
      const keys = new Set(lines.map((l) => `${l.name}/${l.seed}`));
      assert.deepEqual([...keys].sort(), ['ok-a/0', 'ok-a/1', 'ok-b/0', 'ok-b/1', 'ok-c/0', 'ok-c/1']);
      for (const line of lines) {
        const arch = ARCHS[['ok-a', 'ok-b', 'ok-c'].indexOf(line.name as string)];
        assert.equal(line.cell, arch);
        assert.equal(line.space, 'nb201');
        assert.deepEqual(line.metrics, tableMetrics(arch));
        assert.equal(line.run?.id, out.run);
        assert.equal(line.run?.backend, o.backend);
        assert.match(line.run?.job ?? '', o.backend === 'slurm' ? /^\d+_\d$/ : /^\d+$/);
        assert.ok((line.run?.wallSeconds ?? -1) >= 0.1);
        assert.ok(existsSync(join(ws.dir, line.run?.log ?? 'missing')), `log ${line.run?.log}`);
        assert.ok(line.time && line.hash);
      }
      const list = await ws.runs('list', '--json');
      assert.deepEqual(
        JSON.parse(list.stdout).runs.map((r: { id: string; status: string }) => [r.id, r.status]),
        [[out.run, 'done']],
      );
    } finally {
      ws.remove();
    }
  });

  test(`${o.backend}: exit 1, no metrics, NaN fail with their reason and log tail, never a result; retry resubmits only the failed`, async () => {
    const ws = workspace();
    try {
      const cells = ws.cells('cells.nas.json', ['ok-a', 'exit1-b', 'nometrics-c', 'nan-d', 'flaky-e']);
      const first = await ws.train([cells], '--results', 'mine.nas-results.jsonl');
      assert.equal(first.status, 1, first.stderr);
      const id = ws.runIds()[0];
      const tasks = ws.state(id).tasks;
      assert.deepEqual(
        tasks.map((t) => [t.status, t.failure?.reason]),
        [
          ['done', undefined],
          ['failed', 'exit-code'],
          ['failed', 'no-metrics'],
          ['failed', 'bad-metric'],
          ['failed', 'exit-code'],
        ],
      );
      assert.match(tasks[1].failure?.logTail ?? '', /failing on purpose \(exit 1\)/);
      assert.match(tasks[2].failure?.logTail ?? '', /exiting 0 without metrics on purpose/);
      assert.match(tasks[3].failure?.message ?? '', /metric 'val_acc' is NaN/);
      assert.match(first.stdout, /task 1 \(exit1-b, seed 0\): the command exited with code 1/);
      assert.deepEqual(
        ws.results('mine.nas-results.jsonl').map((l) => l.name),
        ['ok-a'],
      );
      assert.deepEqual(ws.results(), []);

      const retry = await ws.runs('retry', id, '--poll', '0.5');
      assert.equal(retry.status, 1, retry.stderr);
      assert.match(retry.stderr, /retrying 4 tasks/);
      const after = ws.state(id).tasks;
      assert.deepEqual(
        after.map((t) => [t.status, t.attempt]),
        [
          ['done', 1],
          ['failed', 2],
          ['failed', 2],
          ['failed', 2],
          ['done', 2],
        ],
      );
      assert.deepEqual(
        ws.results('mine.nas-results.jsonl').map((l) => l.name),
        ['ok-a', 'flaky-e'],
      );
      const resubmitted = ws
        .state(id)
        .submissions.flatMap((s) => s.entries)
        .filter((e) => e.attempt === 2)
        .map((e) => e.task);
      assert.deepEqual(resubmitted.sort(), [1, 2, 3, 4]);
    } finally {
      ws.remove();
    }
  });

  test(`${o.backend}: runs cancel ends running and queued tasks; nothing becomes a result`, async () => {
    const ws = workspace();
    try {
      const cells = ws.cells('cells.nas.json', ['hold-a', 'hold-b']);
      const training = ws.start([cells], o.oneAtATime, '1');
      const id = await ws.newRun(0);
      await ws.waitForStatuses(id, (s) => s.includes('running'), 'one task running');
      const cancel = await ws.runs('cancel', id);
      assert.equal(cancel.status, 0, cancel.stderr);
      const end = await training.done;
      assert.equal(end.status, 1, end.stderr);
      assert.deepEqual(
        ws.state(id).tasks.map((t) => t.status),
        ['cancelled', 'cancelled'],
      );
      assert.deepEqual(ws.results(), []);
    } finally {
      ws.remove();
    }
  });

  test(`${o.backend}: the CLI killed mid-run; runs watch reattaches and finishes; no cell is submitted twice`, async () => {
    const ws = workspace();
    try {
      const cells = ws.cells('cells.nas.json', ['gate-a', 'gate-b', 'gate-c']);
      const training = ws.start([cells], o.oneAtATime, '2');
      const id = await ws.newRun(0);
      await ws.waitForStatuses(id, (s) => s.filter((x) => x === 'running').length === 2, 'two tasks running');
      training.child.kill('SIGKILL');
      await training.done;
      const watch = ws.runs('watch', id, '--poll', '0.5');
      writeFileSync(ws.gate, 'go\n');
      const end = await watch;
      assert.equal(end.status, 0, end.stderr);
      const state = ws.state(id);
      assert.deepEqual(
        state.tasks.map((t) => [t.status, t.attempt]),
        [
          ['done', 1],
          ['done', 1],
          ['done', 1],
        ],
      );
      const submitted = state.submissions.flatMap((s) => s.entries.map((e) => e.task)).sort();
      assert.deepEqual(submitted, [0, 1, 2]);
      assert.deepEqual(
        ws
          .results()
          .map((l) => l.name)
          .sort(),
        ['gate-a', 'gate-b', 'gate-c'],
      );
    } finally {
      ws.remove();
    }
  });

  test(`${o.backend}: a task whose processes are killed with SIGKILL (no exit marker: a lost node) fails as lost`, async () => {
    const ws = workspace();
    try {
      const training = ws.start([ws.cells('cells.nas.json', ['hold-a'])]);
      const id = await ws.newRun(0);
      const log = join(ws.dir, '.nas-lens', 'runs', id, 'tasks', '0', '1', 'stdout.log');
      await waitFor(
        () => existsSync(log) && /\(pid (\d+)\)/.test(readFileSync(log, 'utf8')),
        LIMIT_MS,
        () => 'the oracle did not start',
      );
      const oracle = Number(/\(pid (\d+)\)/.exec(readFileSync(log, 'utf8'))?.[1]);
      // oracle ← bash command.sh ← the task script: end all three at once, as a dead node would.
      const command = parentOf(oracle);
      const script = parentOf(command);
      for (const pid of [script, command, oracle]) process.kill(pid, 'SIGKILL');
      const end = await training.done;
      assert.equal(end.status, 1, end.stderr);
      const task = ws.state(id).tasks[0];
      assert.deepEqual([task.status, task.failure?.reason], ['failed', 'lost']);
      assert.match(task.failure?.message ?? '', /(no|without an) exit marker/);
      assert.deepEqual(ws.results(), []);
    } finally {
      ws.remove();
    }
  });

  test(`${o.backend}: cell names holding quotes, $(), backticks, ; and newlines run nothing and arrive intact`, async () => {
    const ws = workspace();
    try {
      const canary = join(ws.dir, 'pwned');
      const names = [
        `a'$(touch ${canary})'`,
        `b"\`touch ${canary}\`"`,
        `c; touch ${canary}; #`,
        `d\ntouch ${canary}\n`,
        `e && touch ${canary} || $(rm -rf ${ws.dir})`,
      ];
      const cells = ws.cells('cells.nas.json', names);
      const run = await ws.train([cells], '--command', `printf "%s" {name} > {out}/name.txt && ${ws.command()}`);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(existsSync(canary), false);
      const lines = ws.results();
      assert.deepEqual(lines.map((l) => l.name).sort(), [...names].sort());
      for (const line of lines) {
        const out = join(ws.dir, (line.run?.log ?? '').replace(/stdout\.log$/, 'out'), 'name.txt');
        assert.equal(readFileSync(out, 'utf8'), line.name);
      }
    } finally {
      ws.remove();
    }
  });

  test(`${o.backend}: an unknown placeholder, a placeholder the cells cannot fill, or bad shell is refused before anything is submitted`, async () => {
    const ws = workspace();
    try {
      const cells = ws.cells('cells.nas.json', ['ok-a']);
      const cases: [string, RegExp][] = [
        ['python train.py --arch {arhc}', /command template 1:24: unknown placeholder \{arhc\}/],
        ['python train.py --genotype {genotype}', /cell 'ok-a' \(.*cells\.nas\.json:\d+\): \{genotype\} needs a DARTS cell, this is a nb201 cell/],
        ['python train.py --arch {arch} )', /the command is not valid shell: .*syntax error/],
      ];
      for (const [command, message] of cases) {
        const run = await ws.train([cells], '--command', command);
        assert.equal(run.status, 2, command);
        assert.match(run.stderr, message);
      }
      assert.deepEqual(ws.runIds(), []);
    } finally {
      ws.remove();
    }
  });
}
