import { Check, Entity, Enum, ManyToOne, type Opt, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { ChangesParent } from '../../../shared/change-feed';
import { Declaration } from './Declaration';
import { RecipientRole } from './enums';
import { Party } from './Party';
import { PublicRead } from '../../../shared/cache-control';

@PublicRead()
@ObjectType({ description: 'Who a declaration or letter is addressed to, or copied to (a ministry, a city…).' })
@Entity({ tableName: 'recipient' })
@Check({ name: 'recipient_one_party_check', expression: '("city_id" is null) <> ("organisation_id" is null)' })
@ChangesParent<Recipient>('Declaration', 'declaration')
export class Recipient extends Party {
  @ManyToOne(() => Declaration, { ref: true, index: true, deleteRule: 'cascade' })
  declaration: Ref<Declaration>;

  @Field(() => RecipientRole)
  @Enum({ items: () => RecipientRole, type: 'string', default: RecipientRole.ADDRESSEE })
  role: Opt<RecipientRole> = RecipientRole.ADDRESSEE;
}
