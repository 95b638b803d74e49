import { defineEnum, type EnumValue } from '../../../shared/enums';

export const MeetingStatus = defineEnum('MeetingStatus', ['DRAFT', 'PUBLISHED', 'HELD', 'CLOSED', 'CANCELLED'], {
  description:
    'DRAFT (seen only by its organisers and admins) → PUBLISHED → HELD (once outcomes or minutes are recorded) → CLOSED; or CANCELLED.',
});
export type MeetingStatus = EnumValue<typeof MeetingStatus>;

export const StakeholderType = defineEnum('StakeholderType', [
  'MUNICIPALITY',
  'ASSOCIATION_OF_MUNICIPALITIES',
  'UN_AGENCY',
  'DEVELOPMENT_AGENCY',
  'DONOR',
  'NGO',
  'MINISTRY',
  'NATIONAL_AGENCY',
  'ACADEMIA',
  'REFUGEE_COMMUNITY',
  'PRIVATE_SECTOR',
  'OTHER',
]);
export type StakeholderType = EnumValue<typeof StakeholderType>;

export const ParticipantRole = defineEnum('ParticipantRole', ['CONVENER', 'HOST', 'SPEAKER', 'PARTICIPANT', 'OBSERVER']);
export type ParticipantRole = EnumValue<typeof ParticipantRole>;

export const AgendaItemKind = defineEnum('AgendaItemKind', [
  'OPENING',
  'SPEECH',
  'PANEL',
  'PRESENTATION',
  'INTERACTIVE_SESSION',
  'DISCUSSION',
  'BREAK',
  'CLOSING',
  'OTHER',
]);
export type AgendaItemKind = EnumValue<typeof AgendaItemKind>;

export const OutcomeKind = defineEnum('OutcomeKind', ['DECISION', 'RECOMMENDATION', 'COMMITMENT', 'ACTION']);
export type OutcomeKind = EnumValue<typeof OutcomeKind>;

export const DeclarationKind = defineEnum('DeclarationKind', ['DECLARATION', 'POSITION_LETTER', 'PLEDGE']);
export type DeclarationKind = EnumValue<typeof DeclarationKind>;

export const RecipientRole = defineEnum('RecipientRole', ['ADDRESSEE', 'COPY'], {
  description: 'ADDRESSEE: the letter is sent to them; COPY: they receive a copy.',
});
export type RecipientRole = EnumValue<typeof RecipientRole>;

export { FollowUpStatus } from '../../../shared/follow-up';
