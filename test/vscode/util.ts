// Helpers shared by the extension-host tests.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'nas-lens.nas-lens';

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes (then throws `what`). */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 10_000, everyMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) {
    const ids = vscode.extensions.all.filter((e) => !e.id.startsWith('vscode.')).map((e) => e.id);
    throw new Error(`extension ${EXTENSION_ID} is not loaded (non-builtin extensions: ${ids.join(', ') || 'none'})`);
  }
  return ext;
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open (the harness opens test/vscode/fixtures/workspace)');
  return folder.uri;
}

export function inWorkspace(...segments: string[]): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...segments);
}

export async function openFile(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: false });
}

/**
 * Opens `uri` and resolves with its diagnostics as soon as `ready` accepts them; otherwise once
 * they have stayed unchanged for `quietMs` (counted from the open or from the last change), or at
 * `timeoutMs`.
 */
export async function diagnosticsFor(
  uri: vscode.Uri,
  ready: (d: readonly vscode.Diagnostic[]) => boolean,
  { timeoutMs = 20_000, quietMs = 3000 } = {},
): Promise<vscode.Diagnostic[]> {
  let lastChange = Date.now();
  const sub = vscode.languages.onDidChangeDiagnostics((e) => {
    if (e.uris.some((u) => u.toString() === uri.toString())) lastChange = Date.now();
  });
  try {
    await openFile(uri);
    lastChange = Date.now();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const d = vscode.languages.getDiagnostics(uri);
      if (ready(d)) return d;
      if (Date.now() - lastChange >= quietMs || Date.now() > deadline) return d;
      await sleep(100);
    }
  } finally {
    sub.dispose();
  }
}

/** Waits until the diagnostics of `uri` satisfy `ok` (the document must be open already). */
export function waitForDiagnostics(
  uri: vscode.Uri,
  what: string,
  ok: (d: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs = 20_000,
): Promise<readonly vscode.Diagnostic[]> {
  return waitFor(
    what,
    () => {
      const d = vscode.languages.getDiagnostics(uri);
      return ok(d) ? d : undefined;
    },
    timeoutMs,
  );
}

export function describeDiagnostics(d: readonly vscode.Diagnostic[]): string {
  if (d.length === 0) return '(none)';
  return d.map((x) => `${x.range.start.line + 1}:${x.range.start.character + 1} [${x.source ?? '-'}] ${x.message}`).join('; ');
}
