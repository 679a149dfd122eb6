import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runStatus, statusCounts, type RunRequest, type StatusCounts } from '../../core/runs/run-types';
import type { BackendKind } from '../../core/runs/runs-config';
import type { RunBackend } from './backend';
import { createRun, type CreatedRun, type RunSpec } from './create-run';
import { LocalBackend } from './local-backend';
import { pickId } from '../../core/runs/pick-id';
import { Run } from './run';
import { readRequest, readState, runsRoot } from './run-files';
import { SlurmBackend } from './slurm-backend';

export interface RunSummary {
  readonly id: string;
  readonly createdAt: string;
  readonly backend: BackendKind;
  readonly cells: number;
  readonly seeds: number;
  readonly tasks: number;
  readonly counts: StatusCounts;
  readonly status: ReturnType<typeof runStatus>;
  readonly results: string;
  readonly command: string;
}

export function backendFor(kind: BackendKind): RunBackend {
  return kind === 'slurm' ? new SlurmBackend() : new LocalBackend();
}

/** The runs of one workspace (`.nas-lens/runs/<id>/`): make, list and reopen them. */
export class RunStore {
  readonly root: string;

  constructor(
    readonly workspace: string,
    private readonly backends: (kind: BackendKind) => RunBackend = backendFor,
  ) {
    this.root = runsRoot(workspace);
  }

  /** Checks and writes a new run (nothing is submitted yet: follow or step it). */
  async create(spec: RunSpec): Promise<{ run: Run } & CreatedRun> {
    const created = await createRun(this.root, spec, this.backends(spec.backend));
    return { ...created, run: new Run(created.dir, this.backends(spec.backend), created.request) };
  }

  /** Run ids, oldest first. */
  ids(): string[] {
    if (!existsSync(this.root)) return [];
    return readdirSync(this.root, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(this.root, d.name, 'state.json')))
      .map((d) => d.name)
      .sort();
  }

  list(): RunSummary[] {
    return this.ids().flatMap((id) => {
      try {
        return [summarize(readRequest(join(this.root, id)), join(this.root, id))];
      } catch {
        return [];
      }
    });
  }

  /** A run by id, by a unique prefix of its id, or `last`. */
  open(idOrPrefix: string): Run {
    const id = pickId(this.ids(), idOrPrefix, { one: 'run', many: 'runs', where: this.root });
    const dir = join(this.root, id);
    const request = readRequest(dir);
    return new Run(dir, this.backends(request.backend), request);
  }
}

export function summarize(request: RunRequest, dir: string): RunSummary {
  const state = readState(dir);
  return {
    id: request.id,
    createdAt: request.createdAt,
    backend: request.backend,
    cells: request.cells.length,
    seeds: request.seeds.length,
    tasks: state.tasks.length,
    counts: statusCounts(state.tasks),
    status: runStatus(state.tasks),
    results: request.results,
    command: request.command,
  };
}
