/**
 * The life of one task (one cell × one seed) of a run:
 *
 *   pending ──submitted──► queued ──started──► running ──succeeded──► recording ──recorded──► done
 *      │                     │                    │
 *      └──────cancelled──────┴──── failed / cancelled (from any live state) ───► failed | cancelled
 *   failed | cancelled ──retry──► pending (next attempt)
 *
 * `recording` means: measured, the results line is being appended. A process that finds a task in
 * `recording` after a crash checks the results file before appending, so each run becomes exactly one line.
 */
export type TaskStatus = 'pending' | 'queued' | 'running' | 'recording' | 'done' | 'failed' | 'cancelled';

export const TASK_STATUSES: readonly TaskStatus[] = ['pending', 'queued', 'running', 'recording', 'done', 'failed', 'cancelled'];

export type FailureReason =
  | 'exit-code' // the command exited non-zero
  | 'no-metrics' // it exited 0 without metrics.json or a NAS_LENS_METRICS line
  | 'bad-metric' // a metric is NaN, ±Infinity or null
  | 'timeout' // the time limit (--time) ended it
  | 'cancelled-by-scheduler' // cancelled by someone else (an admin, scancel outside NAS Lens)
  | 'preempted'
  | 'node-failure'
  | 'out-of-memory'
  | 'killed' // ended by a signal for no reason the scheduler gave
  | 'lost' // the job is gone and left no exit marker
  | 'submit-failed'; // the scheduler refused the submission

export interface TaskFailure {
  readonly reason: FailureReason;
  readonly message: string;
  /** The last lines of the task's logs (stderr, then stdout). */
  readonly logTail?: string;
}

export interface TaskState {
  readonly task: number;
  /** 1 for the first submission, +1 per retry. */
  readonly attempt: number;
  readonly status: TaskStatus;
  /** The submission (sbatch array or local launch) of the current attempt. */
  readonly submission?: number;
  /** SLURM `123_4`, or a local process id. */
  readonly job?: string;
  /** Local backend: the process start time (from /proc) that makes `job` a unique id. */
  readonly processStart?: string;
  readonly host?: string;
  readonly queuedAt?: string;
  readonly startedAt?: string;
  readonly endedAt?: string;
  /** The job's own run time: from its start marker to its exit marker. */
  readonly wallSeconds?: number;
  readonly metrics?: Readonly<Record<string, number>>;
  readonly failure?: TaskFailure;
  /** Set when NAS Lens asked for the task to end (cancel, or the local time limit). */
  readonly stopRequested?: 'cancel' | 'timeout';
}

export type TaskEvent =
  | { readonly kind: 'submitted'; readonly submission: number; readonly job?: string; readonly processStart?: string; readonly at: string }
  | { readonly kind: 'started'; readonly at: string; readonly host?: string; readonly job?: string }
  | { readonly kind: 'succeeded'; readonly at: string; readonly wallSeconds?: number; readonly metrics: Readonly<Record<string, number>> }
  | { readonly kind: 'failed'; readonly at: string; readonly wallSeconds?: number; readonly failure: TaskFailure }
  | { readonly kind: 'cancelled'; readonly at: string; readonly wallSeconds?: number; readonly failure?: TaskFailure }
  | { readonly kind: 'recorded' }
  | { readonly kind: 'stop-requested'; readonly why: 'cancel' | 'timeout' }
  | { readonly kind: 'retry' };

const LIVE: readonly TaskStatus[] = ['pending', 'queued', 'running'];

export function isTerminal(status: TaskStatus): boolean {
  return status === 'done' || status === 'failed' || status === 'cancelled';
}

/** Queued or running at the scheduler (or as a local process). */
export function isActive(status: TaskStatus): boolean {
  return status === 'queued' || status === 'running';
}

export function newTask(task: number): TaskState {
  return { task, attempt: 1, status: 'pending' };
}

/**
 * The task after an event; an event that does not apply to the task's status (a stale observation,
 * a second follower seeing the same end) leaves it unchanged.
 */
export function advanceTask(state: TaskState, event: TaskEvent): TaskState {
  switch (event.kind) {
    case 'submitted':
      if (state.status !== 'pending') return state;
      return {
        ...state,
        status: 'queued',
        submission: event.submission,
        queuedAt: event.at,
        ...(event.job !== undefined ? { job: event.job } : {}),
        ...(event.processStart !== undefined ? { processStart: event.processStart } : {}),
      };
    case 'started':
      if (state.status !== 'queued') return state;
      return { ...state, status: 'running', startedAt: event.at, ...(event.host ? { host: event.host } : {}), ...(event.job ? { job: event.job } : {}) };
    case 'succeeded':
      if (!isActive(state.status)) return state;
      return { ...state, status: 'recording', endedAt: event.at, wallSeconds: event.wallSeconds, metrics: event.metrics };
    case 'failed':
      if (!LIVE.includes(state.status)) return state;
      return { ...state, status: 'failed', endedAt: event.at, wallSeconds: event.wallSeconds, failure: event.failure };
    case 'cancelled':
      if (!LIVE.includes(state.status)) return state;
      return { ...state, status: 'cancelled', endedAt: event.at, wallSeconds: event.wallSeconds, ...(event.failure ? { failure: event.failure } : {}) };
    case 'recorded':
      return state.status === 'recording' ? { ...state, status: 'done' } : state;
    case 'stop-requested':
      return LIVE.includes(state.status) && !state.stopRequested ? { ...state, stopRequested: event.why } : state;
    case 'retry':
      if (state.status !== 'failed' && state.status !== 'cancelled') return state;
      return { task: state.task, attempt: state.attempt + 1, status: 'pending' };
  }
}
