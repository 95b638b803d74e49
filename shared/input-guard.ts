import {
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { badInput } from './errors';

/**
 * One check of every argument of every field, before any resolver (and so the database) sees it:
 * strings without NUL bytes and not longer than their limit, dates in a sane range, decimals within
 * their column's precision and scale (never rounded), finite floats, and lists not longer than their
 * limit. A refusal is BAD_USER_INPUT naming the argument path in `extensions.field`, quoting at most
 * a short prefix of the value.
 *
 * Every String/ID argument and input field gets DEFAULT_LIMITS; a field overrides them next to its
 * declaration with `@InputLimits({ maxLength: 200 })` (input classes) or `inputLimit('Query.cities.search', …)`.
 */
export interface Limits {
  /** Longest string, in characters. */
  maxLength?: number;
  /** Most items in a list. */
  maxItems?: number;
  /** Digits of a Decimal before and after the point (numeric(precision, scale)). */
  precision?: number;
  scale?: number;
}

export const DEFAULT_LIMITS: Required<Limits> = { maxLength: 10_000, maxItems: 200, precision: 24, scale: 4 };
/** Dates and datetimes must fall in these years (year 0000 or 275760 is a mistake, not a meeting). */
export const MIN_YEAR = 1800;
export const MAX_YEAR = 2200;
/** How much of a refused value a message may quote. */
export const QUOTE_LENGTH = 40;

export const quote = (value: string) => JSON.stringify(value.length > QUOTE_LENGTH ? `${value.slice(0, QUOTE_LENGTH)}…` : value);

/** A field resolver as graphql-js calls it. */
type Resolve = (root: unknown, values: Record<string, unknown>, ...rest: unknown[]) => unknown;

const classLimits = new Map<object, Map<string, Limits>>();
const namedLimits = new Map<string, Limits>();

/** Overrides the limits of one input-class field, next to its declaration. */
export function InputLimits(limits: Limits): PropertyDecorator {
  return (target, property) => {
    const ctor = target.constructor;
    if (!classLimits.has(ctor)) classLimits.set(ctor, new Map());
    classLimits.get(ctor)!.set(String(property), limits);
  };
}

/** Overrides the limits of a field argument, e.g. `inputLimit('Query.cities.search', { maxLength: 200 })`. */
export function inputLimit(path: string, limits: Limits) {
  namedLimits.set(path, limits);
}

/** GraphQL input type name -> field -> limits, resolved from the decorated classes. */
function limitsOfInputType(typeName: string, field: string): Limits | undefined {
  const named = namedLimits.get(`${typeName}.${field}`);
  if (named) return named;
  const metadata = getMetadataStorage();
  const input = [...metadata.inputTypes, ...metadata.argumentTypes].find((t) => t.name === typeName);
  return input ? classLimits.get(input.target)?.get(field) : undefined;
}

function checkValue(value: unknown, type: GraphQLInputType, path: string, limits: Limits): void {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type) as GraphQLInputType;
  if (isListType(nullable)) {
    const items = Array.isArray(value) ? value : [value];
    const maxItems = limits.maxItems ?? DEFAULT_LIMITS.maxItems;
    if (items.length > maxItems) throw badInput(`"${path}" may hold at most ${maxItems} items.`, path);
    items.forEach((item, index) => checkValue(item, nullable.ofType as GraphQLInputType, `${path}[${index}]`, limits));
    return;
  }
  const named = getNamedType(nullable);
  if (isInputObjectType(named)) {
    const fields = named.getFields();
    for (const [name, field] of Object.entries(fields)) {
      const own = limitsOfInputType(named.name, name) ?? {};
      checkValue((value as Record<string, unknown>)[name], field.type, `${path}.${name}`, own);
    }
    return;
  }
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw badInput(`"${path}" must not contain NUL bytes.`, path);
    const maxLength = limits.maxLength ?? DEFAULT_LIMITS.maxLength;
    if (value.length > maxLength) throw badInput(`"${path}" may be at most ${maxLength} characters long.`, path);
    if (named.name === 'Decimal') checkDecimal(value, path, limits);
    if (named.name === 'LocalDate') checkYear(Number(value.slice(0, value.indexOf('-', 1))), path);
    return;
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw badInput(`"${path}" is not a valid date.`, path);
    checkYear(value.getUTCFullYear(), path);
    return;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw badInput(`"${path}" must be a finite number.`, path);
}

function checkYear(year: number, path: string) {
  if (!Number.isFinite(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw badInput(`"${path}" must be a date between the years ${MIN_YEAR} and ${MAX_YEAR}.`, path);
  }
}

function checkDecimal(value: string, path: string, limits: Limits) {
  const precision = limits.precision ?? DEFAULT_LIMITS.precision;
  const scale = limits.scale ?? DEFAULT_LIMITS.scale;
  const [whole, fraction = ''] = value.trim().replace(/^-/, '').split('.');
  if (fraction.replace(/0+$/, '').length > scale) throw badInput(`"${path}" may have at most ${scale} decimals.`, path);
  if (whole.replace(/^0+(?=\d)/, '').length > precision - scale)
    throw badInput(`"${path}" may have at most ${precision - scale} digits before the point.`, path);
}

/** Checks the arguments of one field against their declared types and limits. */
export function checkArguments(coordinate: string, definitions: readonly GraphQLArgument[], args: Record<string, unknown>) {
  for (const definition of definitions) {
    checkValue(args[definition.name], definition.type, definition.name, namedLimits.get(`${coordinate}.${definition.name}`) ?? {});
  }
}

type ResolverMap = { [typeName: string]: unknown };

/**
 * Wraps every resolver of `resolvers` that has arguments in `schema` with checkArguments. The
 * gateway's own `_entities` representations are left alone (they come signed from the gateway).
 */
export function guardResolvers(schema: GraphQLSchema, resolvers: ResolverMap) {
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type) || typeof fields !== 'object' || fields === null) continue;
    const definitions = type.getFields();
    const resolversOfType = fields as Record<string, unknown>;
    for (const [fieldName, resolver] of Object.entries(resolversOfType)) {
      const args = definitions[fieldName]?.args;
      if (!args || args.length === 0 || fieldName === '_entities') continue;
      const coordinate = `${typeName}.${fieldName}`;
      if (typeof resolver === 'function') {
        resolversOfType[fieldName] = (root: unknown, values: Record<string, unknown>, ...rest: unknown[]) => {
          checkArguments(coordinate, args, values);
          return (resolver as Resolve)(root, values, ...rest);
        };
      } else if (resolver && typeof (resolver as { resolve?: unknown }).resolve === 'function') {
        const inner = (resolver as { resolve: Resolve }).resolve;
        resolversOfType[fieldName] = {
          ...(resolver as object),
          resolve: (root: unknown, values: Record<string, unknown>, ...rest: unknown[]) => {
            checkArguments(coordinate, args, values);
            return inner(root, values, ...rest);
          },
        };
      }
    }
  }
}
