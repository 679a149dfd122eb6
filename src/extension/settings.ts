// The extension's settings as values: their keys, defaults and limits, and how a raw value is
// checked. package.json (contributes.configuration) declares the same keys, enums, defaults and
// limits; test/unit/extension/settings.test.ts holds the two together. vscode-free: config.ts reads.
import type { DatasetId } from '../core/catalog';
import type { StrategyName } from '../core/search/strategies';
import { DEFAULT_RESULTS_GLOB } from '../node/results/find-results';
import { RUN_CONFIG_KEYS } from './runs/run-settings';

export const SECTION = 'nasLens';

export const CONFIG_KEYS = {
  dataset: 'dataset',
  codeLens: 'codeLens.enabled',
  inlayHints: 'inlayHints.enabled',
  codeCallHints: 'diagnostics.codeCallHints',
  strategy: 'search.strategy',
  budget: 'search.budget',
  timeLimit: 'search.timeLimitSeconds',
  modelFolder: 'modelFolder',
  /**
   * Globs of the results files. Not `nasLens.results` itself: VS Code keeps settings as a tree of
   * their dotted keys, and a key that holds a value cannot also hold `.metric` (its configuration
   * model drops one of them: "Ignoring nasLens.results.metric as nasLens.results is [...]").
   */
  resultsFiles: 'results.files',
  resultsMetric: 'results.metric',
  suggestCount: 'suggest.count',
  /** Where and how cells train, and the loop's defaults: src/extension/runs/run-settings.ts. */
  ...RUN_CONFIG_KEYS,
} as const;

export type ConfigKey = (typeof CONFIG_KEYS)[keyof typeof CONFIG_KEYS];

export interface Settings {
  readonly dataset: DatasetId;
  readonly codeLens: boolean;
  readonly inlayHints: boolean;
  /** Hints on Genotype(...) / ModelSpec(...) calls built from code (the parser's notes); off by default. */
  readonly codeCallHints: boolean;
  readonly strategy: StrategyName;
  readonly budget: number;
  readonly timeLimitMs: number;
  /** The custom model folder as an absolute path; undefined when unset or in an untrusted workspace. */
  readonly modelFolder?: string;
  /** Set when modelFolder was given but ignored (untrusted workspace). */
  readonly modelFolderIgnored?: string;
  /** Globs (or paths) of the results files, relative to each workspace folder unless absolute. */
  readonly resultsFiles: readonly string[];
  /** The metric results are ranked by where a space's runs have it; undefined: each space's default metric. */
  readonly resultsMetric?: string;
  /** Cells "Suggest cells to train next" proposes by default. */
  readonly suggestCount: number;
}

export const DEFAULTS = {
  dataset: 'cifar10' as DatasetId,
  strategy: 'evolution' as StrategyName,
  budget: 2000,
  timeLimitSeconds: 30,
  resultsFiles: [DEFAULT_RESULTS_GLOB] as readonly string[],
  suggestCount: 10,
};

export const LIMITS = {
  budget: { min: 10, max: 1_000_000 },
  timeLimitSeconds: { min: 1, max: 3600 },
  resultsPatterns: 32,
  resultsFiles: 1000,
  suggestCount: { min: 1, max: 100 },
};

/** A whole number in [min, max] (rounded and clamped); the fallback when the value is not a finite number. */
export function clampInt(value: unknown, min: number, max: number, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.max(min, Math.min(max, Math.round(value)));
}

/** The results globs of a raw setting value: non-empty strings, trimmed, each once, at most LIMITS.resultsPatterns; the default when it is not a list. */
export function resultsGlobs(value: unknown): readonly string[] {
  if (!Array.isArray(value)) return DEFAULTS.resultsFiles;
  const globs = value.filter((v): v is string => typeof v === 'string').map((v) => v.trim());
  return [...new Set(globs.filter((v) => v !== ''))].slice(0, LIMITS.resultsPatterns);
}

/** The chosen results metric of a raw setting value; undefined (the default rule) when empty or not a string. */
export function resultsMetric(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
