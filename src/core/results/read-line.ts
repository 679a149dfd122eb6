import { parseTree, type ParseError } from 'jsonc-parser';
import { error, warning } from '../dsl/draft';
import { readJsoncFast } from '../dsl/json/fast-jsonc';
import { jsonSyntaxMessage } from '../dsl/json/json-expr';
import { describe, type DictExpr, type Expr } from '../dsl/literal/expr';
import type { SourceRange } from '../dsl/source-range';
import type { Diagnostic } from '../dsl/types';
import { getSpace, isSpaceId } from '../spaces';
import { closestName } from '../spaces/suggest';
import type { SpaceId } from '../spaces/types';
import { LineCellReader } from './line-cell';
import { maskNonFiniteNumbers } from './non-finite';
import type { ResultRun } from './runs';
import type { RunInfo } from './types';

export type LineRun = Omit<ResultRun, 'file' | 'line'>;

/** A line read: the run when it counts, and every problem with offsets in the line. */
export interface LineRead {
  readonly run?: LineRun;
  readonly diagnostics: readonly Diagnostic[];
  /** The line holds no JSON value (blank or a comment only). */
  readonly empty?: boolean;
}

export interface LineOptions {
  /** Read runs of this space only; a run of another space is reported and not counted. */
  readonly space?: SpaceId;
}

const KNOWN_KEYS = ['cell', 'space', 'metrics', 'seed', 'epochs', 'source', 'name', 'hash', 'time', 'run'];
const SHAPE = 'a results line is one JSON object: {"cell": …, "metrics": {"test_acc": 71.2}, "seed": 1, …}';
const SPACES = 'nb201, nb101 or darts';

/** Reads one line of a `*.nas-results.jsonl` file (schema: media/schema/nas-results.schema.json). Never throws. */
export function readResultLine(line: string, cells: LineCellReader, options: LineOptions = {}): LineRead {
  let masked: ReadonlyMap<number, string> = new Map();
  let fast = readJsoncFast(line);
  if (!fast.ok) {
    const retry = maskNonFiniteNumbers(line);
    if (retry) {
      const again = readJsoncFast(retry.text);
      if (again.ok) {
        fast = again;
        masked = retry.tokens;
      }
    }
  }
  if (!fast.ok) return { diagnostics: [syntaxError(line)] };
  const root = fast.root;
  if (!root) return { diagnostics: [], empty: true };
  if (root.kind !== 'dict') return { diagnostics: [error('wrong-type', `${SHAPE}; found ${describe(root)}`, root)] };

  const diagnostics: Diagnostic[] = [];
  let counted = true;
  const reject = (d: Diagnostic) => {
    diagnostics.push(d);
    if (d.severity === 'error') counted = false;
  };
  const props = properties(root, 'this line', reject);
  for (const [name, p] of props) {
    if (KNOWN_KEYS.includes(name)) continue;
    const guess = closestName(name, KNOWN_KEYS);
    diagnostics.push(warning('unknown-key', `unknown key "${name}" in a results line${guess ? `; did you mean "${guess}"?` : `; known keys: ${KNOWN_KEYS.join(', ')}`}`, p.key));
  }

  const cellProperty = props.get('cell');
  const cell = cellProperty ? cells.read(cellProperty.value, line) : undefined;
  if (!cellProperty) reject(error('missing-key', `this line has no "cell"; ${SHAPE}`, { start: root.start, end: root.start + 1 }));
  else for (const d of cell!.diagnostics) reject(d);

  const space = readSpace(props.get('space'), cell?.space, reject);
  const metrics = readMetrics(props.get('metrics'), root, masked, reject);
  const fields = readFields(props, masked, diagnostics);

  if (!counted || !cell?.cell || !cell.hash || !metrics) return { diagnostics };
  const runSpace = space ?? cell.cell.space;
  if (options.space && runSpace !== options.space) {
    diagnostics.push(warning('other-space', `a ${getSpace(runSpace).label} run; ${getSpace(options.space).label} results are read here, so it is not counted`, cellProperty!.value));
    return { diagnostics };
  }
  return { run: { space: runSpace, hash: cell.hash, cell: cell.cell, metrics, ...fields }, diagnostics };
}

interface Property {
  readonly key: SourceRange;
  readonly value: Expr;
}

/** An object's properties; a key given twice makes the line ambiguous, so it is an error. */
function properties(object: DictExpr, where: string, report: (d: Diagnostic) => void): Map<string, Property> {
  const map = new Map<string, Property>();
  for (const { key, value } of object.entries) {
    if (key.kind !== 'string') continue;
    const range = { start: key.start, end: key.end };
    if (map.has(key.value)) {
      report(error('duplicate-key', `"${key.value}" is given twice in ${where}; a run states each key once, so the line is not counted`, range));
      continue;
    }
    map.set(key.value, { key: range, value });
  }
  return map;
}

function readSpace(property: Property | undefined, cellSpace: SpaceId | undefined, reject: (d: Diagnostic) => void): SpaceId | undefined {
  if (!property) return undefined;
  const value = property.value;
  if (value.kind !== 'string' || !isSpaceId(value.value)) {
    const found = value.kind === 'string' ? `"${value.value}"` : describe(value);
    reject(error('bad-space', `"space" must be ${SPACES}; found ${found}`, value));
    return undefined;
  }
  if (cellSpace && cellSpace !== value.value) {
    reject(error('space-mismatch', `"space" is "${value.value}" but "cell" is a ${getSpace(cellSpace).label} cell; give "space": "${cellSpace}" or a ${getSpace(value.value).label} cell`, value));
  }
  return value.value;
}

function readMetrics(property: Property | undefined, root: Expr, masked: ReadonlyMap<number, string>, reject: (d: Diagnostic) => void): Record<string, number> | undefined {
  if (!property) {
    reject(error('missing-key', 'this line has no "metrics"; give at least one measured value, e.g. "metrics": {"test_acc": 71.2}', { start: root.start, end: root.start + 1 }));
    return undefined;
  }
  const value = property.value;
  if (value.kind !== 'dict') {
    reject(error('wrong-type', `"metrics" must be an object of numbers, e.g. {"test_acc": 71.2}; found ${describe(value)}`, value));
    return undefined;
  }
  let duplicate = false;
  const props = properties(value, '"metrics"', (d) => {
    duplicate = true;
    reject(d);
  });
  const metrics: Record<string, number> = Object.create(null);
  let count = 0;
  for (const [name, p] of props) {
    const v = p.value;
    if (v.kind === 'number' && Number.isFinite(v.value)) {
      metrics[name] = v.value;
      count++;
      continue;
    }
    const token = masked.get(v.start);
    const what = token ? `is ${token}` : v.kind === 'number' ? `overflows (${v.value})` : v.kind === 'name' && v.name === 'null' ? 'is empty (null)' : v.kind === 'string' ? (v.value.trim() === '' ? 'is empty ("")' : `is a string ("${v.value.slice(0, 20)}"); write the number without quotes`) : `is ${describe(v)}`;
    reject(warning('bad-metric', `metric "${name}" ${what}: a metric is a finite number, so this one is not counted`, v));
  }
  if (duplicate) return undefined;
  if (count === 0) {
    reject(error('no-metric', '"metrics" holds no finite number, so this run is not counted (a failed run has no result)', value));
    return undefined;
  }
  return metrics;
}

type Fields = Pick<ResultRun, 'seed' | 'epochs' | 'source' | 'name' | 'time' | 'run'>;

function readFields(props: ReadonlyMap<string, Property>, masked: ReadonlyMap<number, string>, diagnostics: Diagnostic[]): Fields {
  const fields: { -readonly [K in keyof Fields]: Fields[K] } = {};
  const ignored = (key: string, expected: string, v: Expr) =>
    diagnostics.push(warning('bad-value', `"${key}" must be ${expected}; found ${masked.get(v.start) ?? describe(v)}, which is ignored`, v));
  const seed = props.get('seed')?.value;
  if (seed) {
    if (seed.kind === 'number' && Number.isSafeInteger(seed.value)) fields.seed = seed.value;
    else ignored('seed', 'an integer', seed);
  }
  const epochs = props.get('epochs')?.value;
  if (epochs) {
    if (epochs.kind === 'number' && Number.isFinite(epochs.value) && epochs.value >= 0) fields.epochs = epochs.value;
    else ignored('epochs', 'a number ≥ 0', epochs);
  }
  for (const key of ['source', 'name', 'time', 'hash'] as const) {
    const v = props.get(key)?.value;
    if (!v) continue;
    if (v.kind !== 'string') ignored(key, 'a string', v);
    else if (key !== 'hash') fields[key] = v.value;
  }
  const run = props.get('run')?.value;
  if (run) {
    const info = readRunInfo(run);
    if (info) fields.run = info;
    else ignored('run', 'an object with "id" (a string) and "backend" ("slurm" or "local")', run);
  }
  return fields;
}

function readRunInfo(expr: Expr): RunInfo | undefined {
  if (expr.kind !== 'dict') return undefined;
  const get = new Map<string, Expr>();
  for (const { key, value } of expr.entries) if (key.kind === 'string' && !get.has(key.value)) get.set(key.value, value);
  const id = get.get('id');
  const backend = get.get('backend');
  if (id?.kind !== 'string' || backend?.kind !== 'string' || (backend.value !== 'slurm' && backend.value !== 'local')) return undefined;
  const str = (k: string) => { const v = get.get(k); return v?.kind === 'string' ? v.value : undefined; };
  const num = (k: string) => { const v = get.get(k); return v?.kind === 'number' && Number.isFinite(v.value) && v.value >= 0 ? v.value : undefined; };
  const task = num('task');
  const job = str('job');
  const wallSeconds = num('wallSeconds');
  const log = str('log');
  return {
    id: id.value,
    backend: backend.value,
    ...(task !== undefined && Number.isInteger(task) ? { task } : {}),
    ...(job !== undefined ? { job } : {}),
    ...(wallSeconds !== undefined ? { wallSeconds } : {}),
    ...(log !== undefined ? { log } : {}),
  };
}

/** The first syntax error of a line that is not JSON, where jsonc-parser finds it. */
function syntaxError(line: string): Diagnostic {
  const errors: ParseError[] = [];
  try {
    parseTree(line, errors, { allowTrailingComma: true, disallowComments: false });
  } catch {
    return error('too-deep', `this line nests too deeply to be read; ${SHAPE}`, { start: 0, end: Math.min(line.length, 1) });
  }
  const first = errors[0];
  if (!first) return error('syntax', `this line is not JSON, or nests too deeply to be read; ${SHAPE}`, { start: 0, end: line.length });
  const start = Math.max(0, Math.min(first.offset, line.length - 1));
  return error('syntax', `${jsonSyntaxMessage(first.error)}; ${SHAPE}`, { start, end: Math.min(line.length, start + Math.max(first.length, 1)) });
}
