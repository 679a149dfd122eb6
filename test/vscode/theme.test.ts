// Theme-aware panel: media/panel.css and the webview's code take every colour from VS Code's theme
// variables, so that every theme works, high contrast included (the UI test switches code-server to
// "Dark High Contrast" and checks the computed colours inside the webview: test/e2e/ui-nas.mjs).
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, test } from './mocha-api';
import { extension } from './util';

const COLOUR_NAMES = ['white', 'black', 'red', 'green', 'blue', 'gray', 'grey', 'orange', 'yellow', 'purple', 'silver', 'navy', 'teal', 'maroon'];

/** Colour literals in CSS text (comments and var(--…) names removed first). */
function cssColours(text: string): string[] {
  const body = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/var\(--[\w-]+/g, 'var(');
  const declarations = body.match(/:[^;{}]*[;}]/g) ?? [];
  const found: string[] = [];
  for (const d of declarations) {
    for (const m of d.matchAll(/#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?)\(/g)) found.push(`${m[0]} in ${d.trim()}`);
    for (const name of COLOUR_NAMES) if (new RegExp(`(?<![\\w-])${name}(?![\\w-])`, 'i').test(d)) found.push(`${name} in ${d.trim()}`);
  }
  return found;
}

/** Colour literals in TypeScript string literals. */
function codeColours(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/['"`][^'"`\n]*?(#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?)\()[^'"`\n]*['"`]/g)) found.push(m[0]);
  // SVG presentation attributes would beat the stylesheet: the drawing sets classes only.
  for (const m of text.matchAll(/\b(fill|stroke|color)\s*:\s*['"`][^'"`]+['"`]/g)) found.push(m[0]);
  return found;
}

suite('theme: colours come from VS Code', () => {
  test('media/panel.css and webview/*.ts hold no hard-coded colour', function () {
    const root = extension().extensionPath;
    const css = readFileSync(join(root, 'media', 'panel.css'), 'utf8');
    assert.deepEqual(cssColours(css), [], 'media/panel.css');
    assert.match(css, /body\.vscode-high-contrast[^{]*\{[^}]*--vscode-contrastBorder/, 'high-contrast rules use the contrast border');
    const dir = join(root, 'webview');
    if (!existsSync(dir)) this.skip(); // a packaged extension has no sources
    const offenders = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => codeColours(readFileSync(join(dir, f), 'utf8')).map((c) => `${f}: ${c}`));
    assert.deepEqual(offenders, [], 'webview sources');
    // The checks themselves catch what they should.
    assert.equal(cssColours('a { color: #fff; border: 1px solid rgba(0,0,0,.1); background: white }').length, 3);
    assert.equal(cssColours('a { color: var(--vscode-charts-blue, var(--vscode-foreground)); }').length, 0);
    assert.equal(codeColours("const x = v('--vscode-foreground', '#cccccc');").length, 1);
  });
});
