// The argument that lenses, hover links and quick fixes hand to the cell commands, and its check
// (arguments can come from a command link, so they are validated like any outside input).
import type * as vscode from 'vscode';
import type { CellInfo } from '../analysis/analyzer';

export interface CellArgs {
  readonly uri: string;
  readonly version: number;
  readonly index: number;
  readonly name: string;
}

export function cellArgs(doc: { uri: vscode.Uri }, version: number, c: CellInfo): CellArgs {
  return { uri: doc.uri.toString(), version, index: c.index, name: c.parsed.name };
}

export function parseCellArgs(value: unknown): CellArgs | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.uri !== 'string' || v.uri.length > 4096) return undefined;
  if (!Number.isInteger(v.version) || !Number.isInteger(v.index) || (v.index as number) < 0) return undefined;
  if (typeof v.name !== 'string' || v.name.length > 1000) return undefined;
  return { uri: v.uri, version: v.version as number, index: v.index as number, name: v.name };
}
