// What the parts of the search feature (runner, result actions) need of the SearchManager that
// holds them together: the context, the worker, the searches, the panel.
import type * as vscode from 'vscode';
import type { Notice } from '../../protocol/webview';
import type { Ctx } from '../ctx';
import type { NasPanel } from '../panel/panel';
import type { EditorWorker } from './editor-worker';
import type { SearchSession } from './session';
import type { SearchStore } from './store';

export interface SearchHost {
  readonly ctx: Ctx;
  readonly client: EditorWorker;
  readonly store: SearchStore;
  /** Fires on every change of a search (progress, end, notice). */
  readonly onDidChange: vscode.Event<SearchSession>;
  /** Opens (or reveals) the search panel on the latest search. */
  showPanel(): NasPanel;
  /** A search changed: the panel shows it (when it is the latest), listeners hear of it. */
  update(s: SearchSession, now?: boolean): void;
  /** Tells the user something about a search, in the panel. */
  notify(s: SearchSession | undefined, notice: Notice): void;
}
