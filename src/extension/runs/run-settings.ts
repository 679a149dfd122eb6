// The run and loop settings (nasLens.runs.*, nasLens.loop.*) as values: keys, defaults, and how the
// raw values become the training options the CLI's flags also become (src/node/runs/training-setup.ts).
// vscode-free: the caller passes a reader that returns undefined for a setting the user left unset,
// so that the workspace's nas-lens.runs.json fills what the settings do not say.
import { ACQUISITION_NAMES, type AcquisitionName } from '../../core/suggest/acquisition';
import { BACKEND_KINDS, type BackendKind } from '../../core/runs/runs-config';
import type { TrainingOptions } from '../../node/runs/training-setup';

export const RUN_CONFIG_KEYS = {
  runsBackend: 'runs.backend',
  runsCommand: 'runs.command',
  runsSeeds: 'runs.seeds',
  runsMaxConcurrent: 'runs.maxConcurrent',
  runsTime: 'runs.time',
  runsPreamble: 'runs.preamble',
  runsResults: 'runs.resultsFile',
  slurmPartition: 'runs.slurm.partition',
  slurmCpusPerTask: 'runs.slurm.cpusPerTask',
  slurmMem: 'runs.slurm.mem',
  slurmGres: 'runs.slurm.gres',
  slurmAccount: 'runs.slurm.account',
  slurmQos: 'runs.slurm.qos',
  slurmSbatch: 'runs.slurm.sbatch',
  loopRounds: 'loop.rounds',
  loopBatch: 'loop.batch',
  loopAcquisition: 'loop.acquisition',
} as const;

export type RunConfigKey = (typeof RUN_CONFIG_KEYS)[keyof typeof RUN_CONFIG_KEYS];

/** Every run setting is restricted in an untrusted workspace: each one decides what runs where. */
export const RESTRICTED_RUN_KEYS: readonly RunConfigKey[] = Object.values(RUN_CONFIG_KEYS).filter((k) => k.startsWith('runs.'));

export const RUN_DEFAULTS = { backend: 'local' as BackendKind, seeds: 1, maxConcurrent: 0, rounds: 5, batch: 8, acquisition: 'ucb' as AcquisitionName };
export const RUN_LIMITS = { seeds: { min: 1, max: 100 }, maxConcurrent: { min: 0, max: 10_000 }, rounds: { min: 1, max: 1000 }, batch: { min: 1, max: 1000 } };

/** A setting's value when the user set it somewhere, else undefined. */
export type SettingReader = (key: RunConfigKey) => unknown;

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const whole = (v: unknown, min: number, max: number): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : undefined;
const lines = (v: unknown): string[] | undefined => {
  if (!Array.isArray(v)) return undefined;
  const out = v.filter((x): x is string => typeof x === 'string' && x.trim() !== '');
  return out.length ? out : undefined;
};

/**
 * The training options the settings give for this workspace. A value of the wrong type counts as
 * unset (nas-lens.runs.json or the default then decides); `problems` names each one.
 */
export function trainingOptionsOf(read: SettingReader, workspace: string): { options: TrainingOptions; problems: string[] } {
  const problems: string[] = [];
  const take = <T>(key: RunConfigKey, parse: (v: unknown) => T | undefined, what: string): T | undefined => {
    const raw = read(key);
    if (raw === undefined || raw === null || raw === '') return undefined;
    const value = parse(raw);
    if (value === undefined) problems.push(`nasLens.${key} must be ${what}; ignored`);
    return value;
  };
  const backend = take(
    RUN_CONFIG_KEYS.runsBackend,
    (v) => ((BACKEND_KINDS as readonly unknown[]).includes(v) ? (v as BackendKind) : undefined),
    BACKEND_KINDS.join(' or '),
  );
  const seeds = take(
    RUN_CONFIG_KEYS.runsSeeds,
    (v) => whole(v, RUN_LIMITS.seeds.min, RUN_LIMITS.seeds.max),
    `a whole number in [${RUN_LIMITS.seeds.min}, ${RUN_LIMITS.seeds.max}]`,
  );
  const concurrent = take(RUN_CONFIG_KEYS.runsMaxConcurrent, (v) => whole(v, RUN_LIMITS.maxConcurrent.min, RUN_LIMITS.maxConcurrent.max), 'a whole number ≥ 0');
  const cpus = take(RUN_CONFIG_KEYS.slurmCpusPerTask, (v) => whole(v, 1, 100_000), 'a whole number ≥ 1');
  const options: TrainingOptions = { workspace };
  const set = <K extends keyof TrainingOptions>(k: K, v: TrainingOptions[K] | undefined) => {
    if (v !== undefined) options[k] = v;
  };
  set('backend', backend);
  set('command', take(RUN_CONFIG_KEYS.runsCommand, text, 'a command'));
  set('seeds', seeds !== undefined ? Array.from({ length: seeds }, (_, i) => i) : undefined);
  if (concurrent) {
    set('concurrency', concurrent);
    set('maxConcurrent', concurrent);
  }
  set('time', take(RUN_CONFIG_KEYS.runsTime, text, 'a SLURM time (30:00)'));
  set('preamble', take(RUN_CONFIG_KEYS.runsPreamble, lines, 'a list of shell lines'));
  set('results', take(RUN_CONFIG_KEYS.runsResults, text, 'a file name'));
  set('partition', take(RUN_CONFIG_KEYS.slurmPartition, text, 'a partition name'));
  set('cpusPerTask', cpus);
  set('mem', take(RUN_CONFIG_KEYS.slurmMem, text, 'a size (16G)'));
  set('gres', take(RUN_CONFIG_KEYS.slurmGres, text, 'a gres spec (gpu:1)'));
  set('account', take(RUN_CONFIG_KEYS.slurmAccount, text, 'an account name'));
  set('qos', take(RUN_CONFIG_KEYS.slurmQos, text, 'a QOS name'));
  set('sbatch', take(RUN_CONFIG_KEYS.slurmSbatch, lines, 'a list of sbatch options'));
  return { options, problems };
}

/** The loop's defaults from the settings (the Run loop command's inputs start from them). */
export function loopDefaultsOf(read: SettingReader): { rounds: number; batch: number; acquisition: AcquisitionName } {
  const acquisition = read(RUN_CONFIG_KEYS.loopAcquisition);
  return {
    rounds: whole(read(RUN_CONFIG_KEYS.loopRounds), RUN_LIMITS.rounds.min, RUN_LIMITS.rounds.max) ?? RUN_DEFAULTS.rounds,
    batch: whole(read(RUN_CONFIG_KEYS.loopBatch), RUN_LIMITS.batch.min, RUN_LIMITS.batch.max) ?? RUN_DEFAULTS.batch,
    acquisition: (ACQUISITION_NAMES as readonly unknown[]).includes(acquisition) ? (acquisition as AcquisitionName) : RUN_DEFAULTS.acquisition,
  };
}

/** Why nothing trains in an untrusted workspace (Train these cells, Run loop). */
export const UNTRUSTED_RUNS_MESSAGE =
  'NAS Lens trains nothing in an untrusted workspace: a run executes the training command and SLURM options of this workspace (nasLens.runs.*, nas-lens.runs.json). Trust the workspace to train.';
