import type { SpaceId } from '../spaces/types';

/** How the metric a space's results are joined on was chosen. */
export type MetricRule = 'explicit' | 'first-test' | 'first-val' | 'first';

export interface MetricChoice {
  readonly space: SpaceId;
  /** Undefined when an explicit metric is measured by no run of the space. */
  readonly metric?: string;
  readonly rule: MetricRule;
  /** Every metric the space's runs report, in first-seen order. */
  readonly available: readonly string[];
}

const TEST = /(?:^|[_\-. ])test(?:$|[_\-. ])/i;
const VAL = /(?:^|[_\-. ])val(?:id|idation)?(?:$|[_\-. ])/i;

/**
 * The metric ranked by default: the first test metric (a name with the word "test": test_acc,
 * c10_test_200), else the first validation metric (val_acc, c10_valid_200, val_108), else the first.
 */
export function defaultMetric(available: readonly string[]): { metric?: string; rule: Exclude<MetricRule, 'explicit'> } {
  const test = available.find((m) => TEST.test(m));
  if (test !== undefined) return { metric: test, rule: 'first-test' };
  const val = available.find((m) => VAL.test(m));
  if (val !== undefined) return { metric: val, rule: 'first-val' };
  return { metric: available[0], rule: 'first' };
}

export function chooseMetric(space: SpaceId, available: readonly string[], explicit?: string): MetricChoice {
  if (explicit !== undefined) return { space, ...(available.includes(explicit) ? { metric: explicit } : {}), rule: 'explicit', available };
  const { metric, rule } = defaultMetric(available);
  return { space, ...(metric !== undefined ? { metric } : {}), rule, available };
}

export function describeRule(rule: MetricRule): string {
  switch (rule) {
    case 'explicit':
      return 'chosen';
    case 'first-test':
      return 'default: the first test metric';
    case 'first-val':
      return 'default: no test metric, the first validation metric';
    case 'first':
      return 'default: no test or validation metric, the first metric';
  }
}
