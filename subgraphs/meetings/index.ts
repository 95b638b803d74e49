import 'reflect-metadata';
import { RecordVersion } from './entities/RecordVersion';
import { webhookEntities } from './entities/Webhooks';
import { MeetingWebhookResolver, MeetingWebhookDeliveryResolver } from './resolvers/WebhookResolver';
import {
  MeetingHistoryResolver,
  AgendaItemHistoryResolver,
  OutcomeHistoryResolver,
  DeclarationHistoryResolver,
  CommitmentHistoryResolver,
  RestoreMeetingVersionResolver,
  RestoreDeclarationVersionResolver,
} from './resolvers/HistoryResolver';
import type { SubgraphDefinition } from '../../shared/subgraph';
import { CATALOG } from '../catalog';
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
import { migrations } from './migrations';
import { references } from './references';
import { AgendaResolver } from './resolvers/AgendaResolver';
import { CommitmentResolver, DeclarationResolver, DeclarationVersionResolver } from './resolvers/DeclarationResolver';
import {
  CityExtensionResolver,
  FundingActivityExtensionResolver,
  NetworkExtensionResolver,
  OrganisationExtensionResolver,
} from './resolvers/FederationResolvers';
import { MeetingResolver } from './resolvers/MeetingResolver';
import { OutcomeResolver } from './resolvers/OutcomeResolver';
import { seedMeetings } from './seed';

/** Coordination meetings (agenda, participants, outcomes, minutes) and declarations (versions, signatories, recipients, commitments). */
export const meetings: SubgraphDefinition = {
  ...CATALOG.meetings,
  entities: [
    Meeting,
    Participant,
    AgendaItem,
    Outcome,
    Minutes,
    Declaration,
    DeclarationVersion,
    Signatory,
    Recipient,
    Commitment,
    RecordVersion,
    ...webhookEntities,
  ],
  migrations,
  resolvers: [
    MeetingResolver,
    AgendaResolver,
    OutcomeResolver,
    DeclarationResolver,
    DeclarationVersionResolver,
    CommitmentResolver,
    CityExtensionResolver,
    OrganisationExtensionResolver,
    NetworkExtensionResolver,
    FundingActivityExtensionResolver,
    MeetingHistoryResolver,
    AgendaItemHistoryResolver,
    OutcomeHistoryResolver,
    DeclarationHistoryResolver,
    CommitmentHistoryResolver,
    RestoreMeetingVersionResolver,
    RestoreDeclarationVersionResolver,
    MeetingWebhookResolver,
    MeetingWebhookDeliveryResolver,
  ],
  references,
  seed: seedMeetings,
};
