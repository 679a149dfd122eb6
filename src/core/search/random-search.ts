import type { Cell } from '../spaces/types';
import { DomainStrategy } from './domain-strategy';
import type { StrategyOptions, StrategyState } from './types';

/** Uniform random sampling without repeats; the start cell, when given, is the first proposal. */
export class RandomSearch<C extends Cell> extends DomainStrategy<C> {
  readonly name = 'random';
  private start: C | undefined;

  constructor(options: StrategyOptions<C>) {
    super(options);
    this.start = options.start;
  }

  ask(n: number): C[] {
    const out: C[] = [];
    if (this.start && n > 0) {
      if (this.domain.claim(this.start)) out.push(this.start);
      this.start = undefined;
    }
    return this.ledger.noteAsked(this.fill(out, n, () => this.domain.sampleNew(this.rng)));
  }

  state(): StrategyState<C> {
    return this.ledger.state(this.name, 'sample', this.domain.rejected);
  }
}
