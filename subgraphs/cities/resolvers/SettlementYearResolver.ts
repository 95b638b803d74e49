import { build } from '../../../shared/entity';
import type { FilterQuery } from '@mikro-orm/core';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { badInput } from '../../../shared/errors';
import { assertId, checkVersion, getLive, markDeleted } from '../../../shared/lookup';
import { ConnectionType, paginate } from '../../../shared/pagination';
import { toTranslationMap } from '../../../shared/translated-text';
import { City } from '../entities/City';
import { Organisation } from '../entities/Organisation';
import { SettlementYear } from '../entities/SettlementYear';
import { SettlementYearArgs, SettlementYearInput } from '../inputs';
import { loaders } from '../loaders';
import { can } from '../permissions';

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
  async recordSettlementYear(@Arg('input') input: SettlementYearInput, @Ctx() ctx: HubContext) {
    can.editCity(ctx, input.cityId);
    const city = await getLive(ctx.em, City, input.cityId, 'cityId');
    const { cityId: _c, requestedById, notes, expectedVersion, breakdown, ...figures } = input;
    const existing = await ctx.em.findOne(SettlementYear, { city: city.id, year: input.year });
    if (existing) checkVersion(existing, expectedVersion);
    const entry = existing ?? build(ctx.em, SettlementYear, { city: ctx.em.getReference(City, city.id, { wrapped: true }), year: input.year });
    for (const [key, value] of Object.entries(figures)) {
      if (value !== undefined) (entry as unknown as Record<string, unknown>)[key] = value;
    }
    if (breakdown !== undefined) {
      const shares = breakdown.reduce((sum, g) => sum + (g.share ?? 0), 0);
      if (shares > 1.0001) throw badInput('The shares of the breakdown add up to more than 1.', 'breakdown');
      entry.breakdown = breakdown.map((g) => ({ group: g.group, count: g.count ?? null, share: g.share ?? null, approximate: g.approximate }));
    }
    if (notes !== undefined) entry.notes = notes ? toTranslationMap(notes, 'notes') : null;
    if (requestedById !== undefined) {
      entry.requestedBy = requestedById
        ? ctx.em.getReference(Organisation, (await getLive(ctx.em, Organisation, requestedById, 'requestedById')).id, { wrapped: true })
        : null;
    }
    await ctx.em.flush();
    return entry;
  }

  @Mutation(() => SettlementYear, { description: 'Removes a ledger entry recorded in error.' })
  async deleteSettlementYear(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    const entry = await getLive(ctx.em, SettlementYear, id);
    can.editCity(ctx, entry.city.id);
    markDeleted(entry);
    await ctx.em.flush();
    return entry;
  }
}
