import type { MetricsReport } from './metrics-report';
import type { FailureReason, TaskEvent, TaskState } from './task-state';

/** What the scheduler (or the process table, for local runs) says about a task, normalised. */
export type SchedulerView =
  | 'pending'
  | 'running'
  | 'ending' // COMPLETING, or a signal delivered and the state not yet final
  | 'completed'
  | 'failed'
  | 'timeout'
  | 'cancelled'
  | 'preempted'
  | 'node-failure'
  | 'out-of-memory'
  | 'gone' // no longer known: finished long ago (accounting off), or the process ended
  | 'unknown'; // not asked this time

/** The task script's own marker files. */
export interface TaskMarkers {
  readonly started?: { readonly at: string; readonly host?: string; readonly job?: string };
  readonly exit?: { readonly at: string; readonly code?: number; readonly signal?: string };
}

export interface TaskEvidence {
  readonly markers: TaskMarkers;
  readonly scheduler: SchedulerView;
  /** The scheduler's own words (state, reason, exit code) for messages. */
  readonly schedulerText?: string;
  /** Read only after a zero exit: metrics.json or the NAS_LENS_METRICS line. */
  readonly metrics?: MetricsReport;
  /** The task has been `gone` without an exit marker for this many consecutive looks. */
  readonly goneLooks?: number;
}

/** Looks at `gone` without an exit marker before a task counts as lost (shared file systems lag). */
export const LOST_AFTER_LOOKS = 3;

const SCHEDULER_FAILURE: Partial<Record<SchedulerView, { reason: FailureReason; text: string }>> = {
  timeout: { reason: 'timeout', text: 'the time limit (--time) ended the job' },
  cancelled: { reason: 'cancelled-by-scheduler', text: 'the job was cancelled outside NAS Lens (scancel or an administrator)' },
  preempted: { reason: 'preempted', text: 'the job was preempted' },
  'node-failure': { reason: 'node-failure', text: 'the node running the job failed' },
  'out-of-memory': { reason: 'out-of-memory', text: 'the job ran out of memory (--mem)' },
};

/**
 * The event the evidence shows for a task, or undefined when nothing changed or the end is not
 * certain yet (a signal marker while the scheduler still calls the job running).
 */
export function decideTaskEvent(state: TaskState, evidence: TaskEvidence, now: string): TaskEvent | undefined {
  if (state.status !== 'queued' && state.status !== 'running') return undefined;
  const { markers, scheduler } = evidence;
  const exit = markers.exit;
  const wallSeconds = markers.started && exit ? seconds(markers.started.at, exit.at) : undefined;
  const fail = (reason: FailureReason, message: string): TaskEvent => ({ kind: 'failed', at: exit?.at ?? now, wallSeconds, failure: { reason, message } });

  if (exit && exit.code === 0) {
    const report = evidence.metrics;
    if (!report) return undefined;
    if (report.ok) return { kind: 'succeeded', at: exit.at, wallSeconds, metrics: report.metrics };
    return fail(report.reason, report.message);
  }

  const stopped = stoppedOutcome(state, exit?.at ?? now, wallSeconds);
  if (exit) {
    // A signal or a failure: wait for the scheduler's word on why (time limit, preemption, memory).
    if (!state.stopRequested && (scheduler === 'unknown' || (exit.signal && (scheduler === 'running' || scheduler === 'pending' || scheduler === 'ending'))))
      return undefined;
    if (stopped) return stopped;
    const known = SCHEDULER_FAILURE[scheduler];
    if (known) return fail(known.reason, known.text);
    if (exit.signal) return fail('killed', `the job was ended by ${exit.signal}${evidence.schedulerText ? ` (${evidence.schedulerText})` : ''}`);
    return fail('exit-code', `the command exited with code ${exit.code}`);
  }

  const started: TaskEvent | undefined =
    state.status === 'queued' && (markers.started || scheduler === 'running')
      ? { kind: 'started', at: markers.started?.at ?? now, host: markers.started?.host, job: markers.started?.job }
      : undefined;
  if (scheduler === 'pending' || scheduler === 'unknown') return started;
  if (scheduler === 'running' || scheduler === 'ending') return started;
  if (stopped) return stopped;
  const known = SCHEDULER_FAILURE[scheduler];
  if (known) return fail(known.reason, known.text);
  if (scheduler === 'completed' || scheduler === 'failed') {
    if ((evidence.goneLooks ?? 0) + 1 < LOST_AFTER_LOOKS) return started;
    const said = evidence.schedulerText ? ` (${evidence.schedulerText})` : '';
    return markers.started
      ? fail('lost', `the job ended${said} but the task script left no exit marker`)
      : fail('exit-code', `the batch script ended${said} before the command started: see the log`);
  }
  // gone
  if ((evidence.goneLooks ?? 0) + 1 < LOST_AFTER_LOOKS) return started;
  return fail(
    'lost',
    markers.started
      ? 'the job disappeared without an exit marker (killed with SIGKILL, node lost, or its files are not visible here)'
      : 'the job disappeared before it started, and the scheduler no longer knows it',
  );
}

function stoppedOutcome(state: TaskState, at: string, wallSeconds: number | undefined): TaskEvent | undefined {
  if (state.stopRequested === 'cancel') return { kind: 'cancelled', at, wallSeconds };
  if (state.stopRequested === 'timeout') return { kind: 'failed', at, wallSeconds, failure: { reason: 'timeout', message: 'the time limit ended the run' } };
  return undefined;
}

function seconds(from: string, to: string): number | undefined {
  const s = (Date.parse(to) - Date.parse(from)) / 1000;
  return Number.isFinite(s) && s >= 0 ? Math.round(s * 1000) / 1000 : undefined;
}
