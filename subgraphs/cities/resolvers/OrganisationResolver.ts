import { build } from '../../../shared/entity';
import type { FilterQuery } from '@mikro-orm/core';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { checkVersion, getByIdOrSlug, getLive, markDeleted } from '../../../shared/lookup';
import { ConnectionType, paginate } from '../../../shared/pagination';
import { toTranslationMap } from '../../../shared/translated-text';
import { assignDefined, containsPattern, requireFields } from '../../../shared/validation';
import { City } from '../entities/City';
import { Membership } from '../entities/Membership';
import { Organisation } from '../entities/Organisation';
import { OrganisationArgs, OrganisationInput } from '../inputs';
import { loaders } from '../loaders';
import { can } from '../permissions';
import { memberIdsOfNetwork } from './common';

export const OrganisationConnection = ConnectionType('Organisation', Organisation);

@Resolver(() => Organisation)
export class OrganisationResolver {
  @Query(() => Organisation, { description: 'One organisation by id or by slug.' })
  organisation(
    @Ctx() ctx: HubContext,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('slug', () => String, { nullable: true }) slug?: string,
  ) {
    return getByIdOrSlug(ctx.em, Organisation, { id, slug });
  }

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
  async createOrganisation(@Arg('input') input: OrganisationInput, @Ctx() ctx: HubContext) {
    can.manage(ctx, 'add organisations');
    requireFields(input, ['slug', 'name', 'kind']);
    const organisation = build(ctx.em, Organisation, {});
    await apply(ctx, organisation, input);
    await ctx.em.flush();
    return organisation;
  }

  @Mutation(() => Organisation, { description: 'Admins edit an organisation.' })
  async updateOrganisation(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: OrganisationInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    can.manage(ctx, 'edit organisations');
    const organisation = await getLive(ctx.em, Organisation, id);
    checkVersion(organisation, expectedVersion);
    await apply(ctx, organisation, input);
    await ctx.em.flush();
    return organisation;
  }

  @Mutation(() => Organisation, { description: 'Admins delete an organisation (a tombstone stays in the change feed).' })
  async deleteOrganisation(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    can.manage(ctx, 'delete organisations');
    const organisation = await getLive(ctx.em, Organisation, id);
    markDeleted(organisation);
    await ctx.em.flush();
    return organisation;
  }
}

async function apply(ctx: HubContext, organisation: Organisation, input: OrganisationInput) {
  const { description, seatCityId, ...fields } = input;
  assignDefined(organisation, fields);
  if (description !== undefined) organisation.description = description ? toTranslationMap(description, 'description') : null;
  if (seatCityId !== undefined) {
    organisation.seatCity = seatCityId ? ctx.em.getReference(City, (await getLive(ctx.em, City, seatCityId, 'seatCityId')).id, { wrapped: true }) : null;
  }
}
