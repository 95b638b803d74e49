import { Check, Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { ChangesParent } from '../../../shared/change-feed';
import { HubEntity } from '../../../shared/entity';
import { LocalDate } from '../../../shared/scalars';
import { TransactionType } from './enums';
import type { FundingActivity } from './FundingActivity';
import { PublicRead } from '../../../shared/cache-control';

@PublicRead()
@ObjectType({ description: 'Money committed, pledged, disbursed or spent on an activity (IATI transaction).' })
@Entity({ tableName: 'activity_transaction' })
@Index({ properties: ['activity', 'type', 'currency'] })
@Check({ name: 'activity_transaction_amount_check', expression: '"amount" >= 0' })
@ChangesParent<Transaction>('FundingActivity', 'activity')
export class Transaction extends HubEntity {
  @ManyToOne('FundingActivity', { ref: true, index: true, deleteRule: 'cascade' })
  activity: Ref<FundingActivity>;

  @Field(() => TransactionType)
  @Enum({ items: () => TransactionType, type: 'string' })
  type: TransactionType;

  @Field(() => LocalDate)
  @Property({ type: 'date' })
  transactionDate: string;

  @Property({ type: 'decimal', precision: 24, scale: 4, runtimeType: 'string' })
  amount: string;

  @Property({ type: 'string', length: 3 })
  currency: string;

  @Property({ type: 'date', nullable: true })
  valueDate?: string | null;

  /** The providing Organisation (by key); it takes part in the activity. */
  @Property({ type: 'uuid', nullable: true })
  providerOrganisationId?: string | null;

  /** The receiving Organisation (by key); it takes part in the activity. */
  @Property({ type: 'uuid', nullable: true })
  receiverOrganisationId?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  description?: string | null;
}
