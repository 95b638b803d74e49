import { registerEnumType } from 'type-graphql';

/** IATI activity status (codelist ActivityStatus 1–6). */
export enum ActivityStatus {
  PIPELINE = 'PIPELINE',
  IMPLEMENTATION = 'IMPLEMENTATION',
  FINALISATION = 'FINALISATION',
  CLOSED = 'CLOSED',
  CANCELLED = 'CANCELLED',
  SUSPENDED = 'SUSPENDED',
}
registerEnumType(ActivityStatus, { name: 'ActivityStatus', description: 'Where a funding activity stands (IATI activity status).' });

/** IATI organisation role (codelist OrganisationRole 1–4). */
export enum ParticipationRole {
  FUNDING = 'FUNDING',
  ACCOUNTABLE = 'ACCOUNTABLE',
  EXTENDING = 'EXTENDING',
  IMPLEMENTING = 'IMPLEMENTING',
}
registerEnumType(ParticipationRole, {
  name: 'ParticipationRole',
  description: 'The role of an organisation in a funding activity (IATI organisation role).',
  valuesConfig: {
    FUNDING: { description: 'Provides the money.' },
    ACCOUNTABLE: { description: 'Answers for the activity (often the lead partner or grant holder).' },
    EXTENDING: { description: 'Manages the funds on behalf of the funder.' },
    IMPLEMENTING: { description: 'Carries the activity out.' },
  },
});

/** How a city takes part in an activity. */
export enum ActivityCityRole {
  PARTICIPATING = 'PARTICIPATING',
  RECIPIENT = 'RECIPIENT',
}
registerEnumType(ActivityCityRole, {
  name: 'ActivityCityRole',
  valuesConfig: {
    PARTICIPATING: { description: 'The city takes part in the activity (partner, host, peer).' },
    RECIPIENT: { description: 'The city benefits from the activity.' },
  },
});

/** IATI transaction types, as the hub uses them. */
export enum TransactionType {
  INCOMING_FUNDS = 'INCOMING_FUNDS',
  INCOMING_COMMITMENT = 'INCOMING_COMMITMENT',
  OUTGOING_COMMITMENT = 'OUTGOING_COMMITMENT',
  DISBURSEMENT = 'DISBURSEMENT',
  EXPENDITURE = 'EXPENDITURE',
  INCOMING_PLEDGE = 'INCOMING_PLEDGE',
  OUTGOING_PLEDGE = 'OUTGOING_PLEDGE',
}
registerEnumType(TransactionType, { name: 'TransactionType', description: 'IATI transaction type.' });

/** What an activity is about. */
export enum ActivityTheme {
  HOUSING = 'HOUSING',
  EMPLOYMENT = 'EMPLOYMENT',
  LANGUAGE = 'LANGUAGE',
  EDUCATION = 'EDUCATION',
  HEALTH = 'HEALTH',
  RECEPTION = 'RECEPTION',
  INTEGRATION = 'INTEGRATION',
  PROTECTION = 'PROTECTION',
  UNACCOMPANIED_MINORS = 'UNACCOMPANIED_MINORS',
  SOCIAL_COHESION = 'SOCIAL_COHESION',
  PARTICIPATION = 'PARTICIPATION',
  INFORMATION = 'INFORMATION',
  CAPACITY_BUILDING = 'CAPACITY_BUILDING',
  RELOCATION = 'RELOCATION',
}
registerEnumType(ActivityTheme, { name: 'ActivityTheme' });

/** The four pillars of Solidarity Cities; the codes are the NetworkPillar codes of the cities subgraph. */
export enum SolidarityCitiesPillar {
  INFORMATION_EXCHANGE = 'INFORMATION_EXCHANGE',
  FUNDING = 'FUNDING',
  CAPACITY_BUILDING = 'CAPACITY_BUILDING',
  RELOCATION_PLEDGES = 'RELOCATION_PLEDGES',
}
registerEnumType(SolidarityCitiesPillar, {
  name: 'SolidarityCitiesPillar',
  description: 'A pillar of the Solidarity Cities initiative (the NetworkPillar codes of the solidarity-cities network).',
});

export enum BudgetType {
  ORIGINAL = 'ORIGINAL',
  REVISED = 'REVISED',
}
registerEnumType(BudgetType, { name: 'BudgetType' });

export enum BudgetStatus {
  INDICATIVE = 'INDICATIVE',
  COMMITTED = 'COMMITTED',
}
registerEnumType(BudgetStatus, { name: 'BudgetStatus' });

export enum ResultType {
  OUTPUT = 'OUTPUT',
  OUTCOME = 'OUTCOME',
  IMPACT = 'IMPACT',
}
registerEnumType(ResultType, { name: 'ResultType' });

export enum FundingActivitySort {
  START_DATE_DESC = 'START_DATE_DESC',
  START_DATE_ASC = 'START_DATE_ASC',
  BUDGET_DESC = 'BUDGET_DESC',
  BUDGET_ASC = 'BUDGET_ASC',
}
registerEnumType(FundingActivitySort, {
  name: 'FundingActivitySort',
  valuesConfig: {
    START_DATE_DESC: { description: 'Newest start (actual, else planned) first.' },
    START_DATE_ASC: { description: 'Oldest start first.' },
    BUDGET_DESC: { description: 'Largest total budget (in the activity’s default currency) first.' },
    BUDGET_ASC: { description: 'Smallest total budget first.' },
  },
});

export const MANAGING_ROLES: ParticipationRole[] = [ParticipationRole.FUNDING, ParticipationRole.ACCOUNTABLE];
