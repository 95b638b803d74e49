import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { Directive, Field, InputType, ObjectType } from 'type-graphql';
import { badInput } from './errors';
import { LocalDate } from './scalars';
import { PublicRead } from './cache-control';

/**
 * Exact money for the hub. Amounts never pass through a JavaScript number: they travel as decimal
 * strings ("1250000.00"), are stored in Postgres `numeric` columns and summed by Postgres.
 */

const DECIMAL_PATTERN = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;
const MAX_DECIMAL_LENGTH = 40;

function parseDecimal(value: unknown): string {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value !== 'string') {
    throw new GraphQLError('A Decimal is written as a string such as "1250.50" (a float would not be exact).', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  const text = value.trim();
  if (text.length > MAX_DECIMAL_LENGTH || !DECIMAL_PATTERN.test(text)) {
    throw new GraphQLError(`"${value}" is not a decimal number such as "1250.50".`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return text;
}

/** An exact decimal number, written as a string ("0.30"); integer literals are accepted too. */
export const Decimal = new GraphQLScalarType({
  name: 'Decimal',
  description: 'An exact decimal number as a string, e.g. "1250000.00". Never a float: amounts keep every digit.',
  serialize: (value) => (typeof value === 'string' ? value : String(value)),
  parseValue: parseDecimal,
  parseLiteral(ast) {
    // the literal keeps its source text, so `0.1` written inline is as exact as "0.1"
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return parseDecimal(ast.value);
    throw new GraphQLError('A Decimal is written as a string such as "1250.50".', { extensions: { code: 'BAD_USER_INPUT' } });
  },
});

const CURRENCIES = new Set<string>(Intl.supportedValuesOf('currency'));

/** Whether `code` is an ISO 4217 currency code the runtime knows. */
export const isCurrency = (code: string) => /^[A-Z]{3}$/.test(code) && CURRENCIES.has(code);

/** How many decimals the currency has (EUR 2, JPY 0, BHD 3), from the runtime's ISO 4217 data. */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export function assertCurrency(currency: string, field = 'currency') {
  if (!isCurrency(currency)) throw badInput(`"${currency}" is not an ISO 4217 currency code such as "EUR".`, field);
}

/**
 * An amount must be a non-negative decimal with at most the currency's number of decimals
 * (no cents in JPY, three decimals in BHD) and at most 18 digits before the point.
 */
export function assertAmount(amount: string, currency: string, field = 'amount', options: { allowNegative?: boolean } = {}) {
  assertCurrency(currency, field.replace(/amount$/, 'currency'));
  const text = parseDecimal(amount);
  if (text.startsWith('-') && !options.allowNegative) throw badInput(`"${field}" must not be negative.`, field);
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const digits = currencyDigits(currency);
  if (fraction.replace(/0+$/, '').length > digits) {
    throw badInput(`"${field}" has more decimals than ${currency} allows (${digits}).`, field);
  }
  if (whole.length > 18) throw badInput(`"${field}" is too large.`, field);
}

/**
 * Shows a stored or summed decimal with the currency's number of decimals, by string manipulation
 * only ("0.3000" EUR -> "0.30", "1500.0000" JPY -> "1500"). Extra digits that are not zero are kept.
 */
export function formatAmount(amount: string | number, currency: string): string {
  const text = String(amount);
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const digits = isCurrency(currency) ? currencyDigits(currency) : 2;
  let frac = fraction.padEnd(digits, '0');
  while (frac.length > digits && frac.endsWith('0')) frac = frac.slice(0, -1);
  const body = frac.length > 0 ? `${whole}.${frac}` : whole;
  return negative && /[1-9]/.test(body) ? `-${body}` : body;
}

@PublicRead()
@ObjectType({ description: 'An exact amount of money in an ISO 4217 currency, valued at a date (IATI value).' })
@Directive('@shareable')
export class Money {
  @Field(() => Decimal, { description: 'The amount as an exact decimal string, with the currency’s number of decimals.' })
  amount: string;

  @Field({ description: 'ISO 4217 currency code, e.g. "EUR".' })
  currency: string;

  @Field(() => LocalDate, { nullable: true, description: 'The date of the exchange rate the value is expressed at.' })
  valueDate?: string | null;
}

@InputType({ description: 'An exact amount: a decimal string, an ISO 4217 currency and the value date.' })
export class MoneyInput {
  @Field(() => Decimal)
  amount: string;

  @Field()
  currency: string;

  @Field(() => LocalDate, { nullable: true })
  valueDate?: string | null;
}

/** Builds the GraphQL Money of stored columns. */
export const money = (amount: string | number, currency: string, valueDate?: string | null): Money =>
  Object.assign(new Money(), { amount: formatAmount(amount, currency), currency, valueDate: valueDate ?? null });

/** Validates a MoneyInput: known currency, non-negative, no more decimals than the currency has. */
export function assertMoney(input: MoneyInput, field = 'value') {
  assertCurrency(input.currency, `${field}.currency`);
  assertAmount(input.amount, input.currency, `${field}.amount`);
}

/** Drops trailing zeros after the decimal point ("12.5000" -> "12.5", "3.0000" -> "3"). */
export function trimDecimal(value: string | number): string {
  const text = String(value);
  if (!text.includes('.')) return text;
  return text.replace(/0+$/, '').replace(/\.$/, '');
}
