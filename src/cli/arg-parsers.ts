import { InvalidArgumentError } from 'commander';

/** Commander argParsers: a bad value is reported by commander as "option '--x <n>' argument 'y' is invalid. …". */
export function positiveIntegerArg(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a positive integer is expected');
  return n;
}

export function positiveNumberArg(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('a positive number is expected');
  return n;
}

/** `--seeds 3` → seeds 0, 1, 2; `--seeds 1,5,9` → exactly those. */
export function seedsArg(text: string): number[] {
  if (!text.includes(',')) return Array.from({ length: positiveIntegerArg(text) }, (_, i) => i);
  const seeds = text.split(',').map((s) => Number(s.trim()));
  if (seeds.some((s) => !Number.isSafeInteger(s))) throw new InvalidArgumentError('a count (3) or a list of integer seeds (1,5,9) is expected');
  if (new Set(seeds).size !== seeds.length) throw new InvalidArgumentError('the seeds repeat');
  return seeds;
}

/** For repeatable options: each use adds one value. */
export function collectArg(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
