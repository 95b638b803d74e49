import { Field, ObjectType } from 'type-graphql';
import { TranslatedText, translated, type TranslationMap } from '../../../shared/translated-text';
import { ActivityTheme } from './enums';
import { PublicRead } from '../../../shared/cache-control';

/** The names of the themes, in the hub's source languages. */
const NAMES: Record<ActivityTheme, Record<string, string>> = {
  HOUSING: { en: 'Housing', nb: 'Bolig', sv: 'Boende', tr: 'Barınma' },
  EMPLOYMENT: { en: 'Employment', nb: 'Arbeid', sv: 'Arbete', tr: 'İstihdam' },
  LANGUAGE: { en: 'Language learning', nb: 'Språkopplæring', sv: 'Språkinlärning', tr: 'Dil öğrenimi' },
  EDUCATION: { en: 'Education', nb: 'Utdanning', sv: 'Utbildning', tr: 'Eğitim' },
  HEALTH: { en: 'Health', nb: 'Helse', sv: 'Hälsa', tr: 'Sağlık' },
  RECEPTION: { en: 'Reception', nb: 'Mottak', sv: 'Mottagande', tr: 'Kabul' },
  INTEGRATION: { en: 'Integration', nb: 'Integrering', sv: 'Integration', tr: 'Uyum' },
  PROTECTION: { en: 'Protection', nb: 'Beskyttelse', sv: 'Skydd', tr: 'Koruma' },
  UNACCOMPANIED_MINORS: { en: 'Unaccompanied minors', nb: 'Enslige mindreårige', sv: 'Ensamkommande barn', tr: 'Refakatsiz çocuklar' },
  SOCIAL_COHESION: { en: 'Social cohesion', nb: 'Sosial samhørighet', sv: 'Social sammanhållning', tr: 'Sosyal uyum' },
  PARTICIPATION: {
    en: 'Participation of refugees',
    nb: 'Deltakelse for flyktninger',
    sv: 'Flyktingars delaktighet',
    tr: 'Mültecilerin katılımı',
  },
  INFORMATION: { en: 'Information', nb: 'Informasjon', sv: 'Information', tr: 'Bilgilendirme' },
  CAPACITY_BUILDING: { en: 'Capacity building', nb: 'Kapasitetsbygging', sv: 'Kapacitetsuppbyggnad', tr: 'Kapasite geliştirme' },
  RELOCATION: { en: 'Relocation', nb: 'Relokalisering', sv: 'Omplacering', tr: 'Yeniden yerleştirme' },
};

@PublicRead()
@ObjectType({ description: 'A theme code with its name in every language the hub serves it in.' })
export class ThemeLabel {
  @Field(() => ActivityTheme)
  code: ActivityTheme;

  map: TranslationMap;

  @Field(() => TranslatedText)
  get name(): TranslatedText {
    return translated(this.map)!;
  }
}

export const themeLabel = (code: ActivityTheme): ThemeLabel =>
  Object.assign(new ThemeLabel(), {
    code,
    map: Object.fromEntries(Object.entries(NAMES[code]).map(([locale, text]) => [locale, { text }])),
  });

export const ALL_THEMES = Object.values(ActivityTheme);
