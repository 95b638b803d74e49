import { Field, Int, ObjectType } from 'type-graphql';
import { PublicRead } from '../../../shared/cache-control';

/**
 * The settlement ledger of a network's member cities for one year, summed by the database. A sum is
 * null when no member city gives that figure (unknown, not 0).
 */
@PublicRead()
@ObjectType({
  description:
    'A network’s member cities’ settlement figures for a year, summed by the database; null when no member city gives the figure.',
})
export class NetworkSettlementTotals {
  @Field(() => Int)
  year: number;

  @Field(() => Int, { description: 'Cities that were members in that year.' })
  memberCities: number;

  @Field(() => Int, { description: 'Member cities with a ledger entry for the year.' })
  citiesReporting: number;

  @Field(() => Int, { nullable: true })
  requested: number | null;

  @Field(() => Int, { nullable: true })
  decided: number | null;

  @Field(() => Int, { nullable: true, description: 'Extra capacity offered beyond the requests (KS big-city network 2020: 398).' })
  extraCapacity: number | null;

  @Field(() => Int, { nullable: true })
  settled: number | null;
}
