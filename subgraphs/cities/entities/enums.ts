import { registerEnumType } from 'type-graphql';

export enum OrganisationKind {
  UN_AGENCY = 'UN_AGENCY',
  NGO = 'NGO',
  DONOR = 'DONOR',
  MINISTRY = 'MINISTRY',
  NATIONAL_AGENCY = 'NATIONAL_AGENCY',
  ASSOCIATION_OF_MUNICIPALITIES = 'ASSOCIATION_OF_MUNICIPALITIES',
  DEVELOPMENT_AGENCY = 'DEVELOPMENT_AGENCY',
  CITY_NETWORK = 'CITY_NETWORK',
  MUNICIPAL_UNIT = 'MUNICIPAL_UNIT',
  BUSINESS = 'BUSINESS',
  ACADEMIA = 'ACADEMIA',
  EU_INSTITUTION = 'EU_INSTITUTION',
  GOVERNMENT_OFFICE = 'GOVERNMENT_OFFICE',
  REFUGEE_COMMUNITY = 'REFUGEE_COMMUNITY',
  OTHER = 'OTHER',
}
registerEnumType(OrganisationKind, { name: 'OrganisationKind' });

export enum NetworkKind {
  CITY_NETWORK = 'CITY_NETWORK',
  COORDINATION_PLATFORM = 'COORDINATION_PLATFORM',
  INITIATIVE = 'INITIATIVE',
  NATIONAL_NETWORK = 'NATIONAL_NETWORK',
}
registerEnumType(NetworkKind, { name: 'NetworkKind' });

export enum MembershipRole {
  MEMBER = 'MEMBER',
  FOUNDER = 'FOUNDER',
  CONVENER = 'CONVENER',
  SECRETARIAT = 'SECRETARIAT',
  CHAIR = 'CHAIR',
  PARTNER = 'PARTNER',
  OBSERVER = 'OBSERVER',
}
registerEnumType(MembershipRole, { name: 'MembershipRole' });

export enum CountQualifier {
  EXACT = 'EXACT',
  ABOUT = 'ABOUT',
  AT_LEAST = 'AT_LEAST',
  MORE_THAN = 'MORE_THAN',
  FEWER_THAN = 'FEWER_THAN',
}
registerEnumType(CountQualifier, {
  name: 'CountQualifier',
  description: 'How a source gives a number: exactly, about, at least, more than ("more than 80 countries") or fewer than.',
});
