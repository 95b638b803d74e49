import { searchKey } from '../../shared/search-key';

/** Every spelling in a row must fold to the key at its head: the stored name and what a reader types. */
const SAME_KEY: [key: string, spellings: string[]][] = [
  // Turkish: dotted İ/i and dotless I/ı are four letters, and a keyboard without them types I or i
  ['istanbul', ['İstanbul', 'istanbul', 'ISTANBUL', 'Istanbul', 'İSTANBUL']],
  ['diyarbakir', ['Diyarbakır', 'DİYARBAKIR', 'DIYARBAKIR', 'diyarbakir']],
  ['sanliurfa', ['Şanlıurfa', 'ŞANLIURFA', 'Sanliurfa']],
  ['kirsehir', ['Kırşehir', 'KIRŞEHİR', 'Kirsehir']],
  ['igdir', ['Iğdır', 'IĞDIR', 'igdir']],
  ['canakkale', ['Çanakkale', 'ÇANAKKALE']],
  ['elazig', ['Elazığ', 'ELAZIĞ']],
  // Norwegian and Danish: ø and æ do not decompose; å does
  ['tromso', ['Tromsø', 'TROMSØ', 'Tromso', 'tromsø']],
  ['baerum', ['Bærum', 'BÆRUM', 'Baerum']],
  ['alesund', ['Ålesund', 'ÅLESUND', 'Alesund']],
  ['aero', ['Ærø', 'ÆRØ']],
  // Swedish: ä, ö and å decompose to a and o
  ['goteborg', ['Göteborg', 'GÖTEBORG', 'Goteborg']],
  ['malmo', ['Malmö', 'MALMÖ', 'Malmo']],
  ['vaxjo', ['Växjö', 'VÄXJÖ', 'Vaxjo']],
  ['orebro', ['Örebro', 'ÖREBRO']],
  ['umea', ['Umeå', 'UMEÅ']],
  // the rest of the table: German ß (and capital ẞ), French œ, Icelandic ð and þ, Polish ł, Croatian đ
  ['strasse', ['Straße', 'STRASSE', 'STRAẞE']],
  ['oeuvre', ['Œuvre', 'œuvre']],
  ['saudarkrokur', ['Sauðárkrókur', 'SAUÐÁRKRÓKUR']],
  ['thorshofn', ['Þórshöfn', 'þórshöfn']],
  ['lodz', ['Łódź', 'ŁÓDŹ']],
  ['dakovo', ['Đakovo', 'đakovo']],
  // accents in general
  ['zurich', ['Zürich', 'ZÜRICH']],
  ['reykjavik', ['Reykjavík']],
];

describe('searchKey', () => {
  it.each(SAME_KEY)('folds every spelling of %s to it', (key, spellings) => {
    for (const spelling of spellings) expect([spelling, searchKey(spelling)]).toEqual([spelling, key]);
  });

  it('keeps names that fold differently apart', () => {
    expect(searchKey('Tromsø')).not.toBe(searchKey('Trondheim'));
    expect(searchKey('Malmö')).toBe('malmo');
    expect(searchKey('Malmö')).not.toBe(searchKey('Malmberget'));
  });

  it('folds a letter everywhere it occurs, not only the first time', () => {
    expect(searchKey('Øyer Ørsta Østfold')).toBe('oyer orsta ostfold');
    expect(searchKey('Kırıkkale')).toBe('kirikkale');
    expect(searchKey('Sæbø og Bærum')).toBe('saebo og baerum');
  });

  it('folds compatibility characters (NFKD): ligatures and full-width letters', () => {
    expect(searchKey('ﬁnnmark')).toBe('finnmark');
    expect(searchKey('Ｏｓｌｏ')).toBe('oslo');
  });

  it('turns every run of white space into one space and trims the ends', () => {
    expect(searchKey('  Oslo   kommune ')).toBe('oslo kommune');
    expect(searchKey('Oslo\tkommune\n\nvest')).toBe('oslo kommune vest');
    expect(searchKey('\u00a0Bergen\u00a0')).toBe('bergen');
    expect(searchKey('')).toBe('');
    expect(searchKey('   ')).toBe('');
  });

  it('keeps digits, punctuation and letters it has no rule for', () => {
    expect(searchKey('Solidarity Cities 2.0 — Athens')).toBe('solidarity cities 2.0 — athens');
    expect(searchKey('Москва')).toBe('москва');
  });

  it('is idempotent: a key folds to itself', () => {
    for (const [, spellings] of SAME_KEY)
      for (const spelling of spellings) expect(searchKey(searchKey(spelling))).toBe(searchKey(spelling));
  });
});
