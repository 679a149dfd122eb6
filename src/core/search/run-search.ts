import type { Cell } from '../spaces/types';
import type { Evaluator, ScoredCell, Strategy, StrategyState } from './types';

export interface RunSearchOptions<C extends Cell> {
  /** Maximum number of evaluated cells (queries). */
  readonly budget: number;
  /** Wall-clock limit; checked between batches. */
  readonly timeMs?: number;
  /**
   * Cells asked and evaluated together; default 1 (sequential, as in NASLib). A function is asked
   * before every batch (e.g. to keep batches short in time).
   */
  readonly batchSize?: number | (() => number);
  readonly signal?: AbortSignal;
  readonly shouldStop?: () => boolean;
  readonly onProgress?: (progress: SearchProgress<C>) => void;
  /** Clock in milliseconds; default Date.now. */
  readonly now?: () => number;
}

export interface SearchProgress<C extends Cell> {
  readonly queries: number;
  readonly budget: number;
  readonly elapsedMs: number;
  readonly best?: ScoredCell<C>;
  /** The batch just evaluated. */
  readonly latest: readonly ScoredCell<C>[];
  readonly state: StrategyState<C>;
}

export type StopReason = 'budget' | 'time' | 'stopped' | 'exhausted';

export interface SearchRun<C extends Cell> {
  readonly best?: ScoredCell<C>;
  /** Every evaluated cell in query order. */
  readonly history: readonly ScoredCell<C>[];
  readonly queries: number;
  readonly stoppedBy: StopReason;
  readonly elapsedMs: number;
  readonly state: StrategyState<C>;
}

/** Drives a strategy with ask/tell until the query budget, the time budget or a stop request ends it. */
export async function runSearch<C extends Cell>(strategy: Strategy<C>, evaluate: Evaluator<C>, options: RunSearchOptions<C>): Promise<SearchRun<C>> {
  const now = options.now ?? Date.now;
  const started = now();
  const batchSizeOption = options.batchSize ?? 1;
  const batchSize = () => Math.max(1, Math.floor(typeof batchSizeOption === 'function' ? batchSizeOption() : batchSizeOption));
  const history: ScoredCell<C>[] = [];
  const finish = (stoppedBy: StopReason): SearchRun<C> => ({
    best: strategy.best(),
    history,
    queries: history.length,
    stoppedBy,
    elapsedMs: now() - started,
    state: strategy.state(),
  });
  for (;;) {
    if (history.length >= options.budget) return finish('budget');
    if (options.signal?.aborted || options.shouldStop?.()) return finish('stopped');
    if (options.timeMs !== undefined && now() - started >= options.timeMs) return finish('time');
    await strategy.prepare?.();
    const cells = strategy.ask(Math.min(batchSize(), options.budget - history.length));
    if (!cells.length) return finish('exhausted');
    const scores = await evaluate(cells);
    if (scores.length !== cells.length) throw new Error(`the evaluator returned ${scores.length} scores for ${cells.length} cells`);
    const batch = cells.map((cell, i) => ({ cell, score: scores[i] }));
    strategy.tell(batch);
    history.push(...batch);
    options.onProgress?.({
      queries: history.length,
      budget: options.budget,
      elapsedMs: now() - started,
      best: strategy.best(),
      latest: batch,
      state: strategy.state(),
    });
  }
}
