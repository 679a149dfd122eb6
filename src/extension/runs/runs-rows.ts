// What the Runs view shows for a run and for a task, as plain values (runs-view.ts makes tree items
// of them): label, description, tooltip, icon, and the context value the view's menus test. vscode-free.
import { describeCounts, describeTask, formatSeconds } from '../../core/runs/describe';
import type { TaskStatus } from '../../core/runs/task-state';
import type { TaskView } from '../../node/runs/run';
import type { RunSnapshot } from './runs-follower';

export interface Row {
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
  /** A codicon id. */
  readonly icon: string;
  /** `run-active`, `task-failed`, …: what the view's context menus offer. */
  readonly contextValue: string;
}

export const STATUS_ICONS: Readonly<Record<TaskStatus | 'active', string>> = {
  pending: 'circle-outline',
  queued: 'clock',
  running: 'sync~spin',
  recording: 'sync~spin',
  active: 'sync~spin',
  done: 'pass',
  failed: 'error',
  cancelled: 'circle-slash',
};

/** "running 12.0 s", "done · test_acc 93.66 · 41.2 s", "failed (exit-code) · 0.3 s": the state, its time and its metric. */
export function taskDescription(task: TaskView, now: number): string {
  const parts: string[] = [task.status === 'recording' ? 'recording' : task.status];
  if (task.status === 'failed' && task.failure) parts[0] = `failed (${task.failure.reason})`;
  if (task.status === 'pending' && task.attempt > 1) parts[0] = `pending (attempt ${task.attempt})`;
  if (task.stopRequested && (task.status === 'queued' || task.status === 'running')) parts[0] += ` (stopping: ${task.stopRequested})`;
  const metrics = Object.entries(task.metrics ?? {});
  if (metrics.length) parts.push(metrics.map(([k, v]) => `${k} ${v}`).join(', '));
  const elapsed = elapsedSeconds(task, now);
  if (elapsed !== undefined) parts.push(formatSeconds(elapsed));
  return parts.join(' · ');
}

/** Running: since it started; queued: since it was queued; finished: its own run time. */
export function elapsedSeconds(task: TaskView, now: number): number | undefined {
  if (task.status === 'running' && task.startedAt) return Math.max(0, (now - Date.parse(task.startedAt)) / 1000);
  if (task.status === 'queued' && task.queuedAt) return Math.max(0, (now - Date.parse(task.queuedAt)) / 1000);
  if (task.wallSeconds !== undefined) return task.wallSeconds;
  return undefined;
}

export function taskRow(task: TaskView, seeds: number, now: number): Row {
  const failure = task.failure;
  const tooltip = [
    `${task.name}${seeds > 1 ? ` seed ${task.seed}` : ''} (${task.space} ${task.hash.slice(0, 12)})`,
    describeTask(task),
    ...(task.job ? [`job ${task.job}${task.host ? ` on ${task.host}` : ''}`] : []),
    ...(failure?.logTail ? ['', 'log tail:', failure.logTail] : []),
    '',
    `log: ${task.stdout}`,
  ].join('\n');
  const kind = task.status === 'failed' || task.status === 'cancelled' ? 'failed' : task.status === 'done' ? 'done' : 'active';
  return {
    label: seeds > 1 ? `${task.name} · seed ${task.seed}` : task.name,
    description: taskDescription(task, now),
    tooltip,
    icon: STATUS_ICONS[task.status],
    contextValue: `task-${kind}`,
  };
}

export function runRow(run: RunSnapshot): Row {
  const r = run.request;
  const cells = `${r.cells.length} cell${r.cells.length === 1 ? '' : 's'}${r.seeds.length > 1 ? ` × ${r.seeds.length} seeds` : ''}`;
  const failed = run.counts.failed + run.counts.cancelled > 0;
  return {
    label: `${run.id}${r.source ? ` · ${r.source}` : ''}`,
    description: `${cells} · ${r.backend} · ${describeCounts(run.counts)}`,
    tooltip: [`run ${run.id} (${r.backend}), made ${r.createdAt}`, `command: ${r.command}`, `results: ${r.results}`, describeCounts(run.counts)].join('\n'),
    icon: STATUS_ICONS[run.status],
    // A run can be active and have failed tasks at once: both menus apply.
    contextValue: `run${run.status === 'active' ? '-active' : ''}${failed ? '-failed' : ''}`,
  };
}

/** The log a task's link opens: stderr when it failed and wrote there, else stdout. */
export function logOf(task: TaskView, nonEmpty: (file: string) => boolean): string {
  return task.status === 'failed' && nonEmpty(task.stderr) ? task.stderr : task.stdout;
}
