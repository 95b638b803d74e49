import { build } from '../../../shared/entity';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root, createUnionType } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { checkVersion, exactlyOneParty, getLive, markDeleted } from '../../../shared/lookup';
import { assertDateOrder, assignDefined } from '../../../shared/validation';
import { City } from '../entities/City';
import { Membership } from '../entities/Membership';
import { Network } from '../entities/Network';
import { Organisation } from '../entities/Organisation';
import { MembershipChangeInput, MembershipInput } from '../inputs';
import { loaders } from '../loaders';
import { can } from '../permissions';

export const Member = createUnionType({
  name: 'Member',
  description: 'A member of a network: a city or an organisation.',
  types: () => [City, Organisation] as const,
  resolveType: (value) => (value instanceof City ? City : Organisation),
});

@Resolver(() => Membership)
export class MembershipResolver {
  @FieldResolver(() => Network)
  network(@Root() membership: Membership, @Ctx() ctx: HubContext) {
    return loaders(ctx).network.load(membership.network.id);
  }

  @FieldResolver(() => City, { nullable: true })
  city(@Root() membership: Membership, @Ctx() ctx: HubContext) {
    return membership.city ? loaders(ctx).city.load(membership.city.id) : null;
  }

  @FieldResolver(() => Organisation, { nullable: true })
  organisation(@Root() membership: Membership, @Ctx() ctx: HubContext) {
    return membership.organisation ? loaders(ctx).organisation.load(membership.organisation.id) : null;
  }

  @FieldResolver(() => Member, { description: 'The city or organisation that is the member.' })
  member(@Root() membership: Membership, @Ctx() ctx: HubContext) {
    return membership.city ? loaders(ctx).city.load(membership.city.id) : loaders(ctx).organisation.load(membership.organisation!.id);
  }

  @Mutation(() => Membership, { description: 'Admins add a city or an organisation to a network.' })
  async addMembership(@Arg('input') input: MembershipInput, @Ctx() ctx: HubContext) {
    can.manage(ctx, 'manage memberships');
    exactlyOneParty(input, 'A member of a network');
    assertDateOrder(input.joinedOn, input.leftOn, 'joinedOn', 'leftOn');
    const network = await getLive(ctx.em, Network, input.networkId, 'networkId');
    const city = input.cityId ? await getLive(ctx.em, City, input.cityId, 'cityId') : null;
    const organisation = input.organisationId ? await getLive(ctx.em, Organisation, input.organisationId, 'organisationId') : null;
    const membership = build(ctx.em, Membership, {
      network,
      city,
      organisation,
      role: input.role,
      joinedOn: input.joinedOn ?? null,
      leftOn: input.leftOn ?? null,
    });
    await ctx.em.flush();
    return membership;
  }

  @Mutation(() => Membership, { description: 'Admins change a membership’s role or dates (set leftOn when a member leaves).' })
  async updateMembership(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: MembershipChangeInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    can.manage(ctx, 'manage memberships');
    const membership = await getLive(ctx.em, Membership, id);
    checkVersion(membership, expectedVersion);
    assignDefined(membership, input);
    assertDateOrder(membership.joinedOn, membership.leftOn, 'joinedOn', 'leftOn');
    await ctx.em.flush();
    return membership;
  }

  @Mutation(() => Membership, { description: 'Admins remove a membership recorded in error (a member that left gets leftOn instead).' })
  async removeMembership(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    can.manage(ctx, 'manage memberships');
    const membership = await getLive(ctx.em, Membership, id);
    markDeleted(membership);
    await ctx.em.flush();
    return membership;
  }
}
