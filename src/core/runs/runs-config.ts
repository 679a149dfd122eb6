import { getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { offsetToPosition } from '../dsl';
import { parseSlurmTime } from './slurm-time';

/** SLURM options of a run: `#SBATCH` lines of its batch script. */
export interface SlurmOptions {
  readonly partition?: string;
  readonly time?: string;
  readonly cpusPerTask?: number;
  readonly mem?: string;
  readonly gres?: string;
  readonly account?: string;
  readonly qos?: string;
  /** Array tasks running at once (`--array=0-(K-1)%P`); unset: as many as the cluster allows. */
  readonly maxConcurrent?: number;
  /** Extra sbatch options, one per `#SBATCH` line, e.g. "--constraint=a100". */
  readonly sbatch?: readonly string[];
  /** Shell lines run before the command in every task (module load, conda activate). */
  readonly preamble?: readonly string[];
}

export interface LocalOptions {
  /** Processes at once; default: the number of cores. */
  readonly concurrency?: number;
  /** Time limit per run, in SLURM's format (e.g. 30:00). */
  readonly time?: string;
  readonly preamble?: readonly string[];
}

export type BackendKind = 'slurm' | 'local';
export const BACKEND_KINDS: readonly BackendKind[] = ['slurm', 'local'];

/** `nas-lens.runs.json` in a workspace (or the equivalent settings). Every key is optional. */
export interface RunsConfig {
  readonly backend?: BackendKind;
  readonly command?: string;
  readonly seeds?: number;
  /** The results file runs append to, relative to the workspace. */
  readonly results?: string;
  /** The `source` of the results lines, e.g. your recipe's name. */
  readonly source?: string;
  readonly slurm?: SlurmOptions;
  readonly local?: LocalOptions;
}

export interface ConfigProblem {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

type Check = (value: unknown) => string | undefined;

const word =
  (what: string, pattern: RegExp): Check =>
  (v) =>
    typeof v !== 'string'
      ? `${what} must be a string`
      : pattern.test(v)
        ? undefined
        : `${what} '${v}' is not valid (expected ${pattern.source.replace(/^\^|\$$/g, '')})`;
const positiveInteger =
  (what: string): Check =>
  (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= 1 ? undefined : `${what} must be a positive integer`;
const time = (v: unknown) =>
  typeof v !== 'string'
    ? 'time must be a string such as "30:00" or "1-00:00:00"'
    : parseSlurmTime(v) === undefined
      ? `time '${v}' is not a SLURM time (minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS)`
      : undefined;
const lines =
  (what: string, each?: (line: string) => string | undefined): Check =>
  (v) => {
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) return `${what} must be an array of strings`;
    for (const x of v as string[]) {
      if (/[\n\r\0]/.test(x)) return `${what}: one line per entry, no line breaks`;
      const problem = each?.(x);
      if (problem) return problem;
    }
    return undefined;
  };

const NAME = /^[A-Za-z0-9_.,:+@-]+$/;
export const SLURM_CHECKS: Readonly<Record<keyof SlurmOptions, Check>> = {
  partition: word('partition', NAME),
  time,
  cpusPerTask: positiveInteger('cpusPerTask'),
  mem: word('mem', /^\d+(?:\.\d+)?[KMGT]?B?$/i),
  gres: word('gres', /^[A-Za-z0-9_:,.=/-]+$/),
  account: word('account', NAME),
  qos: word('qos', NAME),
  maxConcurrent: positiveInteger('maxConcurrent'),
  sbatch: lines('sbatch', (x) => (x.trim().startsWith('-') ? undefined : `sbatch option '${x}' must start with - (e.g. --constraint=a100)`)),
  preamble: lines('preamble'),
};

export const LOCAL_CHECKS: Readonly<Record<keyof LocalOptions, Check>> = {
  concurrency: positiveInteger('concurrency'),
  time,
  preamble: lines('preamble'),
};

export const TOP_CHECKS: Readonly<Record<Exclude<keyof RunsConfig, 'slurm' | 'local'>, Check>> = {
  backend: (v) => (v === 'slurm' || v === 'local' ? undefined : 'backend must be "slurm" or "local"'),
  command: (v) => (typeof v === 'string' && v.trim() ? undefined : 'command must be a non-empty string'),
  seeds: positiveInteger('seeds'),
  results: (v) => (typeof v === 'string' && v.trim() ? undefined : 'results must be a file path'),
  source: (v) => (typeof v === 'string' ? undefined : 'source must be a string'),
};

/** Problems of SLURM options given outside a file (command-line flags, settings). */
export function checkSlurmOptions(options: SlurmOptions): string[] {
  return checkObject(options as Record<string, unknown>, SLURM_CHECKS);
}

export function checkLocalOptions(options: LocalOptions): string[] {
  return checkObject(options as Record<string, unknown>, LOCAL_CHECKS);
}

function checkObject(options: Record<string, unknown>, checks: Readonly<Record<string, Check>>): string[] {
  return Object.entries(options).flatMap(([key, value]) => {
    if (value === undefined) return [];
    const check = Object.prototype.hasOwnProperty.call(checks, key) ? checks[key] : undefined;
    if (!check) return [`unknown option '${key}'`];
    const problem = check(value);
    return problem ? [problem] : [];
  });
}

/** Reads `nas-lens.runs.json` (JSON with comments). Invalid keys are reported and left out; the rest is kept. */
export function parseRunsConfig(text: string): { config: RunsConfig; problems: ConfigProblem[] } {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true });
  const problems: ConfigProblem[] = [];
  const at = (offset: number, message: string, severity: 'error' | 'warning' = 'error') => {
    const p = offsetToPosition(text, offset);
    problems.push({ severity, message, line: p.line + 1, column: p.character + 1 });
  };
  for (const e of errors) at(e.offset, `JSON: ${printParseErrorCode(e.error)}`);
  if (!root) return { config: {}, problems };
  if (root.type !== 'object') {
    at(root.offset, 'nas-lens.runs.json must hold one object: { "command": …, "backend": …, "slurm": { … } }');
    return { config: {}, problems };
  }
  const config: Record<string, unknown> = {};
  for (const [key, node] of properties(root)) {
    if (key === 'slurm' || key === 'local') {
      if (node.type !== 'object') {
        at(node.offset, `${key} must be an object`);
        continue;
      }
      config[key] = readSection(node, key === 'slurm' ? SLURM_CHECKS : LOCAL_CHECKS, key, at);
      continue;
    }
    const check = Object.prototype.hasOwnProperty.call(TOP_CHECKS, key) ? TOP_CHECKS[key as keyof typeof TOP_CHECKS] : undefined;
    if (!check) {
      at(node.parent?.offset ?? node.offset, `unknown key '${key}' (known: ${[...Object.keys(TOP_CHECKS), 'slurm', 'local'].join(', ')})`, 'warning');
      continue;
    }
    const value = getNodeValue(node);
    const problem = check(value);
    if (problem) at(node.offset, problem);
    else config[key] = value;
  }
  return { config: config as RunsConfig, problems };
}

function readSection(
  node: Node,
  checks: Readonly<Record<string, Check>>,
  section: string,
  at: (offset: number, message: string, severity?: 'error' | 'warning') => void,
) {
  const out: Record<string, unknown> = {};
  for (const [key, child] of properties(node)) {
    const check = Object.prototype.hasOwnProperty.call(checks, key) ? checks[key] : undefined;
    if (!check) {
      at(child.parent?.offset ?? child.offset, `unknown key '${section}.${key}' (known: ${Object.keys(checks).join(', ')})`, 'warning');
      continue;
    }
    const value = getNodeValue(child);
    const problem = check(value);
    if (problem) at(child.offset, `${section}.${problem}`);
    else out[key] = value;
  }
  return out;
}

function* properties(object: Node): Generator<[string, Node]> {
  for (const property of object.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (keyNode && valueNode && typeof keyNode.value === 'string') yield [keyNode.value, valueNode];
  }
}
