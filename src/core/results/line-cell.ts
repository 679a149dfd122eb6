import { parseNativeNotations } from '../dsl/document';
import { error } from '../dsl/draft';
import { finishCell, type ValidateCell } from '../dsl/finish';
import { buildArch } from '../dsl/build/nb201';
import { readJsoncValueAt } from '../dsl/json/fast-jsonc';
import { readCell } from '../dsl/json/read-json';
import { describe, type Expr } from '../dsl/literal/expr';
import type { SourceRange } from '../dsl/source-range';
import type { Diagnostic } from '../dsl/types';
import { spaceOf } from '../spaces';
import type { Cell, SpaceId } from '../spaces/types';

/** What the `cell` of a results line reads as; diagnostic ranges are offsets in the line. */
export interface LineCell {
  readonly space?: SpaceId;
  /** Set only for a valid cell (no error), together with its hash. */
  readonly cell?: Cell;
  readonly hash?: string;
  readonly diagnostics: readonly Diagnostic[];
}

export const CELL_NOTATIONS =
  'an NB-201 arch string (|op~0|+|op~0|op~1|+|op~0|op~1|op~2|), a DARTS Genotype(normal=[…], normal_concat=[…], reduce=[…], reduce_concat=[…]) string, ' +
  'a NAS-Bench-101 ModelSpec(matrix=[…], ops=[…]) string, or an object {"arch"} or {"edges"} (NB-201), {"matrix", "ops"} (NB-101), {"normal", "reduce"} (DARTS)';

const CACHE_LIMIT = 1 << 16;
const validate: ValidateCell = (cell) => spaceOf(cell).validate(cell);

/**
 * Reads the `cell` value of results lines with the DSL's own readers (JSON DSL cell objects, arch
 * strings, the native Genotype/ModelSpec notations), so a line accepts exactly what a cell file does.
 * Repeated runs repeat their cell text, so reads are cached by that text (diagnostics kept relative).
 */
export class LineCellReader {
  /** Exact strings (no escapes) by value; anything else by its text in the line. */
  private readonly strings = new Map<string, LineCell>();
  private readonly texts = new Map<string, LineCell>();
  /** readText's cache: FNV-1a of the value text → the texts with that hash and their cells. */
  private readonly byTextHash = new Map<number, { text: string; cell: LineCell }[]>();
  private textEntries = 0;
  /** One string per hash, so that the join's lookups of a cell written many ways compare one string. */
  private readonly hashes = new Map<string, string>();

  /** The cell written as `expr` in `line`. */
  read(expr: Expr, line: string): LineCell {
    const exact = expr.kind === 'string' && expr.exact;
    return this.cached(exact ? this.strings : this.texts, exact ? expr.value : line.slice(expr.start, expr.end), expr.start, () => expr)!;
  }

  /**
   * The cell whose value text is line[start, end), built from the text only when no earlier line
   * wrote the same text; undefined when that text is not one JSON value. Looked up by a hash of the
   * characters, so that a line whose cell was seen before allocates nothing here.
   */
  readText(line: string, start: number, end: number): LineCell | undefined {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ line.charCodeAt(i), 0x01000193);
    const bucket = this.byTextHash.get(h);
    if (bucket) {
      for (const entry of bucket) {
        if (entry.text.length === end - start && line.startsWith(entry.text, start)) return shift(entry.cell, start);
      }
    }
    const expr = readJsoncValueAt(line, start);
    if (!expr || expr.end !== end) return undefined;
    const cell = this.intern(shift(readUncached(expr), -start));
    if (this.textEntries >= CACHE_LIMIT) {
      this.byTextHash.clear();
      this.textEntries = 0;
    }
    const entry = { text: line.slice(start, end), cell };
    if (bucket) bucket.push(entry);
    else this.byTextHash.set(h, [entry]);
    this.textEntries++;
    return shift(cell, start);
  }

  private cached(cache: Map<string, LineCell>, key: string, start: number, build: () => Expr | undefined): LineCell | undefined {
    let relative = cache.get(key);
    if (!relative) {
      const expr = build();
      if (!expr) return undefined;
      relative = this.intern(shift(readUncached(expr), -start));
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(key, relative);
    }
    return start === 0 ? relative : shift(relative, start);
  }

  private intern(read: LineCell): LineCell {
    if (read.hash === undefined) return read;
    const known = this.hashes.get(read.hash);
    if (known !== undefined) return known === read.hash ? read : { ...read, hash: known };
    if (this.hashes.size >= CACHE_LIMIT) this.hashes.clear();
    this.hashes.set(read.hash, read.hash);
    return read;
  }
}

function readUncached(expr: Expr): LineCell {
  if (expr.kind === 'string') return readCellString(expr);
  if (expr.kind === 'dict') {
    const outside: Diagnostic[] = [];
    const draft = readCell(expr, 0, undefined, outside);
    if (!draft) return { diagnostics: outside.length ? outside : [error('unknown-cell', `"cell" must be ${CELL_NOTATIONS}`, expr)] };
    return finished(draft.space, finishCell(draft, validate), outside, expr);
  }
  return { diagnostics: [error('wrong-type', `"cell" must be ${CELL_NOTATIONS}; found ${describe(expr)}`, expr)] };
}

function readCellString(expr: Expr & { kind: 'string' }): LineCell {
  const text = expr.value;
  const lead = text.length - text.trimStart().length;
  const trimmed = text.trim();
  const whole = { start: expr.start, end: expr.end };
  const at = (r: SourceRange): SourceRange => (expr.exact ? { start: expr.contentStart + r.start, end: expr.contentStart + r.end } : whole);
  if (trimmed.startsWith('|')) {
    const built = buildArch(trimmed, expr.contentStart + lead, expr.exact, whole);
    const draft = {
      name: 'cell',
      space: 'nb201' as const,
      notation: 'arch-string' as const,
      cell: built.value,
      range: whole,
      parts: {},
      diagnostics: built.diagnostics,
      locate: built.locate,
    };
    return finished('nb201', finishCell(draft, validate), [], whole);
  }
  if (/^[A-Za-z_][\w.]*\s*\(/.test(trimmed)) {
    const parsed = parseNativeNotations(text);
    const spanning = parsed.cells.filter((c) => c.range.start <= lead && c.range.end >= lead + trimmed.length);
    if (spanning.length === 1) {
      const cell = spanning[0];
      const diagnostics = cell.diagnostics.map((d) => ({ ...d, range: at(d.range) }));
      return finished(cell.space, { ...cell, diagnostics }, [], whole);
    }
  }
  const shown = trimmed.length > 40 ? `${trimmed.slice(0, 40)}…` : trimmed;
  return {
    diagnostics: [
      error('unknown-cell', `"cell" '${shown}' is not a cell NAS Lens reads; write ${CELL_NOTATIONS}`, expr.exact ? at({ start: 0, end: text.length }) : whole),
    ],
  };
}

/** Warnings about how the cell is written; the space's warnings about its design (a degenerate cell) do not concern a measurement. */
const NOTATION_WARNINGS = new Set(['unknown-key', 'unknown-argument']);

function finished(
  space: SpaceId,
  parsed: { cell?: Cell; valid: boolean; diagnostics: readonly Diagnostic[] },
  outside: readonly Diagnostic[],
  whole: SourceRange,
): LineCell {
  const diagnostics = [...outside, ...parsed.diagnostics].filter((d) => d.severity === 'error' || NOTATION_WARNINGS.has(d.code));
  if (!parsed.cell || !parsed.valid || diagnostics.some((d) => d.severity === 'error')) return { space, diagnostics };
  let hash: string;
  try {
    hash = spaceOf(parsed.cell).hash(parsed.cell);
  } catch (e) {
    return { space, diagnostics: [...diagnostics, error('invalid-cell', e instanceof Error ? e.message : String(e), whole)] };
  }
  return { space, cell: parsed.cell, hash, diagnostics };
}

function shift(read: LineCell, by: number): LineCell {
  if (!read.diagnostics.length) return read;
  return { ...read, diagnostics: read.diagnostics.map((d) => ({ ...d, range: { start: d.range.start + by, end: d.range.end + by } })) };
}
