import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubContext } from '../../shared/context';
import type { Placement } from './agenda';
import { AgendaItem } from './entities/AgendaItem';
import { Commitment } from './entities/Commitment';
import { Declaration } from './entities/Declaration';
import { DeclarationVersion } from './entities/DeclarationVersion';
import { Meeting } from './entities/Meeting';
import { Minutes } from './entities/Minutes';
import { Outcome } from './entities/Outcome';
import { Participant } from './entities/Participant';
import { Recipient } from './entities/Recipient';
import { Signatory } from './entities/Signatory';
import { agendaPlacements } from './sql';

/** Live rows whose text[] column shares a value with the keys (one query per batch), grouped by key. */
function overlapping<T>(
  ctx: HubContext,
  name: string,
  find: (em: EntityManager, keys: string[]) => Promise<T[]>,
  valuesOf: (row: T) => readonly string[],
) {
  return ctx.loaders.custom<string, T[]>(`overlap:${name}`, async (em, keys) => {
    const rows = await find(em, [...keys]);
    return keys.map((key) => rows.filter((row) => valuesOf(row).includes(key)));
  });
}

/** The batched reads of the meetings subgraph, one per relation. */
export const loaders = (ctx: HubContext) => ({
  meeting: ctx.loaders.byId(Meeting),
  agendaItem: ctx.loaders.byId(AgendaItem),
  outcome: ctx.loaders.byId(Outcome),
  declaration: ctx.loaders.byId(Declaration),
  agendaOfMeeting: ctx.loaders.manyBy(AgendaItem, 'meeting', { orderBy: { rank: 'asc' } }),
  placementOfAgendaItem: ctx.loaders.custom<string, Placement | undefined>('agendaPlacement', async (em, ids) => {
    const placed = await agendaPlacements(em, ids);
    return ids.map((id) => placed.get(id));
  }),
  participantsOfMeeting: ctx.loaders.manyBy(Participant, 'meeting', { orderBy: { createdAt: 'asc' } }),
  outcomesOfMeeting: ctx.loaders.manyBy(Outcome, 'meeting', { orderBy: { createdAt: 'asc' } }),
  minutesOfMeeting: ctx.loaders.manyBy(Minutes, 'meeting', { orderBy: { createdAt: 'asc' } }),
  declarationsOfMeeting: ctx.loaders.manyBy(Declaration, 'adoptedAt', { orderBy: { sortAt: 'asc' } }),
  versionsOfDeclaration: ctx.loaders.manyBy(DeclarationVersion, 'declaration', { orderBy: { number: 'asc' } }),
  signatoriesOfDeclaration: ctx.loaders.manyBy(Signatory, 'declaration', { orderBy: { createdAt: 'asc' } }),
  recipientsOfDeclaration: ctx.loaders.manyBy(Recipient, 'declaration', { orderBy: { createdAt: 'asc' } }),
  commitmentsOfDeclaration: ctx.loaders.manyBy(Commitment, 'declaration', { orderBy: { position: 'asc' } }),
  meetingsOfNetwork: ctx.loaders.manyBy(Meeting, 'networkId', { orderBy: { sortAt: 'desc' } }),
  declarationsOfNetwork: ctx.loaders.manyBy(Declaration, 'networkId', { orderBy: { sortAt: 'desc' } }),
  meetingsHostedByCity: ctx.loaders.manyBy(Meeting, 'venueCityId', { orderBy: { sortAt: 'desc' } }),
  meetingsOrganisedBy: overlapping(
    ctx,
    'Meeting:organiserIds',
    (em, keys) => em.find(Meeting, { organiserIds: { $overlap: keys } }, { orderBy: { sortAt: 'desc', id: 'asc' } }),
    (meeting) => meeting.organiserIds,
  ),
  outcomesOfFundingActivity: overlapping(
    ctx,
    'Outcome:fundingActivityIds',
    (em, keys) => em.find(Outcome, { fundingActivityIds: { $overlap: keys } }, { orderBy: { createdAt: 'asc', id: 'asc' } }),
    (outcome) => outcome.fundingActivityIds,
  ),
  participationsOfCity: ctx.loaders.manyBy(Participant, 'cityId', { orderBy: { createdAt: 'asc' } }),
  participationsOfOrganisation: ctx.loaders.manyBy(Participant, 'organisationId', { orderBy: { createdAt: 'asc' } }),
  signaturesOfCity: ctx.loaders.manyBy(Signatory, 'cityId', { orderBy: { createdAt: 'asc' } }),
  signaturesOfOrganisation: ctx.loaders.manyBy(Signatory, 'organisationId', { orderBy: { createdAt: 'asc' } }),
  commitmentsOfCity: ctx.loaders.manyBy(Commitment, 'ownerCityId', { orderBy: { position: 'asc' } }),
  commitmentsOfOrganisation: ctx.loaders.manyBy(Commitment, 'ownerOrganisationId', { orderBy: { position: 'asc' } }),
});
