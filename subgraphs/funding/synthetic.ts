import type { EntityManager } from '@mikro-orm/postgresql';
import { build } from '../../shared/entity';
import { sampleIds, stableId } from '../../shared/sample-ids';
import { seededRandom } from '../../shared/random';
import { Budget, budgetTotal } from './entities/Budget';
import {
  ActivityStatus,
  ActivityTheme,
  BudgetStatus,
  BudgetType,
  ParticipationRole,
  SolidarityCitiesPillar,
  TransactionType,
} from './entities/enums';
import { Fund } from './entities/Fund';
import { FundingActivity } from './entities/FundingActivity';
import { Participation } from './entities/Participation';
import { Transaction } from './entities/Transaction';

const COUNTRIES = ['NO', 'SE', 'DK', 'FI', 'DE', 'AT', 'BE', 'NL', 'TR', 'GR', 'IT', 'ES'];
const CURRENCIES = ['EUR', 'EUR', 'EUR', 'NOK', 'SEK'];
const SAMPLE_CITIES = ['goteborg', 'lillehammer', 'trondheim', 'oslo', 'bergen', 'athens', 'istanbul'].map(sampleIds.city);
const SAMPLE_ORGANISATIONS = ['european-commission', 'eurocities', 'unhcr', 'wald', 'ks', 'imdi'].map(sampleIds.organisation);

/**
 * A large, repeatable synthetic set of published funding activities for benchmarks: the same seed
 * gives the same ids, identifiers ("XI-SYNTH-<seed>-<n>"), participants, budgets and transactions.
 * Cities and organisations are keys of the cities subgraph (the sample ones unless given); half the
 * activities belong to `fundId` when one is given (it must exist).
 */
export async function generateFunding(
  em: EntityManager,
  options: { activities: number; seed: number; cityIds?: string[]; organisationIds?: string[]; fundId?: string | null },
) {
  const random = seededRandom(options.seed);
  const cityIds = options.cityIds?.length ? options.cityIds : SAMPLE_CITIES;
  const organisationIds = options.organisationIds?.length ? options.organisationIds : SAMPLE_ORGANISATIONS;
  const fund = options.fundId ?? null;
  const amount = () => `${random.int(1, 500)}${String(random.int(0, 999)).padStart(3, '0')}.${String(random.int(0, 99)).padStart(2, '0')}`;
  for (let i = 0; i < options.activities; i++) {
    const key = `synthetic-${options.seed}-${i}`;
    const year = random.int(2016, 2026);
    const currency = random.pick(CURRENCIES);
    const funder = random.pick(organisationIds);
    const implementer = random.pick(organisationIds);
    const activity = build(em, FundingActivity, {
      id: stableId('funding-activity', key),
      identifier: `XI-SYNTH-${options.seed}-${String(i).padStart(6, '0')}`,
      title: { en: { text: `Synthetic activity ${i}` } },
      status: random.pick(Object.values(ActivityStatus)),
      plannedStart: `${year}-${String(random.int(1, 12)).padStart(2, '0')}-01`,
      plannedEnd: `${year + random.int(1, 3)}-12-31`,
      fund: fund && random.next() < 0.5 ? em.getReference(Fund, fund) : null,
      pillar: random.pick(Object.values(SolidarityCitiesPillar)),
      themes: [...new Set([random.pick(Object.values(ActivityTheme)), random.pick(Object.values(ActivityTheme))])],
      recipientCountries: [random.pick(COUNTRIES)],
      participatingCityIds: [...new Set([random.pick(cityIds), random.pick(cityIds)])],
      recipientCityIds: [random.pick(cityIds)],
      defaultCurrency: currency,
      published: true,
      publishedAt: new Date(`${year}-01-01T00:00:00Z`),
      illustrative: true,
      dataNote: 'Synthetic benchmark data, not a fact.',
    });
    build(em, Participation, {
      id: stableId('participation', `${key}:funding`),
      activity,
      organisationId: funder,
      role: ParticipationRole.FUNDING,
    });
    build(em, Participation, {
      id: stableId('participation', `${key}:implementing`),
      activity,
      organisationId: implementer,
      role: ParticipationRole.IMPLEMENTING,
    });
    const budget = build(em, Budget, {
      id: stableId('budget', key),
      activity,
      type: BudgetType.ORIGINAL,
      status: BudgetStatus.COMMITTED,
      periodStart: activity.plannedStart,
      periodEnd: activity.plannedEnd!,
      amount: amount(),
      currency,
      valueDate: activity.plannedStart,
    });
    activity.budgetTotal = budgetTotal([budget], currency);
    const types = [TransactionType.OUTGOING_COMMITMENT, TransactionType.DISBURSEMENT, TransactionType.EXPENDITURE];
    for (let t = random.int(0, 3); t > 0; t--) {
      build(em, Transaction, {
        id: stableId('transaction', `${key}:${t}`),
        activity,
        type: random.pick(types),
        transactionDate: activity.plannedStart,
        amount: amount(),
        currency,
        valueDate: activity.plannedStart,
        providerOrganisationId: funder,
        receiverOrganisationId: implementer,
      });
    }
    if (i % 500 === 499) {
      await em.flush();
      em.clear();
    }
  }
  await em.flush();
}
