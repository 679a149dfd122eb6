// How to train, from a face's options (CLI flags, editor settings) with the workspace's
// nas-lens.runs.json as the fallback: shared by `train-cells`, `loop` and the editor's commands.
import { resolve } from 'node:path';
import type { BackendKind, LocalOptions, SlurmOptions } from '../../core/runs/runs-config';
import { readRunsConfigFile, RUNS_CONFIG_FILE } from './runs-config-file';

/** What a face may set; anything unset falls back to nas-lens.runs.json, then to the defaults. */
export interface TrainingOptions {
  backend?: BackendKind;
  command?: string;
  seeds?: number[];
  results?: string;
  source?: string;
  workspace: string;
  config?: string;
  concurrency?: number;
  partition?: string;
  time?: string;
  cpusPerTask?: number;
  mem?: string;
  gres?: string;
  account?: string;
  qos?: string;
  maxConcurrent?: number;
  sbatch?: string[];
  preamble?: string[];
}

export interface TrainingSetup {
  readonly workspace: string;
  readonly backend: BackendKind;
  readonly command: string;
  readonly seeds: number[];
  readonly results?: string;
  readonly source?: string;
  readonly slurm?: SlurmOptions;
  readonly local?: LocalOptions;
}

/**
 * The training setup of these options; the config file's warnings (unknown keys) go to `warn`.
 * Throws when there is no command (`hint` says where a face takes one) or the config file is bad.
 */
export function trainingSetup(options: TrainingOptions, warn: (message: string) => void, hint = "pass --command '…'"): TrainingSetup {
  const workspace = resolve(options.workspace);
  const { config, warnings } = readRunsConfigFile(workspace, options.config);
  for (const w of warnings) warn(w);
  const backend = options.backend ?? config.backend ?? 'local';
  const command = options.command ?? config.command;
  if (!command) throw new Error(`no training command: ${hint} or set "command" in ${RUNS_CONFIG_FILE}`);
  const slurm: SlurmOptions = dropUndefined({
    ...config.slurm,
    partition: options.partition ?? config.slurm?.partition,
    time: options.time ?? config.slurm?.time,
    cpusPerTask: options.cpusPerTask ?? config.slurm?.cpusPerTask,
    mem: options.mem ?? config.slurm?.mem,
    gres: options.gres ?? config.slurm?.gres,
    account: options.account ?? config.slurm?.account,
    qos: options.qos ?? config.slurm?.qos,
    maxConcurrent: options.maxConcurrent ?? config.slurm?.maxConcurrent,
    sbatch: options.sbatch ?? config.slurm?.sbatch,
    preamble: options.preamble ?? config.slurm?.preamble,
  });
  const local: LocalOptions = dropUndefined({
    concurrency: options.concurrency ?? config.local?.concurrency,
    time: options.time ?? config.local?.time,
    preamble: options.preamble ?? config.local?.preamble,
  });
  const results = options.results ?? config.results;
  const source = options.source ?? config.source;
  return {
    workspace,
    backend,
    command,
    seeds: options.seeds ?? Array.from({ length: config.seeds ?? 1 }, (_, i) => i),
    ...(results !== undefined ? { results } : {}),
    ...(source !== undefined ? { source } : {}),
    ...(backend === 'slurm' ? { slurm } : { local }),
  };
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
