import { Check, Entity, Enum, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { ChangesParent } from '../../../shared/change-feed';
import { HubEntity } from '../../../shared/entity';
import { Money, money } from '../../../shared/money';
import { LocalDate } from '../../../shared/scalars';
import { BudgetStatus, BudgetType } from './enums';
import type { FundingActivity } from './FundingActivity';

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
  type: BudgetType = BudgetType.ORIGINAL;

  @Field(() => BudgetStatus)
  @Enum({ items: () => BudgetStatus, type: 'string' })
  status: BudgetStatus = BudgetStatus.INDICATIVE;

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

  @Field(() => Money)
  get value(): Money {
    return money(this.amount, this.currency, this.valueDate);
  }
}
