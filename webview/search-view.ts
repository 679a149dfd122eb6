// The search panel: header, start cell, live progress (evaluations, evaluations/s, elapsed, Cancel),
// the best-so-far chart, and the results table with Accept / Insert / Copy per row. Parts update in
// place; the table is rebuilt only when the results change, so a click is never lost to a re-render.
import type { Notice, ResultRow, SearchView, WebviewToHost } from '../src/protocol/webview';
import { BestChart } from './chart';
import { drawGraph } from './dag';
import { fill, h } from './dom';
import { formatCount, formatMs, formatSi, formatSpread, formatTop } from './format';

type Post = (m: WebviewToHost) => void;

const STATUS_TEXT: Record<SearchView['status'], string> = {
  starting: 'starting',
  running: 'searching',
  done: 'done',
  cancelled: 'cancelled',
  error: 'error',
};

const REASON_TEXT: Record<string, string> = {
  budget: 'budget reached',
  time: 'time limit',
  cancelled: 'cancelled',
  exhausted: 'no new cells left',
};

export class SearchPanelView {
  private readonly root: HTMLElement;
  private readonly header = h('header');
  private readonly start = h('section', { class: 'start', 'aria-label': 'start cell' });
  private readonly progress = h('section', { class: 'progress', 'aria-label': 'progress' });
  private readonly notice = h('section', { class: 'notice', role: 'status' });
  private readonly chartHost = h('div', { class: 'chart', 'aria-label': 'best-so-far chart' });
  private readonly results = h('section', { class: 'results', 'aria-label': 'results' });
  private readonly chart: BestChart;
  private view: SearchView | undefined;
  private resultsKey = '';
  private startKey = '';
  private noticeOverride: Notice | null | undefined;

  constructor(
    app: HTMLElement,
    private readonly post: Post,
  ) {
    this.root = h(
      'div',
      { class: 'search' },
      this.header,
      this.start,
      this.progress,
      this.notice,
      h('section', { class: 'chart-box' }, h('h2', {}, 'Best so far'), this.chartHost),
      this.results,
    );
    fill(app, this.root);
    this.chart = new BestChart(this.chartHost);
    this.root.addEventListener('click', (e) => this.onClick(e));
  }

  render(view: SearchView): void {
    const fresh = this.view?.searchId !== view.searchId;
    this.view = view;
    if (fresh) this.noticeOverride = undefined;
    this.renderHeader(view);
    this.renderStart(view);
    this.renderProgress(view);
    this.renderNotice(this.noticeOverride === undefined ? (view.notice ?? null) : this.noticeOverride);
    this.chart.update(view.chart);
    this.renderResults(view);
  }

  /** A notice pushed on its own (no new view). */
  setNotice(notice: Notice | null): void {
    this.noticeOverride = notice;
    this.renderNotice(notice);
  }

  private renderHeader(v: SearchView): void {
    fill(
      this.header,
      h('h1', {}, v.title),
      h(
        'p',
        { class: 'meta' },
        `${v.spaceLabel} · ${v.datasetLabel} · strategy ${v.strategy} · budget ${formatCount(v.budget)} evaluations · time limit ${formatMs(v.timeMs)}`,
      ),
    );
  }

  private renderStart(v: SearchView): void {
    const s = v.start;
    const key = s ? `${v.searchId}` : '';
    if (key === this.startKey) return;
    this.startKey = key;
    if (!s) {
      fill(this.start);
      return;
    }
    fill(
      this.start,
      h('h2', {}, 'Start cell'),
      h(
        'div',
        { class: 'cell-card' },
        h('div', { class: 'graphs' }, ...s.graphs.map((g) => drawGraph(g))),
        h(
          'div',
          {},
          h('p', {}, h('strong', {}, s.name), ` in ${s.file}`),
          h('p', {}, `Top ${formatTop(s.top)} · #${formatCount(s.rank)} of ${formatCount(v.spaceSize)} · ${formatSi(s.params)} params`),
          h('code', { class: 'cell-text' }, s.text),
        ),
      ),
    );
  }

  private renderProgress(v: SearchView): void {
    const running = v.status === 'running' || v.status === 'starting';
    // Whichever ends the search first: the budget or the time limit.
    const done = running ? Math.min(1, Math.max(v.evaluations / v.budget, v.elapsedMs / v.timeMs)) : 1;
    const bar = h('vscode-progress-bar', {
      'aria-label': 'search progress',
      max: 100,
      ...(running && v.evaluations === 0 ? { indeterminate: true } : { value: Math.round(100 * done) }),
    });
    const stat = (label: string, value: string, id: string) =>
      h('div', { class: 'stat', id }, h('span', { class: 'label' }, label), h('span', { class: 'value' }, value));
    fill(
      this.progress,
      h('vscode-badge', { class: `status ${v.status}`, id: 'status' }, STATUS_TEXT[v.status]),
      stat('evaluations', formatCount(v.evaluations), 'evaluations'),
      stat('evaluations/s', formatCount(v.evaluationsPerSecond), 'rate'),
      stat('elapsed', formatMs(v.elapsedMs), 'elapsed'),
      v.reason && !running && v.status !== 'error' ? stat('stopped', REASON_TEXT[v.reason] ?? v.reason, 'reason') : null,
      h(
        'div',
        { class: 'buttons' },
        running && v.live ? h('vscode-button', { 'data-action': 'cancel', secondary: true }, 'Cancel') : null,
        !running && v.live ? h('vscode-button', { 'data-action': 'rerun', secondary: true }, 'Re-run') : null,
      ),
      bar,
    );
  }

  private renderNotice(n: Notice | null): void {
    if (!n) {
      fill(this.notice);
      this.notice.className = 'notice';
      return;
    }
    this.notice.className = `notice ${n.kind}`;
    fill(this.notice, h('span', {}, n.text), n.kind === 'stale' && this.view?.live ? h('vscode-button', { 'data-action': 'rerun' }, 'Re-run') : null);
  }

  private renderResults(v: SearchView): void {
    const key = `${v.searchId}|${v.canEdit}|${v.live}|${v.results.map((r) => `${r.id}:${r.rank}`).join(',')}`;
    if (key === this.resultsKey) return;
    this.resultsKey = key;
    if (!v.results.length) {
      fill(
        this.results,
        h('h2', {}, 'Results'),
        h('p', { class: 'empty' }, v.status === 'error' ? 'No results.' : 'Results appear as the search finds cells.'),
      );
      return;
    }
    const head = h(
      'tr',
      {},
      h('th', { scope: 'col', class: 'num' }, 'Rank'),
      h('th', { scope: 'col', class: 'num' }, 'Top %'),
      h('th', { scope: 'col', class: 'num' }, 'Params'),
      h('th', { scope: 'col' }, v.start ? 'Change against the start cell' : 'Cell'),
      h('th', { scope: 'col', class: 'wide-only' }, 'DAG'),
      h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Actions')),
    );
    const rows = v.results.map((r) => this.row(v, r));
    fill(
      this.results,
      h('h2', {}, `Results (best ${v.results.length})`),
      h('table', { class: 'results-table' }, h('thead', {}, head), h('tbody', {}, ...rows)),
      h(
        'div',
        { class: 'buttons export' },
        h('vscode-button', { 'data-action': 'export', 'data-format': 'csv', secondary: true, disabled: !v.live }, 'Export CSV'),
        h('vscode-button', { 'data-action': 'export', 'data-format': 'json', secondary: true, disabled: !v.live }, 'Export JSON'),
      ),
    );
  }

  private row(v: SearchView, r: ResultRow): HTMLElement {
    const changes = v.start
      ? r.changes.length
        ? h('ul', { class: 'changes' }, ...r.changes.map((c) => h('li', {}, c)))
        : h('span', { class: 'same' }, 'the start cell')
      : h('code', { class: 'cell-text' }, r.text);
    // A disabled button says why (its title is the tooltip, and what a screen reader reads).
    const gone = 'This search is no longer kept (the window was reloaded since): run it again to act on its results';
    const why = (action: string): string | undefined => {
      if (!v.live) return gone;
      if (action === 'copy' || action === 'train') return undefined;
      if (!v.canEdit) return v.start ? gone : 'A whole-space search has no start cell to replace: use Copy';
      if (action === 'accept' && r.changes.length === 0) return 'This is the start cell itself';
      return undefined;
    };
    const act = (action: string, label: string, primary = false) => {
      const reason = why(action);
      return h(
        'vscode-button',
        { 'data-action': action, 'data-result': r.id, secondary: !primary, disabled: reason !== undefined, title: reason ?? '' },
        label,
      );
    };
    const drawings = () => r.graphs.map((g) => drawGraph(g, { compact: true }));
    // The DAG has its own column in a wide panel and sits under the changes in a narrow one (CSS picks).
    return h(
      'tr',
      { 'data-result': r.id, 'data-text': r.text, title: r.text },
      h('td', { class: 'num' }, `#${formatCount(r.rank)}`),
      h(
        'td',
        { class: 'num' },
        formatTop(r.top),
        r.spread !== undefined
          ? h(
              'div',
              { class: 'meta', title: "The spread of the ensemble's networks' scores: the model's uncertainty (a prediction, not a measurement)" },
              `score ${formatSpread(r.spread)}`,
            )
          : null,
      ),
      h('td', { class: 'num' }, formatSi(r.params)),
      h('td', { class: 'change' }, changes, h('div', { class: 'graphs narrow-only' }, ...drawings())),
      h('td', { class: 'graphs wide-only' }, ...drawings()),
      h(
        'td',
        { class: 'actions' },
        h('div', { class: 'stack' }, act('accept', 'Accept', true), act('insert', 'Insert as new cell'), act('copy', 'Copy'), act('train', 'Train')),
      ),
    );
  }

  private onClick(e: Event): void {
    const el = (e.target as Element | null)?.closest('[data-action]');
    if (!el || el.hasAttribute('disabled') || !this.view) return;
    const searchId = this.view.searchId;
    const action = el.getAttribute('data-action');
    switch (action) {
      case 'cancel':
      case 'rerun':
        this.post({ type: action, searchId });
        return;
      case 'export': {
        const format = el.getAttribute('data-format');
        if (format === 'csv' || format === 'json') this.post({ type: 'export', searchId, format });
        return;
      }
      case 'accept':
      case 'insert':
      case 'copy':
      case 'train': {
        const resultId = el.getAttribute('data-result');
        if (resultId) this.post({ type: 'result', action, searchId, resultId });
        return;
      }
    }
  }

  dispose(): void {
    this.chart.dispose();
  }
}
