/** Fills an answer-letter template: `{{name}}` placeholders from the values; unknown names are refused. */
export function fillTemplate(params: {
  body: string;
  values: Record<string, string>;
}): { ok: true; text: string } | { ok: false; unknown: string[] } {
  const unknown: string[] = [];
  const text = params.body.replace(/\{\{\s*([a-zA-Z]+)\s*\}\}/g, (_, name: string) => {
    if (name in params.values) return params.values[name];
    unknown.push(name);
    return '';
  });
  return unknown.length ? { ok: false, unknown: [...new Set(unknown)] } : { ok: true, text };
}

/** Names a template may use. */
export const TEMPLATE_FIELDS = [
  'citizenName',
  'appealNumber',
  'registeredOn',
  'category',
  'deadlineOn',
  'answerText',
  'letterNumber',
  'letterDate',
  'accountNumber',
] as const;

/** The register number of a letter: sequence within the year, a direction mark, the year ("12-исх/2026"). */
export function letterNumber(params: {
  direction: 'incoming' | 'outgoing';
  seq: number;
  year: number;
}): string {
  return `${params.seq}-${params.direction === 'outgoing' ? 'исх' : 'вх'}/${params.year}`;
}
