// The editor's side of the runs of a workspace (.nas-lens/runs/): finds them, follows every active
// one (file and scheduler polling: I/O only), and tells listeners when anything changed. A run made
// by the CLI, by a loop, or before a window reload is found by the next scan and followed from its
// files: the runs keep no state in memory that a reload could lose. vscode-free.
import { runStatus, statusCounts, type RunRequest, type StatusCounts } from '../../core/runs/run-types';
import type { TaskStatus } from '../../core/runs/task-state';
import type { Run, TaskView } from '../../node/runs/run';
import type { RunStore } from '../../node/runs/run-store';
import { errorMessage } from '../../shared/errors';

export interface RunSnapshot {
  readonly id: string;
  readonly request: RunRequest;
  readonly status: ReturnType<typeof runStatus>;
  readonly counts: StatusCounts;
  readonly tasks: readonly TaskView[];
}

export interface FollowerOptions {
  /** Between looks for new runs in .nas-lens/runs/. */
  readonly scanMs?: number;
  /** Between looks at an active run's task files. */
  readonly pollMs?: number;
  /** Between questions to the scheduler (SLURM). */
  readonly schedulerMs?: number;
  /** How many runs are shown, newest first. */
  readonly maxRuns?: number;
  readonly onProblem?: (message: string) => void;
}

export class RunsFollower {
  private readonly following = new Map<string, { run: Run; stop: AbortController; done: Promise<void> }>();
  private readonly requests = new Map<string, RunRequest>();
  private readonly listeners = new Set<() => void>();
  /** Each task's statuses as this window saw them change, `runId/task` → statuses in order. */
  private readonly seen = new Map<string, TaskStatus[]>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private disposed = false;

  constructor(
    readonly store: RunStore,
    private readonly options: FollowerOptions = {},
  ) {}

  /** Scans now and then every scanMs. */
  start(): void {
    this.scan();
    this.timer ??= setInterval(() => this.scan(), this.options.scanMs ?? 2000);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Follows every active run not followed yet; a change is announced when new runs appeared. */
  scan(): void {
    if (this.disposed) return;
    const ids = this.store.ids();
    let fresh = false;
    for (const id of ids) {
      if (this.following.has(id)) continue;
      if (!this.requests.has(id)) fresh = true;
      try {
        const run = this.store.open(id);
        this.requests.set(id, run.request);
        if (runStatus(run.state().tasks) === 'active') this.follow(run);
      } catch (error) {
        this.options.onProblem?.(`run ${id}: ${errorMessage(error)}`);
      }
    }
    if (fresh) this.fire();
  }

  /** Follows this run until it ends (again, after a retry); idempotent. */
  follow(run: Run): Promise<void> {
    const current = this.following.get(run.id);
    if (current) return current.done;
    this.requests.set(run.id, run.request);
    const stop = new AbortController();
    const unsubscribe = this.listen(run);
    const done = run
      .follow({ signal: stop.signal, pollMs: this.options.pollMs ?? 250, schedulerMs: this.options.schedulerMs ?? 2000 })
      .then(
        () => undefined,
        (error: unknown) => this.options.onProblem?.(`following run ${run.id}: ${errorMessage(error)}`),
      )
      .finally(() => {
        unsubscribe();
        this.following.delete(run.id);
        this.fire();
      });
    this.following.set(run.id, { run, stop, done });
    this.fire();
    return done;
  }

  private listen(run: Run): () => void {
    return run.onEvent((event) => {
      if (event.type === 'problem') this.options.onProblem?.(`run ${run.id}: ${event.message}`);
      if (event.type === 'task') {
        const key = `${run.id}/${event.task.task}`;
        const statuses = this.seen.get(key) ?? [event.previous];
        statuses.push(event.task.status);
        this.seen.set(key, statuses);
      }
      this.fire();
    });
  }

  /** A run's object (the followed one when it is followed) and, for one not followed, a listener to drop after one action. */
  private target(id: string): { run: Run; release: () => void } {
    const followed = this.following.get(id)?.run;
    if (followed) return { run: followed, release: () => undefined };
    const run = this.store.open(id);
    return { run, release: this.listen(run) };
  }

  /** The statuses a task went through while this window followed it (its first entry: the status it was found in). */
  history(runId: string, task: number): readonly TaskStatus[] {
    return this.seen.get(`${runId}/${task}`) ?? [];
  }

  isFollowing(id: string): boolean {
    return this.following.has(id);
  }

  /** The runs, newest first, read from their files now. */
  snapshots(): RunSnapshot[] {
    const ids = this.store
      .ids()
      .reverse()
      .slice(0, this.options.maxRuns ?? 50);
    return ids.flatMap((id) => {
      try {
        const run = this.following.get(id)?.run ?? this.store.open(id);
        const state = run.state();
        return [{ id, request: run.request, status: runStatus(state.tasks), counts: statusCounts(state.tasks), tasks: state.tasks.map((t) => run.view(t)) }];
      } catch (error) {
        this.options.onProblem?.(`run ${id}: ${errorMessage(error)}`);
        return [];
      }
    });
  }

  /** Cancels a run's unfinished tasks (or only these); the follower sees them end. */
  async cancel(id: string, tasks?: readonly number[]): Promise<void> {
    const { run, release } = this.target(id);
    try {
      await run.cancel(tasks);
    } finally {
      release();
    }
    this.fire();
    if (runStatus(run.state().tasks) === 'active') void this.follow(run);
  }

  /** Retries a run's failed and cancelled tasks (or only these) and follows the run again. Returns how many. */
  async retry(id: string, tasks?: readonly number[]): Promise<number> {
    const { run, release } = this.target(id);
    let count: number;
    try {
      count = await run.retryFailed(tasks);
    } finally {
      release();
    }
    if (count) void this.follow(run);
    this.fire();
    return count;
  }

  /** Stops following (the jobs go on; the next window finds and follows them again). */
  dispose(): void {
    this.disposed = true;
    if (this.timer) clearInterval(this.timer);
    for (const f of this.following.values()) f.stop.abort();
    this.listeners.clear();
  }

  private fire(): void {
    for (const l of this.listeners) l();
  }
}
