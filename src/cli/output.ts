import { formatProblem, type InputProblem } from '../node/read-inputs';
import type { ResultProblem } from '../core/results/runs';
import { isAbsolute, relative, resolve } from 'node:path';

/** Plain aligned columns for terminal output. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A top % column: "2.10%", or the bound when the score is outside a sampled reference set ("< 0.001%"). */
export function topColumn(top: number, outside?: string): string {
  return outside ? `${top < 50 ? '<' : '>'} ${top}%` : `${top.toFixed(2)}%`;
}

/** Problems printed on stderr; --json carries them all. */
const SHOWN_PROBLEMS = 50;

/** Problems on stderr as file:line:column (the first SHOWN_PROBLEMS), then their count. */
export function reportProblems(problems: readonly (ResultProblem | InputProblem)[]): void {
  const shown = problems.slice(0, SHOWN_PROBLEMS);
  for (const p of shown) console.error(formatProblem(p));
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  if (shown.length < problems.length) console.error(`… ${(problems.length - shown.length).toLocaleString('en-US')} more (--json lists them all)`);
  if (problems.length) console.error(`${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/** A path relative to the working directory when it lies under it, else absolute. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), resolve(path));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : resolve(path);
}
