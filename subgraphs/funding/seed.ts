import type { EntityManager } from '@mikro-orm/postgresql';
import { build } from '../../shared/entity';
import { sampleIds, stableId } from '../../shared/sample-ids';
import type { TranslationMap } from '../../shared/translated-text';
import { Budget, budgetTotal } from './entities/Budget';
import {
  ActivityStatus,
  ActivityTheme,
  BudgetStatus,
  BudgetType,
  ParticipationRole,
  ResultType,
  SolidarityCitiesPillar,
  TransactionType,
} from './entities/enums';
import { Fund } from './entities/Fund';
import { FundingActivity } from './entities/FundingActivity';
import { Participation } from './entities/Participation';
import { Result } from './entities/Result';
import { Transaction } from './entities/Transaction';

const { city, organisation: org } = sampleIds;

const t = (entries: Record<string, string>, machine: string[] = []): TranslationMap =>
  Object.fromEntries(
    Object.entries(entries).map(([locale, text]) => [locale, machine.includes(locale) ? { text, machine: true } : { text }]),
  );

const ILLUSTRATIVE = (pillar: string) =>
  `Illustrative example of an activity under the Solidarity Cities pillar “${pillar}”: not a fact from the sources. Names of real cities and organisations are used only to show how the hub links them; the amounts are invented.`;

interface ActivitySeed {
  slug: string;
  identifier: string;
  title: TranslationMap;
  description?: TranslationMap;
  status: ActivityStatus;
  plannedStart: string;
  plannedEnd?: string;
  actualStart?: string;
  fund?: Fund;
  pillar: SolidarityCitiesPillar;
  themes: ActivityTheme[];
  recipientCountries: string[];
  participatingCities: string[];
  recipientCities: string[];
  currency: string;
  organisations: [string, ParticipationRole][];
  published: boolean;
  illustrative: boolean;
  dataNote: string;
  parent?: string;
  budgets?: [string, string, string][];
  transactions?: [TransactionType, string, string, string | null, string | null][];
}

/** Loads the funding facts of the sources (the AMIF-funded Consolidate Eurocities project) and a few illustrative activities. */
export async function seedFunding(em: EntityManager) {
  const amif = build(em, Fund, {
    id: sampleIds.fund('amif'),
    slug: 'amif',
    name: 'Asylum, Migration and Integration Fund',
    acronym: 'AMIF',
    managingOrganisationId: org('european-commission'),
    website: 'https://home-affairs.ec.europa.eu/funding/asylum-migration-and-integration-funds_en',
    description: t({
      en: 'The EU fund for asylum, migration and integration, managed by the European Commission.',
      sv: 'EU:s Asyl-, migrations- och integrationsfond (AMIF).',
    }),
  });

  const consolidate = build(em, FundingActivity, {
    id: sampleIds.fundingActivity('consolidate-eurocities'),
    identifier: 'XI-HUB-AMIF-CONSOLIDATE-EUROCITIES',
    title: t({ en: 'Consolidate Eurocities', sv: 'Consolidate Eurocities' }),
    description: t(
      {
        sv: 'Projekt inom Eurocities-nätverket, finansierat av EU:s Asyl-, migrations- och integrationsfond (AMIF). Inom projektet granskar europeiska kolleger Göteborgs Stads bostadslösningar för flyktingar: från tillfälliga till permanenta boenden, och tidig information om boendealternativ, rättigheter och skyldigheter på de språk som behövs.',
        en: 'A project within the Eurocities network, funded by the EU Asylum, Migration and Integration Fund (AMIF). Within it, European peers review the City of Gothenburg’s housing solutions for refugees: from temporary to permanent housing, and early information on housing options, rights and obligations in the languages needed.',
      },
      ['en'],
    ),
    status: ActivityStatus.IMPLEMENTATION,
    plannedStart: '2024-01-01',
    fund: amif,
    pillar: SolidarityCitiesPillar.CAPACITY_BUILDING,
    themes: [ActivityTheme.HOUSING],
    recipientCountries: ['SE'],
    participatingCityIds: [city('goteborg')],
    recipientCityIds: [city('goteborg')],
    defaultCurrency: 'EUR',
    published: true,
    publishedAt: new Date('2025-02-10T00:00:00Z'),
    illustrative: false,
    dataNote:
      'From Göteborgs Stad’s press release on the Consolidate Eurocities peer review (17–20 February). The source names the project, its AMIF funding, Eurocities and Gothenburg; the identifier and the planned start are placeholders of the hub, and the source gives no amounts.',
    contact: {
      personName: 'Paul Wallner',
      jobTitle: 'Projektledare Consolidate Eurocities (project manager)',
      organisationName: 'Göteborgs Stad',
      website: null,
    },
  });
  const consolidateParticipations: [string, ParticipationRole][] = [
    ['european-commission', ParticipationRole.FUNDING],
    ['eurocities', ParticipationRole.ACCOUNTABLE],
    ['eurocities', ParticipationRole.IMPLEMENTING],
    ['goteborg-etableringsenhet', ParticipationRole.IMPLEMENTING],
  ];
  for (const [slug, role] of consolidateParticipations) {
    build(em, Participation, {
      id: stableId('participation', `consolidate-eurocities:${slug}:${role}`),
      activity: consolidate,
      organisationId: org(slug),
      role,
    });
  }
  build(em, Result, {
    id: stableId('result', 'consolidate-eurocities:goteborg-peer-review'),
    activity: consolidate,
    type: ResultType.OUTPUT,
    indicator: t(
      {
        en: 'Peer reviews of a member city’s housing solutions held',
        sv: 'Genomförda kollegiegranskningar av en medlemsstads bostadslösningar',
      },
      ['sv'],
    ),
    unit: 'peer reviews',
    baselineYear: 2024,
    baseline: '0',
    periods: [
      {
        periodStart: '2025-01-01',
        periodEnd: '2025-12-31',
        target: '1',
        actual: '1',
        comment: 'Gothenburg, 17–20 February: nine reviewers from Belgium, England, Germany and Austria.',
      },
    ],
  });

  const illustrative: ActivitySeed[] = [
    {
      slug: 'solidarity-cities-knowledge-exchange',
      identifier: 'XI-HUB-ILLUSTRATIVE-INFO-EXCHANGE',
      title: t({ en: 'Solidarity Cities knowledge exchange on reception', nb: 'Kunnskapsutveksling om mottak i Solidarity Cities' }, [
        'nb',
      ]),
      status: ActivityStatus.IMPLEMENTATION,
      plannedStart: '2023-03-01',
      plannedEnd: '2025-02-28',
      actualStart: '2023-04-01',
      fund: amif,
      pillar: SolidarityCitiesPillar.INFORMATION_EXCHANGE,
      themes: [ActivityTheme.INFORMATION, ActivityTheme.RECEPTION],
      recipientCountries: ['NO', 'GR'],
      participatingCities: ['lillehammer', 'athens'],
      recipientCities: [],
      currency: 'EUR',
      organisations: [
        ['european-commission', ParticipationRole.FUNDING],
        ['eurocities', ParticipationRole.ACCOUNTABLE],
        ['eurocities', ParticipationRole.IMPLEMENTING],
      ],
      published: true,
      illustrative: true,
      dataNote: ILLUSTRATIVE('information and knowledge exchange'),
      budgets: [
        ['2023-04-01', '2024-03-31', '60000.00'],
        ['2024-04-01', '2025-02-28', '60000.00'],
      ],
      transactions: [
        [TransactionType.OUTGOING_COMMITMENT, '2023-03-15', '120000.00', 'european-commission', 'eurocities'],
        [TransactionType.DISBURSEMENT, '2023-04-15', '60000.00', 'european-commission', 'eurocities'],
        [TransactionType.EXPENDITURE, '2023-12-31', '45000.50', 'eurocities', null],
      ],
    },
    {
      slug: 'lillehammer-study-visit',
      identifier: 'XI-HUB-ILLUSTRATIVE-INFO-EXCHANGE-LILLEHAMMER',
      title: t({ en: 'Study visit to Lillehammer on unaccompanied minors', nb: 'Studiebesøk i Lillehammer om enslige mindreårige' }, [
        'nb',
      ]),
      status: ActivityStatus.CLOSED,
      plannedStart: '2024-05-01',
      plannedEnd: '2024-05-31',
      pillar: SolidarityCitiesPillar.INFORMATION_EXCHANGE,
      themes: [ActivityTheme.UNACCOMPANIED_MINORS, ActivityTheme.EDUCATION],
      recipientCountries: ['NO'],
      participatingCities: ['lillehammer'],
      recipientCities: ['lillehammer'],
      currency: 'EUR',
      organisations: [
        ['eurocities', ParticipationRole.FUNDING],
        ['eurocities', ParticipationRole.IMPLEMENTING],
      ],
      published: true,
      illustrative: true,
      dataNote: ILLUSTRATIVE('information and knowledge exchange'),
      parent: 'solidarity-cities-knowledge-exchange',
      budgets: [['2024-05-01', '2024-05-31', '8500.00']],
      transactions: [[TransactionType.EXPENDITURE, '2024-05-31', '8120.40', 'eurocities', null]],
    },
    {
      slug: 'athens-direct-funding',
      identifier: 'XI-HUB-ILLUSTRATIVE-DIRECT-FUNDING-ATHENS',
      title: t({ en: 'Direct funding of Athens for housing and jobs of refugees' }),
      status: ActivityStatus.FINALISATION,
      plannedStart: '2022-01-01',
      plannedEnd: '2024-12-31',
      fund: amif,
      pillar: SolidarityCitiesPillar.FUNDING,
      themes: [ActivityTheme.HOUSING, ActivityTheme.EMPLOYMENT],
      recipientCountries: ['GR'],
      participatingCities: [],
      recipientCities: ['athens'],
      currency: 'EUR',
      organisations: [
        ['european-commission', ParticipationRole.FUNDING],
        ['unhcr', ParticipationRole.IMPLEMENTING],
      ],
      published: true,
      illustrative: true,
      dataNote: ILLUSTRATIVE('broader involvement and direct funding of cities'),
      budgets: [
        ['2022-01-01', '2022-12-31', '100000.00'],
        ['2023-01-01', '2023-12-31', '100000.00'],
        ['2024-01-01', '2024-12-31', '50000.00'],
      ],
      transactions: [
        [TransactionType.OUTGOING_COMMITMENT, '2021-12-01', '250000.00', 'european-commission', 'unhcr'],
        [TransactionType.DISBURSEMENT, '2022-01-10', '100000.00', 'european-commission', 'unhcr'],
        [TransactionType.DISBURSEMENT, '2023-01-10', '100000.00', 'european-commission', 'unhcr'],
        [TransactionType.EXPENDITURE, '2023-12-31', '180000.25', 'unhcr', null],
      ],
    },
    {
      slug: 'norwegian-relocation-pledges',
      identifier: 'XI-HUB-ILLUSTRATIVE-RELOCATION-PLEDGES',
      title: t({ en: 'Relocation pledges of Norwegian cities', nb: 'Løfter fra norske byer om å ta imot flyttede asylsøkere' }),
      status: ActivityStatus.PIPELINE,
      plannedStart: '2025-06-01',
      pillar: SolidarityCitiesPillar.RELOCATION_PLEDGES,
      themes: [ActivityTheme.RELOCATION, ActivityTheme.HOUSING],
      recipientCountries: ['NO'],
      participatingCities: ['lillehammer', 'trondheim'],
      recipientCities: ['lillehammer', 'trondheim'],
      currency: 'NOK',
      organisations: [
        ['kommunal-og-moderniseringsdepartementet', ParticipationRole.FUNDING],
        ['ks', ParticipationRole.IMPLEMENTING],
      ],
      published: true,
      illustrative: true,
      dataNote: ILLUSTRATIVE('pledges by cities to receive relocated asylum seekers'),
      budgets: [['2025-06-01', '2026-05-31', '1500000.00']],
      transactions: [[TransactionType.OUTGOING_PLEDGE, '2025-05-15', '1500000.00', 'kommunal-og-moderniseringsdepartementet', 'ks']],
    },
    {
      slug: 'marmara-capacity-building',
      identifier: 'XI-HUB-ILLUSTRATIVE-CAPACITY-BUILDING-MARMARA',
      title: t({ en: 'Migration units in Marmara municipalities', tr: 'Marmara belediyelerinde göç birimleri' }),
      status: ActivityStatus.PIPELINE,
      plannedStart: '2026-01-01',
      plannedEnd: '2027-12-31',
      pillar: SolidarityCitiesPillar.CAPACITY_BUILDING,
      themes: [ActivityTheme.CAPACITY_BUILDING, ActivityTheme.SOCIAL_COHESION],
      recipientCountries: ['TR'],
      participatingCities: ['istanbul'],
      recipientCities: ['istanbul'],
      currency: 'EUR',
      organisations: [
        ['unhcr', ParticipationRole.FUNDING],
        ['wald', ParticipationRole.IMPLEMENTING],
      ],
      published: false,
      illustrative: true,
      dataNote: `${ILLUSTRATIVE('city-to-city technical and financial assistance and capacity building')} A draft: only UNHCR, WALD and admins see it.`,
      budgets: [['2026-01-01', '2026-12-31', '40000.00']],
    },
  ];

  const activities = new Map<string, FundingActivity>();
  for (const a of illustrative) {
    const activity = build(em, FundingActivity, {
      id: sampleIds.fundingActivity(a.slug),
      identifier: a.identifier,
      title: a.title,
      description: a.description ?? null,
      status: a.status,
      plannedStart: a.plannedStart,
      plannedEnd: a.plannedEnd ?? null,
      actualStart: a.actualStart ?? null,
      fund: a.fund ?? null,
      pillar: a.pillar,
      themes: a.themes,
      recipientCountries: a.recipientCountries,
      participatingCityIds: a.participatingCities.map(city),
      recipientCityIds: a.recipientCities.map(city),
      defaultCurrency: a.currency,
      published: a.published,
      publishedAt: a.published ? new Date('2025-01-15T00:00:00Z') : null,
      illustrative: a.illustrative,
      dataNote: a.dataNote,
      parent: a.parent ? activities.get(a.parent)! : null,
    });
    activities.set(a.slug, activity);
    for (const [slug, role] of a.organisations) {
      build(em, Participation, { id: stableId('participation', `${a.slug}:${slug}:${role}`), activity, organisationId: org(slug), role });
    }
    const budgets = (a.budgets ?? []).map(([periodStart, periodEnd, amount], index) =>
      build(em, Budget, {
        id: stableId('budget', `${a.slug}:${index}`),
        activity,
        type: BudgetType.ORIGINAL,
        status: BudgetStatus.COMMITTED,
        periodStart,
        periodEnd,
        amount,
        currency: a.currency,
        valueDate: periodStart,
      }),
    );
    activity.budgetTotal = budgetTotal(budgets, a.currency);
    (a.transactions ?? []).forEach(([type, date, amount, provider, receiver], index) =>
      build(em, Transaction, {
        id: stableId('transaction', `${a.slug}:${index}`),
        activity,
        type,
        transactionDate: date,
        amount,
        currency: a.currency,
        valueDate: date,
        providerOrganisationId: provider ? org(provider) : null,
        receiverOrganisationId: receiver ? org(receiver) : null,
      }),
    );
  }
  await em.flush();
}
