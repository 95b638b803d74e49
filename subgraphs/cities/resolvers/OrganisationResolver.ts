import { build } from '../../../shared/entity';
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { IdOrSlugQuery, getLive, getReferenced } from '../../../shared/lookup';
import { ConnectionType, paginate } from '../../../shared/pagination';
import { removeLive, runWrite } from '../../../shared/write';
import { containsPattern } from '../../../shared/validation';
import { City } from '../entities/City';
import { Membership } from '../entities/Membership';
import { Organisation } from '../entities/Organisation';
import { CreateOrganisationInput, OrganisationArgs, UpdateOrganisationInput } from '../inputs';
import { loaders } from '../loaders';
import { permissions } from '../permissions';
import { memberIdsOfNetwork, translations } from './common';

export const OrganisationConnection = ConnectionType('Organisation', Organisation);

@Resolver(() => Organisation)
export class OrganisationResolver extends IdOrSlugQuery(Organisation, 'organisation', 'One organisation by id or by slug.') {
  @Query(() => OrganisationConnection, { description: 'Organisations by name, filtered by kind, country, network and name.' })
  async organisations(@Args() args: OrganisationArgs, @Ctx() ctx: HubContext) {
    const where: FilterQuery<Organisation>[] = [];
    if (args.kind) where.push({ kind: args.kind });
    if (args.country) where.push({ countryCode: args.country });
    if (args.search) {
      const pattern = containsPattern(args.search);
      where.push({ $or: [{ name: { $ilike: pattern } }, { acronym: { $ilike: pattern } }, { slug: { $ilike: pattern } }] });
    }
    if (args.network) where.push({ id: { $in: await memberIdsOfNetwork(ctx, args.network, 'organisation') } });
    return paginate(ctx.em, Organisation, { $and: where }, args, { name: 'name', orderBy: { name: 'asc' } });
  }

  @FieldResolver(() => City, { nullable: true, description: 'The city where the organisation has its seat.' })
  seatCity(@Root() organisation: Organisation, @Ctx() ctx: HubContext) {
    return organisation.seatCity ? loaders(ctx).city.load(organisation.seatCity.id) : null;
  }

  @FieldResolver(() => [Membership])
  memberships(@Root() organisation: Organisation, @Ctx() ctx: HubContext) {
    return loaders(ctx).membershipsOfOrganisation.load(organisation.id);
  }

  @Mutation(() => Organisation, { description: 'Admins add an organisation.' })
  createOrganisation(@Arg('input') input: CreateOrganisationInput, @Ctx() ctx: HubContext) {
    const { description, seatCityId, ...fields } = input;
    return runWrite(ctx, {
      name: 'createOrganisation',
      load: async () => null,
      right: permissions.createOrganisation,
      validate: (_none, em) => seatCityExists(em, seatCityId),
      change: (_none, em) =>
        build(em, Organisation, { ...fields, seatCity: seatCityId, description: translations(description, 'description') }),
    });
  }

  @Mutation(() => Organisation, { description: 'Admins edit an organisation.' })
  updateOrganisation(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateOrganisationInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    const { description, seatCityId, ...fields } = input;
    return runWrite(ctx, {
      name: 'updateOrganisation',
      load: (em) => getLive(em, Organisation, id),
      right: permissions.updateOrganisation,
      version: { of: (organisation) => organisation, expected: expectedVersion },
      validate: (_organisation, em) => seatCityExists(em, seatCityId),
      change: (organisation, em) =>
        em.assign(
          organisation,
          { ...fields, seatCity: seatCityId, description: translations(description, 'description') },
          { ignoreUndefined: true },
        ),
    });
  }

  @Mutation(() => Organisation, { description: 'Admins delete an organisation (a tombstone stays in the change feed).' })
  deleteOrganisation(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    return removeLive(ctx, 'deleteOrganisation', Organisation, id, permissions.deleteOrganisation);
  }
}

/** The seat city the input names must exist (BAD_USER_INPUT naming seatCityId). */
async function seatCityExists(em: EntityManager, seatCityId: string | null | undefined) {
  if (seatCityId) await getReferenced(em, City, seatCityId, 'seatCityId');
}
