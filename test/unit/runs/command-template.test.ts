import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { parseCommandTemplate, TemplateError } from '../../../src/core/runs/command-template';

/**
 * Runs a template's shell text once per sample, in one bash process (as command.sh would run it),
 * with NAS_LENS_NAME and NAS_LENS_SEED read from a NUL-separated file; returns each run's stdout.
 */
function runShell(shell: string, samples: readonly (readonly [string, string])[], dir: string): string[] {
  const input = join(dir, 'values');
  writeFileSync(input, samples.map(([name, seed]) => `${name}\0${seed}\0`).join(''));
  const driver = `while IFS= read -r -d '' NAS_LENS_NAME && IFS= read -r -d '' NAS_LENS_SEED; do\n${shell}\nprintf '\\0'\ndone < ${JSON.stringify(input)}`;
  const r = spawnSync('bash', ['-c', driver], { env: { PATH: process.env.PATH }, encoding: 'utf8', cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\0').slice(0, -1);
}

describe('command templates', () => {
  test('placeholders become double-quoted variable references, in order of first use', () => {
    const t = parseCommandTemplate('python train.py --arch {arch} --seed {seed} --out {out}/x --again {arch}');
    assert.equal(t.shell, 'python train.py --arch "${NAS_LENS_ARCH}" --seed "${NAS_LENS_SEED}" --out "${NAS_LENS_OUT}"/x --again "${NAS_LENS_ARCH}"');
    assert.deepEqual(t.uses, ['arch', 'seed', 'out']);
  });

  test('inside double quotes a placeholder is a bare reference (the quotes are already there)', () => {
    const t = parseCommandTemplate('echo "cell {name} seed={seed}" "$(basename {out})"');
    assert.equal(t.shell, 'echo "cell ${NAS_LENS_NAME} seed=${NAS_LENS_SEED}" "$(basename "${NAS_LENS_OUT}")"');
  });

  test('an unknown placeholder is an error naming line:column and the known ones', () => {
    assert.throws(
      () => parseCommandTemplate('python train.py \\\n  --arch {archh}'),
      (e: unknown) => {
        assert.ok(e instanceof TemplateError);
        assert.equal(e.line, 2);
        assert.equal(e.column, 10);
        assert.match(e.message, /unknown placeholder \{archh\}; known: \{genotype\} \{arch\} \{cell_json\} \{space\} \{name\} \{hash\} \{seed\} \{out\}/);
        return true;
      },
    );
  });

  test('a placeholder inside single quotes is refused (the shell would not expand it)', () => {
    assert.throws(() => parseCommandTemplate("echo '{name}'"), /1:7: \{name\} is inside single quotes/);
    assert.throws(() => parseCommandTemplate("echo $'x{seed}'"), /inside single quotes/);
  });

  test("the shell's own ${VAR}, {{ }} escapes and brace words that are no placeholder are left alone", () => {
    const t = parseCommandTemplate("echo ${HOME} {{x}} {a,b} {1..3} '{\"k\": 1}' && awk '{print $1}' f");
    assert.equal(t.shell, "echo ${HOME} {x} {a,b} {1..3} '{\"k\": 1}' && awk '{print $1}' f");
    assert.deepEqual(t.uses, []);
  });

  test('unclosed quotes and substitutions are errors at the end of the template', () => {
    assert.throws(() => parseCommandTemplate('echo "abc'), /1:10: a double quote \("\) is never closed/);
    assert.throws(() => parseCommandTemplate("echo 'abc"), /a single quote/);
    assert.throws(() => parseCommandTemplate('echo $(ls'), /a \$\( substitution/);
    assert.throws(() => parseCommandTemplate('   '), /the command is empty/);
  });

  describe('hostile values run nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nas-lens-template-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const canary = join(dir, 'pwned');
    const attacks = [
      `x$(touch ${canary})`,
      `x\`touch ${canary}\``,
      `x; touch ${canary}`,
      `x" ; touch ${canary}; echo "`,
      `x' ; touch ${canary}; echo '`,
      `x\ntouch ${canary}\n`,
      `$(touch ${canary}) && \${IFS}touch\${IFS}${canary}`,
      `* ? [a] ~ $HOME`,
    ];
    const templates = [
      'printf "%s" {name}',
      'printf "%s" "{name}"',
      'printf "%s" "$(printf "%s" {name})"',
      'printf "%s" "`printf "%s" {name}`"',
      'V={name}; printf "%s" "$V"',
    ];
    for (const template of templates) {
      test(`${template}: each value arrives as one argument, intact`, () => {
        const out = runShell(
          parseCommandTemplate(template).shell,
          attacks.map((a) => [a, '0']),
          dir,
        );
        const substituted = template.includes('`') || template.includes('$(');
        assert.deepEqual(
          out,
          attacks.map((a) => (substituted ? a.replace(/\n+$/, '') : a)),
        );
        assert.equal(existsSync(canary), false, `a value ran a command through ${template}`);
      });
    }

    test('property: any value (no NUL) passes through unchanged as one argument', () => {
      const t = parseCommandTemplate('printf "%s|" {name} {seed}');
      const noNul = (s: string) => !s.includes('\0');
      const shellish = fc.constantFrom('$(', ')', '`', ';', '"', "'", '\\', '\n', '$', '{', '}', '*', ' ', '&&', '|', '>', '<', 'touch pwned');
      const value = fc
        .oneof(
          fc.string({ unit: 'binary', maxLength: 40 }),
          fc.array(shellish, { maxLength: 12 }).map((parts) => parts.join('')),
        )
        .filter(noNul);
      const samples = fc.sample(fc.tuple(value, value), 300);
      const out = runShell(t.shell, samples, dir);
      assert.deepEqual(
        out,
        samples.map(([name, seed]) => `${name}|${seed}|`),
      );
      assert.equal(existsSync(canary), false);
      assert.equal(existsSync(join(dir, 'pwned')), false);
    });
  });
});
