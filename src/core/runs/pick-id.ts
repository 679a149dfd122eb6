/**
 * The one id that `idOrPrefix` names among `ids` (oldest first): the id itself, a unique prefix of one,
 * or `last` (the newest). Throws a message that lists the candidates otherwise. Runs and loops share it.
 */
export function pickId(ids: readonly string[], idOrPrefix: string, kind: { readonly one: string; readonly many: string; readonly where: string }): string {
  if (ids.includes(idOrPrefix)) return idOrPrefix;
  const matches = idOrPrefix === 'last' ? ids.slice(-1) : ids.filter((id) => id.startsWith(idOrPrefix));
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) throw new Error(`'${idOrPrefix}' matches ${matches.length} ${kind.many}: ${matches.join(', ')}`);
  const recent = ids.length ? ` (${kind.many}: ${ids.slice(-5).join(', ')}${ids.length > 5 ? ', …' : ''})` : '';
  throw new Error(`no ${kind.one} '${idOrPrefix}' in ${kind.where}${recent}`);
}
