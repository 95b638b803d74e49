import { Entity, Enum, ManyToOne, Property, type Opt, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { ChangesParent } from '../../../shared/change-feed';
import { HubEntity } from '../../../shared/entity';
import { LocalDate } from '../../../shared/scalars';
import { Translated, type TranslationMap } from '../../../shared/translated-text';
import { Declaration } from './Declaration';
import { FollowUpStatus } from './enums';
import { CityReference, OrganisationReference } from './references';
import { PublicRead } from '../../../shared/cache-control';

@PublicRead()
@ObjectType({ description: 'A commitment made in a declaration, with its owner and follow-up status.' })
@Entity({ tableName: 'commitment' })
@ChangesParent<Commitment>('Declaration', 'declaration')
export class Commitment extends HubEntity {
  @ManyToOne(() => Declaration, { ref: true, index: true, deleteRule: 'cascade' })
  declaration: Ref<Declaration>;

  @Field(() => Int)
  @Property({ type: 'integer' })
  position: number;

  @Translated()
  text: TranslationMap;

  @Property({ type: 'uuid', nullable: true, index: true })
  ownerCityId?: string | null;

  @Property({ type: 'uuid', nullable: true, index: true })
  ownerOrganisationId?: string | null;

  @Field(() => CityReference, { name: 'ownerCity', nullable: true })
  get ownerCity() {
    return CityReference.of(this.ownerCityId);
  }

  @Field(() => OrganisationReference, { name: 'ownerOrganisation', nullable: true })
  get ownerOrganisation() {
    return OrganisationReference.of(this.ownerOrganisationId);
  }

  @Field(() => Int, {
    nullable: true,
    description: 'The settlement places the commitment offers (Trondheim in the KS letter, 2020: 115); null when it names no number.',
  })
  @Property({ type: 'integer', nullable: true })
  places?: number | null;

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  dueDate?: string | null;

  @Field(() => FollowUpStatus)
  @Enum({ items: () => FollowUpStatus, type: 'string', default: FollowUpStatus.OPEN })
  followUpStatus: Opt<FollowUpStatus> = FollowUpStatus.OPEN;
}
