import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubContext } from '../../../shared/context';
import { notFound } from '../../../shared/errors';
import { assertId } from '../../../shared/lookup';
import { PeerReview } from '../entities/PeerReview';
import { canSee } from '../permissions';


/** A live review the caller may see, else NOT_FOUND (a hidden review looks like no review). */
export async function getVisibleReview(ctx: HubContext, em: EntityManager, id: string, field = 'id'): Promise<PeerReview> {
  assertId(id, field);
  const review = await em.findOne(PeerReview, { id });
  if (!review || !(await canSee(ctx, review))) throw notFound('PeerReview', id);
  return review;
}
