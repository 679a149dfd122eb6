// Which documents NAS Lens reads: *.nas.json and *.nas.ts by name, and files of a few languages in
// which the native notations (NB-201 arch strings, DARTS Genotype(...), NB-101 ModelSpec(...)) appear.
import type * as vscode from 'vscode';
import { documentKind } from '../../core/dsl';

/** Languages scanned for native notations (their activation events are in package.json). */
export const NATIVE_LANGUAGES = ['python', 'markdown', 'plaintext', 'jupyter', 'yaml', 'restructuredtext'] as const;

const SCHEMES = ['file', 'untitled', 'vscode-remote', 'vscode-vfs'];

export const DOCUMENT_SELECTOR: vscode.DocumentFilter[] = [
  ...SCHEMES.flatMap((scheme) => [
    { scheme, pattern: '**/*.nas.json' },
    { scheme, pattern: '**/*.nas.ts' },
    ...NATIVE_LANGUAGES.map((language) => ({ scheme, language })),
  ]),
];

export function isNasDocument(doc: vscode.TextDocument): boolean {
  if (!SCHEMES.includes(doc.uri.scheme)) return false;
  if (documentKind(doc.fileName) !== 'native') return true;
  return (NATIVE_LANGUAGES as readonly string[]).includes(doc.languageId);
}

/** A cheap look for any native notation before the full scan. */
export function mayHoldNativeCells(text: string): boolean {
  return /~[0-9]\|/.test(text) || text.includes('Genotype') || text.includes('ModelSpec');
}
