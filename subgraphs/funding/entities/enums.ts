import { defineEnum, type EnumValue } from '../../../shared/enums';

/** IATI activity status (codelist ActivityStatus 1–6). */
export const ActivityStatus = defineEnum(
  'ActivityStatus',
  ['PIPELINE', 'IMPLEMENTATION', 'FINALISATION', 'CLOSED', 'CANCELLED', 'SUSPENDED'],
  { description: 'Where a funding activity stands (IATI activity status).' },
);
export type ActivityStatus = EnumValue<typeof ActivityStatus>;

/** IATI organisation role (codelist OrganisationRole 1–4). */
export const ParticipationRole = defineEnum('ParticipationRole', ['FUNDING', 'ACCOUNTABLE', 'EXTENDING', 'IMPLEMENTING'], {
  description: 'The role of an organisation in a funding activity (IATI organisation role).',
  valuesConfig: {
    FUNDING: { description: 'Provides the money.' },
    ACCOUNTABLE: { description: 'Answers for the activity (often the lead partner or grant holder).' },
    EXTENDING: { description: 'Manages the funds on behalf of the funder.' },
    IMPLEMENTING: { description: 'Carries the activity out.' },
  },
});
export type ParticipationRole = EnumValue<typeof ParticipationRole>;

/** How a city takes part in an activity. */
export const ActivityCityRole = defineEnum('ActivityCityRole', ['PARTICIPATING', 'RECIPIENT'], {
  valuesConfig: {
    PARTICIPATING: { description: 'The city takes part in the activity (partner, host, peer).' },
    RECIPIENT: { description: 'The city benefits from the activity.' },
  },
});
export type ActivityCityRole = EnumValue<typeof ActivityCityRole>;

/** IATI transaction types, as the hub uses them. */
export const TransactionType = defineEnum(
  'TransactionType',
  ['INCOMING_FUNDS', 'INCOMING_COMMITMENT', 'OUTGOING_COMMITMENT', 'DISBURSEMENT', 'EXPENDITURE', 'INCOMING_PLEDGE', 'OUTGOING_PLEDGE'],
  { description: 'IATI transaction type.' },
);
export type TransactionType = EnumValue<typeof TransactionType>;

/** What an activity is about. */
export const ActivityTheme = defineEnum('ActivityTheme', [
  'HOUSING',
  'EMPLOYMENT',
  'LANGUAGE',
  'EDUCATION',
  'HEALTH',
  'RECEPTION',
  'INTEGRATION',
  'PROTECTION',
  'UNACCOMPANIED_MINORS',
  'SOCIAL_COHESION',
  'PARTICIPATION',
  'INFORMATION',
  'CAPACITY_BUILDING',
  'RELOCATION',
]);
export type ActivityTheme = EnumValue<typeof ActivityTheme>;

/** The four pillars of Solidarity Cities; the codes are the NetworkPillar codes of the cities subgraph. */
export const SolidarityCitiesPillar = defineEnum(
  'SolidarityCitiesPillar',
  ['INFORMATION_EXCHANGE', 'FUNDING', 'CAPACITY_BUILDING', 'RELOCATION_PLEDGES'],
  { description: 'A pillar of the Solidarity Cities initiative (the NetworkPillar codes of the solidarity-cities network).' },
);
export type SolidarityCitiesPillar = EnumValue<typeof SolidarityCitiesPillar>;

export const BudgetType = defineEnum('BudgetType', ['ORIGINAL', 'REVISED']);
export type BudgetType = EnumValue<typeof BudgetType>;

export const BudgetStatus = defineEnum('BudgetStatus', ['INDICATIVE', 'COMMITTED']);
export type BudgetStatus = EnumValue<typeof BudgetStatus>;

export const ResultType = defineEnum('ResultType', ['OUTPUT', 'OUTCOME', 'IMPACT']);
export type ResultType = EnumValue<typeof ResultType>;

export const FundingActivitySort = defineEnum('FundingActivitySort', ['START_DATE_DESC', 'START_DATE_ASC', 'BUDGET_DESC', 'BUDGET_ASC'], {
  valuesConfig: {
    START_DATE_DESC: { description: 'Newest start (actual, else planned) first.' },
    START_DATE_ASC: { description: 'Oldest start first.' },
    BUDGET_DESC: { description: 'Largest total budget (in the activity’s default currency) first.' },
    BUDGET_ASC: { description: 'Smallest total budget first.' },
  },
});
export type FundingActivitySort = EnumValue<typeof FundingActivitySort>;

export const MANAGING_ROLES: ParticipationRole[] = [ParticipationRole.FUNDING, ParticipationRole.ACCOUNTABLE];
