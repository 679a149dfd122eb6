/**
 * A SLURM time limit (`--time`): minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS, in seconds;
 * undefined when the text is not one of these forms. `INFINITE`/`UNLIMITED` mean no limit (Infinity).
 */
export function parseSlurmTime(text: string): number | undefined {
  const t = text.trim();
  if (/^(infinite|unlimited)$/i.test(t)) return Infinity;
  let m = /^(\d+)-(\d+)(?::(\d+)(?::(\d+))?)?$/.exec(t);
  if (m) return Number(m[1]) * 86400 + Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  m = /^(\d+)(?::(\d+)(?::(\d+))?)?$/.exec(t);
  if (!m) return undefined;
  if (m[3] !== undefined) return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  if (m[2] !== undefined) return Number(m[1]) * 60 + Number(m[2]);
  return Number(m[1]) * 60;
}
