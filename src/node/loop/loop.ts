import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { macroFor } from '../../core/catalog';
import type { FitPrior } from '../../core/fit/types';
import type { LoopEvent, LoopRequest, LoopRound, LoopState } from '../../core/loop/loop-types';
import type { MeasuredCell } from '../../core/results/types';
import { pickId } from '../../core/runs/pick-id';
import { runStatus, type RunState } from '../../core/runs/run-types';
import { getSpace } from '../../core/spaces';
import type { Cell } from '../../core/spaces/types';
import { initialCells, nextBatch } from '../../core/suggest/next-batch';
import { loadFitPrior } from '../fit-prior';
import { bundledModelDir } from '../paths';
import { loadMeasuredOfSpace } from '../results/measured-of-space';
import type { Run } from '../runs/run';
import { RunStore } from '../runs/run-store';
import { writeModelFiles } from '../surrogate-files';
import { createLoopFiles, loopIds, loopsRoot, readLoopRequest, readLoopState, roundModelDir, writeLoopState } from './loop-files';

export interface LoopRunOptions {
  readonly signal?: AbortSignal;
  /** Between questions to the scheduler while a round's run is followed. */
  readonly schedulerMs?: number;
  readonly onEvent?: (event: LoopEvent) => void;
  /** Every event of the rounds' runs (task state changes, results). */
  readonly onRun?: (run: Run) => () => void;
}

/** The loops of one workspace (`.nas-lens/loops/<id>/`). */
export class LoopStore {
  readonly root: string;

  constructor(
    readonly workspace: string,
    readonly runs: RunStore = new RunStore(workspace),
  ) {
    this.root = loopsRoot(workspace);
  }

  create(request: Omit<LoopRequest, 'version' | 'id' | 'createdAt'>): Loop {
    const { dir, request: full } = createLoopFiles(this.workspace, request);
    return new Loop(dir, full, this.runs);
  }

  /** A loop by id, a unique prefix of its id, or `last`. */
  open(idOrPrefix: string): Loop {
    const id = pickId(loopIds(this.workspace), idOrPrefix, { one: 'loop', many: 'loops', where: this.root });
    const dir = join(this.root, id);
    return new Loop(dir, readLoopRequest(dir), this.runs);
  }

  ids(): string[] {
    return loopIds(this.workspace);
  }
}

/**
 * One closed loop: round after round, fit an ensemble to every measured cell, suggest a batch, train
 * it as one run, wait for its results. Every step is written down before it is taken, so a loop
 * stopped at any point (Ctrl-C, a crash, a reboot) resumes where it was and never trains a cell twice.
 */
export class Loop {
  constructor(
    readonly dir: string,
    readonly request: LoopRequest,
    private readonly runs: RunStore,
  ) {}

  get id(): string {
    return this.request.id;
  }

  state(): LoopState {
    return readLoopState(this.dir);
  }

  async run(options: LoopRunOptions = {}): Promise<LoopState> {
    const emit = options.onEvent ?? (() => undefined);
    let state = this.state();
    if (state.status !== 'running') return state;
    for (;;) {
      const last = state.rounds.at(-1);
      if (last) {
        const runState = await this.finishRound(last, options);
        if (runStatus(runState.tasks) === 'active') return state; // stopped while following: resume later
        emit({ type: 'round-end', round: last.round, runId: last.runId, state: runState });
      }
      if (options.signal?.aborted) return state;
      if (state.rounds.length >= this.request.rounds) return this.save({ ...state, status: 'done' });
      const next = await this.startRound(state, emit);
      if ('reason' in next) return this.save({ ...state, status: 'stopped', reason: next.reason });
      state = next.state;
    }
  }

  private save(state: LoopState): LoopState {
    writeLoopState(this.dir, state);
    return state;
  }

  private async finishRound(round: LoopRound, options: LoopRunOptions): Promise<RunState> {
    const run = this.runs.open(round.runId);
    const detach = options.onRun?.(run);
    try {
      const current = run.state();
      if (runStatus(current.tasks) !== 'active') return current;
      return await run.follow({
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.schedulerMs !== undefined ? { schedulerMs: options.schedulerMs } : {}),
      });
    } finally {
      detach?.();
    }
  }

  /** Chooses the next round's cells and creates its run (submitted when it is followed). */
  private async startRound(state: LoopState, emit: (event: LoopEvent) => void): Promise<{ state: LoopState } | { reason: string }> {
    const request = this.request;
    const space = getSpace(request.space);
    const measured = await this.measured(state, emit);
    const round = state.rounds.length + 1;
    const submitted = new Set(state.rounds.flatMap((r) => r.cells.map((c) => c.hash)));
    const measuredHashes = new Set(measured.map((m) => m.hash));
    let cells: Cell[];
    let kind: LoopRound['kind'];
    let fitIndex: number | undefined;
    let shortfall: string | undefined;
    if (state.rounds.length === 0 && measured.length < request.initial) {
      kind = 'initial';
      emit({ type: 'round-start', round, kind, measured: measured.length });
      cells = initialCells(request.space, request.initial, request.seed).filter((c) => !measuredHashes.has(space.hash(c)));
    } else {
      kind = 'suggest';
      fitIndex = state.rounds.filter((r) => r.kind === 'suggest').length;
      emit({ type: 'round-start', round, kind, measured: measured.length });
      if (measured.length < 2) return { reason: `round ${round}: ${measured.length} measured cell${measured.length === 1 ? '' : 's'}, a fit needs at least 2` };
      const previous = [...state.rounds].reverse().find((r) => r.kind === 'suggest');
      const prior: FitPrior | undefined = previous ? await loadFitPrior(roundModelDir(this.dir, previous.round)) : undefined;
      const basePrior: FitPrior | undefined = previous ? undefined : await loadFitPrior(request.priorDir ?? bundledModelDir(request.space, request.dataset));
      const inFlight = state.rounds.flatMap((r) => r.cells).filter((c) => !measuredHashes.has(c.hash));
      const exclude = this.cellsOf(state, new Set(inFlight.map((c) => c.hash)));
      const macro = macroFor(request.space, request.dataset);
      const batch = await nextBatch(measured, {
        space: request.space,
        count: request.batch,
        acquisition: request.acquisition,
        kappa: request.kappa,
        minDistance: request.minDistance,
        searchBudget: request.searchBudget,
        seed: request.seed,
        fitIndex,
        ...(prior ? { prior } : {}),
        ...(basePrior ? { basePrior } : {}),
        ...(exclude.length ? { exclude } : {}),
        ...(request.maxParams !== undefined ? { constraints: { maxParams: request.maxParams, ...(macro ? { macro } : {}) } } : {}),
        onFitProgress: (p) => emit({ type: 'fit', round, fraction: p.fraction }),
      });
      await writeModelFiles(roundModelDir(this.dir, round), batch.model.config, batch.model.weights);
      cells = batch.result.suggestions.map((s) => s.cell);
      shortfall = batch.result.shortfall;
    }
    cells = cells.filter((c) => !submitted.has(space.hash(c)));
    if (!cells.length) return { reason: `round ${round}: no new cell to train${shortfall ? ` (${shortfall})` : ''}` };
    const named = cells.map((cell, i) => ({ cell, name: `${request.id}-r${round}-${i + 1}` }));
    const { run } = await this.runs.create({
      workspace: request.workspace,
      cells: named,
      seeds: request.run.seeds,
      command: request.run.command,
      backend: request.run.backend,
      results: request.results,
      ...(request.run.source ? { source: request.run.source } : {}),
      ...(request.run.backend === 'slurm' ? { slurm: request.run.slurm ?? {} } : { local: request.run.local ?? {} }),
    });
    const record: LoopRound = {
      round,
      kind,
      ...(fitIndex !== undefined ? { fitIndex } : {}),
      measuredBefore: measured.length,
      runId: run.id,
      cells: run.request.cells.map((c) => ({ name: c.name, hash: c.hash })),
      ...(shortfall ? { shortfall } : {}),
      at: new Date().toISOString(),
    };
    const next = this.save({ ...state, rounds: [...state.rounds, record] });
    emit({ type: 'submitted', round: record });
    return { state: next };
  }

  /** The cells of earlier rounds with these hashes (from their runs' requests). */
  private cellsOf(state: LoopState, hashes: ReadonlySet<string>): Cell[] {
    if (!hashes.size) return [];
    return state.rounds.flatMap((r) =>
      this.runs
        .open(r.runId)
        .request.cells.filter((c) => hashes.has(c.hash))
        .map((c) => c.cell),
    );
  }

  /**
   * The measured cells of the loop's space in the order they were measured: cells measured before
   * the loop (sorted by hash), then the loop's own cells in the order its rounds submitted them — the
   * order an oracle-mode replay measures them in, whatever order the jobs finished in.
   */
  private async measured(state: LoopState, emit: (event: LoopEvent) => void): Promise<MeasuredCell[]> {
    const request = this.request;
    if (!existsSync(request.results) || statSync(request.results).size === 0) return [];
    const loaded = await loadMeasuredOfSpace([request.results], {
      space: request.space,
      cwd: request.workspace,
      ...(request.metric !== undefined ? { metric: request.metric } : {}),
    });
    if (loaded.problems.length)
      emit({
        type: 'note',
        message: `${loaded.problems.length} problem${loaded.problems.length === 1 ? '' : 's'} in ${request.results} (those lines are left out)`,
      });
    const byHash = new Map(loaded.cells.map((c) => [c.hash, c] as const));
    const own = state.rounds.flatMap((r) => r.cells.map((c) => c.hash));
    const ownSet = new Set(own);
    const before = loaded.cells.filter((c) => !ownSet.has(c.hash)).sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
    const mine = own.flatMap((h) => {
      const c = byHash.get(h);
      return c ? [c] : [];
    });
    return [...before, ...mine].map(({ space, hash, cell, metric, mean, std, runs }) => ({ space, hash, cell, metric, mean, std, runs }));
  }
}
