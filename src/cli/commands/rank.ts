// `nas-lens rank`: every cell of FILES ranked with the bundled model of its space (or --model DIR), in input order.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { modelFolderName, SPACE_DATASETS, spaceHasDataset, type DatasetId } from '../../core/catalog';
import { predictInChunks } from '../../core/scoring/predict-in-chunks';
import { getSpace } from '../../core/spaces';
import type { Cell, SpaceId } from '../../core/spaces/types';
import { outsideReference } from '../../core/surrogate/calibration';
import type { Surrogate } from '../../core/surrogate/surrogate';
import { qualityTier, type QualityTier } from '../../core/surrogate/tier';
import { bundledModelDir } from '../../node/paths';
import { allProblems, formatProblem, readInputs, type InputCell, type InputProblem } from '../../node/read-inputs';
import { loadSurrogateDir } from '../../node/surrogate-files';
import { initTfBackend } from '../../node/tf-backend';
import { errorMessage } from '../../shared/errors';
import { formatCount } from '../../shared/format';
import { outsideReferenceText, topBoundOutside, topOfPercentile } from '../../shared/ranking-terms';
import { datasetOption, FILES_ARGUMENT } from '../options';
import { displayPath, printJson, table, topColumn } from '../output';

interface RankOptions {
  dataset: DatasetId;
  model?: string;
  json?: boolean;
}

export function registerRankCommand(program: Command): void {
  program
    .command('rank')
    .description('rank every cell in FILES with the bundled surrogate: score, percentile, predicted rank in the space, tier')
    .argument('<files...>', FILES_ARGUMENT)
    .addOption(datasetOption('dataset the model ranks on (NB-201; NB-101 and DARTS have cifar10 only)'))
    .option('--model <dir>', 'rank with this model directory instead of the bundled ones (every cell must be of its space)')
    .option('--json', 'print {"cells":[{"name","space","score","percentile","rank","tier",...}]} as JSON')
    .action(async (files: string[], options: RankOptions) => {
      await rankCommand(files, options);
    });
}

/** One model as rank uses it: loaded once, or the reason its cells cannot be ranked. */
export type ModelSlot =
  | { readonly name: string; readonly surrogate: Surrogate }
  /** `space`: the space of a model that loaded but cannot rank (no calibration table). */
  | { readonly name: string; readonly error: string; readonly space?: SpaceId };

export interface RankedRow {
  readonly name: string;
  readonly space: SpaceId;
  readonly score: number;
  /** The top % (src/shared/ranking-terms.ts), under the name the CLI's output has always given it; a bound when `outside` is set. */
  readonly percentile: number;
  /** Null when the score is outside a sampled reference set: the table cannot tell a rank there (see `outside`). */
  readonly rank: number | null;
  readonly tier: QualityTier;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly model: string;
  /** "above every one of the 100,000 reference cells (top < 0.001 %)": the bound that stands for rank and top %. */
  readonly outside?: string;
}

const PREDICT_CHUNK = 8192;

async function rankCommand(files: string[], options: RankOptions): Promise<void> {
  const inputs = await readInputs(files);
  const ranked = await rankCells(inputs.cells, options);
  const rows = ranked.rows;
  if (options.json) printJson({ cells: rows });
  else if (rows.length) printRankTable(rows, ranked.slots);

  const fileOrder = new Map(files.map((f, i) => [f, i] as const));
  const problems = [...allProblems(inputs), ...ranked.problems].sort(
    (a, b) => (fileOrder.get(a.file) ?? 0) - (fileOrder.get(b.file) ?? 0) || a.line - b.line || a.column - b.column,
  );
  for (const p of problems) console.error(formatProblem(p));
  if (!rows.length && !options.json) console.error('no cell ranked');
  if (problems.some((p) => p.severity === 'error')) process.exitCode = 1;
}

export interface RankedCells {
  /** In input order; a cell no model ranks has no row. */
  readonly rows: RankedRow[];
  readonly byCell: ReadonlyMap<InputCell, RankedRow>;
  readonly slots: ModelSlot[];
  readonly problems: InputProblem[];
}

/**
 * Scores the valid cells with the model `rank` picks for each (the bundled model of the dataset, or
 * --model DIR), each model loaded once: rows in input order, the models, and one problem per file
 * and reason for cells no model could rank. Shared by `rank` and `results`.
 */
export async function rankCells(cells: readonly InputCell[], options: { dataset: DatasetId; model?: string }): Promise<RankedCells> {
  const { dataset } = options;
  const valid = cells.filter((c): c is InputCell & { cell: Cell } => c.cell !== undefined);

  await initTfBackend({ backend: 'auto' });
  const slots = new Map<string, Promise<ModelSlot>>();
  const slotOf = (key: string, dir: string, name: string, bundled: boolean) => {
    let slot = slots.get(key);
    if (!slot) {
      slot = loadSlot(dir, name, bundled);
      slots.set(key, slot);
    }
    return slot;
  };
  const override = options.model ? resolve(options.model) : undefined;

  // Which model ranks each valid cell (or why none does); each model is loaded once.
  const assigned: { cell: InputCell & { cell: Cell }; slot: ModelSlot }[] = [];
  for (const c of valid) {
    let slot: ModelSlot;
    if (override) {
      const loaded = await slotOf(override, override, displayPath(override), false);
      const modelSpace = 'surrogate' in loaded ? loaded.surrogate.config.space : loaded.space;
      if (modelSpace !== undefined && modelSpace !== c.space) {
        slot = { name: override, error: `the model ${displayPath(override)} ranks ${getSpace(modelSpace).label} cells, not ${getSpace(c.space).label} ones` };
      } else slot = loaded;
    } else if (!spaceHasDataset(c.space, dataset)) {
      slot = {
        name: modelFolderName(c.space, dataset),
        error: `${getSpace(c.space).label} has models for ${SPACE_DATASETS[c.space].join(', ')} only, not ${dataset} (use --dataset ${SPACE_DATASETS[c.space][0]})`,
      };
    } else {
      const name = modelFolderName(c.space, dataset);
      slot = await slotOf(name, bundledModelDir(c.space, dataset, { strict: true }), name, true);
    }
    assigned.push({ cell: c, slot });
  }

  // Score each model's cells in batches, then keep input order.
  const results = new Map<InputCell, RankedRow>();
  const bySlot = new Map<ModelSlot, (InputCell & { cell: Cell })[]>();
  for (const { cell, slot } of assigned) {
    if ('error' in slot) continue;
    const list = bySlot.get(slot) ?? [];
    list.push(cell);
    bySlot.set(slot, list);
  }
  for (const [slot, cells] of bySlot) {
    if (!('surrogate' in slot)) continue;
    const scores = await predictInChunks(
      (chunk) => slot.surrogate.predict(chunk),
      cells.map((c) => c.cell),
      { chunk: PREDICT_CHUNK },
    );
    const percentiles = slot.surrogate.percentile(scores);
    const ranks = slot.surrogate.rank(scores);
    const table = slot.surrogate.calibration!;
    cells.forEach((c, k) => {
      const side = outsideReference(table, scores[k]);
      const top = side ? topBoundOutside(side, table.count) : topOfPercentile(percentiles[k]);
      results.set(c, {
        // the CLI's JSON names the top % 'percentile' (src/shared/ranking-terms.ts)
        name: c.name,
        space: c.space,
        score: round(scores[k], 6),
        percentile: side ? Number(top.toPrecision(5)) : round(top, 4),
        rank: side ? null : ranks[k],
        tier: qualityTier(top),
        file: c.file,
        line: c.line,
        column: c.column,
        model: slot.name,
        ...(side ? { outside: outsideReferenceText(side, table.count) } : {}),
      });
    });
  }
  for (const slot of slots.values()) {
    const s = await slot;
    if ('surrogate' in s) s.surrogate.dispose();
  }

  return { rows: cells.flatMap((c) => results.get(c) ?? []), byCell: results, slots: assigned.map((a) => a.slot), problems: modelProblems(assigned) };
}

async function loadSlot(dir: string, name: string, bundled: boolean): Promise<ModelSlot> {
  if (!existsSync(dir)) {
    return {
      name,
      error: bundled
        ? `no model ${name}: ${displayPath(dir)} does not exist (train one with nas-lens train, or pass --model DIR)`
        : `no model directory ${displayPath(dir)}`,
    };
  }
  try {
    const surrogate = await loadSurrogateDir(dir);
    if (!surrogate.calibration) {
      surrogate.dispose();
      return {
        name,
        space: surrogate.config.space,
        error: `the model ${displayPath(dir)} has no calibration.json: percentiles and ranks need it (train it without --no-calibration)`,
      };
    }
    return { name, surrogate };
  } catch (error) {
    return { name, error: `the model ${name} cannot be loaded: ${errorMessage(error)}` };
  }
}

/** One error per file and reason, at the first cell it concerns: `file:line:column: error: 2 DARTS cells not ranked: …`. */
function modelProblems(assigned: readonly { cell: InputCell; slot: ModelSlot }[]): InputProblem[] {
  const groups = new Map<string, { first: InputCell; count: number; spaces: Set<SpaceId>; error: string }>();
  for (const { cell, slot } of assigned) {
    if (!('error' in slot)) continue;
    const key = `${cell.file}\u0000${slot.error}`;
    const g = groups.get(key);
    if (g) {
      g.count++;
      g.spaces.add(cell.space);
    } else groups.set(key, { first: cell, count: 1, spaces: new Set([cell.space]), error: slot.error });
  }
  return [...groups.values()].map((g) => {
    const what = g.spaces.size === 1 ? `${getSpace([...g.spaces][0]).label} cell` : 'cell';
    return {
      severity: 'error',
      code: 'no-model',
      file: g.first.file,
      line: g.first.line,
      column: g.first.column,
      message: `${g.count} ${what}${g.count === 1 ? '' : 's'} not ranked: ${g.error}`,
    };
  });
}

/** Size of the space each model ranks in (from its calibration table), by model name. */
export function spaceSizes(slots: readonly ModelSlot[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const s of slots) if ('surrogate' in s && s.surrogate.calibration) sizes.set(s.name, s.surrogate.calibration.spaceSize);
  return sizes;
}

function printRankTable(rows: readonly RankedRow[], slots: readonly ModelSlot[]): void {
  const sizes = spaceSizes(slots);
  console.log(
    table(
      ['name', 'space', 'score', 'percentile', 'rank', 'tier'],
      rows.map((r) => [
        r.name,
        r.space,
        r.score.toFixed(4),
        topColumn(r.percentile, r.outside),
        r.rank === null ? (r.outside ?? '-') : `${formatCount(r.rank, { exponentDigits: 2 })} of ${formatCount(sizes.get(r.model), { exponentDigits: 2 })}`,
        String(r.tier),
      ]),
    ),
  );
}

/** Float32 scores and percentiles without their float noise (1.9722976684570312 → 1.9723). */
function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
