import { relative } from 'node:path';
import { describeCounts, describeTask } from '../core/runs/describe';
import { runStatus, statusCounts, type RunState } from '../core/runs/run-types';
import type { Run, RunEvent, TaskView } from '../node/runs/run';
import { printJson, table } from './output';

/** One stderr line per task state change, result and problem while a run is followed. */
export function printRunEvent(event: RunEvent): void {
  const time = new Date().toISOString().slice(11, 19);
  if (event.type === 'task') {
    const t = event.task;
    if (t.status === 'recording') return;
    process.stderr.write(`${time} ${taskLabel(t)}: ${describeTask(t)}\n`);
    if (t.status === 'failed') process.stderr.write(`  log: ${t.stdout}\n`);
  } else if (event.type === 'submitted') {
    const s = event.submission;
    process.stderr.write(`${time} submitted ${s.entries.length} task${s.entries.length === 1 ? '' : 's'}${s.job ? ` as job ${s.job}` : ''}\n`);
  } else if (event.type === 'problem') {
    process.stderr.write(`${time} problem: ${event.message}\n`);
  }
}

export function taskLabel(t: TaskView): string {
  return `task ${t.task} (${t.name}, seed ${t.seed})`;
}

/** The run's tasks as a table (text) or a JSON document; `failures` adds each failure's log tail. */
export function printRunState(run: Run, state: RunState, json: boolean, failures = true): void {
  const views = state.tasks.map((t) => run.view(t));
  const counts = statusCounts(state.tasks);
  if (json) {
    printJson({
      run: run.id,
      dir: run.dir,
      backend: run.request.backend,
      status: runStatus(state.tasks),
      counts,
      results: run.request.results,
      submissions: state.submissions,
      tasks: views.map((v) => ({ ...v, cell: run.request.cells[Math.floor(v.task / run.request.seeds.length)].cell })),
    });
    return;
  }
  console.log(
    `run ${run.id} (${run.request.backend}): ${describeCounts(counts)}; results → ${relative(process.cwd(), run.request.results) || run.request.results}`,
  );
  console.log(
    table(
      ['task', 'cell', 'seed', 'attempt', 'job', 'state'],
      views.map((v) => [String(v.task), v.name, String(v.seed), String(v.attempt), v.job ?? '-', describeTask(v)]),
    ),
  );
  if (!failures) return;
  for (const v of views.filter((x) => x.status === 'failed' && x.failure)) {
    console.log(`\n${taskLabel(v)}: ${v.failure?.message}\n  log: ${v.stdout}${v.failure?.logTail ? `\n${indent(v.failure.logTail)}` : ''}`);
  }
}

/** Exit code of a followed run: 0 when every task is done. */
export function exitCodeOf(state: RunState): number {
  return runStatus(state.tasks) === 'done' ? 0 : 1;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
