import type { EntityManager } from '@mikro-orm/postgresql';
import { build } from '../../shared/entity';
import { sampleIds, stableId } from '../../shared/sample-ids';
import type { TranslationMap } from '../../shared/translated-text';
import { PeerReviewStatus, RecommendationAudience, RecommendationPriority, ReviewerRole } from './entities/enums';
import { PeerReview } from './entities/PeerReview';
import { ProgrammeDay } from './entities/ProgrammeDay';
import { ProgrammeSession } from './entities/ProgrammeSession';
import { Recommendation } from './entities/Recommendation';
import { Reviewer } from './entities/Reviewer';

/** Swedish is the source language; the English is a machine translation. */
const t = (entries: Record<string, string>, machine: string[] = ['en']): TranslationMap =>
  Object.fromEntries(
    Object.entries(entries).map(([locale, text]) => [locale, machine.includes(locale) ? { text, machine: true } : { text }]),
  );

const SOURCE =
  'Göteborgs Stad, «Europeiska kolleger besöker Göteborgs Stad för att lära av och utmana stadens bostadslösningar för flyktingar» (press release, February 2025)';

export const GOTEBORG_REVIEW_ID = sampleIds.peerReview('goteborg-housing-2025');

/**
 * The source names the countries of the nine reviewers (Belgium, England, Germany, Austria) but not
 * the people or how many come from each: names, places and the split are illustrative.
 */
const REVIEWERS: { country: string; place: string; role?: ReviewerRole }[] = [
  { country: 'BE', place: 'A city in Belgium (illustrative)', role: ReviewerRole.LEAD_REVIEWER },
  { country: 'BE', place: 'A city in Belgium (illustrative)' },
  { country: 'GB', place: 'A city in England (illustrative)' },
  { country: 'GB', place: 'A city in England (illustrative)' },
  { country: 'DE', place: 'A city in Germany (illustrative)' },
  { country: 'DE', place: 'A city in Germany (illustrative)' },
  { country: 'DE', place: 'A city in Germany (illustrative)' },
  { country: 'AT', place: 'A city in Austria (illustrative)' },
  { country: 'AT', place: 'A city in Austria (illustrative)' },
];

/** The Gothenburg housing peer review of seed 002. Used by `npm start` on first start and by the tests. */
export async function seedPeerReviews(em: EntityManager) {
  const review = build(em, PeerReview, {
    id: GOTEBORG_REVIEW_ID,
    hostCityId: sampleIds.city('goteborg'),
    fundingActivityId: sampleIds.fundingActivity('consolidate-eurocities'),
    fundId: sampleIds.fund('amif'),
    networkId: sampleIds.network('eurocities'),
    contactOrganisationId: sampleIds.organisation('goteborg-etableringsenhet'),
    topic: t({
      sv: 'Bostadslösningar för flyktingar och asylsökande: hur staden samordnar och mobiliserar bostadsalternativ, från tillfälliga till permanenta boenden, och tidig och tillgänglig information på de språk som behövs.',
      en: 'Housing solutions for refugees and asylum seekers: how the city coordinates and mobilises housing options, from temporary to permanent housing, and early, accessible information in the languages needed.',
    }),
    challengeQuestions: [
      t({
        sv: 'Hur samordnar och mobiliserar staden bostadsalternativ för flyktingar?',
        en: 'How does the city coordinate and mobilise housing options for refugees?',
      }),
      t({
        sv: 'Hur kan fler gå från tillfälliga boenden till permanenta bostäder, så att risken för hemlöshet minskar?',
        en: 'How can more people move from temporary to permanent housing, reducing the risk of homelessness?',
      }),
      t({
        sv: 'Hur säkerställer staden tidig och tillgänglig information om boendealternativ, rättigheter och skyldigheter på relevanta plattformar, i rätt format och på de språk som behövs?',
        en: 'How does the city make sure that early, accessible information on housing options, rights and obligations is on the relevant platforms, in the right format and in the languages needed?',
      }),
    ],
    visitStart: '2025-02-17',
    visitEnd: '2025-02-20',
    status: PeerReviewStatus.REPORTED,
    source: SOURCE,
  });

  REVIEWERS.forEach((r, i) =>
    build(em, Reviewer, {
      id: stableId('reviewer', `goteborg-housing-2025-${i + 1}`),
      peerReview: review,
      name: `Reviewer ${i + 1} (illustrative)`,
      role: r.role ?? ReviewerRole.REVIEWER,
      homePlace: r.place,
      countryCode: r.country,
      illustrative: true,
    }),
  );

  const day = (date: string, title: Record<string, string>) =>
    build(em, ProgrammeDay, { id: stableId('programme-day', `goteborg-housing-2025-${date}`), peerReview: review, date, title: t(title) });
  const session = (
    d: ProgrammeDay,
    position: number,
    meetingWith: string,
    topic: Record<string, string>,
    organisationId: string | null = null,
    illustrative = false,
  ) =>
    build(em, ProgrammeSession, {
      id: stableId('programme-session', `goteborg-housing-2025-${d.date}-${position}`),
      day: d,
      position,
      meetingWith,
      organisationId,
      topic: t(topic),
      illustrative,
    });

  const monday = day('2025-02-17', { sv: 'Möte med etableringsenheten', en: 'Meeting the settlement unit' });
  session(
    monday,
    1,
    'Göteborgs Stads etableringsenhet (the city’s settlement unit)',
    {
      sv: 'Hur staden samordnar och mobiliserar bostadsalternativ för flyktingar',
      en: 'How the city coordinates and mobilises housing options for refugees',
    },
    sampleIds.organisation('goteborg-etableringsenhet'),
  );
  // the source says only that the reviewers meet "then a number of officials" working on moving people
  // from temporary to permanent housing: which officials on which day, and a session of its own on
  // information to newcomers (a focus the source names), are made up
  const tuesday = day('2025-02-18', { sv: 'Möten med tjänstepersoner', en: 'Meetings with officials' });
  session(
    tuesday,
    1,
    'Officials working to move people from temporary to permanent housing',
    { sv: 'Från tillfälliga till permanenta boenden', en: 'From temporary to permanent housing' },
    null,
    true,
  );
  const wednesday = day('2025-02-19', { sv: 'Möten med tjänstepersoner', en: 'Meetings with officials' });
  session(
    wednesday,
    1,
    'Officials working on information to newcomers',
    {
      sv: 'Tidig och tillgänglig information om boendealternativ, rättigheter och skyldigheter, på rätt plattformar, i rätt format och på rätt språk',
      en: 'Early, accessible information on housing options, rights and obligations, on the right platforms, in the right format and languages',
    },
    null,
    true,
  );
  const thursday = day('2025-02-20', { sv: 'Presentation av förslagen', en: 'Presentation of the recommendations' });
  session(thursday, 1, 'Politicians and officials of Göteborgs Stad', {
    sv: 'Granskarna presenterar förslag på vad Göteborgs Stad behöver jobba vidare med',
    en: 'The reviewers present proposals for what the City of Gothenburg needs to keep working on',
  });

  const recommendation = (
    position: number,
    text: Record<string, string>,
    addressedTo: RecommendationAudience[],
    priority: RecommendationPriority,
    addressedUnit: string | null = null,
  ) =>
    build(em, Recommendation, {
      id: stableId('recommendation', `goteborg-housing-2025-${position}`),
      peerReview: review,
      position,
      text: t(text),
      addressedTo,
      addressedUnit,
      priority,
      illustrative: true,
    });
  recommendation(
    1,
    {
      sv: 'Samla stadens insatser för att flyktingar ska gå från tillfälliga till permanenta boenden i en gemensam kedja med en tydlig ansvarig. (Illustrativt exempel)',
      en: 'Bring the city’s work on moving refugees from temporary to permanent housing into one shared pathway with a clear owner. (Illustrative example)',
    },
    [RecommendationAudience.OFFICIALS, RecommendationAudience.UNIT],
    RecommendationPriority.HIGH,
    'Göteborgs Stads etableringsenhet',
  );
  recommendation(
    2,
    {
      sv: 'Ge tidig och tillgänglig information om boendealternativ, rättigheter och skyldigheter på de plattformar nyanlända använder, i rätt format och på de språk som behövs. (Illustrativt exempel)',
      en: 'Give early, accessible information on housing options, rights and obligations on the platforms newcomers use, in the right format and the languages needed. (Illustrative example)',
    },
    [RecommendationAudience.OFFICIALS],
    RecommendationPriority.HIGH,
  );
  recommendation(
    3,
    {
      sv: 'Ge ett långsiktigt politiskt uppdrag för bostadsförsörjningen till flyktingar, i samverkan med idéburna organisationer, privata aktörer och andra kommuner. (Illustrativt exempel)',
      en: 'Give a long-term political mandate for housing supply for refugees, working with civil-society organisations, private actors and other municipalities. (Illustrative example)',
    },
    [RecommendationAudience.POLITICIANS],
    RecommendationPriority.MEDIUM,
  );

  await em.flush();
}
