// The Results view: per space with measured cells, the model's agreement, the scatter of predicted
// score against measured value, and the best measured cells with their predicted rank. A cell (a
// point or a row's name) opens it in the editor; the toolbar's buttons go back as results-action.
import { RESULTS_ACTIONS, type MeasuredCellView, type Notice, type ResultsSpaceView, type ResultsView, type WebviewToHost } from '../src/protocol/webview';
import { fill, h } from './dom';
import { formatCount, formatTop } from './format';
import { drawScatter } from './scatter';

type Post = (m: WebviewToHost) => void;

export class ResultsPanelView {
  private readonly root = h('div', { class: 'results-view' });

  constructor(
    app: HTMLElement,
    private readonly post: Post,
  ) {
    fill(app, this.root);
    this.root.addEventListener('click', (e) => this.activate(e));
    // A scatter point is an SVG group with role=button: Enter and Space act on it as a click would (links and buttons click themselves).
    this.root.addEventListener('keydown', (e) => {
      const key = (e as KeyboardEvent).key;
      if ((key === 'Enter' || key === ' ') && (e.target as Element | null)?.closest('svg .point')) this.activate(e);
    });
  }

  render(v: ResultsView): void {
    const problems = v.problems.errors + v.problems.warnings;
    fill(
      this.root,
      h(
        'header',
        {},
        h('h1', {}, v.title),
        h(
          'p',
          { class: 'meta' },
          `${formatCount(v.files)} results file${v.files === 1 ? '' : 's'} · ${formatCount(v.runs)} runs · ${formatCount(v.measuredCells)} measured cells · predictions on ${v.datasetLabel}`,
          problems ? ` · ${formatCount(v.problems.errors)} errors, ${formatCount(v.problems.warnings)} warnings` : null,
        ),
        h('div', { class: 'buttons' }, ...v.actions.map((a) => h('vscode-button', { 'data-action': a.action, title: a.title, secondary: true }, a.label))),
      ),
      v.notice ? notice(v.notice) : null,
      ...v.spaces.map((s) => space(s)),
    );
  }

  private activate(e: Event): void {
    const target = e.target as Element | null;
    const cell = target?.closest('[data-cell]')?.getAttribute('data-cell');
    if (cell) {
      e.preventDefault();
      this.post({ type: 'open-cell', cellId: cell });
      return;
    }
    const action = target?.closest('[data-action]')?.getAttribute('data-action');
    const known = RESULTS_ACTIONS.find((a) => a === action);
    if (known) this.post({ type: 'results-action', action: known });
  }
}

function notice(n: Notice): HTMLElement {
  return h('section', { class: `notice ${n.kind}`, role: 'status' }, h('span', {}, n.text));
}

function space(s: ResultsSpaceView): HTMLElement {
  const metric = s.metric ?? 'metric';
  const scored = s.cells.some((c) => c.score !== undefined);
  return h(
    'section',
    { class: 'results-space', 'data-space': s.space },
    h('h2', {}, `${s.spaceLabel} · ${formatCount(s.measuredCells)} measured cells`),
    h(
      'p',
      { class: 'meta' },
      s.metric ? `Ranked by measured ${s.metric} (${s.metricRule})` : 'No metric to rank by',
      s.otherMetrics.length ? ` · also measured: ${s.otherMetrics.join(', ')}` : null,
      ` · predictions: ${s.model}`,
    ),
    h('p', { class: `agreement ${s.agreement.kind}` }, h('strong', {}, 'Agreement: '), s.agreement.text),
    scored ? h('div', { class: 'scatter-box' }, drawScatter(s.cells, metric)) : h('p', { class: 'empty' }, 'No predictions to plot against the measurements.'),
    s.sampled
      ? h(
          'p',
          { class: 'meta' },
          `The scatter shows the best cells and an even sample of the others: ${formatCount(s.sampled.shown)} of ${formatCount(s.sampled.total)}.`,
        )
      : null,
    table(s.cells.slice(0, s.rows), metric),
  );
}

function table(cells: readonly MeasuredCellView[], metric: string): HTMLElement {
  return h(
    'table',
    { class: 'results-table measured-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { class: 'num' }, '#'),
        h('th', {}, 'cell'),
        h('th', { class: 'num' }, `measured ${metric}`),
        h('th', { class: 'num' }, 'predicted'),
        h('th', { class: 'num' }, 'predicted rank'),
      ),
    ),
    h(
      'tbody',
      {},
      ...cells.map((c, i) =>
        h(
          'tr',
          {},
          h('td', { class: 'num' }, formatCount(i + 1)),
          h('td', {}, h('a', { href: '#', 'data-cell': c.id, title: c.where }, c.name)),
          h('td', { class: 'num' }, c.measured),
          h('td', { class: 'num' }, c.top !== undefined ? `Top ${formatTop(c.top)}` : '–'),
          h('td', { class: 'num' }, c.rank !== undefined ? `#${formatCount(c.rank)}` : '–'),
        ),
      ),
    ),
  );
}
