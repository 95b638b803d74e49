import Negotiator from 'negotiator';
import { badInput } from './errors';

/** Locales the hub stores and serves; the sources are Norwegian, Swedish, Turkish and English. */
export const SUPPORTED_LOCALES = ['en', 'nb', 'nn', 'sv', 'tr', 'da', 'de', 'fr'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

const ALIASES: Record<string, Locale> = {
  no: 'nb',
  'nb-no': 'nb',
  'nn-no': 'nn',
  'sv-se': 'sv',
  'tr-tr': 'tr',
  'en-gb': 'en',
  'en-us': 'en',
};

/** Neighbouring languages a reader is likely to read, tried before English. */
const NEIGHBOURS: Partial<Record<Locale, Locale[]>> = {
  nb: ['nn', 'da', 'sv'],
  nn: ['nb', 'da', 'sv'],
  da: ['nb', 'nn', 'sv'],
  sv: ['nb', 'da', 'nn'],
};

export function isLocale(value: string): value is Locale {
  return (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/** Normalises a locale tag (`nb-NO`, `no`, `EN`) or returns null when the hub does not serve it. */
export function normaliseLocale(tag: string): Locale | null {
  const lower = tag.trim().toLowerCase();
  if (isLocale(lower)) return lower;
  if (ALIASES[lower]) return ALIASES[lower];
  const base = lower.split('-')[0];
  if (isLocale(base)) return base;
  return ALIASES[base] ?? null;
}

/** A locale given as an argument must be one the hub serves: anything else is the caller's mistake. */
export function parseLocaleArgument(tag: string): Locale {
  const locale = normaliseLocale(tag);
  if (!locale) {
    throw badInput(`Unsupported locale "${tag}". Supported locales: ${SUPPORTED_LOCALES.join(', ')}.`, 'locale');
  }
  return locale;
}

/** Picks the best supported locale from an Accept-Language header; unknown languages are skipped. */
export function localeFromAcceptLanguage(header: string | undefined): Locale | null {
  if (!header) return null;
  const requested = new Negotiator({ headers: { 'accept-language': header } }).languages();
  for (const tag of requested) {
    const locale = normaliseLocale(tag);
    if (locale) return locale;
  }
  return null;
}

/** The order in which translations are tried for a reader who asked for `locale`. */
export function fallbackChain(locale: Locale): Locale[] {
  const chain: Locale[] = [locale, ...(NEIGHBOURS[locale] ?? []), DEFAULT_LOCALE];
  return [...new Set(chain)];
}
