/** A CloudFormation template as synthesized: resources keyed by logical id. */
export interface CfnTemplate {
  readonly Resources?: Readonly<Record<string, CfnResource>>;
}

/** One resource of a template; CDK puts the construct path in `Metadata['aws:cdk:path']`. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
  readonly Metadata?: Readonly<Record<string, unknown>>;
}

/**
 * A template value as cdk-nag writes it in finding ids, so that findings and acknowledgments line up:
 * `Ref` → `<Id>`, `Fn::GetAtt` → `<Id.Attr>`, `Fn::Join` → the joined parts, pseudo parameters → `<AWS::X>`.
 */
export function renderValue(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(renderValue).join(', ');
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    const [key, arg] = entries[0] ?? [];
    if (entries.length === 1 && key === 'Ref') return `<${String(arg)}>`;
    if (entries.length === 1 && key === 'Fn::GetAtt' && Array.isArray(arg)) return `<${arg.map(String).join('.')}>`;
    if (entries.length === 1 && key === 'Fn::Join' && Array.isArray(arg)) {
      const [separator, parts] = arg as [string, unknown[]];
      return parts.map(renderValue).join(separator);
    }
    if (entries.length === 1 && key === 'Fn::Sub') {
      return String(Array.isArray(arg) ? arg[0] : arg).replace(/\$\{([^}]+)\}/g, '<$1>');
    }
    return JSON.stringify(value);
  }
  return String(value);
}

/** A property that may hold one value or a list, as a list. */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Construct paths by logical id (below the stack, `/Resource` of an L2 dropped), read from the construct tree. */
export type ConstructPaths = ReadonlyMap<string, string>;

/** The construct path of a resource, or its logical id when the tree has none (e.g. CDK's own singletons). */
export function constructPath(logicalId: string, paths: ConstructPaths): string {
  return paths.get(logicalId) ?? logicalId;
}

/** The logical id a `Ref`/`Fn::GetAtt` points to, when the value is one. */
export function referencedId(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const ref = (value as { Ref?: unknown }).Ref;
  if (typeof ref === 'string') return ref;
  const getAtt = (value as { 'Fn::GetAtt'?: unknown })['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  return undefined;
}

/** The resources of a template of one type, with their logical ids. */
export function resourcesOfType(template: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(template.Resources ?? {}).filter(([, r]) => r.Type === type);
}
