import { parseTree, type ParseError } from 'jsonc-parser';
import { error, warning } from '../dsl/draft';
import { readJsoncFast, readJsoncValueAt } from '../dsl/json/fast-jsonc';
import { jsonSyntaxMessage } from '../dsl/json/json-expr';
import { describe, type DictExpr, type Expr } from '../dsl/literal/expr';
import type { SourceRange } from '../dsl/source-range';
import type { Diagnostic } from '../dsl/types';
import { getSpace, isSpaceId } from '../spaces';
import { closestName } from '../spaces/suggest';
import type { Cell, SpaceId } from '../spaces/types';
import { scanEnvelope, type Span } from './envelope';
import type { LineCell, LineCellReader } from './line-cell';
import { maskNonFiniteNumbers } from './non-finite';
import type { ResultRun } from './runs';
import type { RunInfo } from './types';

/** A line read: the run when it counts, and every problem with offsets in the line. */
export interface LineRead {
  readonly run?: ResultRun;
  readonly diagnostics: readonly Diagnostic[];
  /** The line holds no JSON value (blank or a comment only). */
  readonly empty?: boolean;
}

export interface LineOptions {
  /** Read runs of this space only; a run of another space is reported and not counted. */
  readonly space?: SpaceId;
}

/** Where a line is, for the run it gives. */
export interface LineLocation {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
}

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
  return interpret(root.start, props.filter((p) => p !== cellProperty), cell, cellProperty?.value, masked, options, at, r);
}

const enum Key { Cell = 1, Metrics = 2, Space = 4, Seed = 8, Epochs = 16, Source = 32, Name = 64, Time = 128, Hash = 256, Run = 512 }
const KEY_BITS: Readonly<Record<string, Key>> = {
  cell: Key.Cell, metrics: Key.Metrics, space: Key.Space, seed: Key.Seed, epochs: Key.Epochs,
  source: Key.Source, name: Key.Name, time: Key.Time, hash: Key.Hash, run: Key.Run,
};

/**
 * The fast path, for a line without any problem: known keys once each, plain values, a cell (read by
 * text, cached) without a diagnostic. Anything else gives undefined and the full reader reports it.
 */
function readScanned(line: string, envelope: { start: number; spans: Span[] }, cells: LineCellReader, options: LineOptions, at: LineLocation): LineRead | undefined {
  let seen = 0;
  let cellSpan: Span | undefined;
  let metricsSpan: Span | undefined;
  let space: SpaceId | undefined;
  const fields: Fields = {};
  for (const span of envelope.spans) {
    const bit = Object.hasOwn(KEY_BITS, span.name) ? KEY_BITS[span.name] : 0;
    if (!bit || seen & bit) return undefined;
    seen |= bit;
    switch (bit) {
      case Key.Cell:
        cellSpan = span;
        break;
      case Key.Metrics:
        metricsSpan = span;
        break;
      case Key.Space: {
        const value = plainString(line, span);
        if (value === undefined || !isSpaceId(value)) return undefined;
        space = value;
        break;
      }
      case Key.Seed: {
        const value = plainNumber(line, span);
        if (value === undefined || !Number.isSafeInteger(value)) return undefined;
        fields.seed = value;
        break;
      }
      case Key.Epochs: {
        const value = plainNumber(line, span);
        if (value === undefined || value < 0) return undefined;
        fields.epochs = value;
        break;
      }
      case Key.Run: {
        const value = readJsoncValueAt(line, span.valueStart);
        const info = value && value.end === span.valueEnd ? readRunInfo(value) : undefined;
        if (!info) return undefined;
        fields.run = info;
        break;
      }
      default: {
        const value = plainString(line, span);
        if (value === undefined) return undefined;
        if (bit === Key.Source) fields.source = value;
        else if (bit === Key.Name) fields.name = value;
        else if (bit === Key.Time) fields.time = value;
      }
    }
  }
  if (!cellSpan || !metricsSpan) return undefined;
  const metrics = plainMetrics(line, metricsSpan);
  if (!metrics) return undefined;
  const cell = cells.readText(line, cellSpan.valueStart, cellSpan.valueEnd);
  if (!cell?.cell || !cell.hash || cell.diagnostics.length) return undefined;
  if ((space !== undefined && space !== cell.cell.space) || (options.space && cell.cell.space !== options.space)) return undefined;
  return { run: newRun(at, cell.cell.space, cell.hash, cell.cell, metrics, fields), diagnostics: [] };
}

/** A string value without escapes (the envelope scan has rejected control characters). */
function plainString(line: string, span: Span): string | undefined {
  if (line.charCodeAt(span.valueStart) !== 34) return undefined;
  const value = line.slice(span.valueStart + 1, span.valueEnd - 1);
  return value.includes('\\') ? undefined : value;
}

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** A finite JSON number value. */
function plainNumber(line: string, span: Span): number | undefined {
  const text = line.slice(span.valueStart, span.valueEnd);
  if (!JSON_NUMBER.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** A metrics object of finite numbers only, each name once, at least one. */
function plainMetrics(line: string, span: Span): Record<string, number> | undefined {
  const scanned = scanEnvelope(line, span.valueStart, span.valueEnd);
  if (!scanned?.spans.length) return undefined;
  const metrics: Record<string, number> = Object.create(null);
  for (const m of scanned.spans) {
    const value = plainNumber(line, m);
    if (value === undefined || Object.hasOwn(metrics, m.name)) return undefined;
    metrics[m.name] = value;
  }
  return metrics;
}

/** One object of one shape per run: 100,000-line files are read in one go. */
function newRun(at: LineLocation, space: SpaceId, hash: string, cell: Cell, metrics: Record<string, number>, fields: Fields): ResultRun {
  return {
    file: at.file, line: at.line, space, hash, cell, metrics,
    seed: fields.seed, epochs: fields.epochs, source: fields.source, name: fields.name, time: fields.time, run: fields.run,
  };
}

/** Everything after the line's JSON is read, the same for both paths (`props` without the cell). */
function interpret(rootStart: number, props: readonly Property[], cell: LineCell | undefined, cellRange: SourceRange | undefined, masked: ReadonlyMap<number, string>, options: LineOptions, at: LineLocation, r: Report): LineRead {
  for (const p of props) {
    if (KNOWN_KEYS.includes(p.name)) continue;
    const guess = closestName(p.name, KNOWN_KEYS);
    r.diagnostics.push(warning('unknown-key', `unknown key "${p.name}" in a results line${guess ? `; did you mean "${guess}"?` : `; known keys: ${KNOWN_KEYS.join(', ')}`}`, p.key));
  }
  if (!cell) report(r, error('missing-key', `this line has no "cell"; ${SHAPE}`, { start: rootStart, end: rootStart + 1 }));
  else for (const d of cell.diagnostics) report(r, d);

  const space = readSpace(find(props, 'space'), cell?.space, r);
  const metrics = readMetrics(find(props, 'metrics'), rootStart, masked, r);
  const fields = readFields(props, masked, r);

  if (!r.counted || !cell?.cell || !cell.hash || !metrics) return { diagnostics: r.diagnostics };
  const runSpace = space ?? cell.cell.space;
  if (options.space && runSpace !== options.space) {
    r.diagnostics.push(warning('other-space', `a ${getSpace(runSpace).label} run; ${getSpace(options.space).label} results are read here, so it is not counted`, cellRange!));
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
    report(r, error('space-mismatch', `"space" is "${value.value}" but "cell" is a ${getSpace(cellSpace).label} cell; give "space": "${cellSpace}" or a ${getSpace(value.value).label} cell`, value));
  }
  return value.value;
}

function readMetrics(property: Property | undefined, rootStart: number, masked: ReadonlyMap<number, string>, r: Report): Record<string, number> | undefined {
  if (!property) {
    report(r, error('missing-key', 'this line has no "metrics"; give at least one measured value, e.g. "metrics": {"test_acc": 71.2}', { start: rootStart, end: rootStart + 1 }));
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

type Fields = { -readonly [K in 'seed' | 'epochs' | 'source' | 'name' | 'time' | 'run']?: ResultRun[K] };

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
