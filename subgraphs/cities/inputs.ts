import { ArrayMaxSize, IsInt, IsOptional, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, Float, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '../../shared/pagination';
import { LocalDate } from '../../shared/scalars';
import {
  Translations,
  OptionalTranslations,
  OptionalText,
  OptionalMatching,
  OptionalUrl,
  Slug,
  OptionalSlug,
  WithSlugAndName,
  WithOptionalSlugAndName,
} from '../../shared/input-fields';
import { TranslationInput } from '../../shared/translated-text';
import { COUNTRY_PATTERN, LANGUAGE_PATTERN } from '../../shared/validation';
import { MembershipRole, NetworkKind, OrganisationKind } from './entities/enums';
import { CountQualifier } from '../../shared/qualified-count';

const country = { message: 'must be an ISO 3166-1 alpha-2 code such as "NO"' };

@ArgsType()
export class CityArgs extends PageArgs {
  @OptionalMatching(COUNTRY_PATTERN, country, { description: 'ISO 3166-1 alpha-2 country code.' })
  country?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only cities with a current membership in this network.' })
  network?: string | null;

  @OptionalText(1, 100, { description: 'Part of the name or slug, any case.' })
  search?: string | null;
}

@ArgsType()
export class OrganisationArgs extends PageArgs {
  @Field(() => OrganisationKind, { nullable: true })
  kind?: OrganisationKind | null;

  @OptionalMatching(COUNTRY_PATTERN, country)
  country?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only organisations with a current membership in this network.' })
  network?: string | null;

  @OptionalText(1, 100, { description: 'Part of the name, acronym or slug, any case.' })
  search?: string | null;
}

@ArgsType()
export class NetworkArgs extends PageArgs {
  @Field(() => NetworkKind, { nullable: true })
  kind?: NetworkKind | null;

  @OptionalText(1, 100)
  search?: string | null;
}

@ArgsType()
export class SettlementYearArgs extends PageArgs {
  @Field(() => ID, { nullable: true })
  city?: string | null;

  @Field(() => Int, { nullable: true })
  year?: number | null;

  @OptionalMatching(COUNTRY_PATTERN, country)
  country?: string | null;
}

@InputType({ description: 'A number as the source gives it: "more than 80" is value 80 with qualifier MORE_THAN.' })
export class QualifiedCountInput {
  @Field(() => Int)
  @IsInt()
  @Min(0)
  value: number;

  @Field(() => CountQualifier, { defaultValue: CountQualifier.EXACT })
  qualifier: CountQualifier;

  @Field(() => String, { nullable: true, description: 'Where the number comes from.' })
  @IsOptional()
  @Length(1, 500)
  source?: string | null;
}

@ArgsType()
export class NationalSettlementRequestArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country code.' })
  @IsOptional()
  @Matches(COUNTRY_PATTERN, country)
  country?: string | null;

  @Field(() => Int, { nullable: true })
  year?: number | null;
}

/** The fields of a city that both adding and editing one may set. */
@InputType({ description: 'Not in the schema: the fields its create and update inputs share.' })
abstract class CityFields {
  @OptionalText(1, 120)
  region?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  population?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1800)
  @Max(2200)
  populationYear?: number | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(30)
  @Matches(LANGUAGE_PATTERN, { each: true, message: 'each language must be an ISO 639 code such as "nb"' })
  languages?: string[];

  @OptionalText(1, 120)
  mayor?: string | null;

  @OptionalUrl()
  website?: string | null;

  @OptionalTranslations()
  profile?: TranslationInput[] | null;

  @Field(() => QualifiedCountInput, {
    nullable: true,
    description: 'How many countries the residents come from, as a source gives it; null clears it (unknown).',
  })
  @IsOptional()
  @ValidateNested()
  residentCountryCount?: QualifiedCountInput | null;
}

@InputType({ description: 'A new city: slug, name and country are required.' })
export class CreateCityInput extends CityFields {
  @Slug()
  slug: string;

  @Field()
  @Length(1, 120)
  name: string;

  @Field()
  @Matches(COUNTRY_PATTERN, country)
  countryCode: string;
}

@InputType({ description: 'Changes to a city: leave a field out to keep it. Only the secretariat may change slug and country.' })
export class UpdateCityInput extends CityFields {
  @OptionalSlug()
  slug?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 120)
  name?: string;

  @OptionalMatching(COUNTRY_PATTERN, country)
  countryCode?: string;
}

/** The fields of an organisation that both adding and editing one may set. */
@InputType({ description: 'Not in the schema: the fields its create and update inputs share.' })
abstract class OrganisationFields {
  @OptionalText(1, 20)
  acronym?: string | null;

  @OptionalMatching(COUNTRY_PATTERN, country)
  countryCode?: string | null;

  @Field(() => ID, { nullable: true })
  seatCityId?: string | null;

  @OptionalUrl()
  website?: string | null;

  @OptionalTranslations()
  description?: TranslationInput[] | null;
}

@InputType({ description: 'A new organisation: slug, name and kind are required.' })
export class CreateOrganisationInput extends WithSlugAndName(OrganisationFields) {
  @Field(() => OrganisationKind)
  kind: OrganisationKind;
}

@InputType({ description: 'Changes to an organisation: leave a field out to keep it.' })
export class UpdateOrganisationInput extends WithOptionalSlugAndName(OrganisationFields) {
  @Field(() => OrganisationKind, { nullable: true })
  kind?: OrganisationKind;
}

@InputType()
export class PillarInput {
  @Field()
  @Matches(/^[A-Z][A-Z0-9_]*$/, { message: 'must be upper-case letters, digits and underscores' })
  code: string;

  @Translations()
  title: TranslationInput[];
}

/** The fields of a network that both adding and editing one may set. */
@InputType({ description: 'Not in the schema: the fields its create and update inputs share.' })
abstract class NetworkFields {
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1800)
  @Max(2200)
  foundedYear?: number | null;

  @Field(() => ID, { nullable: true })
  secretariatId?: string | null;

  @OptionalUrl()
  website?: string | null;

  @OptionalTranslations()
  description?: TranslationInput[] | null;

  @Field(() => [PillarInput], { nullable: true, description: 'Replaces the pillars, in this order.' })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  pillars?: PillarInput[] | null;
}

@InputType({ description: 'A new network: slug, name and kind are required.' })
export class CreateNetworkInput extends WithSlugAndName(NetworkFields) {
  @Field(() => NetworkKind)
  kind: NetworkKind;
}

@InputType({ description: 'Changes to a network: leave a field out to keep it; pillars, when given, replace the old ones.' })
export class UpdateNetworkInput extends WithOptionalSlugAndName(NetworkFields) {
  @Field(() => NetworkKind, { nullable: true })
  kind?: NetworkKind;
}

@InputType()
export class MembershipInput {
  @Field(() => ID)
  networkId: string;

  @Field(() => ID, { nullable: true, description: 'The member city; give either this or organisationId.' })
  cityId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The member organisation; give either this or cityId.' })
  organisationId?: string | null;

  @Field(() => MembershipRole, { defaultValue: MembershipRole.MEMBER })
  role: MembershipRole;

  @Field(() => LocalDate, { nullable: true })
  joinedOn?: string | null;

  @Field(() => LocalDate, { nullable: true })
  leftOn?: string | null;
}

@InputType()
export class MembershipChangeInput {
  @Field(() => MembershipRole, { nullable: true })
  role?: MembershipRole;

  @Field(() => LocalDate, { nullable: true })
  joinedOn?: string | null;

  @Field(() => LocalDate, { nullable: true })
  leftOn?: string | null;
}

@InputType()
export class SettlementGroupInput {
  @Field()
  @Length(1, 120)
  group: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  count?: number | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Min(0)
  @Max(1)
  share?: number | null;

  @Field({ defaultValue: false })
  approximate: boolean;
}

@InputType({
  description: 'The figures of one city and year. Leave a figure out to keep it; set it to null for “not known / no decision yet”.',
})
export class SettlementYearInput {
  @Field(() => ID)
  cityId: string;

  @Field(() => Int)
  @Min(1900)
  @Max(2200)
  year: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  requested?: number | null;

  @Field(() => ID, { nullable: true })
  requestedById?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  decided?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  extraCapacity?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  settled?: number | null;

  @Field(() => LocalDate, { nullable: true })
  settledAsOf?: string | null;

  @Field({ nullable: true })
  settledApproximate?: boolean;

  @Field(() => [SettlementGroupInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  breakdown?: SettlementGroupInput[];

  @OptionalText(1, 2000)
  source?: string | null;

  @OptionalTranslations()
  notes?: TranslationInput[] | null;

  @Field(() => Int, { nullable: true, description: 'The version you read; a stale one gets CONFLICT.' })
  expectedVersion?: number | null;
}
