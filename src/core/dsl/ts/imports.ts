import type * as TS from 'typescript';

export const DSL_FUNCTIONS = ['nb201', 'nb101', 'darts'] as const;
export type DslFunction = (typeof DSL_FUNCTIONS)[number];

const DSL_MODULE = /^nas-lens\/dsl(?:\/index(?:\.js)?)?$/;

export interface DslBindings {
  /** Local name → DSL function, e.g. `import { nb201 as arch } …` maps 'arch' → 'nb201'. */
  readonly functions: ReadonlyMap<string, DslFunction>;
  /** Local names of `import * as dsl from 'nas-lens/dsl'` and `import dsl = require('nas-lens/dsl')`. */
  readonly namespaces: ReadonlySet<string>;
}

export function dslBindings(ts: typeof TS, source: TS.SourceFile): DslBindings {
  const functions = new Map<string, DslFunction>();
  const namespaces = new Set<string>();
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && DSL_MODULE.test(statement.moduleSpecifier.text)) {
      const clause = statement.importClause;
      if (!clause || clause.isTypeOnly) continue;
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) namespaces.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          const imported = (element.propertyName ?? element.name).text;
          if (!element.isTypeOnly && (DSL_FUNCTIONS as readonly string[]).includes(imported)) functions.set(element.name.text, imported as DslFunction);
        }
      }
    } else if (
      ts.isImportEqualsDeclaration(statement) &&
      ts.isExternalModuleReference(statement.moduleReference) &&
      ts.isStringLiteral(statement.moduleReference.expression) &&
      DSL_MODULE.test(statement.moduleReference.expression.text)
    ) {
      namespaces.add(statement.name.text);
    }
  }
  return { functions, namespaces };
}
