// package.json's contributed settings and commands follow the vscode-free tables they are read with.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DATASET_IDS, DATASET_LABELS } from '../../../src/core/catalog';
import { STRATEGY_NAMES } from '../../../src/core/search/strategies';
import { COMMANDS } from '../../../src/extension/command-ids';
import { clampInt, CONFIG_KEYS, DEFAULTS, LIMITS, resultsGlobs, resultsMetric, SECTION } from '../../../src/extension/settings';
import { DEFAULT_RESULTS_GLOB } from '../../../src/node/results/find-results';

interface Property {
  readonly type: string;
  readonly enum?: string[];
  readonly enumItemLabels?: string[];
  readonly enumDescriptions?: string[];
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const properties = pkg.contributes.configuration.properties as Record<string, Property>;
const setting = (key: string): Property => {
  const p = properties[`${SECTION}.${key}`];
  assert.ok(p, `package.json declares ${SECTION}.${key}`);
  return p;
};

test('package.json declares exactly the settings CONFIG_KEYS reads', () => {
  assert.deepEqual(
    Object.keys(properties).sort(),
    Object.values(CONFIG_KEYS)
      .map((k) => `${SECTION}.${k}`)
      .sort(),
  );
});

test("the dataset setting: the catalog's datasets, labels and default", () => {
  const p = setting(CONFIG_KEYS.dataset);
  assert.deepEqual(p.enum, DATASET_IDS);
  assert.deepEqual(
    p.enumItemLabels,
    DATASET_IDS.map((d) => DATASET_LABELS[d]),
  );
  assert.equal(p.enumDescriptions?.length, DATASET_IDS.length);
  assert.equal(p.default, DEFAULTS.dataset);
});

test('the strategy setting: every strategy of src/core/search, the default among them', () => {
  const p = setting(CONFIG_KEYS.strategy);
  assert.deepEqual(p.enum, STRATEGY_NAMES);
  assert.equal(p.enumDescriptions?.length, STRATEGY_NAMES.length);
  assert.equal(p.default, DEFAULTS.strategy);
});

test('budget and time limit: the defaults and limits the settings are clamped to', () => {
  const budget = setting(CONFIG_KEYS.budget);
  assert.deepEqual([budget.default, budget.minimum, budget.maximum], [DEFAULTS.budget, LIMITS.budget.min, LIMITS.budget.max]);
  const time = setting(CONFIG_KEYS.timeLimit);
  assert.deepEqual([time.default, time.minimum, time.maximum], [DEFAULTS.timeLimitSeconds, LIMITS.timeLimitSeconds.min, LIMITS.timeLimitSeconds.max]);
  assert.equal(setting(CONFIG_KEYS.codeLens).default, true);
  assert.equal(setting(CONFIG_KEYS.inlayHints).default, true);
  assert.equal(setting(CONFIG_KEYS.modelFolder).default, '');
  const count = setting(CONFIG_KEYS.suggestCount);
  assert.deepEqual([count.default, count.minimum, count.maximum], [DEFAULTS.suggestCount, LIMITS.suggestCount.min, LIMITS.suggestCount.max]);
});

test('clampInt rounds, clamps, and falls back on anything but a finite number', () => {
  const { min, max } = LIMITS.budget;
  assert.equal(clampInt(123.6, min, max, 7), 124);
  assert.equal(clampInt(1, min, max, 7), min);
  assert.equal(clampInt(1e12, min, max, 7), max);
  for (const bad of [NaN, Infinity, '500', null, undefined, {}]) assert.equal(clampInt(bad, min, max, 7), 7, String(bad));
});

test('package.json contributes exactly the commands of COMMANDS; the internal one is hidden from the palette', () => {
  const declared = (pkg.contributes.commands as { command: string }[]).map((c) => c.command).sort();
  assert.deepEqual(declared, Object.values(COMMANDS).sort());
  const hidden = (pkg.contributes.menus.commandPalette as { command: string; when: string }[]).filter((m) => m.when === 'false').map((m) => m.command);
  assert.deepEqual(hidden, [COMMANDS.applyCellEdit]);
});

test('the results settings: their defaults, and what a raw value reads as', () => {
  const files = setting(CONFIG_KEYS.resultsFiles);
  assert.equal(files.type, 'array');
  assert.deepEqual(files.default, DEFAULTS.resultsFiles);
  assert.deepEqual(DEFAULTS.resultsFiles, [DEFAULT_RESULTS_GLOB], "the CLI's default glob");
  assert.equal((files as Property & { maxItems?: number }).maxItems, LIMITS.resultsPatterns);
  const metric = setting(CONFIG_KEYS.resultsMetric);
  assert.deepEqual([metric.type, metric.default], ['string', '']);
  assert.deepEqual(resultsGlobs([' a/*.jsonl ', '', 3, 'a/*.jsonl', 'b.csv']), ['a/*.jsonl', 'b.csv']);
  for (const bad of [undefined, null, 'x.jsonl', {}]) assert.deepEqual(resultsGlobs(bad), DEFAULTS.resultsFiles);
  assert.deepEqual(resultsGlobs([]), [], 'an empty list reads no results');
  assert.equal(resultsGlobs(Array.from({ length: 100 }, (_, i) => `${i}.jsonl`)).length, LIMITS.resultsPatterns);
  assert.deepEqual([resultsMetric(' val_acc '), resultsMetric(''), resultsMetric('  '), resultsMetric(3)], ['val_acc', undefined, undefined, undefined]);
});

test('no setting key is a prefix of another: VS Code keeps settings as a tree of their dotted keys and would drop one', () => {
  const keys = Object.keys(properties);
  for (const a of keys) for (const b of keys) assert.ok(!b.startsWith(`${a}.`), `${a} and ${b}`);
});
