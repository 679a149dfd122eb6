import type { StatusCounts } from './run-types';
import { TASK_STATUSES, type TaskState } from './task-state';

/** "3 done, 1 failed, 2 running": the non-zero counts, in life order. */
export function describeCounts(counts: StatusCounts): string {
  return (
    TASK_STATUSES.filter((s) => counts[s] > 0)
      .map((s) => `${counts[s]} ${s}`)
      .join(', ') || 'no tasks'
  );
}

/** What a task's state says, in one line: "done test_acc=93.66 val_acc=90.39 in 0.6 s", "failed (exit-code): …". */
export function describeTask(task: TaskState): string {
  const wall = task.wallSeconds !== undefined ? ` in ${formatSeconds(task.wallSeconds)}` : '';
  switch (task.status) {
    case 'done':
    case 'recording':
      return `${task.status} ${Object.entries(task.metrics ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}${wall}`;
    case 'failed':
      return `failed (${task.failure?.reason ?? 'unknown'}): ${task.failure?.message ?? ''}${wall}`;
    case 'cancelled':
      return `cancelled${wall}`;
    case 'running':
      return `running${task.job ? ` as ${task.job}` : ''}${task.host ? ` on ${task.host}` : ''}${task.stopRequested ? ` (stopping: ${task.stopRequested})` : ''}`;
    case 'queued':
      return `queued${task.job ? ` as ${task.job}` : ''}${task.stopRequested ? ` (stopping: ${task.stopRequested})` : ''}`;
    case 'pending':
      return task.attempt > 1 ? `pending (attempt ${task.attempt})` : 'pending';
  }
}

export function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}
