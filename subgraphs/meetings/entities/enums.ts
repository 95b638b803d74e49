import { registerEnumType } from 'type-graphql';

export enum MeetingStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  HELD = 'HELD',
  CLOSED = 'CLOSED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(MeetingStatus, {
  name: 'MeetingStatus',
  description:
    'DRAFT (seen only by its organisers and admins) → PUBLISHED → HELD (once outcomes or minutes are recorded) → CLOSED; or CANCELLED.',
});

export enum StakeholderType {
  MUNICIPALITY = 'MUNICIPALITY',
  ASSOCIATION_OF_MUNICIPALITIES = 'ASSOCIATION_OF_MUNICIPALITIES',
  UN_AGENCY = 'UN_AGENCY',
  DEVELOPMENT_AGENCY = 'DEVELOPMENT_AGENCY',
  DONOR = 'DONOR',
  NGO = 'NGO',
  MINISTRY = 'MINISTRY',
  NATIONAL_AGENCY = 'NATIONAL_AGENCY',
  ACADEMIA = 'ACADEMIA',
  REFUGEE_COMMUNITY = 'REFUGEE_COMMUNITY',
  PRIVATE_SECTOR = 'PRIVATE_SECTOR',
  OTHER = 'OTHER',
}
registerEnumType(StakeholderType, { name: 'StakeholderType' });

export enum ParticipantRole {
  CONVENER = 'CONVENER',
  HOST = 'HOST',
  SPEAKER = 'SPEAKER',
  PARTICIPANT = 'PARTICIPANT',
  OBSERVER = 'OBSERVER',
}
registerEnumType(ParticipantRole, { name: 'ParticipantRole' });

export enum AgendaItemKind {
  OPENING = 'OPENING',
  SPEECH = 'SPEECH',
  PANEL = 'PANEL',
  PRESENTATION = 'PRESENTATION',
  INTERACTIVE_SESSION = 'INTERACTIVE_SESSION',
  DISCUSSION = 'DISCUSSION',
  BREAK = 'BREAK',
  CLOSING = 'CLOSING',
  OTHER = 'OTHER',
}
registerEnumType(AgendaItemKind, { name: 'AgendaItemKind' });

export enum OutcomeKind {
  DECISION = 'DECISION',
  RECOMMENDATION = 'RECOMMENDATION',
  COMMITMENT = 'COMMITMENT',
  ACTION = 'ACTION',
}
registerEnumType(OutcomeKind, { name: 'OutcomeKind' });

export enum DeclarationKind {
  DECLARATION = 'DECLARATION',
  POSITION_LETTER = 'POSITION_LETTER',
  PLEDGE = 'PLEDGE',
}
registerEnumType(DeclarationKind, { name: 'DeclarationKind' });

export enum RecipientRole {
  ADDRESSEE = 'ADDRESSEE',
  COPY = 'COPY',
}
registerEnumType(RecipientRole, {
  name: 'RecipientRole',
  description: 'ADDRESSEE: the letter is sent to them; COPY: they receive a copy.',
});

export { FollowUpStatus } from '../../../shared/follow-up';
