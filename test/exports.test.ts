import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { create } from 'xmlbuilder2';
import { SUPERGRAPH_PATH } from '../shared/paths';
import { sampleIds } from '../shared/sample-ids';
import { CONFIGURED_SUBGRAPHS } from '../subgraphs/catalog';
import { startTestHub, type GraphQLResult, type TestHub } from './helpers';

/**
 * The open-data exports at /export over real HTTP: IATI activity XML validated against the official
 * 2.03 schema, OParl 1.1 lists with pagination and modified_since, CSV; drafts never leave.
 */

const XSD = join(__dirname, 'fixtures', 'iati-2.03', 'iati-activities-schema.xsd');
const org = sampleIds.organisation;
const city = sampleIds.city;

let hub: TestHub;
let base: string;
let workDir: string;
beforeAll(async () => {
  hub = await startTestHub(CONFIGURED_SUBGRAPHS, { supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8') });
  base = hub.url.replace(/\/graphql$/, '');
  workDir = mkdtempSync(join(tmpdir(), 'hub-exports-'));
}, 600_000); // four embedded databases migrate and load their sample data first
afterAll(async () => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
  await hub?.close();
});

function ok<T = any>(result: GraphQLResult<T>): T {
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data as T;
}

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers });

async function getJson(path: string) {
  const response = await get(path);
  return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as any };
}

/** xmllint --schema on a document; returns its exit status and messages. */
function validate(xml: string) {
  const file = join(workDir, `doc-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--schema', XSD, file], { stdio: 'pipe' });
    return { valid: true, output: '' };
  } catch (error) {
    return { valid: false, output: String((error as { stderr?: Buffer }).stderr ?? error) };
  }
}

const funder = () => hub.token({ roles: ['funder'], organisationId: org('european-commission') });
let serial = 0;
async function createActivity(overrides: Record<string, unknown>, publish: boolean) {
  serial += 1;
  const token = await funder();
  const created = ok(
    await hub.query<{ createFundingActivity: { id: string; identifier: string } }>(
      `mutation($input: CreateFundingActivityInput!) { createFundingActivity(input: $input) { id identifier } }`,
      {
        input: {
          identifier: `XI-HUB-EXPORT-TEST-${serial}-${Math.random().toString(36).slice(2, 8)}`,
          title: [
            { locale: 'en', text: `Export test ${serial}` },
            { locale: 'nb', text: `Eksporttest ${serial}` },
          ],
          status: 'IMPLEMENTATION',
          plannedStart: '2025-01-01',
          plannedEnd: '2025-12-31',
          defaultCurrency: 'EUR',
          themes: ['LANGUAGE', 'HOUSING'],
          recipientCountries: ['NO', 'SE'],
          participatingCityIds: [city('trondheim')],
          participatingOrganisations: [
            { organisationId: org('european-commission'), role: 'FUNDING' },
            { organisationId: org('eurocities'), role: 'IMPLEMENTING' },
          ],
          ...overrides,
        },
      },
      { token },
    ),
  ).createFundingActivity;
  if (publish) ok(await hub.query(`mutation($id: ID!) { publishFundingActivity(id: $id) { id } }`, { id: created.id }, { token }));
  return created;
}

async function iatiXml() {
  const response = await get('/export/iati/activities.xml');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8');
  return response.text();
}

/** The DOM of a parsed document, as far as the tests read it. */
interface XmlElement {
  nodeName: string;
  nodeType: number;
  textContent: string | null;
  childNodes: ArrayLike<XmlElement>;
  getAttribute(name: string): string | null;
  getElementsByTagName(name: string): ArrayLike<XmlElement>;
}

/** The iati-activity elements of a document, as DOM elements. */
function activities(xml: string): XmlElement[] {
  const root = create(xml).root().node as unknown as XmlElement;
  expect(root.nodeName).toBe('iati-activities');
  return Array.from(root.childNodes).filter((n): n is XmlElement => n.nodeType === 1);
}
const children = (element: XmlElement) => Array.from(element.childNodes).filter((n): n is XmlElement => n.nodeType === 1);
const byIdentifier = (xml: string, identifier: string) =>
  activities(xml).find((a) => children(a).find((c) => c.nodeName === 'iati-identifier')?.textContent === identifier);

describe('IATI activity XML', () => {
  let published: { id: string; identifier: string };
  let draft: { id: string; identifier: string };
  beforeAll(async () => {
    published = await createActivity({ description: [{ locale: 'en', text: 'A <test> & "quoted" description' }] }, true);
    draft = await createActivity({}, false);
    const token = await funder();
    ok(
      await hub.query(
        `mutation($id: ID!, $input: BudgetInput!) { addBudget(activityId: $id, input: $input) { id } }`,
        {
          id: published.id,
          input: {
            type: 'ORIGINAL',
            status: 'COMMITTED',
            periodStart: '2025-01-01',
            periodEnd: '2025-12-31',
            value: { amount: '120000.00', currency: 'EUR' },
          },
        },
        { token },
      ),
    );
    ok(
      await hub.query(
        `mutation($id: ID!, $input: TransactionInput!) { recordTransaction(activityId: $id, input: $input) { id } }`,
        {
          id: published.id,
          input: {
            type: 'DISBURSEMENT',
            transactionDate: '2025-03-01',
            value: { amount: '40000.00', currency: 'EUR', valueDate: '2025-03-01' },
            providerOrganisationId: org('european-commission'),
            receiverOrganisationId: org('eurocities'),
          },
        },
        { token },
      ),
    );
    ok(
      await hub.query(
        `mutation($id: ID!, $input: CreateResultInput!) { recordResult(activityId: $id, input: $input) { id } }`,
        {
          id: published.id,
          input: {
            type: 'OUTPUT',
            indicator: [{ locale: 'en', text: 'People in language courses' }],
            baselineYear: 2024,
            baseline: '0',
            periods: [{ periodStart: '2025-01-01', periodEnd: '2025-12-31', target: '200', actual: '150', comment: 'Half year' }],
          },
        },
        { token },
      ),
    );
  });

  test('the export validates against the official IATI 2.03 activity schema', async () => {
    const xml = await iatiXml();
    const result = validate(xml);
    expect(result.output).toBe('');
    expect(result.valid).toBe(true);
  });

  test('every published activity is written once, across pages of the export', async () => {
    for (let i = 0; i < 16; i++) await createActivity({}, true); // more than one page of 20
    const published = ok(await hub.query<{ fundingActivities: { totalCount: number } }>(`{ fundingActivities { totalCount } }`))
      .fundingActivities.totalCount;
    expect(published).toBeGreaterThan(20);
    const xml = await iatiXml();
    const identifiers = activities(xml).map((a) => children(a).find((c) => c.nodeName === 'iati-identifier')!.textContent);
    expect(identifiers).toHaveLength(published);
    expect(new Set(identifiers).size).toBe(published);
    expect(validate(xml).valid).toBe(true);
  });

  test('the schema check can fail: an activity without activity-status is rejected', async () => {
    const broken = (await iatiXml()).replace(/<activity-status code="\d+"\/>/, '');
    const result = validate(broken);
    expect(result.valid).toBe(false);
    expect(result.output).toContain('activity-date');
  });

  test('drafts never appear; a published activity does', async () => {
    const xml = await iatiXml();
    expect(xml).not.toContain(draft.identifier);
    expect(xml).not.toContain('XI-HUB-ILLUSTRATIVE-CAPACITY-BUILDING-MARMARA'); // the seeded draft
    expect(byIdentifier(xml, published.identifier)).toBeDefined();
    expect(byIdentifier(xml, 'XI-HUB-AMIF-CONSOLIDATE-EUROCITIES')).toBeDefined();
  });

  test('every activity has the required elements, in the order of the schema', async () => {
    const order = [
      'iati-identifier',
      'reporting-org',
      'title',
      'description',
      'participating-org',
      'other-identifier',
      'activity-status',
      'activity-date',
      'contact-info',
      'activity-scope',
      'recipient-country',
      'recipient-region',
      'location',
      'sector',
      'tag',
      'country-budget-items',
      'humanitarian-scope',
      'policy-marker',
      'collaboration-type',
      'default-flow-type',
      'default-finance-type',
      'default-aid-type',
      'default-tied-status',
      'budget',
      'planned-disbursement',
      'capital-spend',
      'transaction',
      'document-link',
      'related-activity',
      'legacy-data',
      'conditions',
      'result',
      'crs-add',
      'fss',
    ];
    const all = activities(await iatiXml());
    expect(all.length).toBeGreaterThanOrEqual(6);
    for (const activity of all) {
      const names = children(activity).map((c) => c.nodeName);
      for (const required of [
        'iati-identifier',
        'reporting-org',
        'title',
        'description',
        'participating-org',
        'activity-status',
        'activity-date',
      ]) {
        expect(names).toContain(required);
      }
      const positions = names.map((n) => order.indexOf(n));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      // the identifier starts with the reporting organisation's reference
      const reporting = children(activity).find((c) => c.nodeName === 'reporting-org')!;
      const identifier = children(activity).find((c) => c.nodeName === 'iati-identifier')!.textContent!;
      expect(identifier.startsWith(`${reporting.getAttribute('ref')}-`)).toBe(true);
      expect(activity.getAttribute('default-currency')).toMatch(/^[A-Z]{3}$/);
    }
  });

  test('code lists: activity status, organisation role and transaction type codes are those of the standard', async () => {
    const xml = await iatiXml();
    const all = activities(xml);
    const codes = (name: string, attribute: string) =>
      all.flatMap((a) => Array.from(a.getElementsByTagName(name)).map((e) => e.getAttribute(attribute)));
    expect(codes('activity-status', 'code').every((c) => ['1', '2', '3', '4', '5', '6'].includes(c!))).toBe(true);
    expect(codes('participating-org', 'role').every((c) => ['1', '2', '3', '4'].includes(c!))).toBe(true);
    expect(codes('activity-date', 'type').every((c) => ['1', '2', '3', '4'].includes(c!))).toBe(true);
    expect(
      codes('transaction-type', 'code').every((c) => ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13'].includes(c!)),
    ).toBe(true);

    const mine = byIdentifier(xml, published.identifier)!;
    const get = (name: string) => Array.from(mine.getElementsByTagName(name));
    expect(get('activity-status')[0].getAttribute('code')).toBe('2'); // IMPLEMENTATION
    expect(
      get('participating-org')
        .map((p) => p.getAttribute('role'))
        .sort(),
    ).toEqual(['1', '4']); // FUNDING, IMPLEMENTING
    const transaction = get('transaction')[0];
    expect(children(transaction).map((c) => c.nodeName)).toEqual([
      'transaction-type',
      'transaction-date',
      'value',
      'provider-org',
      'receiver-org',
    ]);
    expect(get('transaction-type')[0].getAttribute('code')).toBe('3'); // DISBURSEMENT
    const value = children(transaction).find((c) => c.nodeName === 'value')!;
    expect([value.textContent, value.getAttribute('currency'), value.getAttribute('value-date')]).toEqual([
      '40000.00',
      'EUR',
      '2025-03-01',
    ]);
    const budget = get('budget')[0];
    expect([budget.getAttribute('type'), budget.getAttribute('status')]).toEqual(['1', '2']);
    expect(
      children(budget)
        .find((c) => c.nodeName === 'value')!
        .getAttribute('value-date'),
    ).toBe('2025-01-01');
    // multilingual narratives, and shares that add up to 100 for several countries and sectors
    const titles = children(children(mine).find((c) => c.nodeName === 'title')!).map((n) => [n.getAttribute('xml:lang'), n.textContent]);
    expect(titles).toEqual([
      ['en', expect.stringMatching(/^Export test/)],
      ['nb', expect.stringMatching(/^Eksporttest/)],
    ]);
    expect(get('recipient-country').map((c) => [c.getAttribute('code'), c.getAttribute('percentage')])).toEqual([
      ['NO', '50.00'],
      ['SE', '50.00'],
    ]);
    expect(get('sector').reduce((sum, s) => sum + Number(s.getAttribute('percentage')), 0)).toBe(100);
    expect(get('description')[0].textContent).toContain('A <test> & "quoted" description');
    expect(get('result')[0].getAttribute('type')).toBe('1');
    expect(get('actual')[0].getAttribute('value')).toBe('150');
  });
});

describe('OParl 1.1', () => {
  test('the System points to the bodies, one per city', async () => {
    const system = await getJson('/export/oparl/system');
    expect(system.status).toBe(200);
    expect(system.body).toMatchObject({
      id: `${base}/export/oparl/system`,
      type: 'https://schema.oparl.org/1.1/System',
      oparlVersion: 'https://schema.oparl.org/1.1/',
      body: `${base}/export/oparl/bodies`,
    });
    const cities = ok(await hub.query<{ cities: { totalCount: number } }>(`{ cities { totalCount } }`)).cities.totalCount;
    const first = await getJson('/export/oparl/bodies');
    expect(first.body.pagination.totalElements).toBe(cities);
  });

  test('lists are paginated with data, pagination and links.next until the last page', async () => {
    const seen: string[] = [];
    let url: string | undefined = `${base}/export/oparl/bodies?elementsPerPage=3`;
    let pagesRead = 0;
    while (url) {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      const page = (await response.json()) as any;
      expect(Object.keys(page).sort()).toEqual(['data', 'links', 'pagination']);
      expect(page.data.length).toBeLessThanOrEqual(3);
      for (const b of page.data) {
        expect(b.type).toBe('https://schema.oparl.org/1.1/Body');
        expect(b.meeting).toBe(`${b.id}/meetings`);
        seen.push(b.id);
      }
      url = page.links.next;
      if (url) expect(url).toContain('elementsPerPage=3');
      pagesRead += 1;
    }
    expect(pagesRead).toBeGreaterThan(1);
    expect(new Set(seen).size).toBe(seen.length);
    const total = (await getJson('/export/oparl/bodies')).body.pagination.totalElements;
    expect(seen.length).toBe(total);
  });

  test('modified_since lists only what changed since, deleted objects as tombstones', async () => {
    const admin = await hub.token({ roles: ['admin'] });
    const before = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const created = ok(
      await hub.query<{ createCity: { id: string } }>(
        `mutation($input: CreateCityInput!) { createCity(input: $input) { id } }`,
        { input: { slug: `exportville-${Date.now()}`, name: 'Exportville', countryCode: 'NO' } },
        { token: admin },
      ),
    ).createCity;
    const since = encodeURIComponent(before);
    let page = await getJson(`/export/oparl/bodies?modified_since=${since}`);
    expect(page.status).toBe(200);
    expect(page.body.data.map((b: any) => b.id)).toEqual([`${base}/export/oparl/body/${created.id}`]);
    expect(page.body.data[0].deleted).toBe(false);

    ok(await hub.query(`mutation($id: ID!) { deleteCity(id: $id) { id } }`, { id: created.id }, { token: admin }));
    page = await getJson(`/export/oparl/bodies?modified_since=${since}`);
    expect(page.body.data).toHaveLength(1);
    const tombstone = page.body.data[0];
    expect(Object.keys(tombstone).sort()).toEqual(['created', 'deleted', 'id', 'modified', 'type']);
    expect(tombstone).toMatchObject({
      id: `${base}/export/oparl/body/${created.id}`,
      type: 'https://schema.oparl.org/1.1/Body',
      deleted: true,
    });
    // without modified_since, a deleted city is not listed at all
    const all = await getJson('/export/oparl/bodies?elementsPerPage=100');
    expect(all.body.data.map((b: any) => b.id)).not.toContain(tombstone.id);
  });

  test('a malformed modified_since is refused, naming the parameter', async () => {
    const page = await getJson('/export/oparl/bodies?modified_since=yesterday');
    expect(page.status).toBe(400);
    expect(page.type).toMatch(/^application\/json/);
    expect(page.body).toEqual({
      errors: [
        {
          message: '"modified_since" must be a date-time such as 2026-01-01T00:00:00Z, not "yesterday".',
          extensions: { code: 'BAD_USER_INPUT', field: 'modified_since' },
        },
      ],
    });
  });

  test('meetings with agenda items and speakers; a draft meeting never appears', async () => {
    const organiser = await hub.token({ roles: ['organiser'], organisationId: org('unhcr') });
    const draft = ok(
      await hub.query<{ createMeeting: { id: string } }>(
        `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }`,
        { input: { title: [{ locale: 'en', text: 'Secret draft' }], timeZone: 'Europe/Istanbul', venueCityId: city('istanbul') } },
        { token: organiser },
      ),
    ).createMeeting;
    const body = `/export/oparl/body/${city('istanbul')}`;
    const list = await getJson(`${body}/meetings?elementsPerPage=100`);
    expect(list.status).toBe(200);
    const ids = list.body.data.map((m: any) => m.id);
    expect(ids).not.toContain(`${base}/export/oparl/meeting/${draft.id}`);
    expect(JSON.stringify(list.body)).not.toContain('Secret draft');
    const seeded = list.body.data.find(
      (m: any) => m.id === `${base}/export/oparl/meeting/${sampleIds.meeting('turkey-platform-iii-2019')}`,
    );
    expect(seeded.type).toBe('https://schema.oparl.org/1.1/Meeting');
    expect(seeded.agendaItem.length).toBeGreaterThan(0);
    expect(seeded.agendaItem[0]).toMatchObject({ type: 'https://schema.oparl.org/1.1/AgendaItem', meeting: seeded.id, order: 1 });
    expect(seeded.participant.length).toBeGreaterThan(0);

    const draftModified = await getJson(
      `${body}/meetings?modified_since=${encodeURIComponent('2000-01-01T00:00:00Z')}&elementsPerPage=100`,
    );
    expect(draftModified.body.data.map((m: any) => m.id)).not.toContain(`${base}/export/oparl/meeting/${draft.id}`);
    expect((await getJson(`/export/oparl/meeting/${draft.id}`)).status).toBe(404);

    const people = await getJson(`${body}/people?elementsPerPage=100`);
    expect(people.body.data.map((p: any) => p.id)).toEqual(expect.arrayContaining(seeded.participant));
    const person = await getJson(seeded.participant[0].slice(base.length));
    expect(person.status).toBe(200);
    expect(person.body.type).toBe('https://schema.oparl.org/1.1/Person');

    const item = await getJson(seeded.agendaItem[0].id.slice(base.length));
    expect(item.body).toEqual(seeded.agendaItem[0]);
    const items = await getJson(`${body}/agenda-items?elementsPerPage=100`);
    expect(items.body.data.map((i: any) => i.id)).toEqual(expect.arrayContaining(seeded.agendaItem.map((i: any) => i.id)));
  });

  test('declarations are papers of the bodies that signed them; organisations are listed', async () => {
    const letter = sampleIds.declaration('ks-storbynettverk-position-letter-2020');
    const paperId = `${base}/export/oparl/paper/${letter}`;
    expect((await getJson(`/export/oparl/body/${city('oslo')}/papers`)).body.data).toEqual([]);
    const oslo = await hub.token({ roles: ['municipality'], cityId: city('oslo') });
    ok(
      await hub.query(
        `mutation($d: ID!, $input: SignatoryInput!) { addSignatory(declarationId: $d, input: $input) { id } }`,
        { d: letter, input: { cityId: city('oslo'), signedOn: '2020-05-01' } },
        { token: oslo },
      ),
    );
    const papers = await getJson(`/export/oparl/body/${city('oslo')}/papers`);
    expect(papers.status).toBe(200);
    expect(papers.body.data.map((p: any) => p.id)).toEqual([paperId]);
    expect(papers.body.data[0]).toMatchObject({
      type: 'https://schema.oparl.org/1.1/Paper',
      body: `${base}/export/oparl/body/${city('oslo')}`,
      deleted: false,
    });
    expect((await getJson(`/export/oparl/paper/${letter}`)).body.id).toBe(paperId);
    const organisations = await getJson('/export/oparl/organizations?elementsPerPage=100');
    expect(organisations.body.data.map((o: any) => o.id)).toContain(`${base}/export/oparl/organization/${org('unhcr')}`);
  });

  test('a page link that is not one of ours is refused, naming the parameter', async () => {
    for (const query of ['page=not-a-cursor', 'elementsPerPage=0', 'elementsPerPage=ten']) {
      const page = await getJson(`/export/oparl/bodies?${query}`);
      expect(page.status).toBe(400);
      expect(page.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: query.split('=')[0] });
    }
  });

  test('an unknown export is a JSON 404', async () => {
    const response = await getJson('/export/oparl/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });
});

describe('CSV', () => {
  test('funding activities: header row, RFC 4180 quoting and formula injection defused; drafts left out', async () => {
    const hostile = await createActivity({ title: [{ locale: 'en', text: '=HYPERLINK("http://x"), "free", money\nnow' }] }, true);
    const draft = await createActivity({}, false);
    const response = await get('/export/csv/funding-activities.csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    const csv = await response.text();
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'identifier,title,status,fund,funders,implementers,cities,recipient countries,themes,planned start,planned end,actual start,actual end,illustrative,currency,budgeted,committed,disbursed,spent,pledged,received',
    );
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv).toContain(`${hostile.identifier},"'=HYPERLINK(""http://x""), ""free"", money\nnow",IMPLEMENTATION,`);
    const records = parse(csv, { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
    const row = records.find((r) => r.identifier === hostile.identifier)!;
    expect(row.title).toBe(`'=HYPERLINK("http://x"), "free", money\nnow`);
    expect([row.status, row.funders, row.cities, row['recipient countries'], row.currency, row.budgeted]).toEqual([
      'IMPLEMENTATION',
      'European Commission',
      'Trondheim',
      'NO; SE',
      '',
      '',
    ]);
    expect(row.themes.split('; ').sort()).toEqual(['HOUSING', 'LANGUAGE']);
    // a total of a kind nothing is recorded of is unknown: an empty cell, not 0.00
    const visit = records.find((r) => r.identifier === 'XI-HUB-ILLUSTRATIVE-INFO-EXCHANGE-LILLEHAMMER')!;
    expect([visit.currency, visit.budgeted, visit.committed, visit.disbursed, visit.spent]).toEqual(['EUR', '8500.00', '', '', '8120.40']);
    expect(csv).not.toContain(draft.identifier);
    expect(csv).not.toContain('XI-HUB-ILLUSTRATIVE-CAPACITY-BUILDING-MARMARA');
    expect(csv).toContain('XI-HUB-AMIF-CONSOLIDATE-EUROCITIES,Consolidate Eurocities,IMPLEMENTATION,');
  });

  test('settlement years: header row, unknown figures empty rather than 0', async () => {
    const csv = await (await get('/export/csv/settlement-years.csv')).text();
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'city,country,year,requested,requested by,decided,has decision,extra capacity,settled,settled as of,settled approximate,source',
    );
    const trondheim = lines.filter((l) => l.startsWith('Trondheim,NO,'));
    expect(trondheim.length).toBeGreaterThan(0);
    expect(lines.slice(1).some((l) => /,,/.test(l))).toBe(true);
  });

  test('recommendations: header row and the recommendations of reported reviews with their status', async () => {
    const response = await get('/export/csv/recommendations.csv');
    expect(response.status).toBe(200);
    const csv = await response.text();
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'host city,country,review topic,visit start,visit end,review status,position,recommendation,addressed to,addressed unit,priority,response,response reason,responded at,follow-up status,illustrative',
    );
    const reviews = ok(
      await hub.query<{ peerReviews: { nodes: { recommendations: unknown[] }[] } }>(
        `{ peerReviews(first: 100) { nodes { recommendations { id } } } }`,
      ),
    );
    const expected = reviews.peerReviews.nodes.reduce((n, r) => n + r.recommendations.length, 0);
    expect(expected).toBeGreaterThan(0);
    const records = parse(csv, { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(expected);
    expect(records[0]['host city']).toBe('Göteborg');
    expect(['OPEN', 'IN_PROGRESS', 'DONE', 'DROPPED']).toContain(records[0]['follow-up status']);
  });
});
