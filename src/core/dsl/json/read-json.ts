import { parseTree, type ParseError } from 'jsonc-parser';
import { isSpaceIdValue, SPACE_LIST } from '../space-ids';
import { closestName } from '../../spaces/suggest';
import type { SpaceId } from '../../spaces/types';
import { buildDarts } from '../build/darts';
import { buildNb101 } from '../build/nb101';
import { buildArchFromExpr, buildEdges } from '../build/nb201';
import type { Built, CellDraft, CellSink } from '../draft';
import { contentRange, error, stringContent, warning } from '../draft';
import type { Cell } from '../../spaces/types';
import type { DictExpr, Expr } from '../literal/expr';
import type { SourceRange } from '../source-range';
import type { CellParts, Diagnostic, Notation } from '../types';
import { DEFERRED, readJsoncFast, readJsoncValueAt } from './fast-jsonc';
import { jsonSyntaxErrors, nodeToExpr } from './json-expr';
import { MAX_JSON_DEPTH, prescanJson } from './prescan';
import { shown } from '../../spaces/user-text';

const TOP_KEYS = ['$schema', 'space', 'cells', 'description'];
const COMMON_CELL_KEYS = ['name', 'space', 'description'];
/** The keys of a cell's values and the space each belongs to (a Map: input keys such as "constructor" are not looked up on an object). */
const VALUE_KEYS: ReadonlyMap<string, SpaceId> = new Map([
  ['arch', 'nb201'],
  ['edges', 'nb201'],
  ['matrix', 'nb101'],
  ['ops', 'nb101'],
  ['normal', 'darts'],
  ['reduce', 'darts'],
]);
const CELL_KEYS = [...COMMON_CELL_KEYS, ...VALUE_KEYS.keys()];
const SHAPES = '"arch" or "edges" (nb201), "matrix" and "ops" (nb101), or "normal" and "reduce" (darts)';

/** Reads a *.nas.json document: { "space"?: …, "cells": [ { "name"?: …, "space"?: …, …values } ] }. */
export function readJsonDsl(text: string, sink: CellSink): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const root = readRoot(text, diagnostics);
  if (root === 'too-deep') return diagnostics;
  if (!root) {
    diagnostics.push(warning('no-cells', 'empty file: a .nas.json file holds { "space": "nb201", "cells": [ … ] }', { start: 0, end: 0 }));
    return diagnostics;
  }
  if (root.kind !== 'dict') {
    diagnostics.push(error('wrong-type', 'a .nas.json file holds one object: { "space": "nb201", "cells": [ … ] }', root));
    return diagnostics;
  }
  const top = properties(root, diagnostics);
  warnUnknownKeys(top, TOP_KEYS, 'at the top level', diagnostics);
  const defaultSpace = readSpace(top.get('space'), diagnostics);
  const cellsProperty = top.get('cells');
  if (!cellsProperty) {
    diagnostics.push(error('missing-key', 'a .nas.json file needs "cells": [ … ]', { start: root.start, end: root.start + 1 }));
    return diagnostics;
  }
  const cellsNode = cellsProperty.value;
  if (cellsNode.kind !== 'list') {
    diagnostics.push(error('wrong-type', '"cells" must be an array of cells', isMissing(cellsNode) ? cellsProperty.key : cellsNode));
    return diagnostics;
  }
  // A value skipped for nesting too deeply is reported once, where the nesting goes too deep.
  const reported = new Set(diagnostics.filter((d) => d.code === 'too-deep').map((d) => d.range.start));
  const fresh = (d: Diagnostic) => d.code !== 'too-deep' || !reported.has(d.range.start);
  cellsNode.items.forEach((item, index) => {
    const node = item.kind === 'other' && item.what === DEFERRED ? readJsoncValueAt(text, item.start) : item;
    const draft = node && readCell(node, index, defaultSpace, diagnostics);
    if (draft) sink(reported.size ? { ...draft, diagnostics: draft.diagnostics.filter(fresh) } : draft);
  });
  return diagnostics;
}

/**
 * The document as literal expressions: well-formed files through a fast reader (cells are built one
 * at a time, later), files with syntax errors through jsonc-parser, which reports them and recovers what it can.
 */
function readRoot(text: string, diagnostics: Diagnostic[]): Expr | undefined | 'too-deep' {
  const fast = readJsoncFast(text, 'cells');
  if (fast.ok) return fast.root;
  // A byte order mark is no syntax error; values nested too deeply and the tails of huge lists are blanked first.
  const scan = prescanJson(text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text);
  const errors: ParseError[] = [];
  let tree;
  try {
    tree = parseTree(scan.text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  } catch {
    diagnostics.push(error('too-deep', 'the JSON nests too deeply to be read', { start: 0, end: Math.min(text.length, 1) }));
    return 'too-deep';
  }
  for (const e of jsonSyntaxErrors(errors, text.length)) diagnostics.push(error('syntax', e.message, e.range));
  for (const start of [...scan.tooDeep].slice(0, 20)) {
    const message = `the JSON nests more than ${MAX_JSON_DEPTH} levels deep here; NAS Lens skips this value (a cell's values nest 5 levels) and reads the rest of the file`;
    diagnostics.push(error('too-deep', message, { start, end: start + 1 }));
  }
  return tree ? nodeToExpr(text, tree, 0, scan) : undefined;
}

interface Property {
  /** The key's text inside its quotes. */
  readonly key: SourceRange;
  readonly value: Expr;
}

/** An object's properties by key; a repeated key is reported and ignored. */
function properties(object: DictExpr, diagnostics: Diagnostic[]): Map<string, Property> {
  const map = new Map<string, Property>();
  for (const { key, value } of object.entries) {
    if (key.kind !== 'string') continue;
    const keyRange = { start: key.contentStart, end: key.contentEnd };
    if (map.has(key.value)) {
      diagnostics.push(error('duplicate-key', `"${shown(key.value)}" is given twice; the first one is used`, keyRange));
      continue;
    }
    map.set(key.value, { key: keyRange, value });
  }
  return map;
}

/** What jsonc-parser leaves where a property has no value. */
function isMissing(expr: Expr): boolean {
  return expr.kind === 'other' && expr.what === 'nothing';
}

function warnUnknownKeys(props: Map<string, Property>, known: readonly string[], where: string, diagnostics: Diagnostic[]): void {
  for (const [name, property] of props) {
    if (known.includes(name)) continue;
    const guess = closestName(name, known);
    const hint = guess ? `; did you mean "${guess}"?` : `; known keys: ${known.join(', ')}`;
    diagnostics.push(warning('unknown-key', `unknown key "${shown(name)}" ${where}${hint}`, property.key));
  }
}

function readSpace(property: Property | undefined, diagnostics: Diagnostic[]): SpaceId | undefined {
  if (!property) return undefined;
  const value = property.value;
  if (value.kind === 'string' && isSpaceIdValue(value.value)) return value.value;
  const found = value.kind === 'string' ? `"${shown(value.value)}"` : 'no string';
  diagnostics.push(error('bad-space', `"space" must be one of ${SPACE_LIST}; found ${found}`, isMissing(value) ? property.key : value));
  return undefined;
}

/** One cell object of a *.nas.json file (also the `cell` of a results line); `index` names an unnamed cell. */
export function readCell(node: Expr, index: number, defaultSpace: SpaceId | undefined, fileDiagnostics: Diagnostic[]): CellDraft | undefined {
  const range = { start: node.start, end: node.end };
  if (node.kind !== 'dict') {
    fileDiagnostics.push(error('wrong-type', `each cell is an object with a "name" and ${SHAPES}`, range));
    return undefined;
  }
  const diagnostics: Diagnostic[] = [];
  const props = properties(node, diagnostics);
  warnUnknownKeys(props, CELL_KEYS, 'in a cell', diagnostics);

  let name = `cell ${index + 1}`;
  let nameRange: SourceRange | undefined;
  const nameProperty = props.get('name');
  if (nameProperty?.value.kind === 'string' && nameProperty.value.value !== '') {
    name = nameProperty.value.value;
    nameRange = stringContent(nameProperty.value);
  } else if (nameProperty) {
    diagnostics.push(error('wrong-type', '"name" must be a non-empty string', isMissing(nameProperty.value) ? nameProperty.key : nameProperty.value));
  }

  const ownSpace = readSpace(props.get('space'), diagnostics);
  const implied = [...new Set([...props.keys()].flatMap((k) => VALUE_KEYS.get(k) ?? []))];
  const space = ownSpace ?? defaultSpace ?? (implied.length === 1 ? implied[0] : undefined);
  const anchor = nameRange ?? { start: node.start, end: node.start + 1 };
  if (!space) {
    const message = implied.length > 1 ? `this cell mixes keys of ${implied.join(' and ')}; give it ${SHAPES}` : `this cell needs ${SHAPES}`;
    fileDiagnostics.push(...diagnostics, error('missing-key', message, anchor));
    return undefined;
  }
  for (const [key, property] of props) {
    const keySpace = VALUE_KEYS.get(key);
    if (!keySpace || keySpace === space) continue;
    const origin = ownSpace ? '' : defaultSpace ? ' (from the top-level "space")' : '';
    diagnostics.push(
      error(
        'space-mismatch',
        `"${key}" belongs to ${keySpace} cells but this cell's space is ${space}${origin}; add "space": "${keySpace}" to the cell`,
        property.key,
      ),
    );
  }

  const value = (key: string) => props.get(key)?.value;
  let notation: Notation;
  let built: Built<Cell>;
  const parts: { -readonly [K in keyof CellParts]: CellParts[K] } = {};
  if (space === 'nb201') {
    const arch = props.get('arch');
    const edges = props.get('edges');
    if (arch && edges) diagnostics.push(error('conflicting-keys', 'give either "arch" or "edges", not both; "arch" is used', edges.key));
    if (arch) {
      notation = 'json-arch';
      const expr = arch.value;
      built = buildArchFromExpr(expr, '"arch"');
      if (expr.kind === 'string') parts.arch = contentRange(expr);
    } else if (edges) {
      notation = 'json-edges';
      built = buildEdges(edges.value, '"edges"', edges.key);
      if (!isMissing(edges.value)) parts.edges = { start: edges.value.start, end: edges.value.end };
    } else {
      notation = 'json-arch';
      built = {
        diagnostics: [error('missing-key', 'an nb201 cell needs "arch" (an arch string) or "edges" (an op per edge)', anchor)],
        locate: () => undefined,
      };
    }
  } else if (space === 'nb101') {
    notation = 'json-nb101';
    built = buildNb101({ matrix: value('matrix'), ops: value('ops'), anchor });
    setValueParts(props, ['matrix', 'ops'], parts);
  } else {
    notation = 'json-darts';
    built = buildDarts({ normal: value('normal'), reduce: value('reduce'), anchor });
    setValueParts(props, ['normal', 'reduce'], parts);
  }
  return {
    name,
    nameRange,
    space,
    notation,
    // A key of another space is an error, yet the cell's own values are read and checked too: every problem at once.
    cell: built.value,
    range,
    parts,
    diagnostics: [...diagnostics, ...built.diagnostics],
    locate: built.locate,
  };
}

function setValueParts(
  props: Map<string, Property>,
  keys: readonly ('matrix' | 'ops' | 'normal' | 'reduce')[],
  parts: { -readonly [K in keyof CellParts]: CellParts[K] },
): void {
  for (const key of keys) {
    const v = props.get(key)?.value;
    if (v && !isMissing(v)) parts[key] = { start: v.start, end: v.end };
  }
}
