import { historyResolver, restoreResolver, versioned } from '../../../shared/history';
import { getLive } from '../../../shared/lookup';
import { AgendaItem } from '../entities/AgendaItem';
import { Commitment } from '../entities/Commitment';
import { Declaration } from '../entities/Declaration';
import { Meeting } from '../entities/Meeting';
import { Outcome } from '../entities/Outcome';
import { MEETING_STATES, meetingLifecycle } from '../lifecycle';
import { canSee, permissions } from '../permissions';
import { getVisibleMeeting } from './common';

/*
 * The history of meetings (with their agenda items and outcomes) and of declarations (with their
 * commitments); shared/history.ts records it and answers it.
 */
versioned(Meeting, { keep: ['agendaRevision'] });
versioned(AgendaItem, { partOf: [Meeting, 'meeting'], internal: (item) => !item.isPublic, ignore: ['rank'], keep: ['parent'] });
versioned(Outcome, { partOf: [Meeting, 'meeting'] });
versioned(Declaration, { keep: ['title', 'text', 'currentVersion'] });
versioned(Commitment, { partOf: [Declaration, 'declaration'] });

export const MeetingHistoryResolver = historyResolver(Meeting, {
  canSee: (ctx, meeting) => canSee.meeting(ctx.identity, meeting),
  seeInternal: (ctx, meeting) => canSee.internals(ctx.identity, meeting),
});
export const AgendaItemHistoryResolver = historyResolver(AgendaItem);
export const OutcomeHistoryResolver = historyResolver(Outcome);
export const DeclarationHistoryResolver = historyResolver(Declaration);
export const CommitmentHistoryResolver = historyResolver(Commitment);

/** A meeting's versions are restored by whoever may update it, while it may be updated (not closed or cancelled). */
export const RestoreMeetingVersionResolver = restoreResolver<Meeting, { meeting: Meeting }>(Meeting, {
  load: async (em, ctx, id) => ({ meeting: await getVisibleMeeting(ctx, em, id) }),
  rootOf: ({ meeting }) => meeting,
  right: permissions.updateMeeting,
  state: ({ meeting }) => meetingLifecycle.require(meeting, MEETING_STATES.edit, 'restore an earlier version'),
});
/** A declaration's (and its commitments') versions: the secretariat, who changes declarations (a new version is their update). */
export const RestoreDeclarationVersionResolver = restoreResolver(Declaration, {
  load: (em, _ctx, id) => getLive(em, Declaration, id),
  right: permissions.addDeclarationVersion,
});
