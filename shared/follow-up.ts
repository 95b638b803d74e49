import { registerEnumType } from 'type-graphql';

/**
 * The hub's one follow-up vocabulary, shared by meeting outcomes, declaration commitments and
 * peer-review recommendations, so that a client tracks all of them the same way.
 */
export enum FollowUpStatus {
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  DONE = 'DONE',
  DROPPED = 'DROPPED',
}
registerEnumType(FollowUpStatus, {
  name: 'FollowUpStatus',
  description: 'Where the follow-up of an outcome, a commitment or a recommendation stands.',
});
