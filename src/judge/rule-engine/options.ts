/**
 * Rule options: each rule module declares its options as a small schema (type, bounds, default,
 * description). From it come the options' TypeScript types (RuleContext.options), their defaults,
 * the config file's JSON Schema for them and the engine's check of the values it is given.
 */

interface OptionBase {
  /** Shown by `gdpr-scan rules` and in the config schema. */
  readonly description: string;
}

/** A whole number, e.g. a number of days. */
export interface IntegerOptionSchema extends OptionBase {
  readonly type: 'integer';
  readonly default: number;
  readonly minimum?: number;
  readonly maximum?: number;
}

/** Any finite number. */
export interface NumberOptionSchema extends OptionBase {
  readonly type: 'number';
  readonly default: number;
  readonly minimum?: number;
  readonly maximum?: number;
}

export interface BooleanOptionSchema extends OptionBase {
  readonly type: 'boolean';
  readonly default: boolean;
}

/** A string; with `enum`, one of those values (typed as their literal union). */
export interface StringOptionSchema<Value extends string = string> extends OptionBase {
  readonly type: 'string';
  readonly default: Value;
  readonly enum?: readonly Value[];
}

/** One option of a rule. */
export type OptionSchema = IntegerOptionSchema | NumberOptionSchema | BooleanOptionSchema | StringOptionSchema;

/** A rule's options by name. */
export type OptionsSchema = Readonly<Record<string, OptionSchema>>;

/** A value an option can take, whatever the rule. */
export type OptionValue = number | string | boolean;

/** The value type of one option: integer/number → number, boolean → boolean, string → string or the enum's literals. */
export type OptionValueOf<S extends OptionSchema> = S extends { readonly type: 'integer' | 'number' }
  ? number
  : S extends { readonly type: 'boolean' }
    ? boolean
    : S extends { readonly enum: readonly (infer Value)[] }
      ? Value
      : string;

/** The options a rule reads, typed from its schema. */
export type OptionValues<S extends OptionsSchema> = { readonly [Name in keyof S]: OptionValueOf<S[Name]> };

/** Every option at its default. */
export function optionDefaults<S extends OptionsSchema>(schema: S): OptionValues<S> {
  return Object.fromEntries(Object.entries(schema).map(([name, option]) => [name, option.default])) as OptionValues<S>;
}

const TYPE_WORDS: Readonly<Record<OptionSchema['type'], string>> = { integer: 'an integer', number: 'a number', boolean: 'true or false', string: 'a string' };

function valueProblem(option: OptionSchema, value: unknown): string | undefined {
  const typeOk =
    option.type === 'integer' ? Number.isInteger(value) : option.type === 'number' ? typeof value === 'number' && Number.isFinite(value) : typeof value === option.type;
  if (!typeOk) return `must be ${TYPE_WORDS[option.type]}`;
  if (option.type === 'integer' || option.type === 'number') {
    const n = value as number;
    if (option.minimum !== undefined && n < option.minimum) return `must be at least ${option.minimum}`;
    if (option.maximum !== undefined && n > option.maximum) return `must be at most ${option.maximum}`;
  }
  if (option.type === 'string' && option.enum !== undefined && !option.enum.includes(value as string)) return `must be one of ${option.enum.join(', ')}`;
  return undefined;
}

/**
 * What is wrong with `values` for `schema`, one line per option ("maxDays must be an integer");
 * empty when they fit. Unknown names are problems too. The config file gets the same checks,
 * with file-and-path wording, through the JSON Schema of rulesConfigSchema().
 */
export function optionProblems(schema: OptionsSchema, values: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    const option = schema[name];
    if (option === undefined) {
      problems.push(`${name} is not an option`);
      continue;
    }
    const problem = valueProblem(option, value);
    if (problem !== undefined) problems.push(`${name} ${problem}`);
  }
  return problems;
}

/** One option as the config file's JSON Schema describes it. */
export interface OptionJsonSchema {
  description: string;
  type: OptionSchema['type'];
  minimum?: number;
  maximum?: number;
  enum?: string[];
  /** An annotation for editors; the engine fills defaults itself. */
  default: OptionValue;
}

/** The JSON Schema of one option, for the config file. */
export function optionJsonSchema(option: OptionSchema): OptionJsonSchema {
  const json: OptionJsonSchema = { description: option.description, type: option.type, default: option.default };
  if (option.type === 'integer' || option.type === 'number') {
    if (option.minimum !== undefined) json.minimum = option.minimum;
    if (option.maximum !== undefined) json.maximum = option.maximum;
  }
  if (option.type === 'string' && option.enum !== undefined) json.enum = [...option.enum];
  return json;
}
