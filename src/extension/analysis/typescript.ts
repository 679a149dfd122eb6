// The TypeScript compiler for *.nas.ts files, loaded on the first such file only: VS Code's own copy
// (every VS Code ships one for its TypeScript support), else the one next to the extension when it
// runs from the repo. A workspace's node_modules is never loaded: that would run the workspace's code.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TypeScriptModule } from '../../core/dsl';
import { errorMessage } from '../../shared/errors';

let loaded: { module?: TypeScriptModule; error?: string } | undefined;

export function typescriptCandidates(extensionPath: string): string[] {
  return [
    path.join(vscode.env.appRoot, 'extensions', 'node_modules', 'typescript', 'lib', 'typescript.js'),
    path.join(extensionPath, 'node_modules', 'typescript', 'lib', 'typescript.js'),
  ];
}

/** A loader for parseDocument's `typescript` option: throws (parseDocument then reports it) when none is found. */
export function typescriptLoader(extensionPath: string): () => TypeScriptModule {
  return () => {
    if (!loaded) {
      const file = typescriptCandidates(extensionPath).find((f) => existsSync(f));
      try {
        if (!file) throw new Error('no TypeScript compiler found');
        loaded = { module: createRequire(__filename)(file) as TypeScriptModule };
      } catch (err) {
        loaded = { error: errorMessage(err) };
      }
    }
    if (loaded.module) return loaded.module;
    throw new Error(loaded.error);
  };
}
