import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('NAS Lens');
  context.subscriptions.push(output);
  output.appendLine(`NAS Lens ${context.extension.packageJSON.version} activated`);
}

export function deactivate(): void {}
