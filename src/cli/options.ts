// The options several nas-lens commands share, declared once with commander's choices and argument
// parsers: a bad value stops the command before it runs, with the option's name, what was given and
// what would be valid (exit code 2, as every other usage error of the CLI).
import { InvalidArgumentError, Option } from 'commander';
import { DATASET_IDS, type DatasetId } from '../core/catalog';
import { STRATEGY_NAMES, type StrategyName } from '../core/search/strategies';
import { SPACE_IDS, type SpaceId } from '../core/spaces/types';
import { LOSS_NAMES, type LossName } from '../core/surrogate/config';
import type { BackendName } from '../node/tf-backend';

/** The FILES argument of the commands that read cells. */
export const FILES_ARGUMENT = 'DSL files (*.nas.json, *.nas.ts), Python/text files with native notations, or CSV files';

/** Exit code of a usage error (a bad option value, an unknown cell, a missing model). */
export const USAGE_ERROR = 2;

/** The error an argument parser throws: commander prints "error: option '--x <v>' argument 'y' is invalid. <message>". */
export function invalidArgument(message: string): InvalidArgumentError {
  const error = new InvalidArgumentError(message);
  error.exitCode = USAGE_ERROR;
  return error;
}

/** An option that takes one of `values` (listed in --help); anything else: "unknown <what> 'x'; use a, b, c". */
export function choiceOption<T extends string>(flags: string, description: string, what: string, values: readonly T[]): Option {
  return new Option(flags, description).choices(values).argParser((value: string): T => {
    if (!(values as readonly string[]).includes(value)) throw invalidArgument(`unknown ${what} '${value}'; use ${values.join(', ')}`);
    return value as T;
  });
}

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw invalidArgument('Expected a positive integer.');
  return n;
}

export function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw invalidArgument('Expected an integer.');
  return n;
}

export function nonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw invalidArgument('Expected an integer ≥ 0.');
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw invalidArgument('Expected a positive number.');
  return n;
}

/** A share in [0, 1). */
export function fraction(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n < 1)) throw invalidArgument('Expected a fraction in [0, 1).');
  return n;
}

/** Comma-separated numbers ≥ 0. */
export function weightList(value: string): number[] {
  return value.split(',').map((w) => {
    const n = Number(w.trim());
    if (w.trim() === '' || !Number.isFinite(n) || n < 0) throw invalidArgument(`'${w}' is not a number ≥ 0.`);
    return n;
  });
}

/** Comma-separated strategy names. */
export function strategyList(value: string): StrategyName[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((s) => !(STRATEGY_NAMES as readonly string[]).includes(s));
  if (unknown.length) throw invalidArgument(`unknown strategies ${unknown.join(', ')}; use ${STRATEGY_NAMES.join(', ')}`);
  return names as StrategyName[];
}

/** `--seeds 3` → seeds 0, 1, 2; `--seeds 1,5,9` → exactly those. */
export function seedList(value: string): number[] {
  if (!value.includes(',')) return Array.from({ length: positiveInteger(value) }, (_, i) => i);
  const seeds = value.split(',').map((s) => Number(s.trim()));
  if (seeds.some((s) => !Number.isSafeInteger(s))) throw invalidArgument('Expected a count (3) or a list of integer seeds (1,5,9).');
  if (new Set(seeds).size !== seeds.length) throw invalidArgument('The seeds repeat.');
  return seeds;
}

/** For repeatable options: each use adds one value. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

// ---- the shared options -------------------------------------------------------------------------

export function datasetOption(description: string): Option {
  return choiceOption<DatasetId>('--dataset <dataset>', description, 'dataset', DATASET_IDS).default('cifar10');
}

export function spaceOption(description: string): Option {
  return choiceOption<SpaceId>('--space <space>', description, 'space', SPACE_IDS);
}

export function strategyOption(): Option {
  return choiceOption<StrategyName>('--strategy <name>', 'search strategy', 'strategy', STRATEGY_NAMES).default('evolution');
}

export function lossOption(): Option {
  return choiceOption<LossName>('--loss <loss>', 'ranking loss (default listmle)', 'loss', LOSS_NAMES);
}

export function backendOption(): Option {
  return choiceOption<BackendName | 'auto'>('--backend <backend>', 'TF.js backend', 'backend', ['auto', 'wasm', 'cpu']).default('auto');
}

export function seedOption(description = 'random seed'): Option {
  return new Option('--seed <s>', description).argParser(integer).default(0);
}
