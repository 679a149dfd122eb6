// Helpers of the search tests (search.test.ts, restore.test.ts): the settings a suite searches with,
// a cell's lens arguments, waiting for a search and for its view in the panel.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SearchSession } from '../../src/extension/search/session';
import type { SearchView } from '../../src/protocol/webview';
import { api, setSetting, useFixtureModels } from './nas';
import { waitFor } from './util';

const SEARCH_SETTINGS = ['search.budget', 'search.strategy', 'search.timeLimitSeconds'];

/** Fixture models, and searches of `budget` evaluations with evolution and a 20 s time limit. */
export async function useSearchSettings(budget: number): Promise<void> {
  await useFixtureModels();
  await setSetting('search.budget', budget);
  await setSetting('search.strategy', 'evolution');
  await setSetting('search.timeLimitSeconds', 20);
}

export async function resetSearchSettings(): Promise<void> {
  for (const k of SEARCH_SETTINGS) await setSetting(k, undefined);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** The lens arguments of the cell named `name` in the document's current version. */
export async function cellArgs(uri: vscode.Uri, name: string) {
  const a = await api();
  const doc = await vscode.workspace.openTextDocument(uri);
  const cell = a.ctx.analyzer.parse(doc).cells.find((c) => c.parsed.name === name);
  assert.ok(cell, `${name} in ${uri.fsPath}`);
  return { uri: uri.toString(), version: doc.version, index: cell.index, name };
}

export async function finished(session: SearchSession | undefined, timeoutMs = 30_000): Promise<SearchSession> {
  assert.ok(session, 'a search started');
  await waitFor(`search ${session.id} to finish`, () => !session.running, timeoutMs, 100);
  return session;
}

/** The search panel's view of a search once it has ended. */
export async function panelView(searchId: string): Promise<SearchView> {
  const a = await api();
  return waitFor(
    'the panel view of the search',
    () => {
      const v = a.searches.searchPanel?.current;
      return v?.kind === 'search' && v.searchId === searchId && v.status !== 'starting' && v.status !== 'running' ? v : undefined;
    },
    10_000,
  );
}
