import { build } from '../../../shared/entity';
import type { FilterQuery } from '@mikro-orm/core';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { badInput } from '../../../shared/errors';
import { assertId, getLive, getReferenced } from '../../../shared/lookup';
import { removeLive, runWrite } from '../../../shared/write';
import { ConnectionType, paginate } from '../../../shared/pagination';
import { City } from '../entities/City';
import { Organisation } from '../entities/Organisation';
import { SettlementYear } from '../entities/SettlementYear';
import { SettlementYearArgs, SettlementYearInput } from '../inputs';
import { loaders } from '../loaders';
import { permissions } from '../permissions';
import { translations } from './common';

export const SettlementYearConnection = ConnectionType('SettlementYear', SettlementYear);

@Resolver(() => SettlementYear)
export class SettlementYearResolver {
  @Query(() => SettlementYearConnection, { description: 'The settlement ledger across cities, newest year first.' })
  async settlementYears(@Args() args: SettlementYearArgs, @Ctx() ctx: HubContext) {
    const where: FilterQuery<SettlementYear>[] = [];
    if (args.city) {
      assertId(args.city, 'city');
      where.push({ city: args.city });
    }
    if (args.year != null) where.push({ year: args.year });
    if (args.country) where.push({ city: { countryCode: args.country } });
    return paginate(ctx.em, SettlementYear, { $and: where }, args, { name: 'year', orderBy: { year: 'desc' } });
  }

  @FieldResolver(() => City)
  city(@Root() entry: SettlementYear, @Ctx() ctx: HubContext) {
    return loaders(ctx).city.load(entry.city.id);
  }

  @FieldResolver(() => Organisation, { nullable: true, description: 'The national agency that made the request (IMDi in Norway).' })
  requestedBy(@Root() entry: SettlementYear, @Ctx() ctx: HubContext) {
    return entry.requestedBy ? loaders(ctx).organisation.load(entry.requestedBy.id) : null;
  }

  @Mutation(() => SettlementYear, {
    description: 'Records a city’s figures for a year, creating the entry or changing it. Admins, or the city’s own municipality.',
  })
  recordSettlementYear(@Arg('input') input: SettlementYearInput, @Ctx() ctx: HubContext) {
    const { cityId, year, requestedById, notes, expectedVersion, breakdown, ...figures } = input;
    return runWrite(ctx, {
      name: 'recordSettlementYear',
      // The city's entry of the year, or a new one (version 1) when the city has none yet.
      load: async (em) => {
        const city = await getLive(em, City, cityId, 'cityId');
        return (await em.findOne(SettlementYear, { city: city.id, year })) ?? build(em, SettlementYear, { city, year });
      },
      right: permissions.recordSettlementYear,
      version: { of: (entry) => entry, expected: expectedVersion },
      validate: async (_target, em) => {
        const shares = (breakdown ?? []).reduce((sum, g) => sum + (g.share ?? 0), 0);
        if (shares > 1.0001) throw badInput('The shares of the breakdown add up to more than 1.', 'breakdown');
        if (requestedById) await getReferenced(em, Organisation, requestedById, 'requestedById');
      },
      change: (entry, em) =>
        em.assign(
          entry,
          {
            ...figures,
            requestedBy: requestedById,
            notes: translations(notes, 'notes'),
            breakdown: breakdown?.map((g) => ({
              group: g.group,
              count: g.count ?? null,
              share: g.share ?? null,
              approximate: g.approximate,
            })),
          },
          { ignoreUndefined: true },
        ),
    });
  }

  @Mutation(() => SettlementYear, { description: 'Removes a ledger entry recorded in error. Admins, or the city’s own municipality.' })
  deleteSettlementYear(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    return removeLive(ctx, 'deleteSettlementYear', SettlementYear, id, permissions.deleteSettlementYear);
  }
}
