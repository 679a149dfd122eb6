import type { Cell } from '../spaces/types';
import { EpsSearch, type EpsOptions } from './eps-search';
import { LocalSearch, type LocalSearchOptions } from './local-search';
import { NarSearch, type NarOptions } from './nar-search';
import { PredictorSearch, type FitAndScore, type PredictorOptions } from './predictor-search';
import { RandomSearch } from './random-search';
import { RegularizedEvolution, type EvolutionOptions } from './regularized-evolution';
import type { Strategy, StrategyOptions } from './types';

export const STRATEGY_NAMES = ['random', 'local', 'local-first', 'evolution', 'nar', 'eps', 'predictor'] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

export function isStrategyName(value: unknown): value is StrategyName {
  return typeof value === 'string' && (STRATEGY_NAMES as readonly string[]).includes(value);
}

/** The options of every strategy; each reads its own. `predictor` requires `fitAndScore`. */
export type AnyStrategyOptions<C extends Cell> = StrategyOptions<C> &
  Omit<LocalSearchOptions<C>, 'improvement'> &
  EvolutionOptions<C> &
  NarOptions<C> &
  EpsOptions<C> &
  Partial<Omit<PredictorOptions<C>, 'fitAndScore'>> & { readonly fitAndScore?: FitAndScore<C> };

export function createStrategy<C extends Cell>(name: StrategyName, options: AnyStrategyOptions<C>): Strategy<C> {
  switch (name) {
    case 'random':
      return new RandomSearch(options);
    case 'local':
      return new LocalSearch({ ...options, improvement: 'best' });
    case 'local-first':
      return new LocalSearch({ ...options, improvement: 'first' });
    case 'evolution':
      return new RegularizedEvolution(options);
    case 'nar':
      return new NarSearch(options);
    case 'eps':
      return new EpsSearch(options);
    case 'predictor': {
      const fitAndScore = options.fitAndScore;
      if (!fitAndScore) throw new Error("the 'predictor' strategy needs a fitAndScore function (the surrogate's fit + predict)");
      return new PredictorSearch({ ...options, fitAndScore });
    }
  }
}
