import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { ActivityCityRole, ParticipationRole } from '../entities/enums';
import { CityReference, OrganisationReference } from '../entities/references';
import { Fund } from '../entities/Fund';
import { FundingActivity } from '../entities/FundingActivity';
import { loaders } from '../loaders';

@Resolver(() => CityReference)
export class CityFundingResolver {
  @FieldResolver(() => [FundingActivity], {
    nullable: true,
    description: 'The funding activities the city takes part in or benefits from (or only those of one role), newest first.',
  })
  fundingActivities(
    @Root() city: CityReference,
    @Ctx() ctx: HubContext,
    @Arg('role', () => ActivityCityRole, { nullable: true }) role?: ActivityCityRole,
  ) {
    return loaders(ctx).activitiesOfCity.load(role ? `${city.id}:${role}` : city.id);
  }
}

@Resolver(() => OrganisationReference)
export class OrganisationFundingResolver {
  @FieldResolver(() => [FundingActivity], {
    nullable: true,
    description:
      'The funding activities the organisation funds, is accountable for, extends or implements (or only those of one role), newest first.',
  })
  fundingActivities(
    @Root() organisation: OrganisationReference,
    @Ctx() ctx: HubContext,
    @Arg('role', () => ParticipationRole, { nullable: true }) role?: ParticipationRole,
  ) {
    return loaders(ctx).activitiesOfOrganisation.load(role ? `${organisation.id}:${role}` : organisation.id);
  }

  @FieldResolver(() => [FundingActivity], {
    nullable: true,
    description: 'The funding activities whose transactions the organisation receives (what it benefits from).',
  })
  fundingReceived(@Root() organisation: OrganisationReference, @Ctx() ctx: HubContext) {
    return loaders(ctx).activitiesReceivedBy.load(organisation.id);
  }

  @FieldResolver(() => [Fund], {
    nullable: true,
    description: 'The funds the organisation manages (the European Commission manages AMIF).',
  })
  managedFunds(@Root() organisation: OrganisationReference, @Ctx() ctx: HubContext) {
    return loaders(ctx).fundsManagedBy.load(organisation.id);
  }
}
