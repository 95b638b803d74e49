import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubContext } from '../../../shared/context';
import { badInput, notFound } from '../../../shared/errors';
import { getLive } from '../../../shared/lookup';
import { PeerReview } from '../entities/PeerReview';
import { Recommendation } from '../entities/Recommendation';
import { Reviewer } from '../entities/Reviewer';
import { canSee } from '../permissions';

/** A live review the caller may see, else NOT_FOUND (a hidden review looks like no review). */
export async function getVisibleReview(ctx: HubContext, em: EntityManager, id: string, field = 'id'): Promise<PeerReview> {
  const review = await getLive(em, PeerReview, id, field);
  if (!(await canSee(ctx, review))) throw notFound(PeerReview.name, id);
  return review;
}

/** The `load` step of a write on a review. */
export const loadReview =
  (id: string, field = 'id') =>
  async (em: EntityManager, ctx: HubContext) => ({ review: await getVisibleReview(ctx, em, id, field) });

/** A live record of a review and its review; a record of a review the caller may not see is NOT_FOUND, like a missing one. */
async function getWithReview<T extends Recommendation | Reviewer>(ctx: HubContext, em: EntityManager, entity: EntityClass<T>, id: string) {
  const record = await getLive(em, entity, id);
  const review = await em.findOne(PeerReview, { id: record.peerReview.id });
  if (!review || !(await canSee(ctx, review))) throw notFound(entity.name, id);
  return { record, review };
}

/** The `load` step of a write on a recommendation. */
export const loadRecommendation = (id: string) => async (em: EntityManager, ctx: HubContext) => {
  const { record, review } = await getWithReview(ctx, em, Recommendation, id);
  return { recommendation: record, review };
};

/** The `load` step of a write on a reviewer. */
export const loadReviewer = (id: string) => async (em: EntityManager, ctx: HubContext) => {
  const { record, review } = await getWithReview(ctx, em, Reviewer, id);
  return { reviewer: record, review };
};

/** Fields that an update may leave out but not clear: null is BAD_USER_INPUT naming the field. */
export function refuseCleared<T extends object>(input: T, fields: (keyof T & string)[]) {
  for (const field of fields) {
    if (input[field] === null) throw badInput(`"${field}" cannot be cleared.`, field);
  }
}
