import { offsetToPosition } from '../dsl';
import { isPlaceholder, PLACEHOLDER_NAMES, placeholderVariable, type Placeholder } from './placeholders';

/**
 * A training command template: shell text with `{placeholder}`s. The shell never sees a value's
 * text: each placeholder becomes a reference to an environment variable, double-quoted where the
 * template leaves it unquoted, so a genotype or name holding quotes, `$()`, backticks or `;` is one
 * argument and runs nothing. `{{` and `}}` write literal braces; `${VAR}` is the shell's own.
 */
export interface CommandTemplate {
  readonly source: string;
  /** The shell text the task runs, placeholders replaced by variable references. */
  readonly shell: string;
  /** The placeholders the template uses, in order of first use. */
  readonly uses: readonly Placeholder[];
}

export class TemplateError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`command template ${line}:${column}: ${message}`);
    this.name = 'TemplateError';
  }
}

type Context = 'plain' | 'double' | 'single' | 'ansi' | 'subst' | 'backtick';

const PLACEHOLDER = /^\{([A-Za-z_][A-Za-z0-9_]*)\}/;
const KNOWN = PLACEHOLDER_NAMES.map((n) => `{${n}}`).join(' ');

/** Parses and checks a template; throws a TemplateError naming line:column. */
export function parseCommandTemplate(source: string): CommandTemplate {
  if (!source.trim()) throw new TemplateError('the command is empty', 1, 1);
  const stack: Context[] = ['plain'];
  const depth: number[] = [0];
  const uses: Placeholder[] = [];
  let shell = '';
  let i = 0;
  const where = (at: number) => position(source, at);
  const top = () => stack[stack.length - 1];

  while (i < source.length) {
    const c = source[i];
    const context = top();
    if ((c === '{' || c === '}') && source[i + 1] === c) {
      shell += c;
      i += 2;
      continue;
    }
    if (c === '{' && source[i - 1] !== '$') {
      const m = PLACEHOLDER.exec(source.slice(i));
      if (m) {
        const name = m[1];
        const at = where(i);
        if (!isPlaceholder(name))
          throw new TemplateError(`unknown placeholder {${name}}; known: ${KNOWN} (write {{ and }} for literal braces)`, at.line, at.column);
        if (context === 'single' || context === 'ansi') {
          throw new TemplateError(
            `{${name}} is inside single quotes, where the shell would not expand it; remove the quotes (NAS Lens quotes every value)`,
            at.line,
            at.column,
          );
        }
        if (!uses.includes(name)) uses.push(name);
        const ref = `\${${placeholderVariable(name)}}`;
        shell += context === 'double' ? ref : `"${ref}"`;
        i += m[0].length;
        continue;
      }
    }
    const next = source[i + 1];
    shell += c;
    i++;
    if (context === 'single') {
      if (c === "'") stack.pop();
    } else if (c === '\\') {
      if (i < source.length) shell += source[i++];
    } else if (context === 'ansi') {
      if (c === "'") stack.pop();
    } else if (c === '$' && next === '(') {
      shell += next;
      i++;
      stack.push('subst');
      depth.push(0);
    } else if (c === '`') {
      if (context === 'backtick') stack.pop();
      else stack.push('backtick');
    } else if (context === 'double') {
      if (c === '"') stack.pop();
    } else if (c === '$' && next === "'") {
      shell += next;
      i++;
      stack.push('ansi');
    } else if (c === "'") stack.push('single');
    else if (c === '"') stack.push('double');
    else if (context === 'subst' && c === '(') depth[depth.length - 1]++;
    else if (context === 'subst' && c === ')') {
      if (depth[depth.length - 1] === 0) {
        stack.pop();
        depth.pop();
      } else depth[depth.length - 1]--;
    }
  }
  if (stack.length > 1) {
    const open = {
      single: "a single quote (')",
      ansi: "a $'…' string",
      double: 'a double quote (")',
      subst: 'a $( substitution',
      backtick: 'a backtick (`)',
      plain: '',
    }[top()];
    const end = where(source.length);
    throw new TemplateError(`${open} is never closed`, end.line, end.column);
  }
  return { source, shell, uses };
}

function position(text: string, offset: number): { line: number; column: number } {
  const p = offsetToPosition(text, offset);
  return { line: p.line + 1, column: p.character + 1 };
}
