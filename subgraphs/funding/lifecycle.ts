import { conflict } from '../../shared/errors';
import { Lifecycle } from '../../shared/lifecycle';
import { ActivityStatus, MANAGING_ROLES, type ParticipationRole } from './entities/enums';
import type { FundingActivity } from './entities/FundingActivity';

const { PIPELINE, IMPLEMENTATION, FINALISATION, CLOSED, CANCELLED, SUSPENDED } = ActivityStatus;

/** The moves of a funding activity's IATI status (codelist ActivityStatus). */
export type ActivityStatusEvent = 'start' | 'finalise' | 'close' | 'suspend' | 'resume' | 'replan' | 'cancel';

/**
 * Where an activity's status may go (updateFundingActivity with a new `status`): from the pipeline
 * into implementation, then finalisation and closing; suspended and resumed; cancelled before it
 * ends. CLOSED and CANCELLED are final. Any other move is CONFLICT. A new activity may start in any
 * status (an activity reported after the fact is already closed).
 */
export const activityStatus = new Lifecycle<ActivityStatus, ActivityStatusEvent>('FundingActivity', {
  start: { from: [PIPELINE], to: IMPLEMENTATION },
  finalise: { from: [IMPLEMENTATION], to: FINALISATION },
  close: { from: [IMPLEMENTATION, FINALISATION], to: CLOSED },
  suspend: { from: [PIPELINE, IMPLEMENTATION], to: SUSPENDED },
  resume: { from: [SUSPENDED], to: IMPLEMENTATION },
  replan: { from: [SUSPENDED], to: PIPELINE },
  cancel: { from: [PIPELINE, IMPLEMENTATION, SUSPENDED], to: CANCELLED },
});

/** Moves the activity to the status `to` by the event of the table that leads there, or CONFLICT. Staying put is no move. */
export function moveStatus(activity: FundingActivity, to: ActivityStatus): void {
  if (activity.status === to) return;
  const leading = (Object.keys(activityStatus.transitions) as ActivityStatusEvent[]).filter(
    (event) => activityStatus.transitions[event].to === to,
  );
  // every status has an event leading to it; when none may start here, the first one refuses with CONFLICT
  activityStatus.apply(activity, leading.find((e) => activityStatus.allows(activity.status, e)) ?? leading[0]);
}

/** An activity is a draft until its funder publishes it; only published activities are public. */
export enum Publication {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
}

export type PublicationEvent = 'publish' | 'withdraw';

/** publishFundingActivity: `published: true` publishes a draft, `published: false` takes a published activity back to draft. */
export const publication = new Lifecycle<Publication, PublicationEvent>('FundingActivity', {
  publish: { from: [Publication.DRAFT], to: Publication.PUBLISHED },
  withdraw: { from: [Publication.PUBLISHED], to: Publication.DRAFT },
});

export const publicationOf = (activity: Pick<FundingActivity, 'published'>): Publication =>
  activity.published ? Publication.PUBLISHED : Publication.DRAFT;

/**
 * Publishes or withdraws the activity by the publication table (CONFLICT when it is already there).
 * Publishing needs a funding or accountable organisation: someone answers for what is published.
 */
export function applyPublication(activity: FundingActivity, event: PublicationEvent, roles: readonly ParticipationRole[]): void {
  const record = { id: activity.id, status: publicationOf(activity) };
  publication.apply(record, event);
  if (event === 'publish' && !roles.some((role) => MANAGING_ROLES.includes(role))) {
    throw conflict(`FundingActivity ${activity.id} has no funding or accountable organisation: it cannot be published without one.`);
  }
  activity.published = record.status === Publication.PUBLISHED;
  activity.publishedAt = activity.published ? (activity.publishedAt ?? new Date()) : null;
}
