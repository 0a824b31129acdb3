/** Small wording helpers shared by rule messages and renderers. */

/** "1 request", "4 requests"; `pluralForm` for irregular words ("1 company", "2 companies"). */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

/** A sentence as a clause inside another one: first letter lower-cased, final full stop dropped. */
export function asClause(sentence: string): string {
  const trimmed = sentence.replace(/\.$/, '');
  return trimmed.charAt(0).toLowerCase() + trimmed.slice(1);
}
