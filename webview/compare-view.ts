// Cells side by side: rank on every dataset of the space, params/FLOPs, problems, the DAG.
import type { CompareView } from '../src/protocol/webview';
import { drawGraph } from './dag';
import { fill, h } from './dom';
import { formatCount, formatSi, formatTop } from './format';

export function renderCompare(app: HTMLElement, v: CompareView): void {
  fill(
    app,
    h('header', {}, h('h1', {}, v.title), h('p', { class: 'meta' }, `Ranked on ${v.datasetLabel} where the space has it`)),
    h(
      'div',
      { class: 'compare' },
      ...v.cells.map((c) =>
        h(
          'article',
          { class: `compare-cell${c.valid ? '' : ' invalid'}` },
          h('h2', {}, c.name),
          h('p', { class: 'meta' }, c.spaceLabel),
          c.top !== undefined
            ? h('p', { class: 'big' }, `Top ${formatTop(c.top)}`, h('span', { class: 'meta' }, ` #${formatCount(c.rank)} of ${formatCount(c.spaceSize)}`))
            : h('p', { class: 'meta' }, c.valid ? 'not ranked' : 'invalid cell'),
          h(
            'table',
            { class: 'kv' },
            ...c.datasets.map((d) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, d.label),
                h('td', { class: 'num' }, d.top !== undefined ? `Top ${formatTop(d.top)}` : 'no model'),
                h('td', { class: 'num' }, d.rank !== undefined ? `#${formatCount(d.rank)}` : ''),
              ),
            ),
            h('tr', {}, h('th', { scope: 'row' }, 'Params'), h('td', { class: 'num' }, formatSi(c.params)), h('td', {})),
            h('tr', {}, h('th', { scope: 'row' }, 'FLOPs'), h('td', { class: 'num' }, formatSi(c.flops)), h('td', {})),
          ),
          h('div', { class: 'graphs' }, ...c.graphs.map((g) => drawGraph(g))),
          h('code', { class: 'cell-text' }, c.text),
          c.problems.length ? h('ul', { class: 'problems' }, ...c.problems.map((p) => h('li', {}, p))) : null,
        ),
      ),
    ),
  );
}
