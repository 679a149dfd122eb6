// The NAS Lens panel (search, comparison and Results views). It knows only the protocol: views come from the
// host, clicks go back as WebviewToHost messages. The last view is kept with setState, so hiding and
// showing the panel (or a reload, through the host's serializer) shows it again at once.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import type { HostToWebview, PanelState, PanelView, WebviewToHost } from '../src/protocol/webview';
import { renderCompare } from './compare-view';
import { ResultsPanelView } from './results-view';
import { SearchPanelView } from './search-view';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;
let search: SearchPanelView | undefined;
let results: ResultsPanelView | undefined;

function render(view: PanelView): void {
  vscode.setState({ version: 1, view });
  if (view.kind === 'search') {
    results = undefined;
    search ??= new SearchPanelView(app, (m) => vscode.postMessage(m));
    search.render(view);
    return;
  }
  search?.dispose();
  search = undefined;
  if (view.kind === 'results') {
    results ??= new ResultsPanelView(app, (m) => vscode.postMessage(m));
    results.render(view);
  } else {
    results = undefined;
    renderCompare(app, view);
  }
}

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const m = event.data;
  switch (m?.type) {
    case 'view':
      render(m.view);
      break;
    case 'notice':
      search?.setNotice(m.notice);
      break;
  }
});

const saved = vscode.getState() as PanelState | undefined;
if (saved?.version === 1 && saved.view) render(saved.view);
vscode.postMessage({ type: 'ready' });
