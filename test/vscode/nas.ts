// Helpers of the NAS Lens feature tests: the extension's test handle, the fixture models, example
// copies in the workspace, and the providers' output through VS Code's own execute*Provider commands.
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { NasLensApi } from '../../src/extension/api';
import { extension, inWorkspace, waitFor, workspaceRoot } from './util';

/** The extension, activated; its exports are the test handle. */
export async function api(): Promise<NasLensApi> {
  const ext = extension();
  const exports = (ext.isActive ? ext.exports : await ext.activate()) as NasLensApi;
  if (!exports?.ctx) throw new Error('the extension did not return its test handle from activate()');
  return exports;
}

/** The small models of test/vscode/fixtures/workspace/models (nb201 cifar10 + cifar100, nb101 cifar10). */
export const FIXTURE_MODELS = 'models';

/**
 * Ranks with the fixture models only: nasLens.modelFolder → workspace/models, and the bundled
 * media/models hidden behind an empty folder, so tests do not depend on which bundled models exist yet.
 */
export async function useFixtureModels(): Promise<NasLensApi> {
  const a = await api();
  const empty = join(workspaceRoot().fsPath, '.no-bundled-models');
  mkdirSync(empty, { recursive: true });
  a.testing.useBundledModels(empty);
  await setSetting('modelFolder', FIXTURE_MODELS);
  await setSetting('dataset', 'cifar10');
  return a;
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('nasLens').update(key, value, vscode.ConfigurationTarget.Workspace);
  const same = () =>
    JSON.stringify(vscode.workspace.getConfiguration('nasLens').get(key)) ===
    JSON.stringify(value ?? vscode.workspace.getConfiguration('nasLens').inspect(key)?.defaultValue);
  await waitFor(`nasLens.${key} = ${JSON.stringify(value)}`, same, 5000);
}

/** Copies the repo's examples/ into the workspace folder `folder` (once) and returns the copy's uri of `name`. */
export function example(name: string, folder = 'examples'): vscode.Uri {
  const target = join(workspaceRoot().fsPath, folder);
  if (!existsSync(join(target, 'cells.nas.json'))) cpSync(join(extension().extensionPath, 'examples'), target, { recursive: true });
  return inWorkspace(folder, name);
}

/** Writes a file into the workspace and returns its uri. */
export async function writeWorkspaceFile(name: string, text: string): Promise<vscode.Uri> {
  const uri = inWorkspace(name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

/** CodeLens titles of a document, grouped by line. */
export async function lensesByLine(uri: vscode.Uri): Promise<Map<number, string[]>> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
  const byLine = new Map<number, string[]>();
  for (const l of lenses) {
    const title = l.command?.title;
    if (!title) continue;
    const list = byLine.get(l.range.start.line) ?? [];
    list.push(title);
    byLine.set(l.range.start.line, list);
  }
  return byLine;
}

/** Every NAS Lens CodeLens title of a document, in line order. */
export async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const byLine = await lensesByLine(uri);
  return [...byLine.keys()].sort((a, b) => a - b).flatMap((l) => byLine.get(l)!);
}

/** Waits until the lenses of `uri` satisfy `ok` (models load asynchronously the first time). */
export async function waitForLenses(uri: vscode.Uri, what: string, ok: (titles: string[]) => boolean, timeoutMs = 20_000): Promise<string[]> {
  let last: string[] = [];
  try {
    return await waitFor(
      what,
      async () => {
        last = await lensTitles(uri);
        return ok(last) ? last : undefined;
      },
      timeoutMs,
      200,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; lenses: ${JSON.stringify(last)}`);
  }
}

export async function inlayHints(uri: vscode.Uri): Promise<vscode.InlayHint[]> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const range = new vscode.Range(0, 0, doc.lineCount, 0);
  return (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri, range)) ?? [];
}

export function hintText(h: vscode.InlayHint): string {
  return typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('');
}

export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

/** Position of the first occurrence of `needle` in the document (plus `delta` characters). */
export async function positionOf(uri: vscode.Uri, needle: string, delta = 0): Promise<vscode.Position> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const at = doc.getText().indexOf(needle);
  if (at < 0) throw new Error(`${needle} not found in ${uri.fsPath}`);
  return doc.positionAt(at + delta);
}

export function nasDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'NAS Lens');
}

/** Counts the cells the ranking worker is asked to score (the model registry scores every batch through ctx.scorer). */
export function countScoredCells(a: NasLensApi): { count: number; restore(): void } {
  const scorer = a.ctx.scorer as { score: (dir: string, cells: readonly unknown[]) => Promise<unknown> };
  const original = scorer.score;
  const counter = {
    count: 0,
    restore: () => {
      scorer.score = original;
    },
  };
  scorer.score = (dir, cells) => {
    counter.count += cells.length;
    return original.call(a.ctx.scorer, dir, cells);
  };
  return counter;
}
