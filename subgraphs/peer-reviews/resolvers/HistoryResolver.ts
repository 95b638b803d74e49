import { ADMIN, rule } from '../../../shared/permissions';
import { historyResolver, restoreResolver, versioned } from '../../../shared/history';
import { PeerReview } from '../entities/PeerReview';
import { Recommendation } from '../entities/Recommendation';
import { canSee } from '../permissions';
import { getVisibleReview } from './common';

/* The history of peer reviews with their recommendations; shared/history.ts records it and answers it. */
versioned(PeerReview);
versioned(Recommendation, { partOf: [PeerReview, 'peerReview'], keep: ['position'] });

export const PeerReviewHistoryResolver = historyResolver(PeerReview, { canSee: (ctx, review) => canSee(ctx, review) });
export const RecommendationHistoryResolver = historyResolver(Recommendation);

export const RestorePeerReviewVersionResolver = restoreResolver(PeerReview, {
  load: (em, ctx, id) => getVisibleReview(ctx, em, id),
  right: rule<PeerReview>('Only the network secretariat (admin) may change a peer review’s plan.', ADMIN),
});
