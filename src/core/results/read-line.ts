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
import { scanEnvelope } from './envelope';
import type { LineCell, LineCellReader } from './line-cell';
import { newRun, readRunInfo, type Fields, type LineLocation, type LineOptions, type LineRead } from './line-fields';
import { readScanned } from './scanned-line';
import { maskNonFiniteNumbers } from './non-finite';

const KNOWN_KEYS = ['cell', 'space', 'metrics', 'seed', 'epochs', 'source', 'name', 'hash', 'time', 'run'];
const SHAPE = 'a results line is one JSON object: {"cell": …, "metrics": {"test_acc": 71.2}, "seed": 1, …}';
const SPACES = 'nb201, nb101 or darts';

/** Problems of one line so far; `counted` turns false at the first error. */
interface Report {
  readonly diagnostics: Diagnostic[];
  counted: boolean;
}

function report(r: Report, d: Diagnostic): void {
  r.diagnostics.push(d);
  if (d.severity === 'error') r.counted = false;
}

/**
 * Reads one line of a `*.nas-results.jsonl` file (schema: media/schema/nas-results.schema.json).
 * Never throws. A plain one-object line takes a fast path that builds its cell only when no earlier
 * line wrote the same cell text; it gives exactly what readResultLineFully gives.
 */
export function readResultLine(line: string, cells: LineCellReader, options: LineOptions = {}, at: LineLocation = { file: '', line: 1 }): LineRead {
  const envelope = scanEnvelope(line);
  return (envelope && readScanned(line, envelope, cells, options, at)) || readResultLineFully(line, cells, options, at);
}

/** The reference reader: the whole line through the DSL's JSON reader, every value built. */
export function readResultLineFully(line: string, cells: LineCellReader, options: LineOptions = {}, at: LineLocation = { file: '', line: 1 }): LineRead {
  let masked: ReadonlyMap<number, string> = NO_TOKENS;
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
  const r: Report = { diagnostics: [], counted: true };
  const props = properties(root, 'this line', r);
  const cellProperty = find(props, 'cell');
  const cell = cellProperty ? cells.read(cellProperty.value, line) : undefined;
  return interpret(
    root.start,
    props.filter((p) => p !== cellProperty),
    cell,
    cellProperty?.value,
    masked,
    options,
    at,
    r,
  );
}

/** Everything after the line's JSON is read: cell, space, metrics, fields, each problem where it lies (`props` without the cell). */
function interpret(
  rootStart: number,
  props: readonly Property[],
  cell: LineCell | undefined,
  cellRange: SourceRange | undefined,
  masked: ReadonlyMap<number, string>,
  options: LineOptions,
  at: LineLocation,
  r: Report,
): LineRead {
  for (const p of props) {
    if (KNOWN_KEYS.includes(p.name)) continue;
    const guess = closestName(p.name, KNOWN_KEYS);
    r.diagnostics.push(
      warning(
        'unknown-key',
        `unknown key "${p.name}" in a results line${guess ? `; did you mean "${guess}"?` : `; known keys: ${KNOWN_KEYS.join(', ')}`}`,
        p.key,
      ),
    );
  }
  if (!cell) report(r, error('missing-key', `this line has no "cell"; ${SHAPE}`, { start: rootStart, end: rootStart + 1 }));
  else for (const d of cell.diagnostics) report(r, d);

  const space = readSpace(find(props, 'space'), cell?.space, r);
  const metrics = readMetrics(find(props, 'metrics'), rootStart, masked, r);
  const fields = readFields(props, masked, r);

  if (!r.counted || !cell?.cell || !cell.hash || !metrics) return { diagnostics: r.diagnostics };
  const runSpace = space ?? cell.cell.space;
  if (options.space && runSpace !== options.space) {
    r.diagnostics.push(
      warning('other-space', `a ${getSpace(runSpace).label} run; ${getSpace(options.space).label} results are read here, so it is not counted`, cellRange!),
    );
    return { diagnostics: r.diagnostics };
  }
  return { run: newRun(at, runSpace, cell.hash, cell.cell, metrics, fields), diagnostics: r.diagnostics };
}

const NO_TOKENS: ReadonlyMap<number, string> = new Map();

interface Property {
  readonly name: string;
  readonly key: SourceRange;
  readonly value: Expr;
}

function find(props: readonly Property[], name: string): Property | undefined {
  for (const p of props) if (p.name === name) return p;
  return undefined;
}

/** An object's properties in order; a key given twice makes the line ambiguous, so it is an error (the first is kept). */
function properties(object: DictExpr, where: string, r: Report): Property[] {
  const props: Property[] = [];
  const many = object.entries.length > 16 ? new Set<string>() : undefined;
  for (const { key, value } of object.entries) {
    if (key.kind !== 'string') continue;
    const name = key.value;
    if (many ? many.has(name) : find(props, name)) {
      report(r, error('duplicate-key', `"${name}" is given twice in ${where}; a run states each key once, so the line is not counted`, key));
      continue;
    }
    many?.add(name);
    props.push({ name, key, value });
  }
  return props;
}

function readSpace(property: Property | undefined, cellSpace: SpaceId | undefined, r: Report): SpaceId | undefined {
  if (!property) return undefined;
  const value = property.value;
  if (value.kind !== 'string' || !isSpaceId(value.value)) {
    const found = value.kind === 'string' ? `"${value.value}"` : describe(value);
    report(r, error('bad-space', `"space" must be ${SPACES}; found ${found}`, value));
    return undefined;
  }
  if (cellSpace && cellSpace !== value.value) {
    report(
      r,
      error(
        'space-mismatch',
        `"space" is "${value.value}" but "cell" is a ${getSpace(cellSpace).label} cell; give "space": "${cellSpace}" or a ${getSpace(value.value).label} cell`,
        value,
      ),
    );
  }
  return value.value;
}

function readMetrics(property: Property | undefined, rootStart: number, masked: ReadonlyMap<number, string>, r: Report): Record<string, number> | undefined {
  if (!property) {
    report(
      r,
      error('missing-key', 'this line has no "metrics"; give at least one measured value, e.g. "metrics": {"test_acc": 71.2}', {
        start: rootStart,
        end: rootStart + 1,
      }),
    );
    return undefined;
  }
  const value = property.value;
  if (value.kind !== 'dict') {
    report(r, error('wrong-type', `"metrics" must be an object of numbers, e.g. {"test_acc": 71.2}; found ${describe(value)}`, value));
    return undefined;
  }
  const before = r.diagnostics.length;
  const props = properties(value, '"metrics"', r);
  const duplicate = r.diagnostics.length > before;
  const metrics: Record<string, number> = Object.create(null);
  let count = 0;
  for (const p of props) {
    const v = p.value;
    if (v.kind === 'number' && Number.isFinite(v.value)) {
      metrics[p.name] = v.value;
      count++;
    } else {
      report(r, warning('bad-metric', `metric "${p.name}" ${notANumber(v, masked)}: a metric is a finite number, so this one is not counted`, v));
    }
  }
  if (duplicate) return undefined;
  if (count === 0) {
    report(r, error('no-metric', '"metrics" holds no finite number, so this run is not counted (a failed run has no result)', value));
    return undefined;
  }
  return metrics;
}

function notANumber(v: Expr, masked: ReadonlyMap<number, string>): string {
  const token = masked.get(v.start);
  if (token) return `is ${token}`;
  if (v.kind === 'number') return `overflows (${v.value})`;
  if (v.kind === 'name' && v.name === 'null') return 'is empty (null)';
  if (v.kind === 'string') return v.value.trim() === '' ? 'is empty ("")' : `is a string ("${v.value.slice(0, 20)}"); write the number without quotes`;
  return `is ${describe(v)}`;
}

function readFields(props: readonly Property[], masked: ReadonlyMap<number, string>, r: Report): Fields {
  const fields: Fields = {};
  const seed = find(props, 'seed')?.value;
  if (seed) {
    if (seed.kind === 'number' && Number.isSafeInteger(seed.value)) fields.seed = seed.value;
    else ignored(r, 'seed', 'an integer', seed, masked);
  }
  const epochs = find(props, 'epochs')?.value;
  if (epochs) {
    if (epochs.kind === 'number' && Number.isFinite(epochs.value) && epochs.value >= 0) fields.epochs = epochs.value;
    else ignored(r, 'epochs', 'a number ≥ 0', epochs, masked);
  }
  for (const key of ['source', 'name', 'time', 'hash'] as const) {
    const v = find(props, key)?.value;
    if (!v) continue;
    if (v.kind !== 'string') ignored(r, key, 'a string', v, masked);
    else if (key !== 'hash') fields[key] = v.value;
  }
  const run = find(props, 'run')?.value;
  if (run) {
    const info = readRunInfo(run);
    if (info) fields.run = info;
    else ignored(r, 'run', 'an object with "id" (a string) and "backend" ("slurm" or "local")', run, masked);
  }
  return fields;
}

function ignored(r: Report, key: string, expected: string, v: Expr, masked: ReadonlyMap<number, string>): void {
  report(r, warning('bad-value', `"${key}" must be ${expected}; found ${masked.get(v.start) ?? describe(v)}, which is ignored`, v));
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

export type { LineLocation, LineOptions, LineRead };
