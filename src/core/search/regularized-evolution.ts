import type { Cell } from '../spaces/types';
import { DomainStrategy, pushAging } from './domain-strategy';
import { InitialCells } from './initial-cells';
import { bestOf } from './ledger';
import type { ScoredCell, StrategyOptions, StrategyState } from './types';

export interface EvolutionOptions<C extends Cell> extends StrategyOptions<C> {
  /** Population size (NASLib: 30). */
  readonly populationSize?: number;
  /** Tournament size, drawn with replacement (NASLib `sample_size`: 10). */
  readonly sampleSize?: number;
}

/**
 * Regularized (aging) evolution, Real et al. 2019, with NASLib's settings: a random initial
 * population (around the start cell when one is given), then each child mutates the winner of a
 * tournament and replaces the oldest member.
 */
export class RegularizedEvolution<C extends Cell> extends DomainStrategy<C> {
  readonly name = 'evolution';
  private readonly populationSize: number;
  private readonly sampleSize: number;
  /** Oldest first. */
  private readonly population: ScoredCell<C>[] = [];
  private readonly initial: InitialCells<C>;
  private evolving = false;

  constructor(options: EvolutionOptions<C>) {
    super(options);
    this.populationSize = options.populationSize ?? 30;
    this.sampleSize = options.sampleSize ?? 10;
    this.initial = new InitialCells(this.domain, this.rng, options.start);
  }

  ask(n: number): C[] {
    const out = this.initial.take(n, this.populationSize);
    if (!this.initial.done(this.populationSize) || (!this.evolving && (this.ledger.pending > 0 || out.length > 0))) {
      return this.ledger.noteAsked(out); // the initial population is still being drawn or evaluated
    }
    this.evolving = true;
    return this.ledger.noteAsked(this.fill(out, n, () => this.breed()));
  }

  protected override told(result: ScoredCell<C>): void {
    pushAging(this.population, result, this.populationSize);
  }

  state(): StrategyState<C> {
    const populationBest = bestOf(this.population);
    return this.ledger.state(this.name, this.evolving ? 'evolve' : 'init', this.domain.rejected, {
      population: this.population.length,
      ...(populationBest ? { populationBest: populationBest.score } : {}),
    });
  }

  /** A new mutant of a tournament winner; after a few failed tournaments, a random cell. */
  private breed(): C | undefined {
    if (!this.population.length) return this.domain.sampleNew(this.rng);
    for (let attempt = 0; attempt < 5; attempt++) {
      const entrants = Array.from({ length: this.sampleSize }, () => this.rng.pick(this.population));
      const parent = bestOf(entrants) ?? entrants[0];
      const child = this.domain.mutateNew(parent.cell, this.rng);
      if (child) return child;
    }
    return this.domain.sampleNew(this.rng);
  }
}
