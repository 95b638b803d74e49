import type { FilterQuery } from '@mikro-orm/core';
import { isAdmin, type Identity } from '../../shared/identity';
import { ADMIN, bound, holds, rule, secretariatOnly, type Grant, type PermissionTable } from '../../shared/permissions';
import { MeetingStatus } from './entities/enums';
import type { Meeting } from './entities/Meeting';

/** What a write on a meeting or on one of its parts (agenda, participants, outcomes, minutes) is judged by: the meeting. */
export interface OfMeeting {
  meeting: Pick<Meeting, 'organiserIds'>;
}

/** A signatory, or the one about to be added: the city that signs, if a city does. */
export interface SigningParty {
  cityId?: string | null;
}

/** A commitment: the city that owns its follow-up, if a city does. */
export interface OwnedCommitment {
  ownerCityId?: string | null;
}

/** What visibility reads of an agenda item: whether it is public, and the item it is nested in. */
export interface AgendaEntry {
  id: string;
  isPublic: boolean;
  parent?: { id: string } | null;
}

/** The caller's organisation is one of the meeting's organisers. */
export const organisesMeeting = bound.toOrganisation<Pick<Meeting, 'organiserIds'>>((meeting) => meeting.organiserIds);

/** An organiser of one of the meeting's organising organisations. */
const MEETING_ORGANISER: Grant<OfMeeting> = { role: 'organiser', when: (identity, target) => organisesMeeting(identity, target.meeting) };

/** The municipality the signature is for. */
const SIGNING_MUNICIPALITY: Grant<SigningParty> = { role: 'municipality', when: bound.toCity((signatory) => signatory.cityId) };

const organisers = (what: string) =>
  rule<OfMeeting>(`Only the organisers of this meeting and admins may ${what}.`, ADMIN, MEETING_ORGANISER);

/**
 * Who may do what in the meetings subgraph, one rule per mutation. Meetings and everything in them
 * belong to their organising organisations; declarations, their versions, recipients and
 * commitments to the network secretariat; a signature also to the municipality that signs; a
 * commitment's follow-up status also to the municipality that owns it.
 */
export const permissions = {
  createMeeting: rule<unknown>('Only meeting organisers and admins may create meetings.', ADMIN, {
    role: 'organiser',
    when: (identity) => identity.organisationId != null,
  }),
  updateMeeting: organisers('change it'),
  publishMeeting: organisers('publish it'),
  closeMeeting: organisers('close it'),
  cancelMeeting: organisers('cancel it'),
  deleteMeeting: organisers('delete it'),
  addParticipant: organisers('change its participants'),
  removeParticipant: organisers('change its participants'),
  addAgendaItem: organisers('change its agenda'),
  updateAgendaItem: organisers('change its agenda'),
  removeAgendaItem: organisers('change its agenda'),
  recordOutcome: organisers('record its outcomes'),
  updateOutcome: organisers('change its outcomes'),
  recordMinutes: organisers('record its minutes'),

  createDeclaration: secretariatOnly('record declarations'),
  addDeclarationVersion: secretariatOnly('add declaration versions'),
  addRecipient: secretariatOnly('add recipients'),
  addCommitment: secretariatOnly('add commitments'),
  /** Anything of a commitment beyond its follow-up status. */
  updateCommitment: secretariatOnly('change a commitment beyond its follow-up status (the municipality that owns it may update that)'),
  /** Only the follow-up status of a commitment. */
  followUpCommitment: rule<OwnedCommitment>(
    'Commitments are changed by admins; the municipality that owns one may update its follow-up status.',
    ADMIN,
    { role: 'municipality', when: bound.toCity((commitment) => commitment.ownerCityId) },
  ),
  addSignatory: rule<SigningParty>('Signatories are added by admins or by the signing municipality itself.', ADMIN, SIGNING_MUNICIPALITY),
  removeSignatory: rule<SigningParty>(
    'A signature is removed by admins or by the signing municipality itself.',
    ADMIN,
    SIGNING_MUNICIPALITY,
  ),
} satisfies PermissionTable;

/** The caller sees a meeting's internals (a draft, internal agenda items): its organisers and admins. */
const seesInternals = (identity: Identity, meeting: Pick<Meeting, 'organiserIds'>) =>
  isAdmin(identity) || (holds(identity, 'organiser') && organisesMeeting(identity, meeting));

/**
 * Who sees what. Published meetings and declarations are public; a draft meeting, and an agenda item
 * that is not public (or is nested in one that is not), is seen only by the meeting's organisers
 * and admins: for everyone else it does not exist (NOT_FOUND, absent from lists).
 */
export const canSee = {
  internals: seesInternals,
  meeting: (identity: Identity, meeting: Pick<Meeting, 'status' | 'organiserIds'>) =>
    meeting.status !== MeetingStatus.DRAFT || seesInternals(identity, meeting),
  /** An item is shown to the public when it and every item it is part of are public. */
  agendaItem: (identity: Identity, meeting: Pick<Meeting, 'organiserIds'>, item: AgendaEntry, agenda: readonly AgendaEntry[]) =>
    seesInternals(identity, meeting) || isPublicItem(item, agenda),
};

function isPublicItem(item: AgendaEntry, agenda: readonly AgendaEntry[]): boolean {
  if (!item.isPublic) return false;
  const parentId = item.parent?.id;
  const parent = parentId ? agenda.find((candidate) => candidate.id === parentId) : undefined;
  return parent ? isPublicItem(parent, agenda) : true;
}

/** The database filters of what the caller sees, for lists. */
export const visibleWhere = {
  /** Drafts only for their organisers and admins. */
  meeting: (identity: Identity): FilterQuery<Meeting> => {
    if (isAdmin(identity)) return {};
    if (holds(identity, 'organiser') && identity.organisationId) {
      return { $or: [{ status: { $ne: MeetingStatus.DRAFT } }, { organiserIds: { $overlap: [identity.organisationId] } }] };
    }
    return { status: { $ne: MeetingStatus.DRAFT } };
  },
};
