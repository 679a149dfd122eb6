import { join, relative } from 'node:path';
import type { ResultLine } from '../../core/results/types';
import { isLineOf, resultLineOf } from '../../core/runs/result-line';
import { runStatus, taskCell, type RunRequest, type RunState, type Submission } from '../../core/runs/run-types';
import { parseSlurmTime } from '../../core/runs/slurm-time';
import { decideTaskEvent } from '../../core/runs/task-outcome';
import { sbatchHeader, taskScript } from '../../core/runs/task-script';
import { advanceTask, isActive, type TaskEvent, type TaskState, type TaskStatus } from '../../core/runs/task-state';
import type { RunBackend, RunContext, SubmitResult } from './backend';
import { appendResult, resultsFileHas } from './results-file';
import { readRequest, readState, writeState, writeSubmissionFiles } from './run-files';
import { withRunLock } from './run-lock';
import { attemptDir, readLogTail, readMarkers, readMetrics } from './task-files';
import { jobName } from './slurm-backend';
import { errorMessage } from '../../shared/errors';

/** A task with what a face shows beside its state. */
export interface TaskView extends TaskState {
  readonly name: string;
  readonly space: string;
  readonly hash: string;
  readonly seed: number;
  /** The attempt's folder (out/, stdout.log, stderr.log). */
  readonly dir: string;
  readonly stdout: string;
  readonly stderr: string;
}

export type RunEvent =
  | { readonly type: 'task'; readonly runId: string; readonly task: TaskView; readonly previous: TaskStatus }
  | { readonly type: 'submitted'; readonly runId: string; readonly submission: Submission }
  | { readonly type: 'result'; readonly runId: string; readonly task: number; readonly line: ResultLine }
  | { readonly type: 'problem'; readonly runId: string; readonly message: string };

export interface FollowOptions {
  readonly signal?: AbortSignal;
  /** Between looks at the task folders' markers (cheap file reads). */
  readonly pollMs?: number;
  /** Between questions to the scheduler (squeue); local runs ask every poll. */
  readonly schedulerMs?: number;
}

/**
 * One run: its folder, its request, and the steps that move it on. Every step reads the state from
 * disk and writes it back under the run's lock, so any number of processes (the CLI, `runs watch`,
 * the editor) may follow, cancel or retry the same run; a result is appended exactly once.
 */
export class Run {
  readonly request: RunRequest;
  private readonly listeners = new Set<(event: RunEvent) => void>();
  /** Consecutive looks a task was gone from the scheduler without an exit marker. */
  private readonly goneLooks = new Map<string, number>();

  constructor(
    readonly dir: string,
    private readonly backend: RunBackend,
    request?: RunRequest,
  ) {
    this.request = request ?? readRequest(dir);
  }

  get id(): string {
    return this.request.id;
  }

  state(): RunState {
    return readState(this.dir);
  }

  /** Listens to task state changes, submissions, results and problems; returns the unsubscribe function. */
  onEvent(listener: (event: RunEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  view(task: TaskState): TaskView {
    const { cell, seed } = taskCell(this.request, task.task);
    const dir = attemptDir(this.dir, task.task, task.attempt);
    return { ...task, name: cell.name, space: cell.space, hash: cell.hash, seed, dir, stdout: join(dir, 'stdout.log'), stderr: join(dir, 'stderr.log') };
  }

  /** Follows the run until every task is done, failed or cancelled (or the signal aborts). */
  async follow(options: FollowOptions = {}): Promise<RunState> {
    const pollMs = options.pollMs ?? 250;
    const schedulerMs = this.backend.kind === 'local' ? 0 : (options.schedulerMs ?? 2000);
    let asked = 0;
    for (;;) {
      const ask = Date.now() - asked >= schedulerMs;
      if (ask) asked = Date.now();
      const state = await this.step({ askScheduler: ask });
      if (runStatus(state.tasks) !== 'active' || options.signal?.aborted) return state;
      await pause(pollMs, this.backend.changed(), options.signal);
    }
  }

  /** One step: recover, submit what may be submitted, observe, record results. */
  async step(options: { askScheduler?: boolean } = {}): Promise<RunState> {
    const events: RunEvent[] = [];
    const state = await withRunLock(this.dir, async () => {
      let s = this.state();
      const ctx = this.ctx();
      s = await this.recoverSubmissions(ctx, s, events);
      s = await this.record(s, events, true);
      s = await this.submitPending(ctx, s, events);
      s = await this.observe(ctx, s, events, options.askScheduler ?? true);
      s = await this.record(s, events, false);
      s = await this.enforceTimeLimit(ctx, s, events);
      writeState(this.dir, s);
      return s;
    });
    this.emit(events);
    return state;
  }

  /** Cancels every task not yet finished (or only these tasks): pending ones at once, queued and running ones through the scheduler. */
  async cancel(only?: readonly number[]): Promise<RunState> {
    const events: RunEvent[] = [];
    const state = await withRunLock(this.dir, async () => {
      let s = this.state();
      const now = new Date().toISOString();
      for (const t of s.tasks) {
        if (only && !only.includes(t.task)) continue;
        if (t.status === 'pending') s = this.apply(s, t.task, { kind: 'cancelled', at: now }, events);
        else if (isActive(t.status)) s = this.apply(s, t.task, { kind: 'stop-requested', why: 'cancel' }, events);
      }
      writeState(this.dir, s);
      const stopping = s.tasks.filter((t) => isActive(t.status) && (!only || only.includes(t.task)));
      if (stopping.length) await this.backend.cancel(this.ctx(), stopping, s.submissions);
      return s;
    });
    this.emit(events);
    return state;
  }

  /** Puts failed and cancelled tasks (or only these of them) back to pending (next attempt); the next step submits them. Returns how many. */
  async retryFailed(only?: readonly number[]): Promise<number> {
    const events: RunEvent[] = [];
    let count = 0;
    await withRunLock(this.dir, async () => {
      let s = this.state();
      for (const t of s.tasks) {
        if ((t.status !== 'failed' && t.status !== 'cancelled') || (only && !only.includes(t.task))) continue;
        s = this.apply(s, t.task, { kind: 'retry' }, events);
        count++;
      }
      writeState(this.dir, s);
    });
    this.emit(events);
    return count;
  }

  private ctx(): RunContext {
    return { dir: this.dir, request: this.request };
  }

  private apply(state: RunState, task: number, event: TaskEvent, events: RunEvent[]): RunState {
    const before = state.tasks[task];
    const after = advanceTask(before, event);
    if (after === before) return state;
    const tasks = state.tasks.slice();
    tasks[task] = after;
    if (after.status !== before.status) events.push({ type: 'task', runId: this.id, task: this.view(after), previous: before.status });
    return { ...state, tasks, updatedAt: new Date().toISOString() };
  }

  /** Submits pending tasks, one submission after the other, while the backend takes more (SLURM: arrays of at most MaxArraySize). */
  private async submitPending(ctx: RunContext, state: RunState, events: RunEvent[]): Promise<RunState> {
    let s = state;
    for (;;) {
      const before = s.submissions.length;
      s = await this.submitSome(ctx, s, events);
      const last = s.submissions.at(-1);
      if (s.submissions.length === before || last?.status !== 'submitted') return s;
    }
  }

  private async submitSome(ctx: RunContext, state: RunState, events: RunEvent[]): Promise<RunState> {
    const pending = state.tasks.filter((t) => t.status === 'pending');
    const count = Math.min(pending.length, await this.backend.capacity(ctx, state.tasks));
    if (count <= 0) return state;
    const index = state.submissions.length + 1;
    const entries = pending.slice(0, count).map((t) => ({ task: t.task, attempt: t.attempt }));
    const script = writeSubmissionFiles(this.dir, index, this.script(index), entries);
    const submission: Submission = {
      index,
      at: new Date().toISOString(),
      entries,
      status: 'submitting',
      ...(this.backend.kind === 'slurm' ? { jobName: jobName(this.id, index) } : {}),
    };
    let s: RunState = { ...state, submissions: [...state.submissions, submission] };
    writeState(this.dir, s); // a crash from here on is recovered from this record, never resubmitted blindly
    try {
      return this.submitted(s, submission, await this.backend.submit(ctx, submission, script), events);
    } catch (error) {
      const message = errorMessage(error);
      const refused: Submission = { ...submission, status: 'refused', error: message };
      s = { ...s, submissions: s.submissions.map((x) => (x.index === index ? refused : x)) };
      const at = new Date().toISOString();
      for (const e of entries) s = this.apply(s, e.task, { kind: 'failed', at, failure: { reason: 'submit-failed', message } }, events);
      events.push({ type: 'problem', runId: this.id, message });
      return s;
    }
  }

  private submitted(state: RunState, submission: Submission, result: SubmitResult, events: RunEvent[]): RunState {
    const done: Submission = { ...submission, status: 'submitted', ...(result.job ? { job: result.job } : {}) };
    let s: RunState = { ...state, submissions: state.submissions.map((x) => (x.index === submission.index ? done : x)) };
    submission.entries.forEach((e, i) => {
      const ids = result.tasks[i];
      s = this.apply(
        s,
        e.task,
        { kind: 'submitted', submission: submission.index, at: done.at, ...(ids ? { job: ids.job, processStart: ids.processStart } : {}) },
        events,
      );
    });
    events.push({ type: 'submitted', runId: this.id, submission: done });
    writeState(this.dir, s);
    return s;
  }

  /**
   * A submission left `submitting` by a process that died: adopt the job when the scheduler has it
   * (or its tasks have started); otherwise submit it again — the task script runs each attempt at
   * most once (its start marker is created exclusively), so even a job the scheduler hid cannot train a cell twice.
   */
  private async recoverSubmissions(ctx: RunContext, state: RunState, events: RunEvent[]): Promise<RunState> {
    let s = state;
    for (const submission of state.submissions.filter((x) => x.status === 'submitting')) {
      const found = await this.backend.recover(ctx, submission);
      if (found) {
        s = this.submitted(s, submission, found, events);
        continue;
      }
      const started = submission.entries.some((e) => readMarkers(attemptDir(this.dir, e.task, e.attempt)).started);
      if (started) {
        s = this.submitted(s, submission, { tasks: [] }, events);
        continue;
      }
      const script = join(this.dir, 'submissions', String(submission.index), 'script.sh');
      try {
        s = this.submitted(s, submission, await this.backend.submit(ctx, submission, script), events);
      } catch (error) {
        events.push({ type: 'problem', runId: this.id, message: `resubmitting submission ${submission.index}: ${(error as Error).message}` });
      }
    }
    return s;
  }

  private async observe(ctx: RunContext, state: RunState, events: RunEvent[], askScheduler: boolean): Promise<RunState> {
    const active = state.tasks.filter((t) => isActive(t.status));
    if (!active.length) return state;
    const looks = askScheduler ? await this.backend.look(ctx, active, state.submissions) : new Map();
    let s = state;
    const now = new Date().toISOString();
    for (const t of active) {
      const dir = attemptDir(this.dir, t.task, t.attempt);
      const markers = readMarkers(dir);
      const look = looks.get(t.task) ?? { view: 'unknown' as const };
      const key = `${t.task}/${t.attempt}`;
      const metrics = markers.exit?.code === 0 ? await readMetrics(dir) : undefined;
      let event = decideTaskEvent(t, { markers, scheduler: look.view, schedulerText: look.text, metrics, goneLooks: this.goneLooks.get(key) ?? 0 }, now);
      if (!markers.exit && ['gone', 'completed', 'failed'].includes(look.view)) this.goneLooks.set(key, (this.goneLooks.get(key) ?? 0) + 1);
      else if (look.view !== 'unknown') this.goneLooks.delete(key);
      if (event?.kind === 'failed') event = { ...event, failure: { ...event.failure, logTail: readLogTail(dir) || undefined } };
      if (event) s = this.apply(s, t.task, event, events);
    }
    // Write ahead: a task measured here is saved as `recording` before its line is appended.
    if (s !== state) writeState(this.dir, s);
    return s;
  }

  /** Appends the results line of every `recording` task; `recovered`: check the file first (a crash may have landed it). */
  private async record(state: RunState, events: RunEvent[], recovered: boolean): Promise<RunState> {
    let s = state;
    for (const t of state.tasks.filter((x) => x.status === 'recording')) {
      const line = resultLineOf(this.request, t, relative(this.request.workspace, join(attemptDir(this.dir, t.task, t.attempt), 'stdout.log')));
      try {
        const landed = recovered && (await resultsFileHas(this.request.results, this.id, (l) => isLineOf(l, this.request, t)));
        if (!landed) appendResult(this.request.results, line);
      } catch (error) {
        events.push({ type: 'problem', runId: this.id, message: `cannot append to ${this.request.results}: ${(error as Error).message}` });
        continue;
      }
      s = this.apply(s, t.task, { kind: 'recorded' }, events);
      events.push({ type: 'result', runId: this.id, task: t.task, line });
    }
    return s;
  }

  /** Local runs: NAS Lens ends a task that overran local.time (SLURM enforces --time itself). */
  private async enforceTimeLimit(ctx: RunContext, state: RunState, events: RunEvent[]): Promise<RunState> {
    if (this.backend.enforcesTimeLimit) return state;
    const limit = this.request.local?.time ? parseSlurmTime(this.request.local.time) : undefined;
    if (!limit || !Number.isFinite(limit)) return state;
    const overdue = state.tasks.filter((t) => t.status === 'running' && !t.stopRequested && t.startedAt && Date.now() - Date.parse(t.startedAt) > limit * 1000);
    if (!overdue.length) return state;
    let s = state;
    for (const t of overdue) s = this.apply(s, t.task, { kind: 'stop-requested', why: 'timeout' }, events);
    writeState(this.dir, s);
    await this.backend.cancel(
      ctx,
      overdue.map((t) => s.tasks[t.task]),
      s.submissions,
    );
    return s;
  }

  private script(submission: number): string {
    const r = this.request;
    const options = r.backend === 'slurm' ? r.slurm : r.local;
    return taskScript({
      runDir: this.dir,
      runId: r.id,
      submission,
      header: r.backend === 'slurm' ? sbatchHeader(r.slurm ?? {}) : [],
      preamble: options?.preamble ?? [],
    });
  }

  private emit(events: readonly RunEvent[]): void {
    for (const event of events) for (const listener of this.listeners) listener(event);
  }
}

function pause(ms: number, early: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    early.then(done, done);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
