/**
 * Binds `:name` placeholders of a statement to positional parameters ($1, $2, … in order of first
 * use), for statements assembled from parts where some values are used only by some variants (an
 * unused positional parameter has no type and PostgreSQL refuses it). `::type` casts are not
 * placeholders; every named value used must be given.
 */
export function bindNamed(sql: string, values: Record<string, unknown>): { sql: string; params: unknown[] } {
  const order: string[] = [];
  const text = sql.replace(/(?<![:\w]):([a-zA-Z]\w*)/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for :${name}`);
    let i = order.indexOf(name);
    if (i < 0) i = order.push(name) - 1;
    return `$${i + 1}`;
  });
  return { sql: text, params: order.map((n) => values[n]) };
}
