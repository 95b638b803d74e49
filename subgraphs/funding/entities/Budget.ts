import { Check, Entity, Enum, ManyToOne, type Opt, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { ChangesParent } from '../../../shared/change-feed';
import { HubEntity } from '../../../shared/entity';
import { LocalDate } from '../../../shared/scalars';
import { BudgetStatus, BudgetType } from './enums';
import type { FundingActivity } from './FundingActivity';
import { PublicRead } from '../../../shared/cache-control';

@PublicRead()
@ObjectType({ description: 'The budget of an activity for one period (IATI budget).' })
@Entity({ tableName: 'budget' })
@Check({ name: 'budget_amount_check', expression: '"amount" >= 0' })
@Check({ name: 'budget_period_check', expression: '"period_end" >= "period_start"' })
@ChangesParent<Budget>('FundingActivity', 'activity')
export class Budget extends HubEntity {
  @ManyToOne('FundingActivity', { ref: true, index: true, deleteRule: 'cascade' })
  activity: Ref<FundingActivity>;

  @Field(() => BudgetType)
  @Enum({ items: () => BudgetType, type: 'string' })
  type: Opt<BudgetType> = BudgetType.ORIGINAL;

  @Field(() => BudgetStatus)
  @Enum({ items: () => BudgetStatus, type: 'string' })
  status: Opt<BudgetStatus> = BudgetStatus.INDICATIVE;

  @Field(() => LocalDate)
  @Property({ type: 'date' })
  periodStart: string;

  @Field(() => LocalDate)
  @Property({ type: 'date' })
  periodEnd: string;

  @Property({ type: 'decimal', precision: 24, scale: 4, runtimeType: 'string' })
  amount: string;

  @Property({ type: 'string', length: 3 })
  currency: string;

  @Property({ type: 'date', nullable: true })
  valueDate?: string | null;
}

/** The scale amounts are stored with (numeric(24,4)). */
const SCALE = 4;
const UNIT = 10n ** BigInt(SCALE);

const toUnits = (amount: string): bigint => {
  const negative = amount.startsWith('-');
  const [whole, fraction = ''] = amount.replace('-', '').split('.');
  const units = BigInt(whole || '0') * UNIT + BigInt((fraction + '0'.repeat(SCALE)).slice(0, SCALE));
  return negative ? -units : units;
};

const fromUnits = (units: bigint): string => {
  const negative = units < 0n;
  const text = (negative ? -units : units).toString().padStart(SCALE + 1, '0');
  return `${negative ? '-' : ''}${text.slice(0, -SCALE)}.${text.slice(-SCALE)}`;
};

/** What budgetTotal needs of a budget. */
export type BudgetLine = Pick<Budget, 'type' | 'periodStart' | 'periodEnd' | 'amount' | 'currency' | 'deletedAt'>;

/**
 * The budget total of an activity in `currency`, exactly (integer units of 10^-4, as stored): the
 * live budgets in that currency, a REVISED budget replacing the ORIGINAL of the same period. The
 * same rule as the budgeted totals the database sums in sql.ts. Written with four decimals, as the
 * numeric column reads back, so an unchanged total is not a change.
 */
export function budgetTotal(budgets: readonly BudgetLine[], currency: string): string {
  const live = budgets.filter((b) => b.deletedAt == null && b.currency === currency);
  const revised = new Set(live.filter((b) => b.type === BudgetType.REVISED).map((b) => `${b.periodStart}/${b.periodEnd}`));
  const counted = live.filter((b) => !(b.type === BudgetType.ORIGINAL && revised.has(`${b.periodStart}/${b.periodEnd}`)));
  return fromUnits(counted.reduce((sum, b) => sum + toUnits(b.amount), 0n));
}
