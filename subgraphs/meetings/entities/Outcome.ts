import { Entity, Enum, Index, ManyToOne, Property, type Opt, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { ChangesParent } from '../../../shared/change-feed';
import { HubEntity } from '../../../shared/entity';
import { LocalDate } from '../../../shared/scalars';
import { Translated, type TranslationMap } from '../../../shared/translated-text';
import { AgendaItem } from './AgendaItem';
import { FollowUpStatus, OutcomeKind } from './enums';
import { Meeting } from './Meeting';
import { cityRef, CityReference, fundingActivityRef, FundingActivityReference, organisationRef, OrganisationReference } from './references';
import { PublicRead } from '../../../shared/cache-control';

/**
 * What a meeting or one of its agenda items produced: a decision, recommendation, commitment or
 * action, addressed to someone, owned by someone, with a due date and a follow-up status. Once the
 * meeting is closed, outcomes are append-only: a correction is a new outcome that names the one it corrects.
 */
@PublicRead()
@ObjectType({ description: 'A structured outcome of a meeting or of one of its agenda items.' })
@Entity({ tableName: 'outcome' })
@Index({
  name: 'outcome_funding_activity_ids_index',
  expression: 'create index "outcome_funding_activity_ids_index" on "outcome" using gin ("funding_activity_ids")',
})
@Index({
  name: 'outcome_corrects_live_unique',
  expression:
    'create unique index "outcome_corrects_live_unique" on "outcome" ("corrects_id") where "deleted_at" is null and "corrects_id" is not null',
})
@ChangesParent<Outcome>('Meeting', 'meeting')
export class Outcome extends HubEntity {
  @ManyToOne(() => Meeting, { ref: true, index: true, deleteRule: 'cascade' })
  meeting: Ref<Meeting>;

  @ManyToOne(() => AgendaItem, { ref: true, nullable: true, index: true, deleteRule: 'set null' })
  agendaItem?: Ref<AgendaItem> | null;

  @Field(() => OutcomeKind)
  @Enum({ items: () => OutcomeKind, type: 'string' })
  kind: OutcomeKind;

  @Translated()
  text: TranslationMap;

  @Translated({ nullable: true, description: 'Who the outcome is addressed to, e.g. "local governments".' })
  addressedTo?: TranslationMap | null;

  @Property({ type: 'uuid', nullable: true, index: true })
  ownerCityId?: string | null;

  @Property({ type: 'uuid', nullable: true, index: true })
  ownerOrganisationId?: string | null;

  @Field(() => CityReference, { name: 'ownerCity', nullable: true, description: 'The city that owns the follow-up, if a city does.' })
  get ownerCity() {
    return cityRef(this.ownerCityId);
  }

  @Field(() => OrganisationReference, {
    name: 'ownerOrganisation',
    nullable: true,
    description: 'The organisation that owns the follow-up, if one does.',
  })
  get ownerOrganisation() {
    return organisationRef(this.ownerOrganisationId);
  }

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  dueDate?: string | null;

  @Field(() => FollowUpStatus)
  @Enum({ items: () => FollowUpStatus, type: 'string', default: FollowUpStatus.OPEN })
  followUpStatus: Opt<FollowUpStatus> = FollowUpStatus.OPEN;

  /** Funding activities (funding subgraph) this outcome led to. */
  @Property({ type: 'text[]' })
  fundingActivityIds: Opt<string[]> = [];

  @Field(() => [FundingActivityReference], {
    name: 'fundingActivities',
    nullable: 'items',
    description: 'The funding activities (projects) this outcome led to; an activity the caller may not see (a funding draft) is null.',
  })
  get fundingActivities(): Opt<ReturnType<typeof fundingActivityRef>[]> {
    return this.fundingActivityIds.map(fundingActivityRef);
  }

  @ManyToOne(() => Outcome, { ref: true, nullable: true, index: true, deleteRule: 'set null' })
  corrects?: Ref<Outcome> | null;
}
