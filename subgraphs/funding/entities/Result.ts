import { Entity, Enum, ManyToOne, type Opt, Property, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { ChangesParent } from '../../../shared/change-feed';
import { HubEntity } from '../../../shared/entity';
import { Decimal, trimDecimal } from '../../../shared/money';
import { LocalDate } from '../../../shared/scalars';
import { Translated, type TranslationMap } from '../../../shared/translated-text';
import { ResultType } from './enums';
import type { FundingActivity } from './FundingActivity';
import { PublicRead } from '../../../shared/cache-control';

@PublicRead()
@ObjectType({ description: 'Target and actual value of an indicator for one period.' })
export class ResultPeriod {
  @Field(() => LocalDate)
  periodStart: string;

  @Field(() => LocalDate)
  periodEnd: string;

  @Field(() => Decimal, { nullable: true })
  target?: string | null;

  @Field(() => Decimal, { nullable: true, description: 'Null until the implementer records it.' })
  actual?: string | null;

  @Field(() => String, { nullable: true })
  comment?: string | null;
}

@PublicRead()
@ObjectType({ description: 'A result of an activity: an indicator with its baseline, and target and actual per period (IATI result).' })
@Entity({ tableName: 'result' })
@ChangesParent<Result>('FundingActivity', 'activity')
export class Result extends HubEntity {
  @ManyToOne('FundingActivity', { ref: true, index: true, deleteRule: 'cascade' })
  activity: Ref<FundingActivity>;

  @Field(() => ResultType)
  @Enum({ items: () => ResultType, type: 'string' })
  type: Opt<ResultType> = ResultType.OUTPUT;

  @Translated({ description: 'What is measured.' })
  indicator: TranslationMap;

  @Field(() => String, { nullable: true, description: 'The unit, e.g. "households" or "%".' })
  @Property({ type: 'string', nullable: true })
  unit?: string | null;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  baselineYear?: number | null;

  @Property({ type: 'decimal', precision: 24, scale: 4, nullable: true, runtimeType: 'string' })
  baseline?: string | null;

  @Field(() => Decimal, { name: 'baseline', nullable: true, description: 'The value before the activity started.' })
  get baselineValue() {
    return this.baseline == null ? null : trimDecimal(this.baseline);
  }

  @Field(() => [ResultPeriod])
  @Property({ type: 'json' })
  periods: Opt<ResultPeriod[]> = [];
}
