import { defineEnum, type EnumValue } from '../../../shared/enums';

export const OrganisationKind = defineEnum('OrganisationKind', [
  'UN_AGENCY',
  'NGO',
  'DONOR',
  'MINISTRY',
  'NATIONAL_AGENCY',
  'ASSOCIATION_OF_MUNICIPALITIES',
  'DEVELOPMENT_AGENCY',
  'CITY_NETWORK',
  'MUNICIPAL_UNIT',
  'BUSINESS',
  'ACADEMIA',
  'EU_INSTITUTION',
  'GOVERNMENT_OFFICE',
  'REFUGEE_COMMUNITY',
  'OTHER',
]);
export type OrganisationKind = EnumValue<typeof OrganisationKind>;

export const NetworkKind = defineEnum('NetworkKind', ['CITY_NETWORK', 'COORDINATION_PLATFORM', 'INITIATIVE', 'NATIONAL_NETWORK']);
export type NetworkKind = EnumValue<typeof NetworkKind>;

export const MembershipRole = defineEnum('MembershipRole', [
  'MEMBER',
  'FOUNDER',
  'CONVENER',
  'SECRETARIAT',
  'CHAIR',
  'PARTNER',
  'OBSERVER',
]);
export type MembershipRole = EnumValue<typeof MembershipRole>;
