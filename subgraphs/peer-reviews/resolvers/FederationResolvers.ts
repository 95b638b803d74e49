import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { CityReference, FundReference, FundingActivityReference, OrganisationReference } from '../entities/references';
import { PeerReview } from '../entities/PeerReview';
import { Reviewer } from '../entities/Reviewer';
import { loaders } from '../loaders';

/** The cities subgraph's City, extended with its peer reviews (only those the caller may see). */
@Resolver(() => CityReference)
export class CityPeerReviewsResolver {
  @FieldResolver(() => [PeerReview], { nullable: true, description: 'Peer reviews this city hosted, latest first.' })
  reviewsHosted(@Root() city: CityReference, @Ctx() ctx: HubContext) {
    return loaders(ctx).reviewsHostedByCity.load(city.id);
  }

  @FieldResolver(() => [Reviewer], { nullable: true, description: 'Reviewers this city sent to other cities’ peer reviews.' })
  reviewersSent(@Root() city: CityReference, @Ctx() ctx: HubContext) {
    return loaders(ctx).reviewersFromCity.load(city.id);
  }
}

/** The cities subgraph's Organisation, extended likewise. */
@Resolver(() => OrganisationReference)
export class OrganisationPeerReviewsResolver {
  @FieldResolver(() => [PeerReview], {
    nullable: true,
    description: 'Peer reviews for which this organisation was the host’s contact, latest first.',
  })
  reviewsHosted(@Root() organisation: OrganisationReference, @Ctx() ctx: HubContext) {
    return loaders(ctx).reviewsHostedByOrganisation.load(organisation.id);
  }

  @FieldResolver(() => [Reviewer], { nullable: true, description: 'Reviewers this organisation sent to peer reviews.' })
  reviewersSent(@Root() organisation: OrganisationReference, @Ctx() ctx: HubContext) {
    return loaders(ctx).reviewersFromOrganisation.load(organisation.id);
  }
}

/** The funding subgraph's FundingActivity, extended with the reviews it paid for. */
@Resolver(() => FundingActivityReference)
export class FundingActivityPeerReviewsResolver {
  @FieldResolver(() => [PeerReview], { nullable: true, description: 'Peer reviews this funding activity paid for, latest first.' })
  peerReviews(@Root() activity: FundingActivityReference, @Ctx() ctx: HubContext) {
    return loaders(ctx).reviewsOfFundingActivity.load(activity.id);
  }
}

/** The funding subgraph's Fund, extended with the reviews paid from it. */
@Resolver(() => FundReference)
export class FundPeerReviewsResolver {
  @FieldResolver(() => [PeerReview], { nullable: true, description: 'Peer reviews paid from this fund, latest first.' })
  peerReviews(@Root() fund: FundReference, @Ctx() ctx: HubContext) {
    return loaders(ctx).reviewsOfFund.load(fund.id);
  }
}
