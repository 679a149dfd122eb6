import type * as TS from 'typescript';
import { buildDarts } from '../build/darts';
import { buildNb101 } from '../build/nb101';
import { buildArchFromExpr } from '../build/nb201';
import type { Built, CellDraft, CellSink } from '../draft';
import { contentRange, error, unexpected, warning } from '../draft';
import type { Expr } from '../literal/expr';
import type { SourceRange } from '../source-range';
import type { Cell, SpaceId } from '../../spaces/types';
import type { CellParts, Diagnostic, Notation } from '../types';
import { DSL_FUNCTIONS, dslBindings, type DslBindings, type DslFunction } from './imports';
import { cellName } from './names';
import { MAX_TS_DEPTH, prescanTs } from './depth-prescan';
import { tsToExpr, unwrap } from './ts-expr';

const SPACE_OF: Readonly<Record<DslFunction, SpaceId>> = { nb201: 'nb201', nb101: 'nb101', darts: 'darts' };
const KEYS: Readonly<Record<DslFunction, readonly string[]>> = { nb201: [], nb101: ['matrix', 'ops'], darts: ['normal', 'reduce'] };

/**
 * Reads a *.nas.ts file with the TypeScript parser, never running it: every call of nb201 / nb101 /
 * darts imported from 'nas-lens/dsl' (under any alias, or through a namespace import) is a cell.
 */
export function readTsDsl(text: string, fileName: string, ts: typeof TS, sink: CellSink): Diagnostic[] {
  // What nests too deeply for the (recursive) TypeScript parser is left out, and said where.
  const scan = prescanTs(text);
  let source: TS.SourceFile;
  try {
    source = ts.createSourceFile(fileName, scan.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return [error('too-deep', 'the file nests too deeply to be read', { start: 0, end: Math.min(text.length, 1) })];
  }
  const tooDeep = scan.tooDeep.slice(0, 20).map((start) =>
    error('too-deep', `this nests more than ${MAX_TS_DEPTH} brackets deep, which NAS Lens does not read (a cell nests a few); the rest of the file is read`, {
      start,
      end: start + 1,
    }),
  );
  const diagnostics = [...tooDeep, ...syntaxDiagnostics(source)];
  const bindings = dslBindings(ts, source);
  const stack: TS.Node[] = [source];
  while (stack.length) {
    const node = stack.pop() as TS.Node;
    if (ts.isCallExpression(node)) {
      const fn = calledFunction(ts, node, bindings);
      if (fn) sink(readCall(ts, source, text, node, fn));
      else if (ts.isIdentifier(node.expression) && (DSL_FUNCTIONS as readonly string[]).includes(node.expression.text)) {
        diagnostics.push(
          warning(
            'not-imported',
            `${node.expression.text} is not imported from 'nas-lens/dsl', so NAS Lens does not read this call`,
            rangeOf(source, node.expression),
          ),
        );
      }
    }
    const children: TS.Node[] = [];
    ts.forEachChild(node, (child) => {
      children.push(child);
    });
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return diagnostics;
}

function calledFunction(ts: typeof TS, call: TS.CallExpression, bindings: DslBindings): DslFunction | undefined {
  const callee = unwrap(ts, call.expression);
  if (ts.isIdentifier(callee)) return bindings.functions.get(callee.text);
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && bindings.namespaces.has(callee.expression.text)) {
    const name = callee.name.text;
    return (DSL_FUNCTIONS as readonly string[]).includes(name) ? (name as DslFunction) : undefined;
  }
  return undefined;
}

function readCall(ts: typeof TS, source: TS.SourceFile, text: string, call: TS.CallExpression, fn: DslFunction): CellDraft {
  const range = rangeOf(source, call);
  const calleeRange = rangeOf(source, call.expression);
  const { name, nameRange } = cellName(ts, source, call, fn);
  const diagnostics: Diagnostic[] = [];
  const [arg, ...extra] = call.arguments;
  for (const e of extra) diagnostics.push(warning('unknown-argument', `${fn}() takes one argument; this one is ignored`, rangeOf(source, e)));
  const parts: { -readonly [K in keyof CellParts]: CellParts[K] } = {};
  let built: Built<Cell>;
  if (!arg) {
    const expected = fn === 'nb201' ? 'an arch string' : `{ ${KEYS[fn].join(', ')} }`;
    built = { diagnostics: [error('missing-argument', `${fn}() needs ${expected}`, calleeRange)], locate: () => undefined };
  } else if (fn === 'nb201') {
    const expr = tsToExpr(ts, source, text, arg);
    built = buildArchFromExpr(expr, 'the arch string');
    if (expr.kind === 'string') parts.arch = contentRange(expr);
  } else {
    const values = objectValues(ts, source, text, arg, fn, diagnostics);
    for (const key of KEYS[fn]) {
      const v = values.get(key);
      if (v) parts[key as 'matrix' | 'ops' | 'normal' | 'reduce'] = { start: v.start, end: v.end };
    }
    built =
      fn === 'nb101'
        ? buildNb101({ matrix: values.get('matrix'), ops: values.get('ops'), anchor: calleeRange })
        : buildDarts({ normal: values.get('normal'), reduce: values.get('reduce'), anchor: calleeRange });
  }
  return {
    name,
    nameRange,
    space: SPACE_OF[fn],
    notation: `ts-${fn}` as Notation,
    // A repeated or unreadable property is an error, yet what could be read is checked too: every problem at once.
    cell: built.value,
    range,
    parts,
    diagnostics: [...diagnostics, ...built.diagnostics],
    locate: built.locate,
  };
}

/** The values of `{ key: literal, … }`; a non-literal argument, shorthand or spread is reported. */
function objectValues(ts: typeof TS, source: TS.SourceFile, text: string, arg: TS.Expression, fn: DslFunction, diagnostics: Diagnostic[]): Map<string, Expr> {
  const values = new Map<string, Expr>();
  const object = unwrap(ts, arg);
  const keys = KEYS[fn];
  if (!ts.isObjectLiteralExpression(object)) {
    diagnostics.push(unexpected(`the argument of ${fn}()`, `an object { ${keys.join(', ')} }`, tsToExpr(ts, source, text, arg)));
    return values;
  }
  for (const property of object.properties) {
    const where = rangeOf(source, property);
    if (ts.isSpreadAssignment(property)) {
      diagnostics.push(unexpected(`the argument of ${fn}()`, `${keys.join(' and ')} written out`, { kind: 'other', what: 'a spread (...)', ...where }));
      continue;
    }
    const key = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : undefined;
    if (!key || !keys.includes(key)) {
      diagnostics.push(
        warning('unknown-key', `${fn}() reads only ${keys.join(' and ')}; this property is ignored`, property.name ? rangeOf(source, property.name) : where),
      );
      continue;
    }
    if (values.has(key)) {
      diagnostics.push(error('duplicate-key', `${key} is given twice`, rangeOf(source, property.name)));
      continue;
    }
    if (ts.isPropertyAssignment(property)) {
      values.set(key, tsToExpr(ts, source, text, property.initializer));
    } else if (ts.isShorthandPropertyAssignment(property)) {
      values.set(key, { kind: 'name', name: key, ...rangeOf(source, property.name) });
    } else {
      values.set(key, { kind: 'other', what: 'a method', ...where });
    }
  }
  return values;
}

function syntaxDiagnostics(source: TS.SourceFile): Diagnostic[] {
  // parseDiagnostics is not in the public typings, but it is how a lone SourceFile carries its syntax errors.
  const found = (source as unknown as { parseDiagnostics?: readonly TS.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  return found.slice(0, 100).map((d) => {
    const message = typeof d.messageText === 'string' ? d.messageText : d.messageText.messageText;
    return error('syntax', `TypeScript syntax: ${message}`, { start: d.start, end: d.start + Math.max(d.length, 0) });
  });
}

export function rangeOf(source: TS.SourceFile, node: TS.Node): SourceRange {
  return { start: node.getStart(source), end: node.end };
}
