import { build } from '../../../shared/entity';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root, createUnionType } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { exactlyOneParty, getLive, getReferenced } from '../../../shared/lookup';
import { removeLive, runWrite } from '../../../shared/write';
import { assertDateOrder } from '../../../shared/validation';
import { City } from '../entities/City';
import { Membership } from '../entities/Membership';
import { Network } from '../entities/Network';
import { Organisation } from '../entities/Organisation';
import { MembershipChangeInput, MembershipInput } from '../inputs';
import { loaders } from '../loaders';
import { permissions } from '../permissions';
import { PublicRead } from '../../../shared/cache-control';

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
  @PublicRead() // a union carries no hint of its own in type-graphql: the field does
  member(@Root() membership: Membership, @Ctx() ctx: HubContext) {
    return membership.city ? loaders(ctx).city.load(membership.city.id) : loaders(ctx).organisation.load(membership.organisation!.id);
  }

  @Mutation(() => Membership, { description: 'Admins add a city or an organisation to a network.' })
  addMembership(@Arg('input') input: MembershipInput, @Ctx() ctx: HubContext) {
    return runWrite(ctx, {
      name: 'addMembership',
      load: async () => null,
      right: permissions.addMembership,
      validate: async (_none, em) => {
        exactlyOneParty(input, 'A member of a network');
        assertDateOrder(input.joinedOn, input.leftOn, 'joinedOn', 'leftOn');
        await getReferenced(em, Network, input.networkId, 'networkId');
        if (input.cityId) await getReferenced(em, City, input.cityId, 'cityId');
        if (input.organisationId) await getReferenced(em, Organisation, input.organisationId, 'organisationId');
      },
      change: (_none, em) =>
        build(em, Membership, {
          network: input.networkId,
          city: input.cityId ?? null,
          organisation: input.organisationId ?? null,
          role: input.role,
          joinedOn: input.joinedOn ?? null,
          leftOn: input.leftOn ?? null,
        }),
    });
  }

  @Mutation(() => Membership, { description: 'Admins change a membership’s role or dates (set leftOn when a member leaves).' })
  updateMembership(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: MembershipChangeInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return runWrite(ctx, {
      name: 'updateMembership',
      load: (em) => getLive(em, Membership, id),
      right: permissions.updateMembership,
      version: { of: (membership) => membership, expected: expectedVersion },
      validate: (membership) =>
        assertDateOrder(
          input.joinedOn === undefined ? membership.joinedOn : input.joinedOn,
          input.leftOn === undefined ? membership.leftOn : input.leftOn,
          'joinedOn',
          'leftOn',
        ),
      change: (membership, em) => em.assign(membership, input, { ignoreUndefined: true }),
    });
  }

  @Mutation(() => Membership, { description: 'Admins remove a membership recorded in error (a member that left gets leftOn instead).' })
  removeMembership(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    return removeLive(ctx, 'removeMembership', Membership, id, permissions.removeMembership);
  }
}
