import { build } from '../../../shared/entity';
import type { FilterQuery } from '@mikro-orm/core';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { badInput } from '../../../shared/errors';
import { checkVersion, getByIdOrSlug, getLive, markDeleted } from '../../../shared/lookup';
import { ConnectionType, paginate } from '../../../shared/pagination';
import { toTranslationMap } from '../../../shared/translated-text';
import { assignDefined, containsPattern, requireFields } from '../../../shared/validation';
import { Membership } from '../entities/Membership';
import { Network } from '../entities/Network';
import { NetworkPillar } from '../entities/NetworkPillar';
import { Organisation } from '../entities/Organisation';
import { NetworkArgs, NetworkInput } from '../inputs';
import { loaders } from '../loaders';
import { can } from '../permissions';

export const NetworkConnection = ConnectionType('Network', Network);

@Resolver(() => Network)
export class NetworkResolver {
  @Query(() => Network, { description: 'One network by id or by slug.' })
  network(
    @Ctx() ctx: HubContext,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('slug', () => String, { nullable: true }) slug?: string,
  ) {
    return getByIdOrSlug(ctx.em, Network, { id, slug });
  }

  @Query(() => NetworkConnection, { description: 'Networks and platforms by name.' })
  networks(@Args() args: NetworkArgs, @Ctx() ctx: HubContext) {
    const where: FilterQuery<Network>[] = [];
    if (args.kind) where.push({ kind: args.kind });
    if (args.search) {
      const pattern = containsPattern(args.search);
      where.push({ $or: [{ name: { $ilike: pattern } }, { slug: { $ilike: pattern } }] });
    }
    return paginate(ctx.em, Network, { $and: where }, args, { name: 'name', orderBy: { name: 'asc' } });
  }

  @FieldResolver(() => Organisation, { nullable: true })
  secretariat(@Root() network: Network, @Ctx() ctx: HubContext) {
    return network.secretariat ? loaders(ctx).organisation.load(network.secretariat.id) : null;
  }

  @FieldResolver(() => [NetworkPillar])
  pillars(@Root() network: Network, @Ctx() ctx: HubContext) {
    return loaders(ctx).pillarsOfNetwork.load(network.id);
  }

  @FieldResolver(() => [Membership], { description: 'Members, cities and organisations; with activeOnly, only those that have not left.' })
  async memberships(
    @Root() network: Network,
    @Ctx() ctx: HubContext,
    @Arg('activeOnly', () => Boolean, { defaultValue: false }) activeOnly: boolean,
  ) {
    const all = await loaders(ctx).membershipsOfNetwork.load(network.id);
    return activeOnly ? all.filter((m) => m.active) : all;
  }

  @Mutation(() => Network, { description: 'Admins add a network with its pillars.' })
  async createNetwork(@Arg('input') input: NetworkInput, @Ctx() ctx: HubContext) {
    can.manage(ctx, 'add networks');
    requireFields(input, ['slug', 'name', 'kind']);
    return ctx.em.transactional(async (em) => {
      const network = build(em, Network, {});
      await apply(ctx, network, input);
      return network;
    });
  }

  @Mutation(() => Network, { description: 'Admins edit a network; pillars, when given, replace the old ones.' })
  async updateNetwork(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: NetworkInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    can.manage(ctx, 'edit networks');
    return ctx.em.transactional(async (em) => {
      const network = await getLive(em, Network, id);
      checkVersion(network, expectedVersion);
      await apply(ctx, network, input);
      return network;
    });
  }

  @Mutation(() => Network, { description: 'Admins delete a network (a tombstone stays in the change feed).' })
  async deleteNetwork(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    can.manage(ctx, 'delete networks');
    const network = await getLive(ctx.em, Network, id);
    markDeleted(network);
    await ctx.em.flush();
    return network;
  }
}

async function apply(ctx: HubContext, network: Network, input: NetworkInput) {
  const { description, secretariatId, pillars, ...fields } = input;
  assignDefined(network, fields);
  if (description !== undefined) network.description = description ? toTranslationMap(description, 'description') : null;
  if (secretariatId !== undefined) {
    network.secretariat = secretariatId
      ? ctx.em.getReference(Organisation, (await getLive(ctx.em, Organisation, secretariatId, 'secretariatId')).id, { wrapped: true })
      : null;
  }
  if (pillars) {
    const codes = pillars.map((p) => p.code);
    if (new Set(codes).size !== codes.length) throw badInput('Pillar codes must be unique within a network.', 'pillars');
    const existing = await ctx.em.find(NetworkPillar, { network: network.id });
    existing.forEach((p) => p.code && codes.includes(p.code) ? undefined : (p.deletedAt = new Date()));
    pillars.forEach((input, index) => {
      const pillar = existing.find((p) => p.code === input.code) ?? build(ctx.em, NetworkPillar, { network, code: input.code });
      pillar.position = index + 1;
      pillar.title = toTranslationMap(input.title, `pillars[${index}].title`);
    });
  }
  await ctx.em.flush();
}
