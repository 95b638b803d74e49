import type { FilterQuery } from '@mikro-orm/core';
import type { HubContext } from '../../shared/context';
import { forbidden } from '../../shared/errors';
import { isAdmin, type Identity } from '../../shared/identity';
import { holds, requireAdmin, requireRule } from '../../shared/permissions';
import { MeetingStatus } from './entities/enums';
import type { Meeting } from './entities/Meeting';

/** The caller is an organiser of one of the meeting's organising organisations. */
export const organises = (identity: Identity, meeting: Pick<Meeting, 'organiserIds'>) =>
  holds(identity, 'organiser') && !!identity.organisationId && meeting.organiserIds.includes(identity.organisationId);

/**
 * Who may see and change what in the meetings subgraph. Published meetings and declarations are
 * public; a draft (and an agenda item that is not public) is seen only by its organisers and admins,
 * and for everyone else it does not exist.
 */
export const can = {
  /** Drafts and internal agenda items: the meeting's organisers and admins. */
  seeInternals: (identity: Identity, meeting: Meeting) => isAdmin(identity) || organises(identity, meeting),

  seeMeeting: (identity: Identity, meeting: Meeting) =>
    meeting.status !== MeetingStatus.DRAFT || isAdmin(identity) || organises(identity, meeting),

  /** The filter that keeps drafts out of lists for everyone but their organisers and admins. */
  visibleMeetings: (identity: Identity): FilterQuery<Meeting> => {
    if (isAdmin(identity)) return {};
    if (holds(identity, 'organiser') && identity.organisationId) {
      return { $or: [{ status: { $ne: MeetingStatus.DRAFT } }, { organiserIds: { $overlap: [identity.organisationId] } }] };
    }
    return { status: { $ne: MeetingStatus.DRAFT } };
  },

  /** An organiser creates meetings for their own organisation. */
  createMeeting: (ctx: HubContext) =>
    requireRule(ctx, (identity) => holds(identity, 'organiser') && !!identity.organisationId, 'Only meeting organisers and admins may create meetings.'),

  /** Agenda, participants, outcomes, minutes and status: the meeting's own organisers (and admins). */
  editMeeting: (ctx: HubContext, meeting: Meeting) =>
    requireRule(ctx, (identity) => organises(identity, meeting), 'Only the organisers of this meeting may change it.'),

  /** Declarations, their versions, recipients and commitments: the network secretariat. */
  manageDeclarations: (ctx: HubContext, action: string) => requireAdmin(ctx, action),

  /** Admins change commitments; the municipality that owns one may update its follow-up status (and nothing else). */
  followUpCommitment: (ctx: HubContext, commitment: { ownerCityId?: string | null }, changesOnlyFollowUp: boolean) => {
    const identity = requireRule(
      ctx,
      (identity) => holds(identity, 'municipality') && !!commitment.ownerCityId && identity.cityId === commitment.ownerCityId,
      'Commitments are changed by admins; the municipality that owns one may update its follow-up status.',
    );
    if (!isAdmin(identity) && !changesOnlyFollowUp) throw forbidden('The owning municipality may change only the follow-up status.');
    return identity;
  },

  /** Signatories are added by admins or by the signing municipality itself. */
  addSignatory: (ctx: HubContext, signatory: { cityId?: string | null }) =>
    requireRule(
      ctx,
      (identity) => holds(identity, 'municipality') && !!signatory.cityId && identity.cityId === signatory.cityId,
      'Signatories are added by admins or by the signing municipality itself.',
    ),
};
