// The extension's settings as values: their keys, defaults and limits, and how a raw value is
// checked. package.json (contributes.configuration) declares the same keys, enums, defaults and
// limits; test/unit/extension/settings.test.ts holds the two together. vscode-free: config.ts reads.
import type { DatasetId } from '../core/catalog';
import type { StrategyName } from '../core/search/strategies';

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
}

export const DEFAULTS = {
  dataset: 'cifar10' as DatasetId,
  strategy: 'evolution' as StrategyName,
  budget: 2000,
  timeLimitSeconds: 30,
};

export const LIMITS = { budget: { min: 10, max: 1_000_000 }, timeLimitSeconds: { min: 1, max: 3600 } };

/** A whole number in [min, max] (rounded and clamped); the fallback when the value is not a finite number. */
export function clampInt(value: unknown, min: number, max: number, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.max(min, Math.min(max, Math.round(value)));
}
