import { ArrayMaxSize, IsInt, IsOptional, Length, Max, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '../../shared/pagination';
import { LocalDate } from '../../shared/scalars';
import { Translations, OptionalTranslations, OptionalText } from '../../shared/input-fields';
import { TranslationInput } from '../../shared/translated-text';
import {
  AgendaItemKind,
  DeclarationKind,
  FollowUpStatus,
  MeetingStatus,
  OutcomeKind,
  ParticipantRole,
  RecipientRole,
  StakeholderType,
} from './entities/enums';

@ArgsType()
export class MeetingArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only meetings of this network or platform.' })
  network?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only meetings held in this city or that it takes part in.' })
  city?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only meetings this organisation organises.' })
  organiser?: string | null;

  @Field(() => [MeetingStatus], { nullable: true })
  status?: MeetingStatus[] | null;

  @Field(() => Date, { nullable: true, description: 'Only meetings that start at or after this time.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only meetings that start at or before this time.' })
  to?: Date | null;

  @OptionalText(1, 100, { description: 'Words in the title, theme or description, in any language and case.' })
  search?: string | null;
}

@ArgsType()
export class DeclarationArgs extends PageArgs {
  @Field(() => ID, { nullable: true })
  network?: string | null;

  @Field(() => [DeclarationKind], { nullable: true })
  kind?: DeclarationKind[] | null;

  @Field(() => ID, { nullable: true, description: 'Only declarations this city or organisation signed.' })
  signatory?: string | null;
}

@InputType()
export class SpeakerInput {
  @Field()
  @Length(1, 200)
  name: string;

  @OptionalTranslations()
  role?: TranslationInput[] | null;

  @Field(() => ID, { nullable: true })
  organisationId?: string | null;
}

@InputType({ description: 'Fields shared by the create and update inputs (not in the schema by itself).' })
export abstract class MeetingFields {
  @Field(() => ID, { nullable: true })
  networkId?: string | null;

  @OptionalText(1, 40)
  edition?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  editionNumber?: number | null;

  @OptionalTranslations()
  theme?: TranslationInput[] | null;

  @OptionalTranslations()
  description?: TranslationInput[] | null;

  @Field(() => Date, { nullable: true })
  startsAt?: Date | null;

  @Field(() => Date, { nullable: true })
  endsAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'IANA time zone, e.g. "Europe/Istanbul".' })
  timeZone?: string;

  @Field({ nullable: true })
  timeKnown?: boolean;

  @Field(() => ID, { nullable: true })
  venueCityId?: string | null;

  @OptionalText(1, 200)
  venueName?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'The organising organisations; an organiser’s own organisation is always one of them.',
  })
  @IsOptional()
  @ArrayMaxSize(20)
  organiserIds?: string[];

  @OptionalText(1, 2000)
  source?: string | null;
}

@InputType({ description: 'A new meeting (a draft).' })
export class CreateMeetingInput extends MeetingFields {
  @Translations()
  title: TranslationInput[];
}

@InputType({ description: 'Changes to a meeting: leave a field out to keep it.' })
export class UpdateMeetingInput extends MeetingFields {
  @OptionalTranslations()
  title?: TranslationInput[];
}

@InputType()
export class ParticipantInput {
  @Field(() => ID, { nullable: true, description: 'The participating city; give either this or organisationId.' })
  cityId?: string | null;

  @Field(() => ID, { nullable: true })
  organisationId?: string | null;

  @Field(() => StakeholderType)
  stakeholderType: StakeholderType;

  @Field(() => ParticipantRole, { defaultValue: ParticipantRole.PARTICIPANT })
  role: ParticipantRole;

  @OptionalTranslations()
  note?: TranslationInput[] | null;
}

@InputType({ description: 'Fields shared by the create and update inputs (not in the schema by itself).' })
export abstract class AgendaItemFields {
  @Field(() => ID, { nullable: true, description: 'The item this one is part of; on update, null moves it to the top level.' })
  parentId?: string | null;

  @Field(() => Int, { nullable: true, description: 'Position among its siblings, from 1; default: last. Later siblings move down.' })
  @IsOptional()
  @Min(1)
  position?: number;

  @OptionalText(1, 20, { description: 'The number shown; default derived from the positions ("2.1").' })
  number?: string | null;

  @OptionalTranslations()
  description?: TranslationInput[] | null;

  @Field(() => Date, { nullable: true })
  startsAt?: Date | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  @Max(24 * 60 * 7)
  durationMinutes?: number | null;

  @Field(() => [SpeakerInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  speakers?: SpeakerInput[];

  @Field({ nullable: true })
  public?: boolean;
}

@InputType({ description: 'A new agenda item.' })
export class CreateAgendaItemInput extends AgendaItemFields {
  @Field(() => AgendaItemKind)
  kind: AgendaItemKind;

  @Translations()
  title: TranslationInput[];
}

@InputType({ description: 'Changes to an agenda item: leave a field out to keep it.' })
export class UpdateAgendaItemInput extends AgendaItemFields {
  @Field(() => AgendaItemKind, { nullable: true })
  kind?: AgendaItemKind;

  @OptionalTranslations()
  title?: TranslationInput[];
}

@InputType({ description: 'Fields shared by the create and update inputs (not in the schema by itself).' })
export abstract class OutcomeFields {
  @Field(() => ID, { nullable: true, description: 'The agenda item it came out of; none for the meeting as a whole.' })
  agendaItemId?: string | null;

  @Field(() => OutcomeKind, { nullable: true, description: 'Required, unless the entry is a correction (it then starts as a copy).' })
  kind?: OutcomeKind;

  @OptionalTranslations({ description: 'Required, unless the entry is a correction (it then starts as a copy).' })
  text?: TranslationInput[];

  @OptionalTranslations()
  addressedTo?: TranslationInput[] | null;

  @Field(() => ID, { nullable: true })
  ownerCityId?: string | null;

  @Field(() => ID, { nullable: true })
  ownerOrganisationId?: string | null;

  @Field(() => LocalDate, { nullable: true })
  dueDate?: string | null;

  @Field(() => FollowUpStatus, { nullable: true })
  followUpStatus?: FollowUpStatus;

  @Field(() => [ID], { nullable: true, description: 'Funding activities (funding subgraph) the outcome led to.' })
  @IsOptional()
  @ArrayMaxSize(50)
  fundingActivityIds?: string[];
}

@InputType({ description: 'A new outcome, or a correction of one (correctsId).' })
export class RecordOutcomeInput extends OutcomeFields {
  @Field(() => ID, { nullable: true, description: 'The outcome this entry corrects (the way to fix an outcome of a closed meeting).' })
  correctsId?: string | null;
}

@InputType({ description: 'Changes to an outcome: leave a field out to keep it.' })
export class UpdateOutcomeInput extends OutcomeFields {}

@InputType()
export class MinutesInput {
  @Translations()
  text: TranslationInput[];

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  attendeeCount?: number | null;
}

@InputType()
export class DeclarationInput {
  @Field(() => DeclarationKind)
  kind: DeclarationKind;

  @Field(() => ID, { nullable: true })
  networkId?: string | null;

  @Translations()
  title: TranslationInput[];

  @Translations()
  text: TranslationInput[];

  @Field(() => LocalDate, { nullable: true })
  adoptedOn?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1900)
  @Max(2200)
  adoptedYear?: number | null;

  @Field(() => ID, { nullable: true, description: 'The meeting where it was adopted.' })
  adoptedAtMeetingId?: string | null;

  @OptionalText(1, 2000)
  source?: string | null;
}

@InputType()
export class DeclarationVersionInput {
  @Translations()
  title: TranslationInput[];

  @Translations()
  text: TranslationInput[];

  @Field(() => LocalDate, { nullable: true })
  adoptedOn?: string | null;

  @OptionalTranslations()
  changeNote?: TranslationInput[] | null;
}

@InputType()
export class SignatoryInput {
  @Field(() => ID, { nullable: true, description: 'The signing city; give either this or organisationId.' })
  cityId?: string | null;

  @Field(() => ID, { nullable: true })
  organisationId?: string | null;

  @Field(() => LocalDate, { nullable: true })
  signedOn?: string | null;

  @OptionalTranslations()
  note?: TranslationInput[] | null;
}

@InputType()
export class RecipientInput {
  @Field(() => ID, { nullable: true })
  cityId?: string | null;

  @Field(() => ID, { nullable: true })
  organisationId?: string | null;

  @Field(() => RecipientRole, { defaultValue: RecipientRole.ADDRESSEE })
  role: RecipientRole;
}

@InputType({ description: 'Fields shared by the create and update inputs (not in the schema by itself).' })
export abstract class CommitmentFields {
  @Field(() => ID, { nullable: true })
  ownerCityId?: string | null;

  @Field(() => Int, { nullable: true, description: 'Settlement places the commitment offers; null when it names no number.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000000)
  places?: number | null;

  @Field(() => ID, { nullable: true })
  ownerOrganisationId?: string | null;

  @Field(() => LocalDate, { nullable: true })
  dueDate?: string | null;

  @Field(() => FollowUpStatus, { nullable: true })
  followUpStatus?: FollowUpStatus;
}

@InputType({ description: 'A new commitment of a declaration.' })
export class AddCommitmentInput extends CommitmentFields {
  @Translations()
  text: TranslationInput[];
}

@InputType({ description: 'Changes to a commitment: leave a field out to keep it.' })
export class UpdateCommitmentInput extends CommitmentFields {
  @OptionalTranslations()
  text?: TranslationInput[];
}
