import { badInput } from './errors';

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const COUNTRY_PATTERN = /^[A-Z]{2}$/;
export const LANGUAGE_PATTERN = /^[a-z]{2,3}$/;

/** `from` must not come after `to` (either may be open). */
export function assertDateOrder(
  from: Date | string | null | undefined,
  to: Date | string | null | undefined,
  fromField: string,
  toField: string,
) {
  if (from && to && new Date(from).getTime() > new Date(to).getTime()) {
    throw badInput(`"${toField}" must not be before "${fromField}".`, toField);
  }
}

/** Copies the fields the caller set (not undefined) from an input onto an entity. */
export function assignDefined<T extends object>(target: T, input: Partial<T>) {
  for (const [key, value] of Object.entries(input)) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
}

/** A LIKE pattern that matches `text` anywhere, with the caller's % and _ taken literally. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Fields a create input must have (its update input shares the class and leaves them optional). */
export function requireFields<T extends object>(input: T, fields: (keyof T & string)[]) {
  for (const field of fields) {
    if (input[field] === undefined || input[field] === null) throw badInput(`"${field}" is required.`, field);
  }
}
