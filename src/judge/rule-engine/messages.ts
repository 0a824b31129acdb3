/**
 * Rule messages in the manner of ESLint's messageId: a rule declares its message templates by a
 * stable id ("{{count}} cookies live longer than {{maxDays}} days"), its findings name the id and
 * the placeholder values, and the engine renders the text. Reports keep the id, so dashboards and
 * tests can tell findings apart without matching prose.
 */

/** A rule's message templates by message id. Placeholders are `{{name}}` (letters, digits, _). */
export type MessageTemplates = Readonly<Record<string, string>>;

/** The placeholder names of a template literal type: "a {{x}} b {{y}}" → "x" | "y". */
export type Placeholders<Template extends string> = Template extends `${string}{{${infer Name}}}${infer Rest}` ? Name | Placeholders<Rest> : never;

/** A value a placeholder is filled with. */
export type MessageValue = string | number;

/**
 * The `data` a finding with this template must give: none for a template without placeholders,
 * any for a template only known as `string` (the engine's erased view of a rule).
 */
export type MessageData<Template extends string> = string extends Template
  ? { data?: Readonly<Record<string, MessageValue>> }
  : [Placeholders<Template>] extends [never]
    ? { data?: undefined }
    : { data: { readonly [Name in Placeholders<Template>]: MessageValue } };

/** `messageId` plus the data its template needs, for each message of `M`. */
export type MessageRef<M extends MessageTemplates> = { [Id in keyof M & string]: { messageId: Id } & MessageData<M[Id]> }[keyof M & string];

const PLACEHOLDER = /\{\{(\w+)\}\}/g;

/**
 * The message text. A placeholder without data stays as written (as in ESLint), so a slip shows
 * in the report instead of crashing the rule; the rule tester fails on it.
 */
export function renderMessage(template: string, data: Readonly<Record<string, MessageValue>> = {}): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(data, name) ? String(data[name]) : whole));
}

/** The placeholder names used in a template, in order of first use. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}
