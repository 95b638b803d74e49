import { Property } from '@mikro-orm/core';
import {
  Arg,
  Ctx,
  Directive,
  Field,
  FieldResolver,
  InputType,
  ObjectType,
  Resolver,
  Root,
  UseMiddleware,
  type MiddlewareFn,
} from 'type-graphql';
import { IsBoolean, IsOptional, IsString, Length } from 'class-validator';
import { badInput } from './errors';
import { InputLimits } from './input-guard';
import { fallbackChain, normaliseLocale, parseLocaleArgument, type Locale } from './locale';
import type { HubContext } from './context';
import { PublicRead } from './cache-control';

/** How multilingual text is stored: one entry per locale, marked when machine-translated. */
export type TranslationMap = Partial<Record<string, { text: string; machine?: boolean }>>;

@PublicRead()
@ObjectType({ description: 'One translation of a multilingual text.' })
@Directive('@shareable')
export class Translation {
  @Field()
  locale: string;

  @Field()
  text: string;

  @Field({ description: 'True when a machine produced this translation.' })
  machineTranslated: boolean;
}

@PublicRead()
@ObjectType({
  description:
    'Multilingual text. `text` and `translation` answer in the locale asked for (argument, else the Accept-Language of the request), falling back to a neighbouring language, English, then the original.',
})
@Directive('@shareable')
export class TranslatedText {
  /** The stored map, kept out of the schema. */
  map: TranslationMap;
}

@InputType({ description: 'One translation of a multilingual text.' })
export class TranslationInput {
  @Field()
  @IsString()
  @InputLimits({ maxLength: 35 })
  locale: string;

  @Field()
  @IsString()
  @Length(1, 20000)
  @InputLimits({ maxLength: 20000 })
  text: string;

  @Field({ defaultValue: false })
  @IsOptional()
  @IsBoolean()
  machineTranslated: boolean;
}

export function translations(map: TranslationMap | null | undefined): Translation[] {
  return Object.entries(map ?? {}).flatMap(([locale, entry]) =>
    entry ? [{ locale, text: entry.text, machineTranslated: entry.machine === true }] : [],
  );
}

/** Picks the translation for `locale` along its fallback chain; the first stored one when none matches. */
export function resolveTranslation(map: TranslationMap | null | undefined, locale: Locale): Translation | null {
  const all = translations(map);
  if (all.length === 0) return null;
  for (const candidate of fallbackChain(locale)) {
    const hit = all.find((t) => t.locale === candidate);
    if (hit) return hit;
  }
  return all.find((t) => !t.machineTranslated) ?? all[0];
}

/** Turns `[TranslationInput]` into the stored map, rejecting unsupported or repeated locales. */
export function toTranslationMap(inputs: TranslationInput[], field: string): TranslationMap {
  const map: TranslationMap = {};
  for (const input of inputs) {
    const locale = normaliseLocale(input.locale);
    if (!locale) throw badInput(`${field}: unsupported locale "${input.locale}".`, field);
    if (map[locale]) throw badInput(`${field}: locale "${locale}" is given twice.`, field);
    if (input.text.trim() === '') throw badInput(`${field}: the ${locale} text is empty.`, field);
    map[locale] = input.machineTranslated ? { text: input.text, machine: true } : { text: input.text };
  }
  return map;
}

/** Wraps a stored map for the GraphQL TranslatedText type (null stays null). */
export const translated = (map: TranslationMap | null | undefined): TranslatedText | null =>
  map && Object.keys(map).length > 0 ? Object.assign(new TranslatedText(), { map }) : null;

const asTranslatedText: MiddlewareFn = async (_action, next) => translated((await next()) as TranslationMap | null);

/**
 * Declares a multilingual field of an entity: stored as a JSON map of translations, served as
 * TranslatedText (`text(locale:)`, `translation(locale:)`, `translations`).
 */
export function Translated(options: { nullable?: boolean; description?: string } = {}): PropertyDecorator {
  return (target, propertyKey) => {
    Property({ type: 'json', nullable: options.nullable ?? false })(target, propertyKey as string);
    Field(() => TranslatedText, { nullable: options.nullable ?? false, description: options.description })(target, propertyKey);
    UseMiddleware(asTranslatedText)(target, propertyKey);
  };
}

const requested = (ctx: HubContext, locale?: string | null) => (locale ? parseLocaleArgument(locale) : ctx.locale);

@Resolver(() => TranslatedText)
export class TranslatedTextResolver {
  @FieldResolver(() => String, { description: 'The text in the requested locale, or its best fallback.' })
  text(@Root() root: TranslatedText, @Ctx() ctx: HubContext, @Arg('locale', () => String, { nullable: true }) locale?: string) {
    return resolveTranslation(root.map, requested(ctx, locale))?.text ?? '';
  }

  @FieldResolver(() => Translation, {
    nullable: true,
    description:
      'The translation served for the requested locale, with the locale it is really in and whether a machine made it. With fallback: false, only an exact match.',
  })
  translation(
    @Root() root: TranslatedText,
    @Ctx() ctx: HubContext,
    @Arg('locale', () => String, { nullable: true }) locale?: string,
    @Arg('fallback', () => Boolean, { defaultValue: true }) fallback = true,
  ) {
    const wanted = requested(ctx, locale);
    if (!fallback) return translations(root.map).find((t) => t.locale === wanted) ?? null;
    return resolveTranslation(root.map, wanted);
  }

  @FieldResolver(() => [Translation], { description: 'Every stored translation.' })
  translations(@Root() root: TranslatedText) {
    return translations(root.map);
  }
}
