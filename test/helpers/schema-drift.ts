/**
 * Drift check between the TypeScript model (src/model) and a published JSON Schema (reports/):
 * reads the model with the TypeScript compiler and walks a type next to its schema node. Same
 * property names, same required/optional split, same literal unions as enums, nullability as
 * "null" in type (or, for a nullable reference, `anyOf: [{ $ref }, { type: "null" }]`), one oneOf branch per variant of a discriminated union, and the same text in the
 * property's TSDoc and the schema's description (the schema is hand-maintained, so this is what
 * keeps the two a single source of truth).
 */
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The part of a JSON Schema node the walker reads; everything else is passed through untouched. */
export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  description?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  discriminator?: { propertyName: string };
  [keyword: string]: unknown;
}

export interface SchemaDocument {
  $defs: Record<string, SchemaNode>;
  [keyword: string]: unknown;
}

/** Schema documents by the file name other documents use in their `$ref`s ("report.schema.json"). */
export type SchemaDocuments = Readonly<Record<string, SchemaDocument>>;

/** The model as the compiler sees it. */
export interface Model {
  checker: ts.TypeChecker;
  /** The declared type of an export of a model file (e.g. "report.ts", "Report"). */
  exportedType(file: string, name: string): ts.Type;
  /** The TSDoc of every exported interface and type alias of the model files, by name. */
  declarationDocs: ReadonlyMap<string, string>;
}

const MODEL_FILES = ['report.ts', 'evidence.ts', 'evidence-file.ts', 'consent.ts', 'transport.ts', 'withdrawal.ts', 'banner.ts', 'behaviour.ts', 'leak.ts'];

/** Compiles src/model (once per test file: it is the slow part). */
export function loadModel(): Model {
  const paths = MODEL_FILES.map((f) => fileURLToPath(new URL(`../../src/model/${f}`, import.meta.url)));
  const program = ts.createProgram(paths, {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const exportsOf = (file: string): ts.Symbol[] => {
    const source = program.getSourceFile(paths[MODEL_FILES.indexOf(file)]!)!;
    return checker.getExportsOfModule(checker.getSymbolAtLocation(source)!);
  };
  const declarationDocs = new Map<string, string>();
  for (const file of MODEL_FILES) {
    for (const symbol of exportsOf(file)) {
      if (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) declarationDocs.set(symbol.name, docOf(symbol, checker));
    }
  }
  return {
    checker,
    exportedType(file, name) {
      const symbol = exportsOf(file).find((s) => s.name === name);
      if (!symbol) throw new Error(`${file} exports no ${name}`);
      return checker.getDeclaredTypeOfSymbol(symbol);
    },
    declarationDocs,
  };
}

/** Descriptions are prose; line breaks and indentation are layout, not content. */
export const normalise = (text: string | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();

function docOf(symbol: ts.Symbol, checker: ts.TypeChecker): string {
  return normalise(ts.displayPartsToString(symbol.getDocumentationComment(checker)));
}

/** A schema node together with the document its local `#/$defs/...` references point into. */
interface Located {
  node: SchemaNode;
  document: string;
}

/** Follows `$ref`s, local (`#/$defs/X`) and into sibling documents (`report.schema.json#/$defs/X`). */
export function resolve(documents: SchemaDocuments, at: Located): Located {
  let { node, document } = at;
  for (let hops = 0; node.$ref; hops++) {
    if (hops > 20) throw new Error(`$ref loop at ${node.$ref}`);
    const [file, pointer] = node.$ref.split('#');
    if (file) document = file;
    const doc = documents[document];
    if (!doc) throw new Error(`$ref ${node.$ref}: no schema document ${document}`);
    const name = (pointer ?? '').replace(/^\/\$defs\//, '');
    const target = doc.$defs[name];
    if (!target) throw new Error(`$ref ${node.$ref}: ${document} has no $defs/${name}`);
    node = target;
  }
  return { node, document };
}

/** The `$ref` branch of `anyOf: [{ $ref }, { type: "null" }]` (in either order); undefined for any other node. */
function nullableReference(node: SchemaNode): SchemaNode | undefined {
  if (node.anyOf?.length !== 2) return undefined;
  const reference = node.anyOf.find((branch) => branch.$ref !== undefined && Object.keys(branch).length === 1);
  const nothing = node.anyOf.find((branch) => branch.type === 'null' && Object.keys(branch).length === 1);
  return reference && nothing ? reference : undefined;
}

/** A property's documented meaning in the schema: its own description, else the referenced definition's. */
function schemaDescription(documents: SchemaDocuments, at: Located): string {
  if (at.node.description !== undefined || !at.node.$ref) return normalise(at.node.description);
  return normalise(resolve(documents, at).node.description);
}

/**
 * Differences between `type` and the definition `def` of the schema document `document`, as
 * readable lines ("<path>: <what differs>"); empty when they agree.
 */
export function schemaDrift(model: Model, type: ts.Type, documents: SchemaDocuments, document: string, def: string): string[] {
  const problems: string[] = [];
  // Definitions by node (a definition reached from either document is one), inline objects by path.
  const seen = new Set<SchemaNode | string>();
  const { checker } = model;

  const compare = (type: ts.Type, property: Located, path: string): void => {
    // A nullable reference is `anyOf: [{ $ref }, { type: "null" }]`: the reference, and null.
    const reference = nullableReference(property.node);
    const at = reference ? { node: reference, document: property.document } : property;
    const { node: schema, document } = resolve(documents, at);
    const parts = type.isUnion() ? type.types : [type];
    const nullable = parts.some((t) => t.flags & ts.TypeFlags.Null);
    const rest = parts.filter((t) => !(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)));
    const schemaTypes: string[] = schema.type === undefined ? [] : [schema.type].flat();
    const schemaNullable = reference !== undefined || schemaTypes.includes('null') || (schema.enum ?? []).includes(null);
    if (nullable !== schemaNullable) problems.push(`${path}: nullable in TS ${nullable}, in schema ${schemaNullable}`);

    // true | false is boolean; a lone `true` or `false` (fixedPages, done on a no-action record) is a const.
    if (rest.length > 0 && rest.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) {
      if (!schemaTypes.includes('boolean')) problems.push(`${path}: boolean in TS, ${JSON.stringify(schemaTypes)} in schema`);
      if (rest.length === 1) {
        const literal = checker.typeToString(rest[0]!) === 'true';
        if (schema.const !== literal) problems.push(`${path}: always ${literal} in TS, schema const ${JSON.stringify(schema.const)}`);
      }
      return;
    }
    // Literal unions (Phase, Severity, stage, method...) must equal the schema's enum/const.
    if (rest.length > 0 && rest.every((t) => t.isLiteral())) {
      const literals = rest.map((t) => (t as ts.LiteralType).value).sort();
      const allowed = (schema.enum ?? (schema.const !== undefined ? [schema.const] : undefined))?.filter((v) => v !== null).sort();
      if (JSON.stringify(literals) !== JSON.stringify(allowed)) problems.push(`${path}: TS literals ${JSON.stringify(literals)} vs schema ${JSON.stringify(allowed)}`);
      return;
    }
    if (rest.length > 1 && rest.every((t) => t.flags & ts.TypeFlags.Object && !checker.isArrayType(t))) {
      compareUnion(rest, { node: schema, document }, path);
      return;
    }
    if (rest.length !== 1) {
      problems.push(`${path}: a TS union the walker does not know (${checker.typeToString(type)})`);
      return;
    }
    const t = rest[0]!;
    if (t.flags & ts.TypeFlags.String) {
      if (!schemaTypes.includes('string')) problems.push(`${path}: string in TS, ${JSON.stringify(schemaTypes)} in schema`);
      return;
    }
    if (t.flags & ts.TypeFlags.Number) {
      if (!schemaTypes.includes('number') && !schemaTypes.includes('integer')) problems.push(`${path}: number in TS, ${JSON.stringify(schemaTypes)} in schema`);
      return;
    }
    if (checker.isArrayType(t)) {
      if (!schemaTypes.includes('array') || !schema.items) problems.push(`${path}: array in TS, ${JSON.stringify(schemaTypes)} in schema`);
      else compare(checker.getTypeArguments(t as ts.TypeReference)[0]!, { node: schema.items, document }, `${path}[]`);
      return;
    }
    compareObject(t, at, path);
  };

  /** An object: its properties, once per definition (which also stops at recursion). */
  const compareObject = (t: ts.Type, at: Located, path: string): void => {
    const { node: schema, document } = resolve(documents, at);
    const key = at.node.$ref ? schema : path;
    if (seen.has(key)) return;
    seen.add(key);
    const tsProps = checker.getPropertiesOfType(t);
    const schemaProps = schema.properties ?? {};
    const required = new Set(schema.required ?? []);
    if (schema.additionalProperties !== false) problems.push(`${path}: object without additionalProperties: false`);
    for (const prop of tsProps) {
      const propNode = schemaProps[prop.name];
      if (!propNode) {
        problems.push(`${path}.${prop.name}: in TS, missing in schema`);
        continue;
      }
      const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
      if (optional === required.has(prop.name)) problems.push(`${path}.${prop.name}: ${optional ? 'optional' : 'required'} in TS, not in schema`);
      const tsDoc = docOf(prop, checker);
      const described = schemaDescription(documents, { node: propNode, document });
      if (tsDoc !== described) problems.push(`${path}.${prop.name}: TSDoc ${JSON.stringify(tsDoc)} vs schema description ${JSON.stringify(described)}`);
      compare(checker.getTypeOfSymbol(prop), { node: propNode, document }, `${path}.${prop.name}`);
    }
    for (const name of Object.keys(schemaProps)) {
      if (!tsProps.some((p) => p.name === name)) problems.push(`${path}.${name}: in schema, missing in TS`);
    }
  };

  /**
   * A discriminated union: the schema has one oneOf branch per TS variant, told apart by the same
   * discriminant (with a `discriminator` so that Ajv reports only the matching branch's errors),
   * and each variant is compared with its branch. Paths name the variant: `phases.before<status=ok>`.
   */
  const compareUnion = (variants: readonly ts.Type[], at: Located, path: string): void => {
    const { node: schema, document } = at;
    if (!schema.oneOf) {
      problems.push(`${path}: union of ${variants.length} variants in TS, no oneOf in schema`);
      return;
    }
    const tagOf = (variant: ts.Type, name: string): string[] | undefined => {
      const prop = variant.getProperty(name);
      if (!prop || prop.flags & ts.SymbolFlags.Optional) return undefined;
      const propType = checker.getTypeOfSymbol(prop);
      const literals = (propType.isUnion() ? propType.types : [propType]).map((p) => (p.isStringLiteral() ? p.value : undefined));
      return literals.every((l) => l !== undefined) ? (literals as string[]).sort() : undefined;
    };
    const discriminant = checker.getPropertiesOfType(variants[0]!).map((p) => p.name).find((name) => {
      const tags = variants.map((v) => tagOf(v, name));
      if (tags.some((t) => t === undefined)) return false;
      const all = tags.flat();
      return new Set(all).size === all.length;
    });
    if (!discriminant) {
      problems.push(`${path}: TS union without a string-literal discriminant`);
      return;
    }
    if (schema.discriminator?.propertyName !== discriminant) problems.push(`${path}: oneOf without discriminator: { propertyName: "${discriminant}" }`);
    const unmatched = new Set(variants);
    // In the schema's order, so that paths (and which variant is walked first) are stable.
    for (const branch of schema.oneOf) {
      const resolved = resolve(documents, { node: branch, document }).node;
      const tagNode = resolved.properties?.[discriminant];
      const values = (tagNode?.enum ?? (tagNode?.const !== undefined ? [tagNode.const] : [])).map(String).sort();
      const variant = [...unmatched].find((v) => JSON.stringify(tagOf(v, discriminant)) === JSON.stringify(values));
      if (!variant) {
        problems.push(`${path}: oneOf branch ${discriminant}=${values.join('|') || '?'} has no TS variant`);
        continue;
      }
      unmatched.delete(variant);
      compareObject(variant, { node: branch, document }, `${path}<${discriminant}=${values.join('|')}>`);
    }
    for (const variant of unmatched) problems.push(`${path}: TS variant ${discriminant}=${tagOf(variant, discriminant)!.join('|')} has no oneOf branch`);
  };

  compare(type, { node: { $ref: `#/$defs/${def}` }, document }, def);
  return problems;
}

/**
 * Definitions whose description is not the TSDoc of the model's interface or type alias of the
 * same name (definitions without a namesake in the model are skipped).
 */
export function definitionDocDrift(model: Model, document: SchemaDocument): string[] {
  const problems: string[] = [];
  for (const [name, def] of Object.entries(document.$defs)) {
    const doc = model.declarationDocs.get(name);
    if (doc === undefined) continue;
    if (doc !== normalise(def.description)) problems.push(`$defs/${name}: TSDoc ${JSON.stringify(doc)} vs schema description ${JSON.stringify(normalise(def.description))}`);
  }
  return problems;
}

/** Definitions and properties without a description (a `$ref` counts when its target has one). */
export function missingDescriptions(documents: SchemaDocuments, document: string): string[] {
  const missing: string[] = [];
  const walk = (node: SchemaNode, path: string): void => {
    for (const [name, prop] of Object.entries(node.properties ?? {})) {
      if (!schemaDescription(documents, { node: prop, document })) missing.push(`${path}.${name}`);
      walk(prop, `${path}.${name}`);
    }
    if (node.items) walk(node.items, `${path}[]`);
  };
  for (const [name, def] of Object.entries(documents[document]!.$defs)) {
    if (!def.description) missing.push(name);
    walk(def, name);
  }
  return missing;
}
