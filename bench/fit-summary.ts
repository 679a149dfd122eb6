import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { FitRecord } from './fit';

interface Cell {
  readonly mean: number;
  readonly sd: number;
  readonly draws: number;
}

const SETTING_LABELS: Record<string, string> = {
  'nb201-in16': 'NB-201, ImageNet16-120 test (prior: CIFAR-10 model)',
  'nb201-c100': 'NB-201, CIFAR-100 test (prior: CIFAR-10 model)',
  'nb201-c10-12ep': 'NB-201, CIFAR-10 after 12 epochs (prior: CIFAR-10 200-epoch model)',
  'darts-real': 'DARTS, real CIFAR-10 trainings (prior: NB-301 labels + published cells)',
};

function stats(values: readonly number[]): Cell {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = values.length > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, sd, draws: values.length };
}

const f3 = (v: number) => v.toFixed(3);
const rank = (list: readonly string[], item: string) => (list.includes(item) ? list.indexOf(item) : list.length);

/** bench/results/fit.json and fit.md from the benchmark's records of the 'default' variant (other variants listed apart). */
export function summariseFit(records: readonly FitRecord[], outDir: string): void {
  const known = Object.keys(SETTING_LABELS);
  const settings = [...new Set(records.map((r) => r.setting))].sort((a, b) => rank(known, a) - rank(known, b));
  const rows: Record<string, unknown>[] = [];
  const lines: string[] = [
    "| setting | n | draws | prior alone | user's cells alone | fitted | fitted − best other (draws where fitted beats both) | CV τ prior → fitted | fitted used | τ of the model in use | fit time (CPU) |",
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const setting of settings) {
    const sizes = [...new Set(records.filter((r) => r.setting === setting).map((r) => r.n))].sort((a, b) => a - b);
    for (const n of sizes) {
      const of = (model: string, variant = 'default') =>
        records.filter((r) => r.setting === setting && r.n === n && r.model === model && r.variant === variant);
      const prior = of('prior'),
        user = of('user'),
        fitted = of('fitted');
      if (!prior.length || !fitted.length) continue;
      const draws = new Set(fitted.map((r) => r.draw));
      const priorByDraw = new Map(prior.map((r) => [r.draw, r.tau]));
      const userByDraw = new Map(user.map((r) => [r.draw, r.tau]));
      const inUse = fitted.filter((r) => priorByDraw.has(r.draw)).map((r) => (r.used ? r.tau : priorByDraw.get(r.draw)!));
      const margins = fitted
        .filter((r) => priorByDraw.has(r.draw) && userByDraw.has(r.draw))
        .map((r) => r.tau - Math.max(priorByDraw.get(r.draw)!, userByDraw.get(r.draw)!));
      const withCv = fitted.filter((r) => r.cv);
      const row = {
        setting,
        n,
        draws: draws.size,
        prior: stats(prior.map((r) => r.tau)),
        user: user.length ? stats(user.map((r) => r.tau)) : undefined,
        fitted: stats(fitted.map((r) => r.tau)),
        fittedMinusBestOther: margins.length ? stats(margins) : undefined,
        fittedBeatsBothIn: margins.filter((m) => m > 0).length,
        crossValidation: withCv.length
          ? {
              priorTau: stats(withCv.map((r) => r.cv!.priorTau ?? NaN)),
              fittedTau: stats(withCv.map((r) => r.cv!.fittedTau)),
            }
          : undefined,
        usedShare: fitted.filter((r) => r.used).length / fitted.length,
        modelInUse: stats(inUse),
        fittedSeconds: stats(fitted.map((r) => r.seconds)),
        fittedCpuSeconds: stats(fitted.map((r) => r.cpuSeconds)),
        userCpuSeconds: user.length ? stats(user.map((r) => r.cpuSeconds)) : undefined,
        load: stats(fitted.map((r) => r.load)),
      };
      rows.push(row);
      const pm = (c?: Cell) => (c ? `${f3(c.mean)} ± ${f3(c.sd)}` : '—');
      lines.push(
        [
          setting,
          n,
          row.draws,
          pm(row.prior),
          pm(row.user),
          `**${pm(row.fitted)}**`,
          row.fittedMinusBestOther
            ? `${row.fittedMinusBestOther.mean >= 0 ? '+' : ''}${f3(row.fittedMinusBestOther.mean)} (${row.fittedBeatsBothIn}/${margins.length})`
            : '—',
          row.crossValidation ? `${f3(row.crossValidation.priorTau.mean)} → ${f3(row.crossValidation.fittedTau.mean)}` : '—',
          `${Math.round(row.usedShare * 100)} %`,
          pm(row.modelInUse),
          `${row.fittedSeconds.mean.toFixed(0)} s (${row.fittedCpuSeconds.mean.toFixed(0)} s)`,
        ]
          .map(String)
          .join(' | ')
          .replace(/^/, '| ')
          .concat(' |'),
      );
    }
  }
  const variants = [...new Set(records.filter((r) => r.variant !== 'default').map((r) => `${r.setting}|${r.variant}|${r.n}`))].map((k) => {
    const [setting, variant, n] = k.split('|');
    const list = records.filter((r) => r.setting === setting && r.variant === variant && r.n === Number(n));
    return { setting, variant, n: Number(n), tau: stats(list.map((r) => r.tau)), draws: list.map((r) => r.draw) };
  });
  const legend = Object.entries(SETTING_LABELS)
    .filter(([k]) => settings.includes(k))
    .map(([k, v]) => `- \`${k}\`: ${v}`);
  writeFileSync(
    join(outDir, 'fit.json'),
    JSON.stringify(
      {
        what: "Kendall τ on held-out cells by the user's metric: the prior model alone, a model trained on the user's n cells alone, and the fitted model (fitSurrogate); mean ± sd over draws",
        machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
        rows,
        variants,
      },
      null,
      1,
    ) + '\n',
  );
  writeFileSync(join(outDir, 'fit.md'), [...legend, '', ...lines, ''].join('\n'));
  console.log([...legend, '', ...lines].join('\n'));
}
