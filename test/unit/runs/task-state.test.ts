import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decideTaskEvent, LOST_AFTER_LOOKS, type TaskEvidence } from '../../../src/core/runs/task-outcome';
import { advanceTask, newTask, type TaskEvent, type TaskState } from '../../../src/core/runs/task-state';

const AT = '2026-01-01T00:00:00.000Z';
const END = '2026-01-01T00:00:02.500Z';
const NOW = '2026-01-01T00:00:09.000Z';
const ok = { ok: true as const, metrics: { test_acc: 93.5 }, ignored: [] };

function through(...events: TaskEvent[]): TaskState {
  return events.reduce(advanceTask, newTask(0));
}

const queued = through({ kind: 'submitted', submission: 1, job: '7_0', at: AT });
const running = advanceTask(queued, { kind: 'started', at: AT, host: 'n1' });

describe('task states', () => {
  test('pending → queued → running → recording → done', () => {
    assert.equal(queued.status, 'queued');
    assert.equal(queued.job, '7_0');
    assert.equal(running.status, 'running');
    const recording = advanceTask(running, { kind: 'succeeded', at: END, wallSeconds: 2.5, metrics: { a: 1 } });
    assert.equal(recording.status, 'recording');
    assert.equal(advanceTask(recording, { kind: 'recorded' }).status, 'done');
  });

  test('events that do not apply leave the task as it is (stale or repeated observations)', () => {
    const done = advanceTask(advanceTask(running, { kind: 'succeeded', at: END, metrics: { a: 1 } }), { kind: 'recorded' });
    for (const e of [
      { kind: 'started', at: AT },
      { kind: 'failed', at: AT, failure: { reason: 'lost', message: '' } },
      { kind: 'submitted', submission: 2, at: AT },
      { kind: 'retry' },
      { kind: 'cancelled', at: AT },
    ] as TaskEvent[]) {
      assert.equal(advanceTask(done, e), done);
    }
    assert.equal(advanceTask(newTask(0), { kind: 'started', at: AT }).status, 'pending');
  });

  test('retry puts a failed or cancelled task back to pending as its next attempt, with nothing of the old one', () => {
    const failed = advanceTask(running, { kind: 'failed', at: END, failure: { reason: 'exit-code', message: 'x' } });
    const again = advanceTask(failed, { kind: 'retry' });
    assert.deepEqual(again, { task: 0, attempt: 2, status: 'pending' });
    const cancelled = advanceTask(newTask(0), { kind: 'cancelled', at: AT });
    assert.deepEqual(advanceTask(cancelled, { kind: 'retry' }), { task: 0, attempt: 2, status: 'pending' });
  });
});

describe('deciding how a task ended', () => {
  const evidence = (e: Partial<TaskEvidence>): TaskEvidence => ({ markers: {}, scheduler: 'unknown', ...e });
  const started = { at: AT, host: 'n1', job: '7_0' };

  test('exit 0 with metrics: succeeded, wall time from the markers, without waiting for the scheduler', () => {
    assert.deepEqual(decideTaskEvent(running, evidence({ markers: { started, exit: { at: END, code: 0 } }, metrics: ok }), NOW), {
      kind: 'succeeded',
      at: END,
      wallSeconds: 2.5,
      metrics: { test_acc: 93.5 },
    });
  });

  test('exit 0 without metrics or with a NaN: failed with that reason', () => {
    const bad = decideTaskEvent(
      running,
      evidence({ markers: { started, exit: { at: END, code: 0 } }, metrics: { ok: false, reason: 'bad-metric', message: "metric 'a' is NaN" } }),
      NOW,
    );
    assert.equal(bad?.kind, 'failed');
    assert.deepEqual(bad?.kind === 'failed' && bad.failure, { reason: 'bad-metric', message: "metric 'a' is NaN" });
  });

  test("a non-zero exit waits for the scheduler's word, then says why", () => {
    const exit = { at: END, code: 1 };
    assert.equal(decideTaskEvent(running, evidence({ markers: { started, exit } }), NOW), undefined);
    const failed = decideTaskEvent(running, evidence({ markers: { started, exit }, scheduler: 'failed' }), NOW);
    assert.deepEqual(failed?.kind === 'failed' && failed.failure, { reason: 'exit-code', message: 'the command exited with code 1' });
    const oom = decideTaskEvent(running, evidence({ markers: { started, exit: { at: END, code: 137 } }, scheduler: 'out-of-memory' }), NOW);
    assert.equal(oom?.kind === 'failed' && oom.failure.reason, 'out-of-memory');
  });

  test('a signal while the scheduler still says running is not decided yet; TIMEOUT then makes it a timeout', () => {
    const exit = { at: END, signal: 'SIGTERM' };
    assert.equal(decideTaskEvent(running, evidence({ markers: { started, exit }, scheduler: 'running' }), NOW), undefined);
    const timeout = decideTaskEvent(running, evidence({ markers: { started, exit }, scheduler: 'timeout' }), NOW);
    assert.equal(timeout?.kind === 'failed' && timeout.failure.reason, 'timeout');
    const killed = decideTaskEvent(running, evidence({ markers: { started, exit }, scheduler: 'gone' }), NOW);
    assert.equal(killed?.kind === 'failed' && killed.failure.message, 'the job was ended by SIGTERM');
  });

  test('a cancel NAS Lens asked for ends as cancelled; a local overrun as a timeout', () => {
    const cancelling = advanceTask(running, { kind: 'stop-requested', why: 'cancel' });
    assert.deepEqual(decideTaskEvent(cancelling, evidence({ markers: { started, exit: { at: END, signal: 'SIGTERM' } } }), NOW), {
      kind: 'cancelled',
      at: END,
      wallSeconds: 2.5,
    });
    assert.deepEqual(decideTaskEvent(advanceTask(queued, { kind: 'stop-requested', why: 'cancel' }), evidence({ scheduler: 'cancelled' }), NOW), {
      kind: 'cancelled',
      at: NOW,
      wallSeconds: undefined,
    });
    const overrun = advanceTask(running, { kind: 'stop-requested', why: 'timeout' });
    const t = decideTaskEvent(overrun, evidence({ markers: { started, exit: { at: END, signal: 'SIGTERM' } }, scheduler: 'gone' }), NOW);
    assert.equal(t?.kind === 'failed' && t.failure.reason, 'timeout');
    const other = decideTaskEvent(running, evidence({ markers: { started }, scheduler: 'cancelled' }), NOW);
    assert.equal(other?.kind === 'failed' && other.failure.reason, 'cancelled-by-scheduler');
  });

  test('queued → started on the start marker or the scheduler saying running', () => {
    assert.deepEqual(decideTaskEvent(queued, evidence({ markers: { started } }), NOW), { kind: 'started', at: AT, host: 'n1', job: '7_0' });
    assert.equal(decideTaskEvent(queued, evidence({ scheduler: 'running' }), NOW)?.kind, 'started');
    assert.equal(decideTaskEvent(queued, evidence({ scheduler: 'pending' }), NOW), undefined);
  });

  test(`gone without an exit marker: lost only after ${LOST_AFTER_LOOKS} looks (shared file systems lag)`, () => {
    for (let looks = 0; looks < LOST_AFTER_LOOKS - 1; looks++) {
      assert.equal(decideTaskEvent(running, evidence({ markers: { started }, scheduler: 'gone', goneLooks: looks }), NOW), undefined);
    }
    const lost = decideTaskEvent(running, evidence({ markers: { started }, scheduler: 'gone', goneLooks: LOST_AFTER_LOOKS - 1 }), NOW);
    assert.equal(lost?.kind === 'failed' && lost.failure.reason, 'lost');
    const never = decideTaskEvent(queued, evidence({ scheduler: 'completed', schedulerText: 'COMPLETED', goneLooks: LOST_AFTER_LOOKS }), NOW);
    assert.match(never?.kind === 'failed' ? never.failure.message : '', /the batch script ended \(COMPLETED\) before the command started/);
  });

  test('a node failure or preemption without markers is named', () => {
    for (const [view, reason] of [
      ['node-failure', 'node-failure'],
      ['preempted', 'preempted'],
      ['timeout', 'timeout'],
    ] as const) {
      const e = decideTaskEvent(running, evidence({ markers: { started }, scheduler: view }), NOW);
      assert.equal(e?.kind === 'failed' && e.failure.reason, reason);
    }
  });

  test('finished tasks are not decided again', () => {
    assert.equal(decideTaskEvent(newTask(0), evidence({ markers: { started, exit: { at: END, code: 0 } }, metrics: ok }), NOW), undefined);
  });
});
