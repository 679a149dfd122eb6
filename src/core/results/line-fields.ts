import type { Expr } from '../dsl/literal/expr';
import type { Diagnostic } from '../dsl/types';
import type { Cell, SpaceId } from '../spaces/types';
import type { ResultRun } from './runs';
import type { RunInfo } from './types';

/** A line read: the run when it counts, and every problem with offsets in the line. */
export interface LineRead {
  readonly run?: ResultRun;
  readonly diagnostics: readonly Diagnostic[];
  /** The line holds no JSON value (blank or a comment only). */
  readonly empty?: boolean;
}

export interface LineOptions {
  /** Read runs of this space only; a run of another space is reported and not counted. */
  readonly space?: SpaceId;
}

/** Where a line is, for the run it gives. */
export interface LineLocation {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
}

/** The optional fields of a run, as read from a line. */
export type Fields = { -readonly [K in 'seed' | 'epochs' | 'source' | 'name' | 'time' | 'run']?: ResultRun[K] };

/** One object of one shape per run: 100,000-line files are read in one go. */
export function newRun(at: LineLocation, space: SpaceId, hash: string, cell: Cell, metrics: Record<string, number>, fields: Fields): ResultRun {
  return {
    file: at.file,
    line: at.line,
    space,
    hash,
    cell,
    metrics,
    seed: fields.seed,
    epochs: fields.epochs,
    source: fields.source,
    name: fields.name,
    time: fields.time,
    run: fields.run,
  };
}

/** `"run": {"id", "backend", …}` as RunInfo, or undefined when it lacks its id or a known backend. */
export function readRunInfo(expr: Expr): RunInfo | undefined {
  if (expr.kind !== 'dict') return undefined;
  const get = new Map<string, Expr>();
  for (const { key, value } of expr.entries) if (key.kind === 'string' && !get.has(key.value)) get.set(key.value, value);
  const id = get.get('id');
  const backend = get.get('backend');
  if (id?.kind !== 'string' || backend?.kind !== 'string' || (backend.value !== 'slurm' && backend.value !== 'local')) return undefined;
  const str = (k: string) => {
    const v = get.get(k);
    return v?.kind === 'string' ? v.value : undefined;
  };
  const num = (k: string) => {
    const v = get.get(k);
    return v?.kind === 'number' && Number.isFinite(v.value) && v.value >= 0 ? v.value : undefined;
  };
  const task = num('task');
  const job = str('job');
  const wallSeconds = num('wallSeconds');
  const log = str('log');
  return {
    id: id.value,
    backend: backend.value,
    ...(task !== undefined && Number.isInteger(task) ? { task } : {}),
    ...(job !== undefined ? { job } : {}),
    ...(wallSeconds !== undefined ? { wallSeconds } : {}),
    ...(log !== undefined ? { log } : {}),
  };
}
