import { ArrayMaxSize, ArrayMinSize, IsOptional, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '../../shared/pagination';
import { LocalDate } from '../../shared/scalars';
import { OptionalTranslations, OptionalText, OptionalMatching } from '../../shared/input-fields';
import { TranslationInput } from '../../shared/translated-text';
import { COUNTRY_PATTERN } from '../../shared/validation';
import {
  FollowUpStatus,
  HostResponse,
  PeerReviewStatus,
  RecommendationAudience,
  RecommendationPriority,
  ReviewerRole,
} from './entities/enums';

const country = { message: 'must be an ISO 3166-1 alpha-2 code such as "SE" (GB for England)' };
const time = { message: 'must be a time of day HH:MM' };
const TIME_PATTERN = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const uuid = { message: 'must be a valid id' };

@ArgsType()
export class PeerReviewArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only reviews hosted by this city.' })
  @IsOptional()
  @IsUUID('all', uuid)
  hostCity?: string | null;

  @Field(() => PeerReviewStatus, { nullable: true })
  status?: PeerReviewStatus | null;

  @Field(() => ID, { nullable: true, description: 'Only reviews paid for by this funding activity.' })
  @IsOptional()
  @IsUUID('all', uuid)
  fundingActivity?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'Only reviews whose visit ends on or after this date.' })
  visitFrom?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'Only reviews whose visit starts on or before this date.' })
  visitTo?: string | null;
}

@InputType({ description: 'One challenge question, in one or more languages.' })
export class ChallengeQuestionInput {
  @Field(() => [TranslationInput])
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  text: TranslationInput[];
}

/** The fields of a peer review's plan that are optional when it is planned and when it changes. */
@InputType()
abstract class PeerReviewPlanFields {
  @Field(() => ID, { nullable: true, description: 'The funding activity that pays for the review (funding subgraph).' })
  @IsOptional()
  @IsUUID('all', uuid)
  fundingActivityId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The fund behind it, e.g. AMIF (funding subgraph).' })
  @IsOptional()
  @IsUUID('all', uuid)
  fundId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The network the review runs in (cities subgraph).' })
  @IsOptional()
  @IsUUID('all', uuid)
  networkId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The host’s contact organisation (cities subgraph).' })
  @IsOptional()
  @IsUUID('all', uuid)
  contactOrganisationId?: string | null;

  @Field(() => [ChallengeQuestionInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  challengeQuestions?: ChallengeQuestionInput[] | null;

  @OptionalText(1, 2000)
  source?: string | null;
}

@InputType({ description: 'A new peer review’s plan.' })
export class CreatePeerReviewInput extends PeerReviewPlanFields {
  @Field(() => ID, { description: 'The host city (a City of the cities subgraph).' })
  @IsUUID('all', uuid)
  hostCityId: string;

  @Field(() => [TranslationInput])
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  topic: TranslationInput[];

  @Field(() => LocalDate)
  visitStart: string;

  @Field(() => LocalDate)
  visitEnd: string;
}

@InputType({ description: 'Changes to a peer review’s plan: leave a field out to keep it; set an optional one to null to clear it.' })
export class UpdatePeerReviewInput extends PeerReviewPlanFields {
  @Field(() => ID, { nullable: true, description: 'The host city (a City of the cities subgraph).' })
  @IsOptional()
  @IsUUID('all', uuid)
  hostCityId?: string | null;

  @Field(() => [TranslationInput], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  topic?: TranslationInput[] | null;

  @Field(() => LocalDate, { nullable: true })
  visitStart?: string | null;

  @Field(() => LocalDate, { nullable: true })
  visitEnd?: string | null;
}

/** The fields of a reviewer that are optional when they are assigned and when they change. */
@InputType()
abstract class ReviewerFields {
  @OptionalText(1, 200, { description: 'The `sub` of the person’s bearer token; it lets them write as this reviewer.' })
  subject?: string | null;

  @Field(() => ReviewerRole, { nullable: true })
  role?: ReviewerRole | null;

  @Field(() => ID, { nullable: true, description: 'Home city (cities subgraph); give this or homeOrganisationId, not both.' })
  @IsOptional()
  @IsUUID('all', uuid)
  homeCityId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Home organisation (cities subgraph).' })
  @IsOptional()
  @IsUUID('all', uuid)
  homeOrganisationId?: string | null;

  @OptionalText(1, 200)
  homePlace?: string | null;

  @Field(() => Boolean, { nullable: true })
  illustrative?: boolean | null;
}

@InputType({ description: 'A reviewer assigned to a peer review.' })
export class CreateReviewerInput extends ReviewerFields {
  @Field()
  @Length(1, 200)
  name: string;

  @Field()
  @Matches(COUNTRY_PATTERN, country)
  countryCode: string;
}

@InputType({ description: 'Changes to a reviewer: leave a field out to keep it.' })
export class UpdateReviewerInput extends ReviewerFields {
  @OptionalText(1, 200)
  name?: string | null;

  @OptionalMatching(COUNTRY_PATTERN, country)
  countryCode?: string | null;
}

@InputType()
export class ProgrammeSessionInput {
  @OptionalMatching(TIME_PATTERN, time)
  startTime?: string | null;

  @OptionalMatching(TIME_PATTERN, time)
  endTime?: string | null;

  @Field({ description: 'Whom the reviewers meet.' })
  @Length(1, 255)
  meetingWith: string;

  @Field(() => ID, { nullable: true, description: 'The organisation met, when it is in the hub (cities subgraph).' })
  @IsOptional()
  @IsUUID('all', uuid)
  organisationId?: string | null;

  @Field(() => [TranslationInput])
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  topic: TranslationInput[];
}

@InputType()
export class ProgrammeDayInput {
  @Field(() => LocalDate)
  date: string;

  @OptionalTranslations()
  title?: TranslationInput[] | null;

  @Field(() => [ProgrammeSessionInput])
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  sessions: ProgrammeSessionInput[];
}

/** The fields of a recommendation that are optional when it is added and when it changes. */
@InputType()
abstract class RecommendationFields {
  @OptionalText(1, 255, { description: 'The unit addressed; required when addressedTo includes UNIT.' })
  addressedUnit?: string | null;

  @Field(() => RecommendationPriority, { nullable: true })
  priority?: RecommendationPriority | null;

  @Field(() => Boolean, { nullable: true })
  illustrative?: boolean | null;
}

@InputType({ description: 'A new recommendation.' })
export class CreateRecommendationInput extends RecommendationFields {
  @Field(() => [TranslationInput])
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  text: TranslationInput[];

  @Field(() => [RecommendationAudience])
  @ArrayMinSize(1)
  addressedTo: RecommendationAudience[];
}

@InputType({ description: 'Changes to a recommendation: leave a field out to keep it.' })
export class UpdateRecommendationInput extends RecommendationFields {
  @Field(() => [TranslationInput], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  text?: TranslationInput[] | null;

  @Field(() => [RecommendationAudience], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1)
  addressedTo?: RecommendationAudience[] | null;
}

@InputType({ description: 'The host’s response to a recommendation.' })
export class RecommendationResponseInput {
  @Field(() => HostResponse)
  response: HostResponse;

  @OptionalTranslations({ description: 'Why; required for PARTLY_ACCEPTED and REJECTED.' })
  reason?: TranslationInput[] | null;
}

@InputType({ description: 'A dated note on a recommendation’s follow-up.' })
export class ProgressNoteInput {
  @Field(() => LocalDate)
  date: string;

  @Field(() => [TranslationInput])
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  text: TranslationInput[];

  @Field(() => FollowUpStatus, { description: 'The follow-up status after this step.' })
  status: FollowUpStatus;
}
