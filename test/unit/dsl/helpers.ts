import { createRequire } from 'node:module';
import { parseDocument, type ParsedCell, type ParsedDocument, type SourceRange, type TypeScriptModule } from '../../../src/core/dsl';

/** As an entry point would: TypeScript is loaded on the first *.nas.ts file only. */
const loadTypeScript = (): TypeScriptModule => createRequire(import.meta.url)('typescript');

/** parseDocument with the TypeScript compiler available. */
export function parse(text: string, fileName: string): ParsedDocument {
  return parseDocument(text, fileName, { typescript: loadTypeScript });
}

export function textAt(text: string, range: SourceRange | undefined): string | undefined {
  return range && text.slice(range.start, range.end);
}

export function cellNamed(doc: ParsedDocument, name: string): ParsedCell {
  const cell = doc.cells.find((c) => c.name === name);
  if (!cell) throw new Error(`no cell named ${name}; cells: ${doc.cells.map((c) => c.name).join(', ')}`);
  return cell;
}

/** "code@text" for each diagnostic, to assert both what and where in one comparison. */
export function codesAt(text: string, diagnostics: readonly { code: string; range: SourceRange }[]): string[] {
  return diagnostics.map((d) => `${d.code}@${text.slice(d.range.start, d.range.end)}`);
}

export const ARCH_A = '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|';
export const ARCH_B = '|none~0|+|skip_connect~0|nor_conv_1x1~1|+|nor_conv_3x3~0|avg_pool_3x3~1|none~2|';
export const DARTS_V2_NORMAL: [string, number][] = [
  ['sep_conv_3x3', 0],
  ['sep_conv_3x3', 1],
  ['sep_conv_3x3', 0],
  ['sep_conv_3x3', 1],
  ['sep_conv_3x3', 1],
  ['skip_connect', 0],
  ['skip_connect', 0],
  ['dil_conv_3x3', 2],
];
export const DARTS_V2_REDUCE: [string, number][] = [
  ['max_pool_3x3', 0],
  ['max_pool_3x3', 1],
  ['skip_connect', 2],
  ['max_pool_3x3', 1],
  ['max_pool_3x3', 0],
  ['skip_connect', 2],
  ['skip_connect', 2],
  ['max_pool_3x3', 1],
];
