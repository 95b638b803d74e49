import type { EntityManager } from '@mikro-orm/postgresql';
import { build } from '../../shared/entity';
import { sampleIds, stableId } from '../../shared/sample-ids';
import { CountQualifier } from '../../shared/qualified-count';
import type { TranslationMap } from '../../shared/translated-text';
import { AgendaItem, type SpeakerData } from './entities/AgendaItem';
import { Commitment } from './entities/Commitment';
import { Declaration } from './entities/Declaration';
import { DeclarationVersion } from './entities/DeclarationVersion';
import {
  AgendaItemKind,
  DeclarationKind,
  FollowUpStatus,
  MeetingStatus,
  OutcomeKind,
  ParticipantRole,
  RecipientRole,
  StakeholderType,
} from './entities/enums';
import { Meeting } from './entities/Meeting';
import { Minutes } from './entities/Minutes';
import { Outcome } from './entities/Outcome';
import { Participant } from './entities/Participant';
import { Recipient } from './entities/Recipient';
import { Signatory } from './entities/Signatory';

const { city: cityId, organisation: organisationId, network: networkId } = sampleIds;

/** A translation map; the locales in `machine` are marked as machine-translated. */
const t = (entries: Record<string, string>, machine: string[] = []): TranslationMap =>
  Object.fromEntries(
    Object.entries(entries).map(([locale, text]) => [locale, machine.includes(locale) ? { text, machine: true } : { text }]),
  );

const SOURCES = {
  platform:
    'Mülteciler Alanında Belediyeler Arası Koordinasyon Platformu, «III. Mülteciler Alanında Belediyeler Arası Koordinasyon ve Uyum Toplantısı 6 Kasım 2019 tarihinde gerçekleştirildi»',
  ks: 'KS storbynettverk, «Bykommunene står klare til å bistå regjeringen i å bosette flere flyktninger», letter to KD, copy KMD and SMK, 2020',
};

const MEETING = 'turkey-platform-iii-2019';
const DECLARATION_2018 = 'turkey-platform-declaration-2018';
const KS_LETTER = 'ks-storbynettverk-position-letter-2020';

/**
 * The meetings and declarations of the sources: the Turkish inter-municipal coordination platform's
 * third meeting and its 2018 declaration (seed 003) and the KS big-city network's position letter
 * (seed 004). Only what the sources say: no invented names, times or counts.
 */
export async function seedMeetings(em: EntityManager) {
  const unhcr = organisationId('unhcr');
  const wald = organisationId('wald');
  const platform = networkId('turkey-inter-municipal-coordination-platform');

  const meeting = build(em, Meeting, {
    id: sampleIds.meeting(MEETING),
    networkId: platform,
    edition: 'III.',
    editionNumber: 3,
    title: t(
      {
        tr: 'III. Mülteciler Alanında Belediyeler Arası Koordinasyon ve Uyum Toplantısı',
        en: 'Third inter-municipal coordination and harmonisation meeting on refugees',
      },
      ['en'],
    ),
    theme: t({ tr: 'Mültecilerle Güçlenen Kentler', en: 'Cities strengthened with refugees' }, ['en']),
    description: t(
      {
        tr: 'Toplantının amacı, mülteci durumunun yarattığı olumlu etkiler ve getirdiği zorlukların yerel boyutuna dikkat çekmek ve belediyelerin bu alanda yaptığı çalışmaların sürdürülebilirliğini artırmanın yollarını aramaktır.',
        en: 'The meeting aimed to draw attention to the local dimension of the positive effects and the challenges of the refugee situation, and to look for ways to make the municipalities’ work in this field more sustainable.',
      },
      ['en'],
    ),
    // the source gives the date only: local midnight in Istanbul (UTC+3), time not known
    startsAt: new Date('2019-11-05T21:00:00.000Z'),
    timeZone: 'Europe/Istanbul',
    timeKnown: false,
    venueCityId: cityId('istanbul'),
    organiserIds: [unhcr, wald],
    status: MeetingStatus.CLOSED,
    source: SOURCES.platform,
  });

  build(em, Participant, {
    id: stableId('participant', `${MEETING}/unhcr`),
    meeting,
    organisationId: unhcr,
    stakeholderType: StakeholderType.UN_AGENCY,
    role: ParticipantRole.CONVENER,
  });
  build(em, Participant, {
    id: stableId('participant', `${MEETING}/wald`),
    meeting,
    organisationId: wald,
    stakeholderType: StakeholderType.NGO,
    role: ParticipantRole.CONVENER,
  });

  const item = (
    number: string,
    position: number,
    kind: AgendaItemKind,
    title: TranslationMap,
    extra: { parent?: AgendaItem; description?: TranslationMap; speakers?: SpeakerData[] } = {},
  ) =>
    build(em, AgendaItem, {
      id: stableId('agenda-item', `${MEETING}/${number}`),
      meeting,
      parent: extra.parent ?? null,
      rank: position,
      kind,
      title,
      description: extra.description ?? null,
      speakerData: extra.speakers ?? [],
      isPublic: true,
    });

  const opening = item('1', 1, AgendaItemKind.OPENING, t({ tr: 'Açılış konuşmaları', en: 'Opening speeches' }, ['en']));
  item('1.1', 1, AgendaItemKind.SPEECH, t({ tr: 'Açılış konuşması: UNHCR', en: 'Opening speech: UNHCR' }, ['en']), {
    parent: opening,
    description: t(
      {
        tr: '"Küresel Mutabakatın ruhuna uygun olarak bugünkü toplantıda belediyeler, uzmanlar, kamu & uluslararası kurumlar ile bir araya gelerek belediyelerin mültecilerle olan ilişkilerini desteklemenin ve sürdürmenin yollarını konuşacağız."',
        en: '“In the spirit of the Global Compact, in today’s meeting we will come together with municipalities, experts, public and international institutions to discuss ways of supporting and sustaining municipalities’ relations with refugees.”',
      },
      ['en'],
    ),
    speakers: [
      {
        name: 'Jean Marie Garelli',
        role: t({ tr: 'UNHCR Türkiye Temsilci Yardımcısı', en: 'UNHCR Türkiye Deputy Representative' }, ['en']),
        organisationId: unhcr,
      },
    ],
  });
  const duman = item('1.2', 2, AgendaItemKind.SPEECH, t({ tr: 'Açılış konuşması: WALD', en: 'Opening speech: WALD' }, ['en']), {
    parent: opening,
    description: t(
      {
        tr: 'Mültecilerin ve ev sahibi topluluğun entegrasyonu, kurumlar arası iletişimin güçlendirilmesi ve göç politikaları, faaliyetleri ve hizmetleri konusunda ortak hareket edilmesi için yerel yönetimlerde “Göç Birimleri” ya da “Göç ve Uyum İhtisas Komisyonları” oluşturulmasının önemi.',
        en: 'The importance of setting up “migration units” or “migration and integration commissions” in local governments, for the integration of refugees and the host community, stronger communication between institutions and joint action on migration policies, activities and services.',
      },
      ['en'],
    ),
    speakers: [
      {
        name: 'Mehmet Duman',
        role: t({ tr: 'WALD Yönetim Kurulu Başkanı', en: 'WALD Chair of the Board' }, ['en']),
        organisationId: wald,
      },
    ],
  });
  const panels = item('2', 2, AgendaItemKind.PANEL, t({ tr: 'Paneller', en: 'Panels' }, ['en']));
  item(
    '2.1',
    1,
    AgendaItemKind.PANEL,
    t(
      {
        tr: 'Mülteciler alanında belediyeler nezdinde yürütülen çalışmaların kurumsallaşması',
        en: 'Institutionalising municipalities’ work on refugees',
      },
      ['en'],
    ),
    { parent: panels },
  );
  item(
    '2.2',
    2,
    AgendaItemKind.PANEL,
    t({ tr: 'Mültecilerin anlamlı katılım mekanizmalarının bir parçası olması', en: 'Meaningful participation of refugees' }, ['en']),
    {
      parent: panels,
    },
  );
  item(
    '2.3',
    3,
    AgendaItemKind.PANEL,
    t(
      {
        tr: '5 yıllık strateji planlarına mültecilere verilecek desteklerin dahil edilmesi ve uzun vadeli kurumsallaşma adımları',
        en: 'Refugee support in five-year strategic plans, and long-term steps towards institutionalisation',
      },
      ['en'],
    ),
    { parent: panels },
  );
  item('3', 3, AgendaItemKind.INTERACTIVE_SESSION, t({ tr: 'Etkileşim bölümü', en: 'Interactive session' }, ['en']), {
    description: t(
      {
        tr: 'Kaynaklar, faaliyetler ve iş birliği alanları konusunda bir diyalog ortamı oluşturmak amacıyla belediye temsilcileri, kalkınma kuruluşları, donör kuruluşlar ve sivil toplum kuruluşları bir araya geldi.',
        en: 'Municipal representatives, development agencies, donors and civil-society organisations came together for a dialogue on resources, activities and areas of collaboration.',
      },
      ['en'],
    ),
  });

  build(em, Outcome, {
    id: stableId('outcome', `${MEETING}/migration-units`),
    meeting,
    agendaItem: duman,
    kind: OutcomeKind.RECOMMENDATION,
    text: t(
      {
        tr: 'Yerel yönetimlerde “Göç Birimleri”nin ya da “Göç ve Uyum İhtisas Komisyonları”nın oluşturulması.',
        en: 'Set up “migration units” (Göç Birimleri) or “migration and integration commissions” (Göç ve Uyum İhtisas Komisyonları) in local governments.',
      },
      ['en'],
    ),
    addressedTo: t({ tr: 'Yerel yönetimler (belediyeler)', en: 'Local governments (municipalities)' }, ['en']),
    followUpStatus: FollowUpStatus.OPEN,
    fundingActivityIds: [],
  });

  build(em, Minutes, {
    id: stableId('minutes', MEETING),
    meeting,
    text: t(
      {
        tr: 'Toplantı UNHCR Türkiye Temsilci Yardımcısı Jean Marie Garelli’nin ve WALD Yönetim Kurulu Başkanı Mehmet Duman’ın açılış konuşmalarıyla başladı. Panellerde çalışmaların kurumsallaşması, mültecilerin anlamlı katılımı ve 5 yıllık strateji planlarına mülteci desteklerinin dahil edilmesi değerlendirildi; etkileşim bölümünde belediye temsilcileri, kalkınma kuruluşları, donör kuruluşlar ve sivil toplum kuruluşları bir araya geldi.',
        en: 'The meeting opened with speeches by Jean Marie Garelli, UNHCR Türkiye Deputy Representative, and Mehmet Duman, WALD Chair of the Board. Panels discussed institutionalisation, meaningful participation of refugees and refugee support in five-year strategic plans; in the interactive session municipal representatives, development agencies, donors and NGOs met.',
      },
      ['en'],
    ),
    attendeeCount: null,
  });

  // 2018: the platform's founding declaration (the source gives only the year and no text)
  const declarationTitle = t(
    {
      tr: 'Mülteciler Alanında Belediyeler Arası Koordinasyon Platformu Deklarasyonu',
      en: 'Declaration of the Inter-Municipal Coordination Platform on Refugees',
    },
    ['en'],
  );
  const declarationText = t(
    {
      tr: 'UNHCR ve WALD işbirliği ile 2017 yılından bu yana düzenlenen belediyeler arası koordinasyon toplantıları, 2018 yılında Mülteciler Alanında Belediyeler Arası Koordinasyon Platformu olarak resmiyete kavuşmuştur. Türkiye Belediyeler Birliği ve Marmara Bölgesi’nde 20’den fazla belediyenin imzalamış olduğu bu deklarasyon ile çalışmaların çerçevesi belirlenmiştir. (Kaynak, imzacı belediyelerin adlarını vermemektedir.)',
      en: 'The inter-municipal coordination meetings held with UNHCR and WALD since 2017 were formalised in 2018 as the Inter-Municipal Coordination Platform on Refugees. This declaration, signed by the Union of Municipalities of Turkey and more than 20 municipalities of the Marmara region, set the framework of the work. (The source does not name the signing municipalities.)',
    },
    ['en'],
  );
  const declaration = build(em, Declaration, {
    id: sampleIds.declaration(DECLARATION_2018),
    kind: DeclarationKind.DECLARATION,
    networkId: platform,
    title: declarationTitle,
    text: declarationText,
    adoptedYear: 2018,
    source: SOURCES.platform,
    // "more than 20 municipalities" signed; the count does not include the Union of Municipalities of Turkey
    signatoryCountValue: 20,
    signatoryCountQualifier: CountQualifier.MORE_THAN,
  });
  build(em, DeclarationVersion, {
    id: stableId('declaration-version', `${DECLARATION_2018}/1`),
    declaration,
    number: 1,
    title: declarationTitle,
    text: declarationText,
  });
  build(em, Signatory, {
    id: stableId('signatory', `${DECLARATION_2018}/tbb`),
    declaration,
    organisationId: organisationId('union-of-municipalities-of-turkey'),
    note: t(
      {
        tr: 'Marmara Bölgesi’nden 20’den fazla belediye ile birlikte imzaladı (belediyelerin adları kaynakta yer almıyor).',
        en: 'Signed together with more than 20 municipalities of the Marmara region (the source does not name them).',
      },
      ['en'],
    ),
  });

  // 2020: the KS big-city network's position letter; the network is the sender, its cities' extra capacity the commitments
  const letterTitle = t(
    {
      nb: 'Bykommunene står klare til å bistå regjeringen i å bosette flere flyktninger',
      en: 'The city municipalities stand ready to help the government settle more refugees',
    },
    ['en'],
  );
  const letterText = t(
    {
      nb: 'KS storbynettverk viser til at Regjeringen har vedtatt å hente 50 flyktninger fra Moria-leiren på Lesvos gjennom EUs relokaliseringsordning, og støtter dette tiltaket. I løpet av 2020 har Integrerings- og mangfoldsdirektoratet nedjustert sin anmodning om bosetting av flyktninger fra 5120 til 3600. Som følge av dette har kommunene nå kapasitet tilgjengelig til å bosette flere flyktninger: Oslo 73, Bergen 50, Trondheim 115, Stavanger 50, Bærum 30, Kristiansand 30 og Tromsø 50. I landet som helhet har kommunene gjort vedtak om 1300 flere bosettinger enn hva som følger av IMDis reviderte anmodning. Dersom regjeringen vurderer å øke mottaket av kvoteflyktninger fra FN, vil medlemmene i KS storbynettverk ha kapasitet til å ta imot flere flyktninger enn IMDi har anmodet om i 2020.',
      en: 'The KS big-city network notes that the Government has decided to bring 50 refugees from the Moria camp on Lesvos through the EU relocation scheme, and supports this measure. During 2020 the Directorate of Integration and Diversity cut its request for the settlement of refugees from 5120 to 3600. As a result the municipalities now have capacity to settle more refugees: Oslo 73, Bergen 50, Trondheim 115, Stavanger 50, Bærum 30, Kristiansand 30 and Tromsø 50. In the country as a whole, municipalities have decided 1300 more settlements than IMDi’s revised request. If the Government considers receiving more UN quota refugees, the members of the KS big-city network have capacity to receive more refugees than IMDi asked of them for 2020.',
    },
    ['en'],
  );
  const letter = build(em, Declaration, {
    id: sampleIds.declaration(KS_LETTER),
    kind: DeclarationKind.POSITION_LETTER,
    networkId: networkId('ks-storbynettverk'),
    title: letterTitle,
    text: letterText,
    adoptedYear: 2020,
    source: SOURCES.ks,
  });
  build(em, DeclarationVersion, {
    id: stableId('declaration-version', `${KS_LETTER}/1`),
    declaration: letter,
    number: 1,
    title: letterTitle,
    text: letterText,
  });
  const recipients: [string, RecipientRole][] = [
    ['kunnskapsdepartementet', RecipientRole.ADDRESSEE],
    ['kommunal-og-moderniseringsdepartementet', RecipientRole.COPY],
    ['statsministerens-kontor', RecipientRole.COPY],
  ];
  for (const [slug, role] of recipients) {
    build(em, Recipient, {
      id: stableId('recipient', `${KS_LETTER}/${slug}`),
      declaration: letter,
      organisationId: organisationId(slug),
      role,
    });
  }
  const capacity: [string, string, number][] = [
    ['oslo', 'Oslo', 73],
    ['bergen', 'Bergen', 50],
    ['trondheim', 'Trondheim', 115],
    ['stavanger', 'Stavanger', 50],
    ['baerum', 'Bærum', 30],
    ['kristiansand', 'Kristiansand', 30],
    ['tromso', 'Tromsø', 50],
  ];
  capacity.forEach(([slug, name, places], index) =>
    build(em, Commitment, {
      id: stableId('commitment', `${KS_LETTER}/${slug}`),
      declaration: letter,
      position: index + 1,
      text: t(
        {
          nb: `${name} har ekstra kapasitet til å bosette ${places} flyktninger i år, utover IMDis reviderte anmodning.`,
          en: `${name} has extra capacity to settle ${places} refugees this year, beyond IMDi’s revised request.`,
        },
        ['en'],
      ),
      ownerCityId: cityId(slug),
      places,
      followUpStatus: FollowUpStatus.OPEN,
    }),
  );
  await em.flush();
}
