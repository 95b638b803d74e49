import { registerEnumType } from 'type-graphql';

type EnumConfig<E extends object> = NonNullable<Parameters<typeof registerEnumType<E>>[1]>;

/** The values of an enum made by defineEnum, as a type: `export type Kind = EnumValue<typeof Kind>`. */
export type EnumValue<E> = E[keyof E];

/**
 * A GraphQL enum whose values are their own names, written once: the object (`Kind.NGO === 'NGO'`)
 * that code, MikroORM `@Enum({ items: () => Kind })` and type-graphql use, registered under `name`.
 */
export function defineEnum<const V extends string>(
  name: string,
  values: readonly V[],
  config: Omit<EnumConfig<{ [K in V]: K }>, 'name'> = {},
): { readonly [K in V]: K } {
  const members = Object.fromEntries(values.map((value) => [value, value])) as { [K in V]: K };
  registerEnumType(members, { name, ...config });
  return Object.freeze(members);
}
