import type { Rng } from '../rng';
import type { Cell, SearchSpace } from '../spaces/types';

/** An evaluated cell. Higher scores are better; a non-finite score marks a failed evaluation. */
export interface ScoredCell<C extends Cell = Cell> {
  readonly cell: C;
  readonly score: number;
}

/** Limits a proposed cell must satisfy (through `space.cost(cell, macro)`); cells over a limit are never asked. */
export interface SearchConstraints {
  readonly maxParams?: number;
  readonly maxFlops?: number;
  /** Macro network for cost(); the space's default when absent. */
  readonly macro?: string;
}

/** What every strategy is built from. */
export interface StrategyOptions<C extends Cell = Cell> {
  readonly space: SearchSpace<C>;
  readonly rng: Rng;
  /** Search around this cell: it is asked first (when admissible) and seeds the strategy's starting point. */
  readonly start?: C;
  readonly constraints?: SearchConstraints;
  /**
   * Restricts the universe (e.g. to the labelled cells of an oracle table); cells it refuses are never
   * asked. Called with the cell's canonical hash; each canonical class is asked about once per run.
   */
  readonly allow?: (cell: C, key: string) => boolean;
  /**
   * Remembers canonical hashes by text form; share one across runs over the same space to hash
   * each cell once (NB-101's hash is the costly step of every proposal).
   */
  readonly keyCache?: CellKeyCache;
  /** Attempts at drawing one new admissible cell (sampling or mutating) before giving up; default 200. */
  readonly maxTries?: number;
}

/** Canonical hash by text form (`space.toText`); a plain Map works. */
export interface CellKeyCache {
  get(text: string): string | undefined;
  set(text: string, key: string): unknown;
  readonly size: number;
  clear(): void;
}

/** A snapshot for progress reports. */
export interface StrategyState<C extends Cell = Cell> {
  readonly strategy: string;
  /** What the strategy is doing now, e.g. 'init', 'neighbourhood', 'evolve'. */
  readonly phase: string;
  readonly asked: number;
  readonly told: number;
  /** Asked but not yet told. */
  readonly pending: number;
  /** Candidate cells refused by validation, constraints or the universe so far. */
  readonly rejected: number;
  readonly best?: ScoredCell<C>;
  /** Strategy-specific figures (restarts, population size, tier sizes, …). */
  readonly details: Readonly<Record<string, number>>;
}

/**
 * An ask/tell optimiser. `ask(n)` proposes up to n cells never proposed before in this run
 * (canonical hash), all admissible; it may return fewer, and returns none when the space is
 * exhausted or it waits for pending results. `tell` reports scores (higher = better).
 */
export interface Strategy<C extends Cell = Cell> {
  readonly name: string;
  /** Optional asynchronous work (e.g. fitting a predictor) the driver awaits before every `ask`. */
  prepare?(): Promise<void>;
  ask(n: number): C[];
  tell(results: readonly ScoredCell<C>[]): void;
  best(): ScoredCell<C> | undefined;
  state(): StrategyState<C>;
}

/** Scores cells; oracle mode reads a table, surrogate mode runs the model. Same order as the input. */
export type Evaluator<C extends Cell = Cell> = (cells: readonly C[]) => Promise<readonly number[]>;
