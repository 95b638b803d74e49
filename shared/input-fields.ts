import { IsOptional, IsUrl, Length, Matches, ValidateNested, type ValidationOptions } from 'class-validator';
import { Field, InputType, type FieldOptions } from 'type-graphql';
import { TranslationInput } from './translated-text';
import { SLUG_PATTERN } from './validation';

/**
 * The input fields every subgraph declares alike, each one decorator: its GraphQL type and
 * nullability (type-graphql) with its checks (class-validator). A field that is not one of these
 * stacks its decorators by hand.
 */

/** Several decorators as one, applied as if stacked in this order on the property (the last one first). */
function stacked(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, property) => {
    for (const decorator of [...decorators].reverse()) decorator(target, property);
  };
}

/** A text in several languages that must be given. */
export const Translations = (options: FieldOptions = {}) =>
  stacked(
    Field(() => [TranslationInput], options),
    ValidateNested({ each: true }),
  );

/** A text in several languages that may be left out or null. */
export const OptionalTranslations = (options: FieldOptions = {}) =>
  stacked(
    Field(() => [TranslationInput], { nullable: true, ...options }),
    IsOptional(),
    ValidateNested({ each: true }),
  );

/** A plain string of `min` to `max` characters that may be left out or null. */
export const OptionalText = (min: number, max: number, options: FieldOptions = {}) =>
  stacked(
    Field(() => String, { nullable: true, ...options }),
    IsOptional(),
    Length(min, max),
  );

/** A string that must match `pattern` (the refusal says `validation.message`) and may be left out or null. */
export const OptionalMatching = (pattern: RegExp, validation: ValidationOptions, options: FieldOptions = {}) =>
  stacked(
    Field(() => String, { nullable: true, ...options }),
    IsOptional(),
    Matches(pattern, validation),
  );

/** An http(s) address that may be left out or null. */
export const OptionalUrl = (options: FieldOptions = {}) =>
  stacked(
    Field(() => String, { nullable: true, ...options }),
    IsOptional(),
    IsUrl({ require_protocol: true }),
  );

const slugRule = { message: 'must be lower-case letters, digits and single hyphens' };

/** A record's slug (its readable key in addresses), when it must be given. */
export const Slug = (options: FieldOptions = {}) =>
  stacked(
    Field(() => String, options),
    Matches(SLUG_PATTERN, slugRule),
    Length(1, 80),
  );

/** A record's slug on update: left out or null keeps it. */
export const OptionalSlug = (options: FieldOptions = {}) =>
  stacked(
    Field(() => String, { nullable: true, ...options }),
    IsOptional(),
    Matches(SLUG_PATTERN, slugRule),
    Length(1, 80),
  );

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a mixin's base must take any constructor arguments
type InputClass<T = object> = abstract new (...args: any[]) => T;

/**
 * The create input of a named record (an organisation, a network, a fund): the fields of `Base`,
 * then the slug and the name it must have, in that order in the schema.
 */
export function WithSlugAndName<B extends InputClass>(Base: B): B & InputClass<{ slug: string; name: string }> {
  @InputType(`${Base.name}WithSlugAndName`, { description: 'Not in the schema: a create input’s fields, slug and name.' })
  abstract class SlugAndName extends Base {
    @Slug()
    slug: string;

    @Field()
    @Length(1, 200)
    name: string;
  }
  return SlugAndName;
}

/** The update input of a named record: the fields of `Base`, then its slug and name, each left out to keep it. */
export function WithOptionalSlugAndName<B extends InputClass>(Base: B): B & InputClass<{ slug?: string | null; name?: string | null }> {
  @InputType(`${Base.name}WithOptionalSlugAndName`, { description: 'Not in the schema: an update input’s fields, slug and name.' })
  abstract class OptionalSlugAndName extends Base {
    @OptionalSlug()
    slug?: string | null;

    @OptionalText(1, 200)
    name?: string | null;
  }
  return OptionalSlugAndName;
}
