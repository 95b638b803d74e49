import { build } from '../../../shared/entity';
import type { FilterQuery } from '@mikro-orm/core';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { IdOrSlugQuery, getLive, markDeleted } from '../../../shared/lookup';
import { ConnectionType, paginate } from '../../../shared/pagination';
import { runWrite } from '../../../shared/write';
import { containsPattern } from '../../../shared/validation';
import { City } from '../entities/City';
import { Membership } from '../entities/Membership';
import { SettlementYear } from '../entities/SettlementYear';
import { CityArgs, CreateCityInput, QualifiedCountInput, UpdateCityInput } from '../inputs';
import { loaders } from '../loaders';
import { permissions } from '../permissions';
import { memberIdsOfNetwork, translations } from './common';

export const CityConnection = ConnectionType('City', City);

/** The columns of `residentCountryCount`: undefined keeps them, null clears them. */
function residentCountryColumns(count: QualifiedCountInput | null | undefined) {
  if (count === undefined) return {};
  return {
    residentCountries: count?.value ?? null,
    residentCountriesQualifier: count ? count.qualifier : null,
    residentCountriesSource: count?.source ?? null,
  };
}

@Resolver(() => City)
export class CityResolver extends IdOrSlugQuery(City, 'city', 'One city by id or by slug.') {
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
  createCity(@Arg('input') input: CreateCityInput, @Ctx() ctx: HubContext) {
    const { profile, residentCountryCount, ...fields } = input;
    return runWrite(ctx, {
      name: 'createCity',
      load: async () => null,
      right: permissions.createCity,
      change: (_none, em) =>
        build(em, City, {
          ...fields,
          ...residentCountryColumns(residentCountryCount),
          languages: fields.languages ?? [],
          profile: translations(profile, 'profile'),
        }),
    });
  }

  @Mutation(() => City, {
    description: 'Admins, or the city’s own municipality, edit its profile; only admins change its slug or country.',
  })
  updateCity(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateCityInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    const { profile, residentCountryCount, ...fields } = input;
    const renames = fields.slug !== undefined || fields.countryCode !== undefined;
    return runWrite(ctx, {
      name: 'updateCity',
      load: (em) => getLive(em, City, id),
      right: renames ? permissions.renameCity : permissions.updateCity,
      version: { of: (city) => city, expected: expectedVersion },
      change: (city, em) =>
        em.assign(
          city,
          { ...fields, ...residentCountryColumns(residentCountryCount), profile: translations(profile, 'profile') },
          { ignoreUndefined: true },
        ),
    });
  }

  @Mutation(() => City, { description: 'Admins delete a city; it stays in the change feed as a tombstone.' })
  deleteCity(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    return runWrite(ctx, { name: 'deleteCity', load: (em) => getLive(em, City, id), right: permissions.deleteCity, change: markDeleted });
  }
}
