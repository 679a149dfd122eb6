import type { Command } from 'commander';
import { resolve } from 'node:path';
import { describeCounts } from '../../core/runs/describe';
import { isActive } from '../../core/runs/task-state';
import { RunStore } from '../../node/runs/run-store';
import { printJson, table } from '../output';
import { printRunEvent, printRunState } from '../runs-output';
import { positiveNumber } from '../options';
import { followRun } from './train-cells';

interface RunsOptions {
  workspace: string;
  json?: boolean;
}

/** `nas-lens runs [list|show ID|cancel ID|retry ID|watch ID]`. */
export function registerRunsCommands(program: Command): void {
  const runs = program.command('runs').description('the training runs of a workspace (.nas-lens/runs/): list, show, cancel, retry failed, watch (reattach)');
  const common = (c: Command) => c.option('--workspace <dir>', 'the workspace folder', '.').option('--json', 'print JSON');
  const store = (o: RunsOptions) => new RunStore(resolve(o.workspace));

  common(runs.command('list', { isDefault: true }).description('every run, oldest first, with its task counts')).action((o: RunsOptions) => {
    const list = store(o).list();
    if (o.json) {
      printJson({ runs: list });
      return;
    }
    if (!list.length) {
      console.log(`no runs in ${store(o).root}`);
      return;
    }
    console.log(
      table(
        ['run', 'backend', 'created', 'cells×seeds', 'status', 'tasks'],
        list.map((r) => [r.id, r.backend, r.createdAt.slice(0, 19).replace('T', ' '), `${r.cells}×${r.seeds}`, r.status, describeCounts(r.counts)]),
      ),
    );
  });

  common(
    runs
      .command('show')
      .description('the tasks of a run: state, job, metrics, failure reasons with log tails')
      .argument('<id>', 'run id, a unique prefix of it, or "last"'),
  ).action((id: string, o: RunsOptions) => {
    const run = store(o).open(id);
    printRunState(run, run.state(), o.json ?? false);
  });

  common(
    runs.command('watch').description('reattach to a run and follow it to its end (submits its pending tasks)').argument('<id>', 'run id, prefix, or "last"'),
  )
    .option('--poll <seconds>', 'slurm: seconds between questions to the scheduler', positiveNumber, 2)
    .action(async (id: string, o: RunsOptions & { poll: number }) => {
      process.exitCode = await followRun(store(o).open(id), { json: o.json, schedulerMs: o.poll * 1000 });
    });

  common(runs.command('cancel').description('cancel every task of a run not yet finished (scancel / kill)').argument('<id>', 'run id, prefix, or "last"'))
    .option('--no-wait', 'return once the cancellation is asked, without waiting for the tasks to end')
    .action(async (id: string, o: RunsOptions & { wait: boolean }) => {
      const run = store(o).open(id);
      const unsubscribe = run.onEvent(printRunEvent);
      let state = await run.cancel();
      if (o.wait && state.tasks.some((t) => isActive(t.status))) state = await run.follow();
      unsubscribe();
      printRunState(run, state, o.json ?? false, false);
    });

  common(runs.command('retry').description('resubmit the failed and cancelled tasks of a run (and follow them)').argument('<id>', 'run id, prefix, or "last"'))
    .option('--detach', 'submit and return')
    .option('--poll <seconds>', 'slurm: seconds between questions to the scheduler', positiveNumber, 2)
    .action(async (id: string, o: RunsOptions & { detach?: boolean; poll: number }) => {
      const run = store(o).open(id);
      const count = await run.retryFailed();
      console.error(count ? `retrying ${count} task${count === 1 ? '' : 's'} of run ${run.id}` : `run ${run.id} has no failed or cancelled task`);
      process.exitCode = await followRun(run, { detach: o.detach, json: o.json, schedulerMs: o.poll * 1000 });
    });
}
