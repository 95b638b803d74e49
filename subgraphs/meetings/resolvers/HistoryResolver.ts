import { ADMIN, bound, rule } from '../../../shared/permissions';
import { historyResolver, restoreResolver, versioned } from '../../../shared/history';
import { getLive } from '../../../shared/lookup';
import { AgendaItem } from '../entities/AgendaItem';
import { Commitment } from '../entities/Commitment';
import { Declaration } from '../entities/Declaration';
import { Meeting } from '../entities/Meeting';
import { Outcome } from '../entities/Outcome';
import { can } from '../permissions';
import { assertOpen, getVisibleMeeting } from './common';

/*
 * The history of meetings (with their agenda items and outcomes) and of declarations (with their
 * commitments); shared/history.ts records it and answers it.
 */
versioned(Meeting, { keep: ['agendaRevision'] });
versioned(AgendaItem, { partOf: [Meeting, 'meeting'], internal: (item) => !item.isPublic, keep: ['number', 'position', 'parent'] });
versioned(Outcome, { partOf: [Meeting, 'meeting'] });
versioned(Declaration, { keep: ['title', 'text', 'currentVersion'] });
versioned(Commitment, { partOf: [Declaration, 'declaration'] });

export const MeetingHistoryResolver = historyResolver(Meeting, {
  canSee: (ctx, meeting) => can.seeMeeting(ctx.identity, meeting),
  seeInternal: (ctx, meeting) => can.seeInternals(ctx.identity, meeting),
});
export const AgendaItemHistoryResolver = historyResolver(AgendaItem);
export const OutcomeHistoryResolver = historyResolver(Outcome);
export const DeclarationHistoryResolver = historyResolver(Declaration);
export const CommitmentHistoryResolver = historyResolver(Commitment);

export const RestoreMeetingVersionResolver = restoreResolver(Meeting, {
  load: (em, ctx, id) => getVisibleMeeting(ctx, em, id),
  right: rule<Meeting>('Only the organisers of this meeting may change it.', ADMIN, { role: 'organiser', when: bound.toOrganisation((m) => m.organiserIds) }),
  state: (meeting) => assertOpen(meeting, 'restore an earlier version'),
});
export const RestoreDeclarationVersionResolver = restoreResolver(Declaration, {
  load: (em, _ctx, id) => getLive(em, Declaration, id),
  right: rule<Declaration>('Only the network secretariat (admin) may change declarations.', ADMIN),
});
