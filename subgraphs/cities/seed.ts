import type { EntityManager } from '@mikro-orm/postgresql';
import { build } from '../../shared/entity';
import { sampleIds, stableId } from '../../shared/sample-ids';
import type { TranslationMap } from '../../shared/translated-text';
import { City } from './entities/City';
import { MembershipRole, NetworkKind, OrganisationKind } from './entities/enums';
import { CountQualifier } from '../../shared/qualified-count';
import { Membership } from './entities/Membership';
import { NationalSettlementRequest } from './entities/NationalSettlementRequest';
import { Network } from './entities/Network';
import { NetworkPillar } from './entities/NetworkPillar';
import { Organisation } from './entities/Organisation';
import { SettlementYear } from './entities/SettlementYear';

const { city: cityId, organisation: organisationId, network: networkId } = sampleIds;

const t = (entries: Record<string, string>, machine: string[] = []): TranslationMap =>
  Object.fromEntries(
    Object.entries(entries).map(([locale, text]) => [locale, machine.includes(locale) ? { text, machine: true } : { text }]),
  );

const SOURCES = {
  trondheim: 'Rita Ottervik, «Trondheim har bosatt rundt 600 flyktninger hittil i år», Midtnorsk debatt, December 2022',
  ks: 'KS storbynettverk, «Bykommunene står klare til å bistå regjeringen i å bosette flere flyktninger», letter to KD, copy KMD and SMK, 2020',
  lillehammer: 'Solidarity Cities, «Lillehammer: Solidaritetsby» (statement of mayor Ingunn Trosholmen)',
};

interface CitySeed {
  slug: string;
  name: string;
  countryCode: string;
  region?: string;
  languages: string[];
  mayor?: string;
  profile?: TranslationMap;
  residentCountries?: number;
  residentCountriesQualifier?: CountQualifier;
  residentCountriesSource?: string;
}

const CITIES: CitySeed[] = [
  {
    slug: 'lillehammer',
    name: 'Lillehammer',
    countryCode: 'NO',
    region: 'Innlandet',
    languages: ['nb'],
    mayor: 'Ingunn Trosholmen',
    // «Mennesker med opprinnelse fra mer enn 80 land rundt om i verden kaller Lillehammer hjem.»
    residentCountries: 80,
    residentCountriesQualifier: CountQualifier.MORE_THAN,
    residentCountriesSource: SOURCES.lillehammer,
    profile: t(
      {
        nb: 'Lillehammer er en liten by med et stort hjerte. Mennesker med opprinnelse fra mer enn 80 land rundt om i verden kaller Lillehammer hjem. Skole for barn, arbeidstrening eller jobb for voksne, språkopplæring og passende bolig er nøkkelfaktorene for vellykket integrering.',
        en: 'Lillehammer is a small town with a big heart. People from more than 80 countries around the world call Lillehammer home. School for children, work training or a job for adults, language training and suitable housing are the key factors for successful integration.',
      },
      ['en'],
    ),
  },
  {
    slug: 'trondheim',
    name: 'Trondheim',
    countryCode: 'NO',
    region: 'Trøndelag',
    languages: ['nb'],
    mayor: 'Rita Ottervik',
    profile: t(
      {
        nb: 'Trondheim kommune har tatt imot flyktninger siden slutten på 80-tallet. «Ingen blir integrert på kommunale kontor», men på naturlige møtearenaer i lokalsamfunnet.',
        en: 'Trondheim has received refugees since the late 1980s. “Nobody is integrated in a municipal office”, but where people naturally meet in the local community.',
      },
      ['en'],
    ),
  },
  { slug: 'oslo', name: 'Oslo', countryCode: 'NO', region: 'Oslo', languages: ['nb'] },
  { slug: 'bergen', name: 'Bergen', countryCode: 'NO', region: 'Vestland', languages: ['nb', 'nn'] },
  { slug: 'stavanger', name: 'Stavanger', countryCode: 'NO', region: 'Rogaland', languages: ['nb'] },
  { slug: 'baerum', name: 'Bærum', countryCode: 'NO', region: 'Akershus', languages: ['nb'] },
  { slug: 'kristiansand', name: 'Kristiansand', countryCode: 'NO', region: 'Agder', languages: ['nb'] },
  { slug: 'tromso', name: 'Tromsø', countryCode: 'NO', region: 'Troms', languages: ['nb'] },
  {
    slug: 'goteborg',
    name: 'Göteborg',
    countryCode: 'SE',
    region: 'Västra Götaland',
    languages: ['sv'],
    profile: t(
      {
        sv: 'Göteborgs Stad arbetar aktivt med att utveckla hållbara boendelösningar och samverkar med idéburna organisationer, privata aktörer och andra kommuner för att skapa en inkluderande och långsiktig bostadsförsörjning.',
        en: 'The City of Gothenburg works actively on sustainable housing solutions, together with non-profit organisations, private actors and other municipalities, for inclusive and long-term housing provision.',
      },
      ['en'],
    ),
  },
  { slug: 'istanbul', name: 'İstanbul', countryCode: 'TR', region: 'Marmara', languages: ['tr'] },
  { slug: 'athens', name: 'Αθήνα (Athens)', countryCode: 'GR', region: 'Attica', languages: ['el'] },
];

interface OrganisationSeed {
  slug: string;
  name: string;
  acronym?: string;
  kind: OrganisationKind;
  countryCode?: string;
  seat?: string;
  description?: TranslationMap;
}

const ORGANISATIONS: OrganisationSeed[] = [
  { slug: 'eurocities', name: 'Eurocities', kind: OrganisationKind.CITY_NETWORK, countryCode: 'BE' },
  {
    slug: 'unhcr',
    name: 'Office of the United Nations High Commissioner for Refugees',
    acronym: 'UNHCR',
    kind: OrganisationKind.UN_AGENCY,
    description: t({ tr: 'Birleşmiş Milletler Mülteciler Yüksek Komiserliği', en: 'The UN Refugee Agency' }),
  },
  {
    slug: 'wald',
    name: 'Dünya Yerel Yönetim ve Demokrasi Akademisi',
    acronym: 'WALD',
    kind: OrganisationKind.NGO,
    countryCode: 'TR',
    description: t({ tr: 'Dünya Yerel Yönetim ve Demokrasi Akademisi', en: 'World Academy for Local Government and Democracy' }),
  },
  {
    slug: 'union-of-municipalities-of-turkey',
    name: 'Türkiye Belediyeler Birliği',
    acronym: 'TBB',
    kind: OrganisationKind.ASSOCIATION_OF_MUNICIPALITIES,
    countryCode: 'TR',
    description: t({ tr: 'Türkiye Belediyeler Birliği', en: 'Union of Municipalities of Turkey' }),
  },
  {
    slug: 'imdi',
    name: 'Integrerings- og mangfoldsdirektoratet',
    acronym: 'IMDi',
    kind: OrganisationKind.NATIONAL_AGENCY,
    countryCode: 'NO',
    description: t({ nb: 'Integrerings- og mangfoldsdirektoratet', en: 'Norwegian Directorate of Integration and Diversity' }),
  },
  {
    slug: 'ks',
    name: 'KS – Kommunesektorens organisasjon',
    acronym: 'KS',
    kind: OrganisationKind.ASSOCIATION_OF_MUNICIPALITIES,
    countryCode: 'NO',
    description: t({ nb: 'Kommunesektorens organisasjon', en: 'Norwegian Association of Local and Regional Authorities' }),
  },
  {
    slug: 'nav',
    name: 'Arbeids- og velferdsetaten',
    acronym: 'NAV',
    kind: OrganisationKind.NATIONAL_AGENCY,
    countryCode: 'NO',
    description: t({ nb: 'Arbeids- og velferdsetaten', en: 'Norwegian Labour and Welfare Administration' }),
  },
  {
    slug: 'kunnskapsdepartementet',
    name: 'Kunnskapsdepartementet',
    acronym: 'KD',
    kind: OrganisationKind.MINISTRY,
    countryCode: 'NO',
    description: t({ nb: 'Kunnskapsdepartementet', en: 'Ministry of Education and Research' }),
  },
  {
    slug: 'kommunal-og-moderniseringsdepartementet',
    name: 'Kommunal- og moderniseringsdepartementet',
    acronym: 'KMD',
    kind: OrganisationKind.MINISTRY,
    countryCode: 'NO',
    description: t({ nb: 'Kommunal- og moderniseringsdepartementet', en: 'Ministry of Local Government and Modernisation' }),
  },
  {
    slug: 'statsministerens-kontor',
    name: 'Statsministerens kontor',
    acronym: 'SMK',
    kind: OrganisationKind.GOVERNMENT_OFFICE,
    countryCode: 'NO',
    description: t({ nb: 'Statsministerens kontor', en: 'Office of the Prime Minister' }),
  },
  { slug: 'european-commission', name: 'European Commission', kind: OrganisationKind.EU_INSTITUTION, countryCode: 'BE' },
  {
    slug: 'goteborg-etableringsenhet',
    name: 'Göteborgs Stad, etableringsenheten',
    kind: OrganisationKind.MUNICIPAL_UNIT,
    countryCode: 'SE',
    seat: 'goteborg',
    description: t({ sv: 'Göteborgs Stads etableringsenhet', en: 'City of Gothenburg settlement unit' }),
  },
];

/** Slugs of the sample cities and organisations (`npm run token` resolves --city/--organisation against them). */
export const SAMPLE_CITY_SLUGS: readonly string[] = CITIES.map((c) => c.slug);
export const SAMPLE_ORGANISATION_SLUGS: readonly string[] = ORGANISATIONS.map((o) => o.slug);

const SOLIDARITY_PILLARS: [string, Record<string, string>][] = [
  [
    'INFORMATION_EXCHANGE',
    {
      nb: 'Informasjons- og kunnskapsutveksling om flyktningsituasjonen i byer',
      en: 'Information and knowledge exchange on the refugee situation in cities',
    },
  ],
  [
    'FUNDING',
    {
      nb: 'Bredere involvering og direkte finansiering av byer for flyktningmottak og integrering',
      en: 'Broader involvement and direct funding of cities for reception and integration of refugees',
    },
  ],
  [
    'CAPACITY_BUILDING',
    {
      nb: 'Teknisk og økonomisk assistanse og kapasitetsbygging fra by til by',
      en: 'City-to-city technical and financial assistance and capacity building',
    },
  ],
  [
    'RELOCATION_PLEDGES',
    {
      nb: 'Løfter fra europeiske byer om å motta flyttede asylsøkere',
      en: 'Pledges by European cities to receive relocated asylum seekers',
    },
  ],
];

/** Loads the sample data of the five source documents. Used by `npm start` on first start and by the tests. */
export async function seedCities(em: EntityManager) {
  const cities = new Map(CITIES.map((c) => [c.slug, build(em, City, { id: cityId(c.slug), ...c, profile: c.profile ?? null })]));
  const organisations = new Map(
    ORGANISATIONS.map(({ seat, ...o }) => [
      o.slug,
      build(em, Organisation, { id: organisationId(o.slug), ...o, seatCity: seat ? cities.get(seat) : null }),
    ]),
  );
  const org = (slug: string) => organisations.get(slug)!;
  const city = (slug: string) => cities.get(slug)!;

  const solidarity = build(em, Network, {
    id: networkId('solidarity-cities'),
    slug: 'solidarity-cities',
    name: 'Solidarity Cities',
    kind: NetworkKind.INITIATIVE,
    foundedYear: 2016,
    secretariat: org('eurocities'),
    description: t(
      {
        nb: 'Initiativet «Solidarity Cities» ble startet som en respons på den store økningen i antall migranter og flyktninger som kom til Europa i 2015/2016. Det ble foreslått av borgermesteren i Athen og lansert gjennom nettverket EUROCITIES.',
        en: 'Solidarity Cities started as a response to the large number of migrants and refugees who came to Europe in 2015/2016. It was proposed by the mayor of Athens and launched through the EUROCITIES network.',
      },
      ['en'],
    ),
  });
  SOLIDARITY_PILLARS.forEach(([code, title], index) =>
    build(em, NetworkPillar, { id: stableId('pillar', code), network: solidarity, code, position: index + 1, title: t(title, ['en']) }),
  );
  const eurocities = build(em, Network, {
    id: networkId('eurocities'),
    slug: 'eurocities',
    name: 'Eurocities',
    kind: NetworkKind.CITY_NETWORK,
    secretariat: org('eurocities'),
  });
  const platform = build(em, Network, {
    id: networkId('turkey-inter-municipal-coordination-platform'),
    slug: 'turkey-inter-municipal-coordination-platform',
    name: 'Mülteciler Alanında Belediyeler Arası Koordinasyon Platformu',
    kind: NetworkKind.COORDINATION_PLATFORM,
    foundedYear: 2018,
    description: t(
      {
        tr: 'UNHCR ve WALD işbirliği ile 2017 yılından bu yana düzenlenen belediyeler arası koordinasyon toplantıları, 2018 yılında Türkiye Belediyeler Birliği ve Marmara Bölgesi’nde 20’den fazla belediyenin imzaladığı bir deklarasyon ile platform olarak resmiyete kavuştu.',
        en: 'Yearly inter-municipal coordination meetings convened by UNHCR and WALD since 2017, formalised in 2018 as a platform by a declaration signed by the Union of Municipalities of Turkey and more than 20 municipalities of the Marmara region.',
      },
      ['en'],
    ),
  });
  const ks = build(em, Network, {
    id: networkId('ks-storbynettverk'),
    slug: 'ks-storbynettverk',
    name: 'KS storbynettverk',
    kind: NetworkKind.NATIONAL_NETWORK,
    secretariat: org('ks'),
    description: t(
      { nb: 'KS’ nettverk for de største bykommunene i Norge.', en: 'The KS network of Norway’s largest city municipalities.' },
      ['en'],
    ),
  });

  const member = (network: Network, who: { city?: City; organisation?: Organisation }, role: MembershipRole = MembershipRole.MEMBER) =>
    build(em, Membership, { network, city: who.city ?? null, organisation: who.organisation ?? null, role });
  // the sources give years at most (2016, "since 2017", 2018: in the networks' descriptions), never a
  // day: no joinedOn is made up
  member(solidarity, { city: city('lillehammer') });
  member(solidarity, { city: city('athens') }, MembershipRole.FOUNDER);
  member(solidarity, { organisation: org('eurocities') }, MembershipRole.SECRETARIAT);
  member(eurocities, { city: city('goteborg') });
  member(platform, { organisation: org('unhcr') }, MembershipRole.CONVENER);
  member(platform, { organisation: org('wald') }, MembershipRole.CONVENER);
  member(platform, { organisation: org('union-of-municipalities-of-turkey') }, MembershipRole.FOUNDER);
  member(ks, { organisation: org('ks') }, MembershipRole.SECRETARIAT);
  for (const slug of ['oslo', 'bergen', 'trondheim', 'stavanger', 'baerum', 'kristiansand', 'tromso']) member(ks, { city: city(slug) });

  build(em, SettlementYear, {
    id: stableId('settlement-year', 'trondheim-2022'),
    city: city('trondheim'),
    year: 2022,
    decided: 740,
    settled: 600,
    settledApproximate: true,
    breakdown: [{ group: 'Ukraine', count: null, share: 0.75, approximate: true }],
    source: SOURCES.trondheim,
    notes: t(
      {
        nb: 'Rundt 600 bosatt hittil i år (desember), rundt 75 prosent fra Ukraina. Samarbeid med private utleiere, frivillige, næringslivet og NAV.',
        en: 'About 600 settled so far this year (December), about 75 per cent from Ukraine. Partners: private landlords, volunteers, businesses and the labour agency NAV.',
      },
      ['en'],
    ),
  });
  build(em, SettlementYear, {
    id: stableId('settlement-year', 'trondheim-2023'),
    city: city('trondheim'),
    year: 2023,
    requested: 730,
    requestedBy: org('imdi'),
    source: SOURCES.trondheim,
    notes: t(
      {
        nb: 'Anmodning fra IMDi om å bosette 730 flyktninger neste år; ikke vedtatt ennå.',
        en: 'IMDi asked the city to settle 730 refugees next year; no decision yet.',
      },
      ['en'],
    ),
  });
  const extra: [string, number][] = [
    ['oslo', 73],
    ['bergen', 50],
    ['trondheim', 115],
    ['stavanger', 50],
    ['baerum', 30],
    ['kristiansand', 30],
    ['tromso', 50],
  ];
  // the national figures of the KS letter: the request cut from 5120 to 3600 (in September), and the
  // municipalities' decisions 1300 above the revised request; the decided total (4900) is computed
  build(em, NationalSettlementRequest, {
    id: stableId('national-settlement-request', 'NO-2020'),
    countryCode: 'NO',
    year: 2020,
    requestedBy: org('imdi'),
    revisions: [
      { figure: 5120, date: null, source: SOURCES.ks },
      { figure: 3600, date: '2020-09', source: SOURCES.ks },
    ],
    decidedAboveRequest: 1300,
    decidedAboveRequestSource: SOURCES.ks,
    notes: t(
      {
        nb: 'I løpet av 2020 nedjusterte IMDi sin anmodning om bosetting av flyktninger fra 5120 til 3600, på bakgrunn av koronasituasjonen; i september ble kommunene anmodet om å ta imot et lavere antall enn først vedtatt. Kommunene har gjort vedtak om 1300 flere bosettinger enn den reviderte anmodningen.',
        en: 'During 2020 IMDi cut its request for the settlement of refugees from 5120 to 3600 because of the coronavirus situation; in September the municipalities were asked to receive fewer than first decided. The municipalities decided 1300 more settlements than the revised request.',
      },
      ['en'],
    ),
  });
  for (const [slug, extraCapacity] of extra) {
    build(em, SettlementYear, {
      id: stableId('settlement-year', `${slug}-2020`),
      city: city(slug),
      year: 2020,
      extraCapacity,
      requestedBy: org('imdi'),
      source: SOURCES.ks,
      notes: t(
        {
          nb: 'Ekstra kapasitet i år etter at IMDi nedjusterte anmodningen nasjonalt fra 5120 til 3600.',
          en: 'Extra capacity this year after IMDi cut its national request from 5120 to 3600.',
        },
        ['en'],
      ),
    });
  }
  await em.flush();
}
