import { build } from '../../../shared/entity';
import type { FilterQuery } from '@mikro-orm/core';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { forbidden } from '../../../shared/errors';
import { checkVersion, getByIdOrSlug, getLive, markDeleted } from '../../../shared/lookup';
import { ConnectionType, paginate } from '../../../shared/pagination';
import { toTranslationMap } from '../../../shared/translated-text';
import { assignDefined, containsPattern, requireFields } from '../../../shared/validation';
import { City } from '../entities/City';
import { Membership } from '../entities/Membership';
import { SettlementYear } from '../entities/SettlementYear';
import { CityArgs, CityInput } from '../inputs';
import { loaders } from '../loaders';
import { can } from '../permissions';
import { memberIdsOfNetwork } from './common';

export const CityConnection = ConnectionType('City', City);

@Resolver(() => City)
export class CityResolver {
  @Query(() => City, { description: 'One city by id or by slug.' })
  city(
    @Ctx() ctx: HubContext,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('slug', () => String, { nullable: true }) slug?: string,
  ) {
    return getByIdOrSlug(ctx.em, City, { id, slug });
  }

  @Query(() => CityConnection, { description: 'Cities by name, filtered by country, network and name.' })
  async cities(@Args() args: CityArgs, @Ctx() ctx: HubContext) {
    const where: FilterQuery<City>[] = [];
    if (args.country) where.push({ countryCode: args.country });
    if (args.search) {
      const pattern = containsPattern(args.search);
      where.push({ $or: [{ name: { $ilike: pattern } }, { slug: { $ilike: pattern } }] });
    }
    if (args.network) where.push({ id: { $in: await memberIdsOfNetwork(ctx, args.network, 'city') } });
    return paginate(ctx.em, City, { $and: where }, args, { name: 'name', orderBy: { name: 'asc' } });
  }

  @FieldResolver(() => [Membership], { description: 'The networks the city belongs or belonged to.' })
  memberships(@Root() city: City, @Ctx() ctx: HubContext) {
    return loaders(ctx).membershipsOfCity.load(city.id);
  }

  @FieldResolver(() => [SettlementYear], { description: 'The settlement ledger, oldest year first.' })
  async settlementYears(
    @Root() city: City,
    @Ctx() ctx: HubContext,
    @Arg('fromYear', () => Int, { nullable: true }) fromYear?: number,
    @Arg('toYear', () => Int, { nullable: true }) toYear?: number,
  ) {
    const years = await loaders(ctx).settlementYearsOfCity.load(city.id);
    return years.filter((y) => (fromYear == null || y.year >= fromYear) && (toYear == null || y.year <= toYear));
  }

  @FieldResolver(() => SettlementYear, { nullable: true, description: 'The ledger entry of one year, if any.' })
  async settlementYear(@Root() city: City, @Ctx() ctx: HubContext, @Arg('year', () => Int) year: number) {
    const years = await loaders(ctx).settlementYearsOfCity.load(city.id);
    return years.find((y) => y.year === year) ?? null;
  }

  @Mutation(() => City, { description: 'Admins add a city.' })
  async createCity(@Arg('input') input: CityInput, @Ctx() ctx: HubContext) {
    can.manage(ctx, 'add cities');
    requireFields(input, ['slug', 'name', 'countryCode']);
    const { profile, ...fields } = input;
    const city = build(ctx.em, City, { ...fields, languages: fields.languages ?? [] });
    if (profile) city.profile = toTranslationMap(profile, 'profile');
    await ctx.em.flush();
    return city;
  }

  @Mutation(() => City, { description: 'Admins, or the city’s own municipality, edit its profile.' })
  async updateCity(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: CityInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    const identity = can.editCity(ctx, id);
    if (!identity.roles.includes('admin') && (input.slug !== undefined || input.countryCode !== undefined)) {
      throw forbidden('Only the network secretariat may change a city’s slug or country.');
    }
    const city = await getLive(ctx.em, City, id);
    checkVersion(city, expectedVersion);
    const { profile, ...fields } = input;
    assignDefined(city, fields);
    if (profile !== undefined) city.profile = profile ? toTranslationMap(profile, 'profile') : null;
    await ctx.em.flush();
    return city;
  }

  @Mutation(() => City, { description: 'Admins delete a city; it stays in the change feed as a tombstone.' })
  async deleteCity(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    can.manage(ctx, 'delete cities');
    const city = await getLive(ctx.em, City, id);
    markDeleted(city);
    await ctx.em.flush();
    return city;
  }
}
