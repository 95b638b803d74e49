import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireFields } from '../../../shared/validation';
import type { HubContext } from '../../../shared/context';
import { build } from '../../../shared/entity';
import { checkVersion, getByIdOrSlug, getLive, isUuid } from '../../../shared/lookup';
import { badInput } from '../../../shared/errors';
import { ConnectionType, paginate } from '../../../shared/pagination';
import { toTranslationMap } from '../../../shared/translated-text';
import { OrganisationReference, organisationRef } from '../entities/references';
import { Fund } from '../entities/Fund';
import { FundingActivity } from '../entities/FundingActivity';
import { FundArgs, FundInput } from '../inputs';
import { loaders } from '../loaders';
import { can } from '../permissions';
import { inTransaction } from './common';

export const FundConnection = ConnectionType('Fund', Fund);

function applyFund(fund: Fund, input: FundInput) {
  const { description, managingOrganisationId, ...fields } = input;
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) (fund as unknown as Record<string, unknown>)[key] = value;
  }
  if (managingOrganisationId !== undefined) {
    if (managingOrganisationId && !isUuid(managingOrganisationId)) throw badInput(`"${managingOrganisationId}" is not a valid id.`, 'managingOrganisationId');
    fund.managingOrganisationId = managingOrganisationId;
  }
  if (description !== undefined) fund.description = description ? toTranslationMap(description, 'description') : null;
}

@Resolver(() => Fund)
export class FundResolver {
  @Query(() => Fund, { description: 'One fund by id or by slug (e.g. "amif").' })
  fund(
    @Ctx() ctx: HubContext,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('slug', () => String, { nullable: true }) slug?: string,
  ) {
    return getByIdOrSlug(ctx.em, Fund, { id, slug });
  }

  @Query(() => FundConnection, { description: 'Funds by name.' })
  funds(@Args() args: FundArgs, @Ctx() ctx: HubContext) {
    return paginate(ctx.em, Fund, {}, args, { name: 'name', orderBy: { name: 'asc' } });
  }

  @FieldResolver(() => OrganisationReference, { nullable: true, description: 'The organisation that manages the fund.' })
  managingOrganisation(@Root() fund: Fund) {
    return fund.managingOrganisationId ? organisationRef(fund.managingOrganisationId) : null;
  }

  @FieldResolver(() => [FundingActivity], { description: 'The activities the fund finances that the caller may see.' })
  activities(@Root() fund: Fund, @Ctx() ctx: HubContext) {
    return loaders(ctx).activitiesOfFund.load(fund.id);
  }

  @Mutation(() => Fund, { description: 'Admins add a fund.' })
  async createFund(@Arg('input') input: FundInput, @Ctx() ctx: HubContext) {
    can.manageFunds(ctx, 'add funds');
    requireFields(input, ['slug', 'name']);
    return inTransaction(ctx, async (em) => {
      const fund = build(em, Fund, {});
      applyFund(fund, input);
      await em.flush();
      return fund;
    });
  }

  @Mutation(() => Fund, { description: 'Admins edit a fund.' })
  async updateFund(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: FundInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    can.manageFunds(ctx, 'edit funds');
    return inTransaction(ctx, async (em) => {
      const fund = await getLive(em, Fund, id);
      checkVersion(fund, expectedVersion);
      applyFund(fund, input);
      await em.flush();
      return fund;
    });
  }
}
