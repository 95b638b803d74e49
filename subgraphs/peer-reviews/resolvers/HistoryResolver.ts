import { historyResolver, restoreResolver, versioned } from '../../../shared/history';
import { PeerReview } from '../entities/PeerReview';
import { Recommendation } from '../entities/Recommendation';
import { canSee, permissions } from '../permissions';
import { loadReview } from './common';

/* The history of peer reviews with their recommendations; shared/history.ts records it and answers it. */
versioned(PeerReview);
versioned(Recommendation, { partOf: [PeerReview, 'peerReview'], keep: ['position'] });

export const PeerReviewHistoryResolver = historyResolver(PeerReview, { canSee: (ctx, review) => canSee(ctx, review) });
export const RecommendationHistoryResolver = historyResolver(Recommendation);

/** A review's (and its recommendations') versions: the secretariat, who changes reviews. */
export const RestorePeerReviewVersionResolver = restoreResolver<PeerReview, { review: PeerReview }>(PeerReview, {
  load: (em, ctx, id) => loadReview(id)(em, ctx),
  rootOf: ({ review }) => review,
  right: permissions.updatePeerReview,
});
