import type { CallExpr, Expr } from '../literal/expr';
import { error, warning } from '../draft';
import type { Diagnostic } from '../types';
import { shown } from '../../spaces/user-text';

/**
 * A call's arguments by parameter name, from keyword or positional arguments
 * (`positional` is the parameter order). Unknown, repeated or extra arguments are reported.
 */
export function bindArguments(call: CallExpr, positional: readonly string[], ignored: readonly string[], diagnostics: Diagnostic[]): Map<string, Expr> {
  const bound = new Map<string, Expr>();
  let index = 0;
  for (const arg of call.args) {
    if (arg.value.kind === 'other' && arg.value.what === 'nothing' && !arg.keyword) continue;
    const name = arg.keyword ?? positional[index++];
    const where = arg.keywordRange ?? arg.value;
    if (!name) {
      diagnostics.push(error('unknown-argument', `${call.callee}() takes ${positional.length} arguments (${positional.join(', ')}); this one is extra`, where));
    } else if (ignored.includes(name)) {
      continue;
    } else if (!positional.includes(name)) {
      diagnostics.push(warning('unknown-argument', `${call.callee}() has no argument '${shown(name)}'; it takes ${positional.join(', ')}`, where));
    } else if (bound.has(name)) {
      diagnostics.push(error('duplicate-argument', `'${shown(name)}' is given twice`, where));
    } else {
      bound.set(name, arg.value);
    }
  }
  return bound;
}
