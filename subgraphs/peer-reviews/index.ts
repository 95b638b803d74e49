import 'reflect-metadata';
import { RecordVersion } from './entities/RecordVersion';
import { webhookEntities } from './entities/Webhooks';
import { PeerReviewWebhookResolver, PeerReviewWebhookDeliveryResolver } from './resolvers/WebhookResolver';
import { PeerReviewHistoryResolver, RecommendationHistoryResolver, RestorePeerReviewVersionResolver } from './resolvers/HistoryResolver';
import type { SubgraphDefinition } from '../../shared/subgraph';
import { CATALOG } from '../catalog';
import { PeerReview } from './entities/PeerReview';
import { ProgrammeDay } from './entities/ProgrammeDay';
import { ProgrammeSession } from './entities/ProgrammeSession';
import { ProgressNote } from './entities/ProgressNote';
import { Recommendation } from './entities/Recommendation';
import { Reviewer } from './entities/Reviewer';
import { migrations } from './migrations';
import { references } from './references';
import {
  CityPeerReviewsResolver,
  FundPeerReviewsResolver,
  FundingActivityPeerReviewsResolver,
  OrganisationPeerReviewsResolver,
} from './resolvers/FederationResolvers';
import { PeerReviewResolver } from './resolvers/PeerReviewResolver';
import { ProgrammeDayResolver, ProgrammeSessionResolver } from './resolvers/ProgrammeResolver';
import { RecommendationResolver } from './resolvers/RecommendationResolver';
import { ReviewerResolver } from './resolvers/ReviewerResolver';
import { seedPeerReviews } from './seed';

/** Peer reviews: reviewers, visit programmes, recommendations with the host's response and follow-up. */
export const peerReviews: SubgraphDefinition = {
  ...CATALOG.peerReviews,
  entities: [PeerReview, Reviewer, ProgrammeDay, ProgrammeSession, Recommendation, ProgressNote, RecordVersion, ...webhookEntities],
  migrations,
  resolvers: [
    PeerReviewResolver,
    ReviewerResolver,
    ProgrammeDayResolver,
    ProgrammeSessionResolver,
    RecommendationResolver,
    CityPeerReviewsResolver,
    OrganisationPeerReviewsResolver,
    FundingActivityPeerReviewsResolver,
    FundPeerReviewsResolver,
    PeerReviewHistoryResolver,
    RecommendationHistoryResolver,
    RestorePeerReviewVersionResolver,
    PeerReviewWebhookResolver,
    PeerReviewWebhookDeliveryResolver,
  ],
  references,
  seed: seedPeerReviews,
};
