import type { Cell } from '../spaces/types';
import type { ScoredCell, StrategyState } from './types';

/** Counts and results every strategy keeps: what was asked, what was told, the best so far. */
export class Ledger<C extends Cell> {
  asked = 0;
  /** Told results in the order they arrived. */
  readonly results: ScoredCell<C>[] = [];
  private incumbent: ScoredCell<C> | undefined;

  get told(): number {
    return this.results.length;
  }

  get pending(): number {
    return Math.max(0, this.asked - this.results.length);
  }

  noteAsked(cells: readonly C[]): C[] {
    this.asked += cells.length;
    return cells.slice();
  }

  /** Records a result; returns true when it is a new best (strictly higher; the first of equals stays). */
  record(result: ScoredCell<C>): boolean {
    this.results.push(result);
    if (isBetter(result, this.incumbent)) {
      this.incumbent = result;
      return true;
    }
    return false;
  }

  best(): ScoredCell<C> | undefined {
    return this.incumbent;
  }

  state(strategy: string, phase: string, rejected: number, details: Record<string, number> = {}): StrategyState<C> {
    return { strategy, phase, asked: this.asked, told: this.told, pending: this.pending, rejected, best: this.incumbent, details };
  }
}

/** A finite score above the other's (or the other is missing). */
export function isBetter<C extends Cell>(a: ScoredCell<C>, b: ScoredCell<C> | undefined): boolean {
  return Number.isFinite(a.score) && (b === undefined || !Number.isFinite(b.score) || a.score > b.score);
}

/** The best of a list (first of equals), ignoring failed evaluations. */
export function bestOf<C extends Cell>(items: readonly ScoredCell<C>[]): ScoredCell<C> | undefined {
  let best: ScoredCell<C> | undefined;
  for (const item of items) if (isBetter(item, best)) best = item;
  return best;
}
