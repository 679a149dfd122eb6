/* global document, location, getComputedStyle, SVGElement -- page.waitForFunction / page.evaluate bodies run in the browser */
// The NAS Lens flow of the UI test, as a person does it: open an example → a CodeLens shows the cell's
// percentile → hover it → "NAS Lens: Search around this cell" from the palette → the panel shows live
// progress, then results → click Accept in the webview → the file holds the accepted cell → Undo
// restores it → the panel survives being hidden and shown again → after "Developer: Reload Window" the
// panel comes back and still acts → in "Dark High Contrast" every colour is the theme's. Screenshots at every step.
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './lib.mjs';
import { editorText, quickOpen, runCommand, screenshot } from './ui.mjs';

const EXAMPLE = 'cells.nas.json';
const START_CELL = 'resnet-like';
const LENS = /Top [<\d.]+% · #[\d,]+ of 15,625 · [\d.]+[kM] params/;
const EDGES = ['0->1', '0->2', '1->2', '0->3', '1->3', '2->3'];

/** Settings of the UI run: a search long enough to watch (≈5 s), and the fixture models when the bundled ones are missing. */
export function nasUiSettings() {
  const bundled = existsSync(join(REPO, 'media', 'models', 'nb201-cifar10', 'model.json'));
  return {
    'nasLens.search.strategy': 'evolution',
    'nasLens.search.budget': 1_000_000,
    'nasLens.search.timeLimitSeconds': 5,
    'workbench.colorTheme': 'Default Dark Modern',
    ...(bundled ? {} : { 'nasLens.modelFolder': 'models' }),
  };
}

/** The repo's examples/ go into the run's workspace, as a user's files would be there. */
export function prepareNasWorkspace(workspace) {
  cpSync(join(REPO, 'examples'), join(workspace, 'examples'), { recursive: true });
}

/** "Preferences: Color Theme" from the palette, then `theme` from its list. */
export async function chooseColorTheme(page, theme) {
  // F1, then a click on the exact entry: Enter could take "Preferences: Toggle between Light/Dark Themes" ranked above it.
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.type('Preferences: Color Theme', { delay: 10 });
  await page
    .locator('.quick-input-widget .monaco-list-row', { has: page.locator('.label-name', { hasText: /^\s*Preferences: Color Theme\s*$/ }) })
    .first()
    .click();
  // The theme picker replaces the palette: wait for its list before typing into it.
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Light High Contrast' }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.type(theme, { delay: 10 });
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: theme }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

function webview(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** The edges of the start cell as saved on disk (comments stripped). */
function savedEdges(workspace) {
  const text = readFileSync(join(workspace, 'examples', EXAMPLE), 'utf8').replace(/^\s*\/\/.*$/gm, '');
  const cell = JSON.parse(text).cells.find((c) => c.name === START_CELL);
  return EDGES.map((e) => cell.edges[e]);
}

/**
 * Waits until the start cell saved on disk holds `expected` (the save reaches the disk when the machine
 * gets to it: up to 10 s, not a fixed pause), else throws with what the file holds.
 */
async function waitForSaved(page, workspace, expected, what) {
  // A save caught half-written (VS Code truncates, then writes) reads as not saved yet.
  const read = () => {
    try {
      return savedEdges(workspace);
    } catch (error) {
      if (error instanceof SyntaxError) return ['(half-written)'];
      throw error;
    }
  };
  let saved = read();
  for (let waited = 0; JSON.stringify(saved) !== JSON.stringify(expected) && waited < 10_000; waited += 200) {
    await page.waitForTimeout(200);
    saved = read();
  }
  if (JSON.stringify(saved) !== JSON.stringify(expected)) throw new Error(`${what}: the file holds ${saved.join(',')}, expected ${expected.join(',')}`);
}

function opsOf(archString) {
  return archString
    .split('|')
    .filter((p) => p.includes('~'))
    .map((p) => p.split('~')[0]);
}

const state = { workspace: undefined, original: undefined, accepted: undefined };

export const NAS_STEPS = [
  {
    name: `Ctrl+P opens examples/${EXAMPLE}; a CodeLens above each cell shows its predicted percentile`,
    async run(page) {
      state.workspace = await page.evaluate(() => new URL(location.href).searchParams.get('folder'));
      state.original = savedEdges(state.workspace);
      // Room for the editor and the panel (and for the README's pictures): no bottom panel, no side bar.
      await runCommand(page, 'View: Hide Panel');
      await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
      await quickOpen(page, EXAMPLE);
      const lens = page.locator('.editor-group-container.active .monaco-editor .codelens-decoration', { hasText: LENS }).first();
      await lens.waitFor({ timeout: 30_000 });
      const titles = await page.locator('.editor-group-container.active .monaco-editor .codelens-decoration').allInnerTexts();
      if (!titles.some((t) => /Search around/.test(t))) throw new Error(`no "Search around" lens: ${titles.join(' / ')}`);
      await page.waitForTimeout(800);
      await screenshot(page, '05-codelens');
    },
  },
  {
    name: 'hovering a cell shows its score, tier, every dataset and the model card figures',
    async run(page) {
      const target = page.locator('.editor-group-container.active .view-line', { hasText: '"0->2": "none"' }).first();
      await target.hover({ position: { x: 60, y: 8 } });
      const hover = page.locator('.monaco-hover-content', { hasText: 'NAS Lens' }).first();
      await hover.waitFor({ timeout: 15_000 });
      const text = await hover.innerText();
      for (const expected of ['CIFAR-10', 'CIFAR-100', 'Params', 'Kendall']) {
        if (!text.includes(expected)) throw new Error(`the hover lacks ${expected}: ${text}`);
      }
      await page.waitForTimeout(300);
      await screenshot(page, '06-hover');
      await page.keyboard.press('Escape');
    },
  },
  {
    name: `"NAS Lens: Search around this cell" from the palette opens the panel with live progress`,
    async run(page) {
      // The cursor goes into the start cell, as a person would click into it.
      await page.locator('.editor-group-container.active .view-line', { hasText: '"1->2": "nor_conv_3x3"' }).first().click();
      await runCommand(page, 'NAS Lens: Search around this cell');
      const frame = webview(page);
      await frame.locator('#status').waitFor({ timeout: 30_000 });
      // The panel shows the search live ("searching") or, when the search was faster than this check
      // (NB-201 can be exhausted in well under a second), finished ("done"): either way it shows its figures.
      await frame.locator('#status', { hasText: /^\s*(searching|done)\s*$/ }).waitFor({ timeout: 20_000 });
      await frame.locator('#evaluations .value').filter({ hasText: /[1-9]/ }).waitFor({ timeout: 20_000 });
      await frame.locator('#rate .value').filter({ hasText: /[1-9]/ }).waitFor({ timeout: 20_000 });
      await frame.locator('#elapsed .value').filter({ hasText: /\d/ }).waitFor({ timeout: 20_000 });
      const status = (await frame.locator('#status').innerText()).trim();
      const evaluations = await frame.locator('#evaluations .value').innerText();
      console.log(`    (status ${status}, ${evaluations} evaluations, ${await frame.locator('#rate .value').innerText()}/s)`);
      await screenshot(page, '07-search-progress');
    },
  },
  {
    name: 'the search finishes: results table with rank, top %, params, changes and a DAG per row; the chart',
    async run(page) {
      const frame = webview(page);
      await frame.locator('#status', { hasText: 'done' }).waitFor({ timeout: 30_000 });
      const rows = frame.locator('table.results-table tbody tr');
      await rows.first().waitFor({ timeout: 10_000 });
      const n = await rows.count();
      if (n < 2) throw new Error(`only ${n} result rows`);
      if ((await frame.locator('table.results-table tbody tr svg.dag').count()) < n) throw new Error('a row without its DAG drawing');
      if ((await frame.locator('.chart canvas').count()) < 1) throw new Error('no chart');
      await frame.locator('.results h2').scrollIntoViewIfNeeded();
      await page.waitForTimeout(500);
      await screenshot(page, '08-search-results');
    },
  },
  {
    name: 'clicking Accept in the webview replaces the start cell in the file, in its own notation',
    async run(page) {
      const frame = webview(page);
      const row = frame.locator('table.results-table tbody tr', { has: frame.locator('vscode-button[data-action="accept"]:not([disabled])') }).first();
      state.accepted = opsOf((await row.getAttribute('data-text')).trim());
      await row.locator('vscode-button[data-action="accept"]').click();
      await frame.locator('.notice.info', { hasText: `Replaced '${START_CELL}'` }).waitFor({ timeout: 15_000 });
      // The editor shows the new edges; saving writes them to disk.
      await page.waitForFunction(
        (op) => {
          const el = document.querySelector('.editor-group-container .monaco-editor .view-lines');
          return !!el && el.textContent.replace(/\u00a0/g, ' ').includes(op);
        },
        `"2->3": "${state.accepted[5]}"`,
        { timeout: 10_000 },
      );
      await page.keyboard.press('Control+S');
      await waitForSaved(page, state.workspace, state.accepted, 'after Accept and save');
      await screenshot(page, '09-accepted');
    },
  },
  {
    name: 'Undo (Ctrl+Z) in the editor restores the start cell',
    async run(page) {
      await page.locator('.editor-group-container .monaco-editor .view-line', { hasText: START_CELL }).first().click();
      await page.keyboard.press('Control+Z');
      await page.keyboard.press('Control+S');
      await waitForSaved(page, state.workspace, state.original, 'after Undo and save');
      const text = await editorText(page, EXAMPLE);
      if (!text.includes(`"0->2": "${state.original[1]}"`)) throw new Error(`the editor does not show the original cell:\n${text}`);
      await screenshot(page, '10-undo');
    },
  },
  {
    name: 'the panel keeps its results when hidden and shown again ("NAS Lens: Show search panel")',
    async run(page) {
      // Hide it behind another editor in its group: Quick Open's Ctrl+Enter opens a.nas.json to the side.
      await page.keyboard.press('Control+P');
      await page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.type('a.nas.json', { delay: 20 });
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'a.nas.json' }).first().waitFor({ timeout: 15_000 });
      await page.keyboard.press('Control+Enter');
      await page.waitForFunction(
        () => !document.querySelector('iframe.webview.ready') || document.querySelector('iframe.webview.ready').offsetParent === null,
        null,
        { timeout: 10_000 },
      );
      await runCommand(page, 'NAS Lens: Show search panel');
      const frame = webview(page);
      await frame.locator('table.results-table tbody tr').first().waitFor({ timeout: 15_000 });
      await frame.locator('#status', { hasText: 'done' }).waitFor({ timeout: 5000 });
      await screenshot(page, '11-panel-restored');
    },
  },
];

// ---- after a window reload; in a high-contrast theme --------------------------------------------
// These steps stand on their own (node test/e2e/run.mjs --only=ui --grep="reload|contrast"): each
// closes the editors, opens the example and runs a fresh search around its start cell.

/** "r, g, b[, a]" of a CSS rgb()/rgba() colour. */
function rgba(css) {
  const m = /rgba?\(([^)]+)\)/.exec(css ?? '');
  if (!m) throw new Error(`not an rgb() colour: ${css}`);
  const [r, g, b, a = 1] = m[1]
    .split(/[,\s/]+/)
    .filter(Boolean)
    .map(Number);
  return { r, g, b, a };
}

/** WCAG contrast ratio of a text colour over a background (the text's alpha blended over it). */
export function contrastRatio(text, background) {
  const bg = rgba(background);
  const fg = rgba(text);
  const blend = (c) => fg.a * fg[c] + (1 - fg.a) * bg[c];
  const lum = (c) => {
    const ch = [c.r, c.g, c.b].map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
  };
  const l1 = lum({ r: blend('r'), g: blend('g'), b: blend('b') });
  const l2 = lum(bg);
  return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
}

/** Every editor closed, the example open, the cursor in the start cell, a search run to the end. */
async function freshSearch(page) {
  await runCommand(page, 'View: Close All Editor Groups');
  await quickOpen(page, EXAMPLE);
  await page.locator('.editor-group-container.active .monaco-editor .codelens-decoration', { hasText: LENS }).first().waitFor({ timeout: 30_000 });
  await page.locator('.editor-group-container.active .view-line', { hasText: '"1->2": "nor_conv_3x3"' }).first().click();
  await runCommand(page, 'NAS Lens: Search around this cell');
  const frame = webview(page);
  await frame.locator('#status', { hasText: 'done' }).waitFor({ timeout: 45_000 });
  await frame.locator('table.results-table tbody tr').first().waitFor({ timeout: 10_000 });
  return frame;
}

const reload = { workspace: undefined, original: undefined };

NAS_STEPS.push(
  {
    name: '"Developer: Reload Window": the search panel comes back with its results, live (Accept, Insert, Copy enabled) and says it was restored',
    async run(page) {
      reload.workspace = await page.evaluate(() => new URL(location.href).searchParams.get('folder'));
      reload.original = savedEdges(reload.workspace);
      let frame = await freshSearch(page);
      const before = await frame.locator('table.results-table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-text')));
      // No pause for the workspace state: the host writes the finished search to it (an RPC to the
      // workbench) in the same turn as, and right after, the message that shows "done" in the panel.
      // A reload restarts the extension host and reloads the models: generous limits (hang guards, not speed checks).
      const navigated = page.waitForNavigation({ waitUntil: 'domcontentloaded', timeout: 120_000 });
      await runCommand(page, 'Developer: Reload Window');
      await navigated;
      await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
      frame = webview(page);
      await frame.locator('table.results-table tbody tr').first().waitFor({ timeout: 120_000 });
      const after = await frame.locator('table.results-table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-text')));
      if (JSON.stringify(after) !== JSON.stringify(before))
        throw new Error(`the restored panel shows other results:\n${after.join('\n')}\nbefore:\n${before.join('\n')}`);
      await frame.locator('.notice.info', { hasText: 'Restored after the window was reloaded' }).waitFor({ timeout: 15_000 });
      for (const action of ['accept', 'insert', 'copy']) {
        const enabled = await frame.locator(`vscode-button[data-action="${action}"]:not([disabled])`).count();
        if (!enabled) throw new Error(`no enabled ${action} button in the restored panel`);
      }
      await frame.locator('vscode-button[data-action="rerun"]').first().waitFor({ timeout: 5000 });
      // The editor came back too, and ranks again (the models load anew in the ranking worker).
      await page.locator('.editor-group-container .monaco-editor .codelens-decoration', { hasText: LENS }).first().waitFor({ timeout: 60_000 });
      await page.waitForTimeout(500);
      await screenshot(page, '12-panel-after-reload');
    },
  },
  {
    name: 'after the reload, Accept writes the cell while the file is unchanged; a second Accept is refused as stale with Re-run; Undo restores the file',
    async run(page) {
      const frame = webview(page);
      const row = frame.locator('table.results-table tbody tr', { has: frame.locator('vscode-button[data-action="accept"]:not([disabled])') }).first();
      const accepted = opsOf((await row.getAttribute('data-text')).trim());
      await row.locator('vscode-button[data-action="accept"]').click();
      await frame.locator('.notice.info', { hasText: `Replaced '${START_CELL}'` }).waitFor({ timeout: 15_000 });
      await page.waitForFunction(
        (op) => {
          const el = document.querySelector('.editor-group-container .monaco-editor .view-lines');
          return !!el && el.textContent.replace(/\u00a0/g, ' ').includes(op);
        },
        `"2->3": "${accepted[5]}"`,
        { timeout: 10_000 },
      );
      await page.keyboard.press('Control+S');
      await waitForSaved(page, reload.workspace, accepted, 'after Accept in the restored panel and save');
      // The file has changed now: another Accept is refused, and the panel offers to re-run.
      const other = frame.locator('table.results-table tbody tr', { has: frame.locator('vscode-button[data-action="accept"]:not([disabled])') }).nth(1);
      await other.locator('vscode-button[data-action="accept"]').click();
      await frame.locator('.notice.stale', { hasText: 'changed since' }).waitFor({ timeout: 15_000 });
      await frame.locator('.notice.stale vscode-button[data-action="rerun"]').waitFor({ timeout: 5000 });
      if (JSON.stringify(savedEdges(reload.workspace)) !== JSON.stringify(accepted)) throw new Error('the refused Accept changed the file');
      await frame.locator('.notice.stale').scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
      await screenshot(page, '13-reload-stale');
      await page.locator('.editor-group-container .monaco-editor .view-line', { hasText: START_CELL }).first().click();
      await page.keyboard.press('Control+Z');
      await page.keyboard.press('Control+S');
      await waitForSaved(page, reload.workspace, reload.original, 'after Undo and save');
    },
  },
  {
    name: 'high contrast ("Dark High Contrast"): the lenses stay readable; the panel\'s table, buttons and chart use the contrast border, its text and DAG the theme\'s colours',
    async run(page) {
      // The search runs in the dark theme; the theme is switched while the panel shows it (the chart must redraw).
      const frame = await freshSearch(page);
      await chooseColorTheme(page, 'Dark High Contrast');
      await page.locator('.monaco-workbench.hc-black').waitFor({ timeout: 15_000 });
      await frame.locator('body.vscode-high-contrast').waitFor({ timeout: 15_000 });
      // The theme's variables arrive with the class and the chart redraws on both, when the machine gets
      // to it: check until every colour is the theme's (up to 15 s), not after a fixed pause.
      const check = async () => {
        // The editor: CodeLens text against the editor background.
        const lens = await page
          .locator('.editor-group-container .monaco-editor .codelens-decoration', { hasText: LENS })
          .first()
          .evaluate((el) => {
            const editor = el.closest('.monaco-editor');
            return {
              color: getComputedStyle(el.querySelector('a, span') ?? el).color,
              background: getComputedStyle(editor.querySelector('.monaco-editor-background') ?? editor).backgroundColor,
            };
          });
        const lensRatio = contrastRatio(lens.color, lens.background);
        // The panel, from inside the webview.
        await frame.locator('.results h2').scrollIntoViewIfNeeded();
        const r = await frame.locator('body').evaluate((body) => {
          const norm = (c) => {
            const el = document.createElement('span');
            el.style.color = c;
            body.append(el);
            const out = getComputedStyle(el).color;
            el.remove();
            return out;
          };
          const root = getComputedStyle(document.documentElement);
          const variable = (n) => root.getPropertyValue(n).trim() || getComputedStyle(body).getPropertyValue(n).trim();
          const td = document.querySelector('table.results-table tbody td');
          const button = document.querySelector('vscode-button[data-action="accept"]');
          const base = button?.shadowRoot?.querySelector('.base') ?? button;
          const chart = document.querySelector('.chart');
          const edge = document.querySelector('svg.dag path.edge');
          const text = [
            'h1',
            'h2',
            '.meta',
            '.stat .label',
            '.stat .value',
            '.results-table th',
            '.results-table td.num',
            '.changes li',
            '.notice span',
            'svg.dag text.edge-label',
            'svg.dag text.node-label',
          ]
            .map((sel) => {
              const el = document.querySelector(sel);
              if (!el) return undefined;
              const cs = getComputedStyle(el);
              return { sel, color: el instanceof SVGElement ? cs.fill : cs.color };
            })
            .filter(Boolean);
          return {
            bodyClass: body.className,
            contrastBorder: variable('--vscode-contrastBorder'),
            contrastBorderRgb: norm(variable('--vscode-contrastBorder')),
            foreground: norm(variable('--vscode-foreground')),
            background: getComputedStyle(body).backgroundColor,
            tdBorder: getComputedStyle(td).borderBottomColor,
            buttonBorder: getComputedStyle(base).borderTopColor,
            chartGrid: chart?.dataset.grid ? norm(chart.dataset.grid) : 'none',
            chartAxis: chart?.dataset.axis ? norm(chart.dataset.axis) : 'none',
            edgeStroke: getComputedStyle(edge).stroke,
            edgeOpacity: getComputedStyle(edge).strokeOpacity,
            presentational: document.querySelectorAll('svg.dag [fill], svg.dag [stroke], svg.dag [style]').length,
            text,
          };
        });
        const problems = [];
        if (lensRatio < 4.5) problems.push(`CodeLens text ${lens.color} on ${lens.background}: contrast ${lensRatio.toFixed(1)} < 4.5`);
        if (!/vscode-high-contrast/.test(r.bodyClass)) problems.push(`the webview body is "${r.bodyClass}"`);
        if (!r.contrastBorder || /rgba\([^)]*,\s*0\)/.test(r.contrastBorderRgb)) problems.push(`no contrast border colour (${r.contrastBorder})`);
        for (const [what, got] of [
          ['results table rule', r.tdBorder],
          ['Accept button border', r.buttonBorder],
          ['chart grid', r.chartGrid],
        ]) {
          if (got !== r.contrastBorderRgb) problems.push(`${what} is ${got}, not the contrast border ${r.contrastBorderRgb}`);
        }
        if (r.chartAxis !== r.foreground) problems.push(`chart axes ${r.chartAxis}, not the foreground ${r.foreground}`);
        if (r.edgeStroke !== r.foreground || r.edgeOpacity !== '1')
          problems.push(`DAG edges ${r.edgeStroke} at opacity ${r.edgeOpacity}, not the foreground ${r.foreground} at 1`);
        if (r.presentational) problems.push(`${r.presentational} DAG elements carry their own fill/stroke/style`);
        const ratios = r.text.map((t) => ({ ...t, ratio: contrastRatio(t.color, r.background) }));
        for (const t of ratios) if (t.ratio < 7) problems.push(`${t.sel}: ${t.color} on ${r.background}, contrast ${t.ratio.toFixed(1)} < 7`);
        return { problems, ratios, lensRatio, r };
      };
      let result = await check();
      for (const deadline = Date.now() + 15_000; result.problems.length && Date.now() < deadline;) {
        await page.waitForTimeout(250);
        result = await check();
      }
      const { problems, ratios, lensRatio, r } = result;
      if (problems.length) throw new Error(problems.join('\n'));
      console.log(
        `    (high contrast: border ${r.contrastBorder}; text contrast ≥ ${Math.min(...ratios.map((t) => t.ratio)).toFixed(1)} over ${ratios.length} kinds of text; CodeLens ${lensRatio.toFixed(1)})`,
      );
      await page.waitForTimeout(500);
      await screenshot(page, '14-high-contrast');
    },
  },
);
