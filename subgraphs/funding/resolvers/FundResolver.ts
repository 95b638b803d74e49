import type { EntityData } from '@mikro-orm/core';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { build } from '../../../shared/entity';
import { badInput } from '../../../shared/errors';
import { IdOrSlugQuery, getLive, optionalId } from '../../../shared/lookup';
import { ConnectionType, paginate } from '../../../shared/pagination';
import { toTranslationMap } from '../../../shared/translated-text';
import { runWrite } from '../../../shared/write';
import { OrganisationReference } from '../entities/references';
import { Fund } from '../entities/Fund';
import { FundingActivity } from '../entities/FundingActivity';
import { CreateFundInput, FundArgs, UpdateFundInput } from '../inputs';
import { loaders } from '../loaders';
import { permissions } from '../permissions';

export const FundConnection = ConnectionType('Fund', Fund);

/** The changes an input makes to a fund, validated (an organisation is known by key: it must at least be a uuid). */
function fundChanges(input: CreateFundInput | UpdateFundInput): EntityData<Fund> {
  const { description, managingOrganisationId, slug, name, ...fields } = input;
  for (const [key, value] of Object.entries({ slug, name })) {
    if (value === null) throw badInput(`"${key}" cannot be cleared.`, key);
  }
  const changes: EntityData<Fund> = { ...fields };
  if (slug != null) changes.slug = slug;
  if (name != null) changes.name = name;
  if (managingOrganisationId !== undefined) changes.managingOrganisationId = optionalId(managingOrganisationId, 'managingOrganisationId');
  if (description !== undefined) changes.description = description ? toTranslationMap(description, 'description') : null;
  return changes;
}

@Resolver(() => Fund)
export class FundResolver extends IdOrSlugQuery(Fund, 'fund', 'One fund by id or by slug (e.g. "amif").') {
  @Query(() => FundConnection, { description: 'Funds by name.' })
  funds(@Args() args: FundArgs, @Ctx() ctx: HubContext) {
    return paginate(ctx.em, Fund, {}, args, { name: 'name', orderBy: { name: 'asc' } });
  }

  @FieldResolver(() => OrganisationReference, { nullable: true, description: 'The organisation that manages the fund.' })
  managingOrganisation(@Root() fund: Fund) {
    return fund.managingOrganisationId ? OrganisationReference.of(fund.managingOrganisationId) : null;
  }

  @FieldResolver(() => [FundingActivity], { description: 'The activities the fund finances that the caller may see.' })
  activities(@Root() fund: Fund, @Ctx() ctx: HubContext) {
    return loaders(ctx).activitiesOfFund.load(fund.id);
  }

  @Mutation(() => Fund, { description: 'Admins add a fund.' })
  createFund(@Arg('input') input: CreateFundInput, @Ctx() ctx: HubContext) {
    let changes: EntityData<Fund> = {};
    return runWrite(ctx, {
      name: 'createFund',
      load: async () => null,
      right: permissions.createFund,
      validate() {
        changes = fundChanges(input);
      },
      change: (_, em) => build(em, Fund, { ...changes, slug: input.slug, name: input.name }),
    });
  }

  @Mutation(() => Fund, { description: 'Admins edit a fund.' })
  updateFund(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateFundInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    let changes: EntityData<Fund> = {};
    return runWrite(ctx, {
      name: 'updateFund',
      load: (em) => getLive(em, Fund, id),
      right: permissions.updateFund,
      version: { of: (fund) => fund, expected: expectedVersion },
      validate() {
        changes = fundChanges(input);
      },
      change: (fund, em) => em.assign(fund, changes),
    });
  }
}
