import { build } from '../../../shared/entity';
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { badInput } from '../../../shared/errors';
import { IdOrSlugQuery, getLive, getReferenced, markDeleted } from '../../../shared/lookup';
import { ConnectionType, paginate } from '../../../shared/pagination';
import { toTranslationMap } from '../../../shared/translated-text';
import { removeLive, runWrite } from '../../../shared/write';
import { containsPattern } from '../../../shared/validation';
import { Membership } from '../entities/Membership';
import { Network } from '../entities/Network';
import { NetworkPillar } from '../entities/NetworkPillar';
import { NetworkSettlementTotals } from '../entities/NetworkSettlementTotals';
import { Organisation } from '../entities/Organisation';
import { CreateNetworkInput, NetworkArgs, PillarInput, UpdateNetworkInput } from '../inputs';
import { loaders } from '../loaders';
import { permissions } from '../permissions';
import { translations } from './common';

export const NetworkConnection = ConnectionType('Network', Network);

@Resolver(() => Network)
export class NetworkResolver extends IdOrSlugQuery(Network, 'network', 'One network by id or by slug.') {
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

  @FieldResolver(() => NetworkSettlementTotals, {
    description:
      'The settlement ledger of the cities that were members in the year, summed by the database (KS big-city network, 2020: extra capacity 398).',
  })
  settlementTotals(@Root() network: Network, @Ctx() ctx: HubContext, @Arg('year', () => Int) year: number) {
    if (!Number.isInteger(year) || year < 1900 || year > 2200) throw badInput('"year" must be a year between 1900 and 2200.', 'year');
    return loaders(ctx).networkSettlementTotals.load(`${network.id}/${year}`);
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
  createNetwork(@Arg('input') input: CreateNetworkInput, @Ctx() ctx: HubContext) {
    const { description, secretariatId, pillars, ...fields } = input;
    return runWrite(ctx, {
      name: 'createNetwork',
      load: async () => null,
      right: permissions.createNetwork,
      validate: (_none, em) => validate(em, input),
      change: async (_none, em) => {
        const network = build(em, Network, {
          ...fields,
          secretariat: secretariatId,
          description: translations(description, 'description'),
        });
        await replacePillars(em, network, pillars);
        return network;
      },
    });
  }

  @Mutation(() => Network, { description: 'Admins edit a network; pillars, when given, replace the old ones.' })
  updateNetwork(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateNetworkInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    const { description, secretariatId, pillars, ...fields } = input;
    return runWrite(ctx, {
      name: 'updateNetwork',
      load: (em) => getLive(em, Network, id),
      right: permissions.updateNetwork,
      version: { of: (network) => network, expected: expectedVersion },
      validate: (_network, em) => validate(em, input),
      change: async (network, em) => {
        em.assign(
          network,
          { ...fields, secretariat: secretariatId, description: translations(description, 'description') },
          { ignoreUndefined: true },
        );
        await replacePillars(em, network, pillars);
        return network;
      },
    });
  }

  @Mutation(() => Network, { description: 'Admins delete a network (a tombstone stays in the change feed).' })
  deleteNetwork(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    return removeLive(ctx, 'deleteNetwork', Network, id, permissions.deleteNetwork);
  }
}

/** The secretariat must exist, and pillar codes must be unique within the network. */
async function validate(em: EntityManager, input: CreateNetworkInput | UpdateNetworkInput) {
  if (input.pillars) {
    const codes = input.pillars.map((p) => p.code);
    if (new Set(codes).size !== codes.length) throw badInput('Pillar codes must be unique within a network.', 'pillars');
  }
  if (input.secretariatId) await getReferenced(em, Organisation, input.secretariatId, 'secretariatId');
}

/** Pillars given replace the network's pillars, in their order: kept codes keep their pillar, others become tombstones. */
async function replacePillars(em: EntityManager, network: Network, pillars: PillarInput[] | null | undefined) {
  if (!pillars) return;
  const codes = pillars.map((p) => p.code);
  const existing = await em.find(NetworkPillar, { network: network.id });
  existing.filter((pillar) => !codes.includes(pillar.code)).forEach(markDeleted);
  pillars.forEach((input, index) => {
    const fields = { position: index + 1, title: toTranslationMap(input.title, `pillars[${index}].title`) };
    const pillar = existing.find((p) => p.code === input.code);
    if (pillar) em.assign(pillar, fields);
    else build(em, NetworkPillar, { network, code: input.code, ...fields });
  });
}
