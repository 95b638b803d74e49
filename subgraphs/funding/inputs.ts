import { ArrayMaxSize, IsInt, IsOptional, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { Decimal, MoneyInput } from '../../shared/money';
import { PageArgs } from '../../shared/pagination';
import { LocalDate } from '../../shared/scalars';
import {
  Translations,
  OptionalTranslations,
  OptionalText,
  OptionalMatching,
  OptionalUrl,
  WithSlugAndName,
  WithOptionalSlugAndName,
} from '../../shared/input-fields';
import { TranslationInput } from '../../shared/translated-text';
import { COUNTRY_PATTERN } from '../../shared/validation';
import {
  ActivityStatus,
  ActivityTheme,
  BudgetStatus,
  BudgetType,
  FundingActivitySort,
  ParticipationRole,
  ResultType,
  SolidarityCitiesPillar,
  TransactionType,
} from './entities/enums';

const country = { message: 'must be an ISO 3166-1 alpha-2 code such as "SE"' };
const countries = { each: true, message: 'each country must be an ISO 3166-1 alpha-2 code such as "SE"' };
export const IDENTIFIER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;

@InputType({ description: 'What donors and NGOs filter funding activities by; every filter narrows the list (AND).' })
export class FundingActivityFilter {
  @Field(() => ID, { nullable: true })
  fund?: string | null;

  @Field(() => ID, { nullable: true, description: 'An organisation with the FUNDING role.' })
  funder?: string | null;

  @Field(() => ID, { nullable: true, description: 'An organisation with the IMPLEMENTING role.' })
  implementer?: string | null;

  @Field(() => ID, { nullable: true, description: 'An organisation in any role.' })
  organisation?: string | null;

  @Field(() => ID, { nullable: true, description: 'A participating or recipient city.' })
  city?: string | null;

  @OptionalMatching(COUNTRY_PATTERN, country, { description: 'A recipient country (ISO 3166-1 alpha-2).' })
  country?: string | null;

  @Field(() => [ActivityTheme], { nullable: true, description: 'Activities with any of these themes.' })
  @IsOptional()
  @ArrayMaxSize(20)
  themes?: ActivityTheme[] | null;

  @Field(() => SolidarityCitiesPillar, { nullable: true })
  pillar?: SolidarityCitiesPillar | null;

  @Field(() => [ActivityStatus], { nullable: true, description: 'Activities in any of these statuses.' })
  @IsOptional()
  @ArrayMaxSize(10)
  statuses?: ActivityStatus[] | null;

  @Field(() => LocalDate, {
    nullable: true,
    description: 'Activities running on or after this date (their end, actual else planned, is not before it).',
  })
  activeFrom?: string | null;

  @Field(() => LocalDate, {
    nullable: true,
    description: 'Activities running on or before this date (their start, actual else planned, is not after it).',
  })
  activeTo?: string | null;

  @OptionalText(1, 100, { description: 'Part of the identifier, a title or a description, any language, any case.' })
  search?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only illustrative (true) or only factual (false) activities.' })
  illustrative?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only published (true) or only draft (false) activities; drafts are listed only to those who may see them.',
  })
  published?: boolean | null;
}

@ArgsType()
export class FundingActivityArgs extends PageArgs {
  @Field(() => FundingActivityFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: FundingActivityFilter | null;

  @Field(() => FundingActivitySort, { defaultValue: FundingActivitySort.START_DATE_DESC })
  orderBy: FundingActivitySort;
}

@ArgsType()
export class FundArgs extends PageArgs {}

@InputType()
abstract class FundFields {
  @OptionalText(1, 20)
  acronym?: string | null;

  @Field(() => ID, { nullable: true })
  managingOrganisationId?: string | null;

  @OptionalUrl()
  website?: string | null;

  @OptionalTranslations()
  description?: TranslationInput[] | null;
}

@InputType({ description: 'A new fund.' })
export class CreateFundInput extends WithSlugAndName(FundFields) {}

@InputType({ description: 'Changes to a fund: leave a field out to keep it.' })
export class UpdateFundInput extends WithOptionalSlugAndName(FundFields) {}

@InputType()
export class ParticipationInput {
  @Field(() => ID)
  organisationId: string;

  @Field(() => ParticipationRole)
  role: ParticipationRole;
}

@InputType({ description: 'A role and an organisation to contact; personal phone numbers and e-mail addresses are not stored.' })
export class ContactInput {
  @OptionalText(1, 120)
  personName?: string | null;

  @OptionalText(1, 120)
  jobTitle?: string | null;

  @OptionalText(1, 200)
  organisationName?: string | null;

  @OptionalUrl()
  website?: string | null;
}

/** The fields of a funding activity that are optional on create and on update. */
@InputType()
abstract class FundingActivityFields {
  @OptionalTranslations()
  description?: TranslationInput[] | null;

  @Field(() => LocalDate, { nullable: true })
  plannedEnd?: string | null;

  @Field(() => LocalDate, { nullable: true })
  actualStart?: string | null;

  @Field(() => LocalDate, { nullable: true })
  actualEnd?: string | null;

  @Field(() => ID, { nullable: true })
  fundId?: string | null;

  @Field(() => SolidarityCitiesPillar, { nullable: true })
  pillar?: SolidarityCitiesPillar | null;

  @Field(() => [ActivityTheme], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  themes?: ActivityTheme[] | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(100)
  @Matches(COUNTRY_PATTERN, countries)
  recipientCountries?: string[] | null;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(200)
  participatingCityIds?: string[] | null;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(200)
  recipientCityIds?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'The parent activity (IATI related activity, type parent).' })
  parentId?: string | null;

  @Field(() => ContactInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  contact?: ContactInput | null;

  @Field(() => Boolean, { nullable: true })
  illustrative?: boolean | null;

  @OptionalText(1, 2000)
  dataNote?: string | null;
}

@InputType({ description: 'A new funding activity (a draft until its funder publishes it).' })
export class CreateFundingActivityInput extends FundingActivityFields {
  @Field()
  @Length(3, 150)
  @Matches(IDENTIFIER_PATTERN, { message: 'must be letters, digits and . _ : / - (IATI identifier)' })
  identifier: string;

  @Translations()
  title: TranslationInput[];

  @Field(() => ActivityStatus, { defaultValue: ActivityStatus.PIPELINE })
  status: ActivityStatus;

  @Field(() => LocalDate)
  plannedStart: string;

  @Field({ description: 'ISO 4217 code, e.g. "EUR".' })
  defaultCurrency: string;

  @Field(() => [ParticipationInput], {
    description: 'The participating organisations; the creating funder’s own must fund the activity or be accountable for it.',
  })
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  participatingOrganisations: ParticipationInput[];
}

@InputType({ description: 'Changes to a funding activity: leave a field out to keep it.' })
export class UpdateFundingActivityInput extends FundingActivityFields {
  @OptionalText(3, 150)
  @Matches(IDENTIFIER_PATTERN, { message: 'must be letters, digits and . _ : / - (IATI identifier)' })
  identifier?: string | null;

  @OptionalTranslations()
  title?: TranslationInput[] | null;

  @Field(() => ActivityStatus, {
    nullable: true,
    description: 'A move of the status lifecycle (PIPELINE → IMPLEMENTATION → FINALISATION → CLOSED, SUSPENDED, CANCELLED).',
  })
  status?: ActivityStatus | null;

  @Field(() => LocalDate, { nullable: true })
  plannedStart?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 4217 code, e.g. "EUR".' })
  defaultCurrency?: string | null;

  @Field(() => [ParticipationInput], { nullable: true, description: 'Replaces the participating organisations.' })
  @IsOptional()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  participatingOrganisations?: ParticipationInput[] | null;
}

@InputType()
export class BudgetInput {
  @Field(() => BudgetType, { defaultValue: BudgetType.ORIGINAL })
  type: BudgetType;

  @Field(() => BudgetStatus, { defaultValue: BudgetStatus.INDICATIVE })
  status: BudgetStatus;

  @Field(() => LocalDate)
  periodStart: string;

  @Field(() => LocalDate)
  periodEnd: string;

  @Field(() => MoneyInput)
  @ValidateNested()
  value: MoneyInput;
}

@InputType()
export class TransactionInput {
  @Field(() => TransactionType)
  type: TransactionType;

  @Field(() => LocalDate)
  transactionDate: string;

  @Field(() => MoneyInput)
  @ValidateNested()
  value: MoneyInput;

  @Field(() => ID, { nullable: true, description: 'Must take part in the activity.' })
  providerOrganisationId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Must take part in the activity.' })
  receiverOrganisationId?: string | null;

  @OptionalText(1, 2000)
  description?: string | null;
}

@InputType()
export class ResultPeriodInput {
  @Field(() => LocalDate)
  periodStart: string;

  @Field(() => LocalDate)
  periodEnd: string;

  @Field(() => Decimal, { nullable: true })
  target?: string | null;

  @Field(() => Decimal, { nullable: true })
  actual?: string | null;

  @OptionalText(1, 2000)
  comment?: string | null;
}

/** The fields of a result that are optional on create and on update. */
@InputType()
abstract class ResultFields {
  @OptionalText(1, 60)
  unit?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2200)
  baselineYear?: number | null;

  @Field(() => Decimal, { nullable: true })
  baseline?: string | null;
}

@InputType({ description: 'A new result indicator with its baseline and periods.' })
export class CreateResultInput extends ResultFields {
  @Field(() => ResultType, { defaultValue: ResultType.OUTPUT })
  type: ResultType;

  @Translations()
  indicator: TranslationInput[];

  @Field(() => [ResultPeriodInput], { defaultValue: [] })
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  periods: ResultPeriodInput[];
}

@InputType({ description: 'Changes to a result: leave a field out to keep it; the periods given replace the stored ones.' })
export class UpdateResultInput extends ResultFields {
  @Field(() => ResultType, { nullable: true })
  type?: ResultType | null;

  @OptionalTranslations()
  indicator?: TranslationInput[] | null;

  @Field(() => [ResultPeriodInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  periods?: ResultPeriodInput[] | null;
}
