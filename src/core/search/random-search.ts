import type { Rng } from '../rng';
import type { Cell } from '../spaces/types';
import { Ledger } from './ledger';
import { SearchDomain } from './search-domain';
import type { ScoredCell, Strategy, StrategyOptions, StrategyState } from './types';

/** Uniform random sampling without repeats; the start cell, when given, is the first proposal. */
export class RandomSearch<C extends Cell> implements Strategy<C> {
  readonly name = 'random';
  private readonly domain: SearchDomain<C>;
  private readonly ledger = new Ledger<C>();
  private readonly rng: Rng;
  private start: C | undefined;

  constructor(options: StrategyOptions<C>) {
    this.domain = new SearchDomain(options);
    this.rng = options.rng;
    this.start = options.start;
  }

  ask(n: number): C[] {
    const out: C[] = [];
    if (this.start && n > 0) {
      if (this.domain.claim(this.start)) out.push(this.start);
      this.start = undefined;
    }
    while (out.length < n) {
      const cell = this.domain.sampleNew(this.rng);
      if (!cell) break;
      out.push(cell);
    }
    return this.ledger.noteAsked(out);
  }

  tell(results: readonly ScoredCell<C>[]): void {
    for (const r of results) {
      this.domain.markSeen(r.cell);
      this.ledger.record(r);
    }
  }

  best(): ScoredCell<C> | undefined {
    return this.ledger.best();
  }

  state(): StrategyState<C> {
    return this.ledger.state(this.name, 'sample', this.domain.rejected);
  }
}
