// The user's results files in the worker: each file followed as it grows (src/node/results), every run
// joined by canonical hash (src/core/results), measured cells looked up for the editor's documents,
// and reports of a space's measured cells scored by a model with its agreement. Reading, parsing,
// joining and scoring happen here, off the extension host's thread; the host gets summaries,
// problems and the entries it asks for. vscode-free (test/unit/worker/results-store.test.ts).
import { randomBytes } from 'node:crypto';
import { measureAgreementAsync, type Agreement } from '../core/results/agreement';
import { joinResults, type JoinedCell, type ResultsJoin } from '../core/results/join';
import { LineCellReader } from '../core/results/line-cell';
import type { ResultProblem } from '../core/results/runs';
import type { MeasuredCell } from '../core/results/types';
import type { SpaceId } from '../core/spaces/types';
import { ResultsFileFollower } from '../node/results/follow-results';
import type {
  ResultsCells,
  ResultsCellsRequest,
  MeasuredEntry,
  ReportedCell,
  ResultsFileSummary,
  ResultsQueryRequest,
  ResultsReport,
  ResultsReportRequest,
  ResultsSummary,
  ResultsSyncRequest,
  WorkerErrorCode,
} from '../protocol/worker';
import type { ModelCache, ScoringModel } from './model-cache';
import { scoreCells } from './score-cells';

/** An error the host acts on by its code (see WorkerErrorCode). */
export class CodedError extends Error {
  constructor(
    readonly code: WorkerErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface ResultsStoreOptions {
  /** Awaited between slices of long work (default: setImmediate, so the worker serves other requests meanwhile). */
  readonly between?: () => Promise<void>;
}

interface FileState {
  readonly follower: ResultsFileFollower;
  /** Moves on whenever a read changed the file's runs or problems. */
  reads: number;
  /** What the last summary carried of the file's problems. */
  sent?: string;
}

interface AgreementSlot {
  readonly generation: number;
  readonly promise: Promise<Agreement>;
}

const setImmediateTick = () => new Promise<void>((resolve) => setImmediate(resolve));

export class ResultsStore {
  readonly id = randomBytes(9).toString('base64url');
  private readonly files = new Map<string, FileState>();
  private order: string[] = [];
  private readonly cells = new LineCellReader();
  private metric: string | undefined;
  private joined: ResultsJoin = joinResults([]);
  private joinProblems = new Map<string, ResultProblem[]>();
  private generation = 0;
  private bestFirst = new Map<SpaceId, JoinedCell[]>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly scores = new WeakMap<ScoringModel, Map<string, number>>();
  private readonly agreements = new WeakMap<ScoringModel, Map<string, AgreementSlot>>();
  private readonly between: () => Promise<void>;

  constructor(
    private readonly models: Pick<ModelCache, 'get'>,
    options: ResultsStoreOptions = {},
  ) {
    this.between = options.between ?? setImmediateTick;
  }

  /** Brings the files up to date with the host's list (one at a time: syncs queue up). */
  sync(request: ResultsSyncRequest): Promise<ResultsSummary> {
    const next = this.queue.then(() => this.syncNow(request));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async syncNow(request: ResultsSyncRequest): Promise<ResultsSummary> {
    const wanted = [...new Set(request.files)];
    let changed = wanted.length !== this.order.length || wanted.some((f, i) => f !== this.order[i]) || request.metric !== this.metric;
    for (const file of this.files.keys()) if (!wanted.includes(file)) this.files.delete(file);
    const reread = new Set(request.reread);
    const how = new Map<string, ResultsFileSummary['read']>();
    for (const file of wanted) {
      let state = this.files.get(file);
      if (!state) {
        state = { follower: new ResultsFileFollower(file, { cells: this.cells, between: this.between }), reads: 0 };
        this.files.set(file, state);
      }
      const read = await state.follower.update({ reread: reread.has(file) });
      how.set(file, read);
      if (read !== 'unchanged') {
        state.reads++;
        changed = true;
      }
    }
    this.order = wanted;
    this.metric = request.metric;
    if (changed) this.rejoin();
    return this.summary(request.maxProblemsPerFile, how);
  }

  private rejoin(): void {
    const runs = this.order.flatMap((f) => this.files.get(f)!.follower.runs);
    this.joined = joinResults(runs, { ...(this.metric !== undefined ? { metric: this.metric } : {}), fallback: true });
    this.joinProblems = new Map();
    for (const p of this.joined.problems) {
      const list = this.joinProblems.get(p.file);
      if (list) list.push(p);
      else this.joinProblems.set(p.file, [p]);
    }
    this.bestFirst = new Map();
    this.generation++;
  }

  private summary(maxProblems: number, how: ReadonlyMap<string, ResultsFileSummary['read']>): ResultsSummary {
    const files = this.order.map((file): ResultsFileSummary => {
      const state = this.files.get(file)!;
      const own = state.follower.problems;
      const joined = this.joinProblems.get(file) ?? [];
      let errors = 0;
      for (const p of own) if (p.severity === 'error') errors++;
      for (const p of joined) if (p.severity === 'error') errors++;
      const warnings = own.length + joined.length - errors;
      const key = `${state.reads}|${joined.length}|${describeProblem(joined[0])}|${describeProblem(joined[joined.length - 1])}`;
      const send = key !== state.sent;
      state.sent = key;
      const f = state.follower;
      return {
        file,
        runs: f.runs.length,
        lines: f.lines,
        bytes: f.bytes,
        errors,
        warnings,
        read: how.get(file) ?? 'unchanged',
        ...(send ? { problems: firstProblems(own, joined, maxProblems) } : {}),
      };
    });
    return {
      store: this.id,
      generation: this.generation,
      files,
      metrics: this.joined.metrics,
      runs: files.reduce((n, f) => n + f.runs, 0),
      measuredCells: this.joined.cells.length,
    };
  }

  /** The measured cells of the keys, in order (null where a key is not measured). */
  query(request: ResultsQueryRequest): { generation: number; measured: (MeasuredEntry | null)[] } {
    this.check(request.store);
    const index = this.joined.index;
    return { generation: this.generation, measured: request.keys.map((k) => entryOf(index.get(k.space, k.hash))) };
  }

  /** A space's measured cells best first, scored by the model, and the model's agreement with all of them. */
  async report(request: ResultsReportRequest): Promise<ResultsReport> {
    this.check(request.store);
    const generation = this.generation;
    const joined = this.joined;
    const cells = this.bestFirstOf(request.space);
    const choice = joined.metrics.find((m) => m.space === request.space);
    const base = { generation, space: request.space, ...(choice ? { choice } : {}), measuredCells: cells.length };
    let scores: Map<string, number> | undefined;
    let agreement: Agreement | undefined;
    let modelError: string | undefined;
    if (request.modelDir !== undefined && cells.length) {
      try {
        const model = await this.models.get(request.modelDir);
        const space = model.surrogate.config.space;
        if (space !== request.space) throw new Error(`the model in ${request.modelDir} ranks ${space} cells, not ${request.space} cells`);
        scores = await this.scoresOf(model, cells);
        agreement = await this.agreementOf(model, request.space, request.seed, generation, cells, scores);
      } catch (e) {
        if (e instanceof CodedError) throw e;
        modelError = e instanceof Error ? e.message : String(e);
      }
    }
    const listed = pick(cells.length, request.best, request.cells).map((order): ReportedCell => {
      const c = cells[order];
      const score = scores?.get(c.hash);
      return { ...entryOf(c)!, order, ...(score !== undefined ? { score } : {}) };
    });
    return { ...base, cells: listed, ...(agreement ? { agreement } : {}), ...(modelError !== undefined ? { modelError } : {}) };
  }

  /** The measured cells of a space in the order they were first measured (as `nas-lens fit` reads them), for a fit or a suggestion. */
  cellsOf(request: ResultsCellsRequest): ResultsCells {
    this.check(request.store);
    const joined = this.joined.cells.filter((c) => c.space === request.space);
    const cells = joined.map(({ space, hash, cell, metric, mean, std, runs }): MeasuredCell => ({ space, hash, cell, metric, mean, std, runs }));
    const metric = this.joined.metrics.find((m) => m.space === request.space)?.metric;
    const files = this.order.filter((f) => joined.some((c) => c.files.includes(f)));
    return {
      generation: this.generation,
      space: request.space,
      ...(metric !== undefined ? { metric } : {}),
      cells,
      runs: cells.reduce((n, c) => n + c.runs, 0),
      files,
    };
  }

  private check(store: string): void {
    if (store !== this.id)
      throw new CodedError('results-store-missing', `the worker holds results store ${this.id}, not ${store} (it was restarted): sync again`);
  }

  /** The space's measured cells, highest mean first (ties: the earlier first run), once per generation. */
  private bestFirstOf(space: SpaceId): JoinedCell[] {
    let list = this.bestFirst.get(space);
    if (!list) {
      list = this.joined.cells.filter((c) => c.space === space);
      list.sort((a, b) => b.mean - a.mean);
      this.bestFirst.set(space, list);
    }
    return list;
  }

  /** Scores of the cells by hash, from the model's cache here; only hashes not scored before are scored. */
  private async scoresOf(model: ScoringModel, cells: readonly JoinedCell[]): Promise<Map<string, number>> {
    let cache = this.scores.get(model);
    if (!cache) this.scores.set(model, (cache = new Map()));
    const missing = cells.filter((c) => !cache.has(c.hash));
    if (missing.length) {
      const fresh = await scoreCells(
        model,
        missing.map((c) => c.cell),
      );
      missing.forEach((c, i) => cache.set(c.hash, fresh[i]));
    }
    return cache;
  }

  /**
   * One agreement per (model, space, seed) and generation. A newer generation's waits for the one
   * running, and is dropped as stale (the host asks again) when the results moved on meanwhile.
   */
  private agreementOf(
    model: ScoringModel,
    space: SpaceId,
    seed: number,
    generation: number,
    cells: readonly JoinedCell[],
    scores: ReadonlyMap<string, number>,
  ): Promise<Agreement> {
    let slots = this.agreements.get(model);
    if (!slots) this.agreements.set(model, (slots = new Map()));
    const key = `${space}:${seed}`;
    const slot = slots.get(key);
    if (slot && slot.generation === generation) return slot.promise;
    const predicted = cells.map((c) => scores.get(c.hash)!);
    const measured = cells.map((c) => c.mean);
    const promise = (slot?.promise ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => {
        if (this.generation !== generation) throw new CodedError('results-stale', 'the results changed before the agreement was computed: ask again');
        return measureAgreementAsync(predicted, measured, {
          seed,
          between: async () => {
            await this.between();
          },
        });
      });
    slots.set(key, { generation, promise });
    return promise;
  }
}

function entryOf(c: JoinedCell | undefined): MeasuredEntry | null {
  if (!c) return null;
  const { cell: _cell, ...entry } = c;
  return entry;
}

function describeProblem(p: ResultProblem | undefined): string {
  return p ? `${p.line}:${p.column}:${p.code}` : '';
}

/** The first `max` problems of a file, its own and the join's, by line then column. */
function firstProblems(own: readonly ResultProblem[], joined: readonly ResultProblem[], max: number): ResultProblem[] {
  const all = joined.length ? [...own, ...joined].sort((a, b) => a.line - b.line || a.column - b.column) : own;
  return all.slice(0, Math.max(0, max));
}

/** Positions to list of `n` best-first cells: the best `best`, then an even sample of the others up to `total`. */
export function pick(n: number, best: number, total: number): number[] {
  const head = Math.min(n, Math.max(0, best));
  const all = Math.min(n, Math.max(head, total));
  const out = Array.from({ length: head }, (_, i) => i);
  const rest = n - head;
  const want = all - head;
  if (want <= 0) return out;
  if (want >= rest) {
    for (let i = head; i < n; i++) out.push(i);
    return out;
  }
  // Evenly spaced over the rest, the last (lowest) cell included: the scatter keeps the whole range.
  for (let k = 0; k < want; k++) out.push(head + Math.round((k * (rest - 1)) / Math.max(1, want - 1)));
  return [...new Set(out)];
}
