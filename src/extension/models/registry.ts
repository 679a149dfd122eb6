// Finds, checks and loads the surrogate of a (space, dataset): the custom model folder first (when
// set, trusted and valid), then the bundled media/models/<space>-<dataset>/. Each model loads once;
// a missing one is looked for again now and then (models can appear while the editor runs).
// The network itself lives in the ranking worker (TF.js never runs on the extension host's thread):
// the host keeps the calibration table and the model card, and scores through `score()`.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RankingReport } from '../../core/metrics/report';
import type { Cell, SpaceId } from '../../core/spaces/types';
import { checkCalibration, type CalibrationTable } from '../../core/surrogate/calibration';
import type { Surrogate } from '../../core/surrogate/surrogate';
import type { Settings } from '../settings';
import {
  allModelFolderNames,
  DATASET_LABELS,
  MODEL_FILES,
  MODEL_LOAD_FILES,
  modelFolderName,
  SPACE_DATASETS,
  SPACE_SHORT_LABELS,
  type DatasetId,
} from '../../core/catalog';
import type { Log } from '../log';
import { errorMessage } from '../../shared/errors';
import { activeFittedModel } from '../../node/fitted-models';

export interface ModelCardSummary {
  readonly name: string;
  readonly target?: string;
  readonly validation?: RankingReport;
  readonly created?: string;
  /** A fitted model's card: the metric it ranks by and both cross-validated figures. */
  readonly fitted?: FittedSummary;
}

/** What the status bar and the hover say of a fitted model: its cross-validated Kendall τ and the prior's, on the user's cells. */
export interface FittedSummary {
  readonly metric?: string;
  readonly cells?: number;
  readonly prior?: string;
  readonly folds?: number;
  readonly kendallTau?: number;
  readonly priorKendallTau?: number;
  readonly members?: number;
}

/** What ranking needs of a model: the calibration table, and a way to score cells. */
export interface RankModel {
  readonly space: SpaceId;
  readonly dataset: DatasetId;
  readonly dir: string;
  readonly source: ModelSource;
  readonly calibration: CalibrationTable;
  readonly card?: ModelCardSummary;
  /** Scores off the calling thread (the editor's models: the ranking worker). */
  readonly score?: (cells: readonly Cell[]) => Promise<ArrayLike<number>>;
  /** Scores with the spread of an ensemble's members (absent for a one-network model), off the calling thread. */
  readonly scoreWithSpread?: (cells: readonly Cell[]) => Promise<{ readonly scores: ArrayLike<number>; readonly spreads?: ArrayLike<number> }>;
  /** Scores on the calling thread (bench/editor-rerank.ts); used when `score` is absent. */
  readonly surrogate?: Surrogate;
}

/** A model with its network on the calling thread (the benchmark's). */
export interface LoadedModel extends RankModel {
  readonly surrogate: Surrogate;
}

/** Scores cells with the model in a folder, elsewhere (the ranking worker); no cells: load and check it. */
export type ScoreFn = (
  modelDir: string,
  cells: readonly Cell[],
) => Promise<{ readonly scores: readonly number[]; readonly space: SpaceId; readonly backend: string; readonly spreads?: readonly number[] }>;

export type ModelLookup<M extends RankModel = LoadedModel> =
  { readonly kind: 'ready'; readonly model: M } | { readonly kind: 'missing'; readonly message: string } | { readonly kind: 'error'; readonly message: string };

/** Where a model comes from: the bundled models, the custom model folder, or a fit in the workspace's .nas-lens/models/. */
export type ModelSource = 'bundled' | 'custom' | 'fitted';

/** A missing or broken model is looked at again after this long (if its files changed). */
const RECHECK_MISSING_MS = 5_000;

type Lookup = ModelLookup<RankModel>;

interface Entry {
  readonly promise: Promise<Lookup>;
  result?: Lookup;
  /** When the files were last compared with `signature`. */
  checked: number;
  /** The model files' sizes and times when the load started: a missing or broken model is loaded again once they change. */
  readonly signature: string;
}

export class ModelRegistry implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private generation = 0;
  private warnedFolder: string | undefined;
  private watch: NodeJS.Timeout | undefined;

  constructor(
    /** media/models of the extension. */
    private bundledRoot: string,
    private readonly settings: () => Settings,
    private readonly log: Log,
    private readonly scorer: ScoreFn,
    /** The trusted workspace folders whose .nas-lens/models/ may hold a fitted model (none in an untrusted workspace). */
    private readonly fittedRoots: () => readonly string[] = () => [],
  ) {}

  /** Looks for the bundled models in another folder from now on; loaded models are forgotten. */
  useBundledRoot(dir: string): void {
    this.bundledRoot = dir;
    this.reset();
  }

  /** The custom model folder when it is usable (set, trusted, a folder with at least one model), else undefined. */
  customRoot(): string | undefined {
    const s = this.settings();
    if (s.modelFolderIgnored && !this.untrustedNotice) this.tellUntrusted(s.modelFolderIgnored);
    const folder = s.modelFolder;
    if (!folder) return undefined;
    const problem = checkModelFolder(folder);
    if (problem) {
      if (this.warnedFolder !== folder) {
        this.warnedFolder = folder;
        this.log.warn(`nasLens.modelFolder: ${problem}; using the bundled models`);
        void vscode.window.showWarningMessage(`NAS Lens: the custom model folder is not used: ${problem}. The bundled models rank instead.`);
      }
      return undefined;
    }
    return folder;
  }

  /** What the user was told (once per window) about the model folder ignored in an untrusted workspace, and how often (tests). */
  untrustedNotice: string | undefined;
  untrustedNotices = 0;

  private tellUntrusted(folder: string): void {
    const text = `NAS Lens: this workspace is not trusted, so its custom model folder (nasLens.modelFolder: "${folder}") is not used; the bundled models rank the cells. Trust the workspace to use it.`;
    this.untrustedNotice = text;
    this.untrustedNotices++;
    this.log.warn(`nasLens.modelFolder (${folder}) is ignored: this workspace is not trusted (restricted mode); ranking with the bundled models`);
    void Promise.resolve(vscode.window.showInformationMessage(text, 'Manage Workspace Trust')).then(
      (pick) => (pick ? vscode.commands.executeCommand('workbench.trust.manage') : undefined),
      () => undefined,
    );
  }

  /** Where the model of (space, dataset) would load from, or undefined. Cheap (a few stat calls). */
  locate(space: SpaceId, dataset: DatasetId, options: { fitted?: boolean } = {}): { dir: string; source: ModelSource } | undefined {
    const name = modelFolderName(space, dataset);
    const custom = this.customRoot();
    if (custom && existsSync(path.join(custom, name, MODEL_FILES.model))) return { dir: path.join(custom, name), source: 'custom' };
    if (options.fitted !== false) {
      for (const root of this.fittedRoots()) {
        const fitted = activeFittedModel(root, space);
        if (fitted) return { dir: fitted.dir, source: 'fitted' };
      }
    }
    const bundled = path.join(this.bundledRoot, name);
    if (existsSync(path.join(bundled, MODEL_FILES.model))) return { dir: bundled, source: 'bundled' };
    return undefined;
  }

  /** The loaded model, if its load has finished (no waiting, no loading). */
  peek(space: SpaceId, dataset: DatasetId): Lookup | undefined {
    return this.entries.get(key(space, dataset))?.result;
  }

  load(space: SpaceId, dataset: DatasetId): Promise<Lookup> {
    const k = key(space, dataset);
    const existing = this.entries.get(k);
    if (existing && (existing.result === undefined || existing.result.kind === 'ready' || Date.now() - existing.checked < RECHECK_MISSING_MS))
      return existing.promise;
    const signature = this.signature(space, dataset);
    if (existing && existing.signature === signature) {
      existing.checked = Date.now();
      return existing.promise;
    }
    const generation = this.generation;
    const entry: Entry = {
      checked: Date.now(),
      signature,
      promise: this.loadNow(space, dataset).then((result) => {
        if (generation === this.generation) {
          entry.result = result;
          if (result.kind !== 'ready') this.startWatching();
          if (result.kind !== existing?.result?.kind) this.changed.fire();
        }
        return result;
      }),
    };
    this.entries.set(k, entry);
    return entry.promise;
  }

  private async loadNow(space: SpaceId, dataset: DatasetId): Promise<Lookup> {
    const found = this.locate(space, dataset);
    if (!found) return { kind: 'missing', message: missingMessage(space, dataset) };
    try {
      let calibration: CalibrationTable;
      try {
        calibration = checkCalibration(JSON.parse(await readFile(path.join(found.dir, MODEL_FILES.calibration), 'utf8')));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('it has no calibration.json, so percentiles cannot be computed');
        throw err;
      }
      if (calibration.space !== space) throw new Error(`its calibration.json is for ${calibration.space}, not ${space}`);
      // The worker loads the network (and checks model.json and weights.bin) off this thread.
      const loaded = await this.scorer(found.dir, []);
      if (loaded.space !== space) throw new Error(`it holds a ${loaded.space} model, not ${space}`);
      const card = await readCard(found.dir);
      const dir = found.dir;
      const score = async (cells: readonly Cell[]) => (await this.scorer(dir, cells)).scores;
      const scoreWithSpread = async (cells: readonly Cell[]) => {
        const reply = await this.scorer(dir, cells);
        return { scores: reply.scores, ...(reply.spreads ? { spreads: reply.spreads } : {}) };
      };
      this.log.info(`loaded ${found.source} model ${card?.name ?? path.basename(dir)} from ${dir} (in the ranking worker, TF.js ${loaded.backend})`);
      return { kind: 'ready', model: { space, dataset, dir, source: found.source, calibration, score, scoreWithSpread, ...(card ? { card } : {}) } };
    } catch (err) {
      this.log.error(`the ${SPACE_SHORT_LABELS[space]} ${DATASET_LABELS[dataset]} model in ${found.dir} cannot be loaded: ${errorMessage(err)}`);
      return { kind: 'error', message: `the ${SPACE_SHORT_LABELS[space]} model for ${DATASET_LABELS[dataset]} is broken (see Output › NAS Lens)` };
    }
  }

  private signature(space: SpaceId, dataset: DatasetId): string {
    const found = this.locate(space, dataset);
    if (!found) return 'none';
    return MODEL_LOAD_FILES.map((f) => {
      try {
        const st = statSync(path.join(found.dir, f));
        return `${st.size}@${st.mtimeMs}`;
      } catch {
        return '-';
      }
    }).join(',');
  }

  /**
   * While a model is missing or broken, its files are looked at every few seconds; when they change
   * (a model was trained or copied in), the entry is dropped and the providers refresh, loading it anew.
   */
  private startWatching(): void {
    if (this.watch) return;
    this.watch = setInterval(() => {
      let waiting = 0;
      for (const [k, e] of this.entries) {
        if (!e.result || e.result.kind === 'ready') continue;
        const [space, dataset] = k.split('-') as [SpaceId, DatasetId];
        if (this.signature(space, dataset) !== e.signature) {
          this.entries.delete(k);
          this.changed.fire();
        } else {
          waiting++;
        }
      }
      if (!waiting && this.watch) {
        clearInterval(this.watch);
        this.watch = undefined;
      }
    }, RECHECK_MISSING_MS);
    this.watch.unref?.();
  }

  /** Every model loaded so far (for the status bar). */
  loaded(): RankModel[] {
    return [...this.entries.values()].flatMap((e) => (e.result?.kind === 'ready' ? [e.result.model] : []));
  }

  /** Forgets every model (the model folder setting changed); they load again on demand. */
  reset(): void {
    this.generation++;
    this.warnedFolder = undefined;
    // The worker keeps its networks by folder and file times (and drops the oldest): nothing to free here.
    this.entries.clear();
    this.changed.fire();
  }

  dispose(): void {
    if (this.watch) clearInterval(this.watch);
    this.watch = undefined;
    this.reset();
    this.changed.dispose();
  }
}

function key(space: SpaceId, dataset: DatasetId): string {
  return modelFolderName(space, dataset);
}

export function missingMessage(space: SpaceId, dataset: DatasetId): string {
  return SPACE_DATASETS[space].length === 1
    ? `no model for ${SPACE_SHORT_LABELS[space]} yet`
    : `no ${SPACE_SHORT_LABELS[space]} model for ${DATASET_LABELS[dataset]} yet`;
}

/** Undefined when the folder can be used; else what is wrong with it. */
export function checkModelFolder(folder: string): string | undefined {
  let isDir = false;
  try {
    isDir = statSync(folder).isDirectory();
  } catch {
    return `${folder} does not exist`;
  }
  if (!isDir) return `${folder} is not a folder`;
  const names = allModelFolderNames();
  if (!names.some((n) => existsSync(path.join(folder, n, MODEL_FILES.model)))) {
    return `${folder} holds no model: expected subfolders like ${names.slice(0, 2).join(', ')}, … each with model.json, weights.bin and calibration.json`;
  }
  return undefined;
}

async function readCard(dir: string): Promise<ModelCardSummary | undefined> {
  try {
    const card = JSON.parse(await readFile(path.join(dir, MODEL_FILES.card), 'utf8')) as Record<string, unknown>;
    const evaluation = card.evaluation as { validation?: RankingReport } | undefined;
    const validation = evaluation?.validation;
    const fitted = card.kind === 'fitted' ? fittedSummary(card) : undefined;
    return {
      name: typeof card.name === 'string' ? card.name : path.basename(dir),
      ...(typeof card.target === 'string' ? { target: card.target } : {}),
      ...(validation && typeof validation.kendallTau === 'number' ? { validation } : {}),
      ...(typeof card.created === 'string' ? { created: card.created } : {}),
      ...(fitted ? { fitted } : {}),
    };
  } catch {
    return undefined;
  }
}

/** The figures of a fitted model's card (src/core/fit/card.ts), each only when it is there and of its type. */
function fittedSummary(card: Record<string, unknown>): FittedSummary {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const obj = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
  const on = obj(card.fittedOn);
  const cv = obj(obj(card.evaluation).crossValidation);
  const entries: [keyof FittedSummary, unknown][] = [
    ['metric', typeof on.metric === 'string' ? on.metric : undefined],
    ['cells', num(on.cells)],
    ['prior', typeof card.prior === 'string' ? card.prior : undefined],
    ['folds', num(cv.folds)],
    ['kendallTau', num(cv.kendallTau)],
    ['priorKendallTau', num(cv.priorKendallTau)],
    ['members', num(card.members)],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as FittedSummary;
}
