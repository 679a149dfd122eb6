import type { ResultLine } from '../results/types';
import { cellObject } from './placeholders';
import { taskCell, type RunRequest } from './run-types';
import type { TaskState } from './task-state';

/**
 * The results line of a measured task (status `recording` or `done`). `time` is the end marker's
 * time: together with run.id and run.task it names one attempt, which is how a crashed writer finds
 * out whether its line already landed.
 */
export function resultLineOf(request: RunRequest, task: TaskState, log: string): ResultLine {
  if (!task.metrics || !task.endedAt) throw new Error(`task ${task.task} has no measurement`);
  const { cell, seed } = taskCell(request, task.task);
  const { space: _space, ...notation } = cellObject(cell.cell);
  return {
    cell: cell.space === 'nb201' ? (notation.arch as string) : notation,
    space: cell.space,
    metrics: task.metrics,
    seed,
    ...(request.source ? { source: request.source } : {}),
    name: cell.name,
    hash: cell.hash,
    time: task.endedAt,
    run: {
      id: request.id,
      backend: request.backend,
      task: task.task,
      ...(task.job !== undefined ? { job: task.job } : {}),
      ...(task.wallSeconds !== undefined ? { wallSeconds: task.wallSeconds } : {}),
      log,
    },
  };
}

/** True when `line` (parsed JSON of a results line) is the line of this task's attempt. */
export function isLineOf(line: unknown, request: RunRequest, task: TaskState): boolean {
  if (!line || typeof line !== 'object') return false;
  const l = line as Partial<ResultLine>;
  return l.run?.id === request.id && l.run?.task === task.task && l.time === task.endedAt;
}
