import type { SchedulerView } from './task-outcome';

/** One array task as the scheduler reports it. */
export interface SlurmTaskView {
  readonly job: string;
  readonly arrayIndex: number;
  readonly view: SchedulerView;
  /** The scheduler's words: state, reason, exit code. */
  readonly text: string;
}

const VIEWS: Readonly<Record<string, SchedulerView>> = {
  PENDING: 'pending',
  REQUEUED: 'pending',
  REQUEUE_HOLD: 'pending',
  REQUEUE_FED: 'pending',
  RESV_DEL_HOLD: 'pending',
  CONFIGURING: 'pending',
  RESIZING: 'running',
  RUNNING: 'running',
  SUSPENDED: 'running',
  STOPPED: 'running',
  SIGNALING: 'running',
  STAGE_OUT: 'running',
  COMPLETING: 'ending',
  COMPLETED: 'completed',
  FAILED: 'failed',
  BOOT_FAIL: 'failed',
  SPECIAL_EXIT: 'failed',
  DEADLINE: 'timeout',
  TIMEOUT: 'timeout',
  CANCELLED: 'cancelled',
  REVOKED: 'cancelled',
  PREEMPTED: 'preempted',
  NODE_FAIL: 'node-failure',
  OUT_OF_MEMORY: 'out-of-memory',
};

/** A SLURM job state (`RUNNING`, `CANCELLED by 0`, `R`) as a scheduler view. */
export function slurmStateView(state: string): SchedulerView {
  const word = state.trim().split(/[\s+]/)[0].toUpperCase();
  return VIEWS[word] ?? SHORT[word] ?? 'unknown';
}

const SHORT: Readonly<Record<string, SchedulerView>> = {
  PD: 'pending',
  R: 'running',
  CG: 'ending',
  CD: 'completed',
  F: 'failed',
  TO: 'timeout',
  CA: 'cancelled',
  PR: 'preempted',
  NF: 'node-failure',
  OOM: 'out-of-memory',
  S: 'running',
  ST: 'running',
  BF: 'failed',
  DL: 'timeout',
};

/** `JOB_INDEX` → job and index; a plain job id (not an array) has index -1. */
function splitJobId(id: string): { job: string; index: number } | undefined {
  const m = /^(\d+)(?:_(\d+))?$/.exec(id.trim());
  if (!m) return undefined;
  return { job: m[1], index: m[2] === undefined ? -1 : Number(m[2]) };
}

/** `squeue -h -r -o '%i|%T|%r'` lines. Unexpanded array records (`12_[3-9%2]`) are skipped: -r expands them. */
export function parseSqueue(text: string): SlurmTaskView[] {
  const out: SlurmTaskView[] = [];
  for (const line of text.split('\n')) {
    const [id, state, reason] = line.trim().split('|');
    const parsed = id ? splitJobId(id) : undefined;
    if (!parsed || state === undefined) continue;
    out.push({ job: parsed.job, arrayIndex: parsed.index, view: slurmStateView(state), text: reason && reason !== 'None' ? `${state}, ${reason}` : state });
  }
  return out;
}

/** `scontrol -o show job J`: one line per array task record. */
export function parseScontrolJobs(text: string): SlurmTaskView[] {
  const out: SlurmTaskView[] = [];
  for (const line of text.split('\n')) {
    const fields = new Map<string, string>();
    for (const m of line.matchAll(/(?:^|\s)([A-Za-z]+)=(\S*)/g)) if (!fields.has(m[1])) fields.set(m[1], m[2]);
    const arrayJob = fields.get('ArrayJobId');
    const arrayTask = fields.get('ArrayTaskId');
    const jobId = fields.get('JobId');
    const state = fields.get('JobState');
    if (!state || !jobId) continue;
    const index = arrayTask !== undefined && /^\d+$/.test(arrayTask) ? Number(arrayTask) : -1;
    if (arrayTask !== undefined && index < 0) continue; // a pending, unexpanded range of tasks
    const reason = fields.get('Reason');
    const exit = fields.get('ExitCode');
    const words = [state, reason && reason !== 'None' ? reason : '', exit && exit !== '0:0' ? `exit ${exit}` : ''].filter(Boolean);
    out.push({ job: arrayJob ?? jobId, arrayIndex: index, view: slurmStateView(state), text: words.join(', ') });
  }
  return out;
}

/** `sacct -n -P -X -o JobID,State,ExitCode` lines. */
export function parseSacct(text: string): SlurmTaskView[] {
  const out: SlurmTaskView[] = [];
  for (const line of text.split('\n')) {
    const [id, state, exit] = line.trim().split('|');
    const parsed = id ? splitJobId(id) : undefined;
    if (!parsed || !state) continue;
    out.push({ job: parsed.job, arrayIndex: parsed.index, view: slurmStateView(state), text: exit && exit !== '0:0' ? `${state}, exit ${exit}` : state });
  }
  return out;
}

/** sbatch --parsable prints `JOBID` or `JOBID;CLUSTER`. */
export function parseSbatchJobId(stdout: string): string | undefined {
  const m = /^\s*(\d+)(?:;\S+)?\s*$/.exec(stdout.trim().split('\n').pop() ?? '');
  return m ? m[1] : undefined;
}

/**
 * MaxArraySize of `scontrol show config` ("MaxArraySize            = 1001"): array indices must stay
 * below it, so one array holds at most this many tasks. Undefined when the text does not say.
 */
export function parseMaxArraySize(text: string): number | undefined {
  const m = /^\s*MaxArraySize\s*=\s*(\d+)\s*$/m.exec(text);
  const n = m ? Number(m[1]) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
