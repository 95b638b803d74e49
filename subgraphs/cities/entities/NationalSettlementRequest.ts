import { Entity, Index, ManyToOne, Property, type Opt, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { HubEntity } from '../../../shared/entity';
import { keysetIndex } from '../../../shared/indexes';
import { Translated, type TranslationMap } from '../../../shared/translated-text';
import { Organisation } from './Organisation';
import { PublicRead } from '../../../shared/cache-control';
import { Illustrative } from '../../../shared/illustrative';

@PublicRead()
@ObjectType({ description: 'One figure of a national settlement request: the first request or a revision of it.' })
export class SettlementRequestRevision {
  @Field(() => Int, { description: 'How many refugees the national agency asked the municipalities to settle.' })
  figure: number;

  @Field(() => String, {
    nullable: true,
    description: 'When the figure was set, as precisely as the source says (YYYY, YYYY-MM or YYYY-MM-DD); null when it does not.',
  })
  date?: string | null;

  @Field({ description: 'Where the figure comes from.' })
  source: string;
}

/**
 * A national agency's request to the municipalities of a country for a year (IMDi in Norway), with
 * its revisions in order and what the municipalities decided beyond the current request. The
 * current figure, the change and the municipalities' decided total are computed from the stored
 * figures, never stored twice.
 */
@PublicRead()
@ObjectType({
  description:
    'A national settlement request for a year, with its revisions and sources. Current figure, change and decided total are computed.',
})
@Entity({ tableName: 'national_settlement_request' })
@Index({
  name: 'national_settlement_request_year_desc_id_index',
  expression: keysetIndex('national_settlement_request_year_desc_id_index', 'national_settlement_request', ['"year" desc', '"id"']),
})
@Index({
  name: 'national_settlement_request_country_year_live_unique',
  expression:
    'create unique index "national_settlement_request_country_year_live_unique" on "national_settlement_request" ("country_code", "year") where "deleted_at" is null',
})
export class NationalSettlementRequest extends HubEntity {
  @Field({ description: 'ISO 3166-1 alpha-2 country code.' })
  @Property({ type: 'string', length: 2 })
  countryCode: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  year: number;

  @ManyToOne(() => Organisation, { ref: true, nullable: true, deleteRule: 'set null' })
  requestedBy?: Ref<Organisation> | null;

  @Field(() => [SettlementRequestRevision], { description: 'The request as first made, then each revision, oldest first.' })
  @Property({ type: 'json' })
  revisions: SettlementRequestRevision[];

  @Field(() => Int, {
    nullable: true,
    description: 'How many settlements the municipalities decided beyond the current request (1300 in 2020); null when unknown.',
  })
  @Property({ type: 'integer', nullable: true })
  decidedAboveRequest?: number | null;

  @Field(() => String, { nullable: true, description: 'Where decidedAboveRequest comes from.' })
  @Property({ type: 'text', nullable: true })
  decidedAboveRequestSource?: string | null;

  @Translated({ nullable: true })
  notes?: TranslationMap | null;

  @Illustrative()
  illustrative: Opt<boolean> = false;

  @Field(() => Int, { nullable: true, description: 'The figure first requested (computed: the first revision).' })
  get initialFigure(): number | null {
    return this.revisions[0]?.figure ?? null;
  }

  @Field(() => Int, { nullable: true, description: 'The figure in force (computed: the last revision).' })
  get currentFigure(): number | null {
    return this.revisions.at(-1)?.figure ?? null;
  }

  @Field(() => Int, { nullable: true, description: 'Current minus initial figure (computed; negative when the request was cut).' })
  get change(): number | null {
    const { initialFigure, currentFigure } = this;
    return initialFigure == null || currentFigure == null ? null : currentFigure - initialFigure;
  }

  @Field(() => Int, {
    nullable: true,
    description:
      'How many settlements the municipalities decided in all (computed: current figure + decidedAboveRequest); null when unknown.',
  })
  get decidedByMunicipalities(): number | null {
    const { currentFigure } = this;
    return currentFigure == null || this.decidedAboveRequest == null ? null : currentFigure + this.decidedAboveRequest;
  }
}
