import type { Request, Response } from 'express';
import { fragment } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import { TRANSLATED, drained, notFound, type RunQuery, type Translated } from './graphql';

/**
 * The hub publishes the file as a secondary reporter: it reproduces the activities of the funders
 * that enter them. Activity identifiers of the hub start with this reference (`XI-HUB-…`).
 */
export const REPORTING_ORG = { ref: 'XI-HUB', type: '90', name: 'Intercity Hub' };

/** IATI ActivityStatus codelist. */
export const ACTIVITY_STATUS: Record<string, string> = {
  PIPELINE: '1',
  IMPLEMENTATION: '2',
  FINALISATION: '3',
  CLOSED: '4',
  CANCELLED: '5',
  SUSPENDED: '6',
};

/** IATI OrganisationRole codelist. */
export const ORGANISATION_ROLE: Record<string, string> = { FUNDING: '1', ACCOUNTABLE: '2', EXTENDING: '3', IMPLEMENTING: '4' };

/** IATI TransactionType codelist. */
export const TRANSACTION_TYPE: Record<string, string> = {
  INCOMING_FUNDS: '1',
  OUTGOING_COMMITMENT: '2',
  DISBURSEMENT: '3',
  EXPENDITURE: '4',
  INCOMING_COMMITMENT: '11',
  OUTGOING_PLEDGE: '12',
  INCOMING_PLEDGE: '13',
};

/** IATI OrganisationType codelist, from the hub's organisation kinds. */
const ORGANISATION_TYPE: Record<string, string> = {
  UN_AGENCY: '40',
  EU_INSTITUTION: '40',
  NGO: '21',
  REFUGEE_COMMUNITY: '22',
  MINISTRY: '10',
  NATIONAL_AGENCY: '10',
  GOVERNMENT_OFFICE: '10',
  DEVELOPMENT_AGENCY: '10',
  ASSOCIATION_OF_MUNICIPALITIES: '15',
  CITY_NETWORK: '15',
  MUNICIPAL_UNIT: '15',
  BUSINESS: '70',
  ACADEMIA: '80',
  DONOR: '90',
  OTHER: '90',
};

const ACTIVITY_DATE = { plannedStart: '1', actualStart: '2', plannedEnd: '3', actualEnd: '4' } as const;
const BUDGET_TYPE: Record<string, string> = { ORIGINAL: '1', REVISED: '2' };
const BUDGET_STATUS: Record<string, string> = { INDICATIVE: '1', COMMITTED: '2' };
const RESULT_TYPE: Record<string, string> = { OUTPUT: '1', OUTCOME: '2', IMPACT: '3' };

/** Small enough that a page's query stays well inside the gateway's operation cost limit. */
const PAGE_SIZE = 20;

const ORG = 'id name kind';
const ACTIVITIES_QUERY = `query IatiExport($after: String, $first: Int) {
  fundingActivities(first: $first, after: $after, orderBy: START_DATE_ASC) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id identifier updatedAt status defaultCurrency
      title { ${TRANSLATED} } description { ${TRANSLATED} }
      plannedStart plannedEnd actualStart actualEnd recipientCountries themes
      themeLabels { code name { ${TRANSLATED} } }
      contact { personName jobTitle organisationName website }
      participatingOrganisations { role organisation { ${ORG} } }
      cities { id name }
      budgets { type status periodStart periodEnd value { amount currency valueDate } }
      transactions { type transactionDate description value { amount currency valueDate } provider { ${ORG} } receiver { ${ORG} } }
      results { type unit baselineYear baseline indicator { ${TRANSLATED} } periods { periodStart periodEnd target actual comment } }
      parent { identifier }
      children { identifier }
    }
  }
}`;

interface Org {
  id: string;
  name: string | null;
  kind: string | null;
}
interface Money {
  amount: string;
  currency: string;
  valueDate: string | null;
}
export interface IatiActivity {
  id: string;
  identifier: string;
  updatedAt: string;
  status: string;
  defaultCurrency: string;
  title: Translated;
  description: Translated | null;
  plannedStart: string;
  plannedEnd: string | null;
  actualStart: string | null;
  actualEnd: string | null;
  recipientCountries: string[];
  themes: string[];
  themeLabels: { code: string; name: Translated }[];
  contact: { personName: string | null; jobTitle: string | null; organisationName: string | null; website: string | null } | null;
  participatingOrganisations: { role: string; organisation: Org }[];
  cities: { id: string; name: string | null }[];
  budgets: { type: string; status: string; periodStart: string; periodEnd: string; value: Money }[];
  transactions: {
    type: string;
    transactionDate: string;
    description: string | null;
    value: Money;
    provider: Org | null;
    receiver: Org | null;
  }[];
  results: {
    type: string;
    unit: string | null;
    baselineYear: number | null;
    baseline: string | null;
    indicator: Translated;
    periods: { periodStart: string; periodEnd: string; target: string | null; actual: string | null; comment: string | null }[];
  }[];
  parent: { identifier: string } | null;
  children: { identifier: string }[];
}

/** Shares of 100 that add up to exactly 100 (the standard's rule for several countries or sectors). */
function percentages(count: number): string[] {
  const cents = Math.floor(10000 / count);
  return Array.from({ length: count }, (_, i) => ((i === 0 ? 10000 - cents * (count - 1) : cents) / 100).toFixed(2));
}

function narratives(parent: XMLBuilder, text: Translated) {
  const translations = text.translations.length ? text.translations : [{ locale: 'en', text: text.text }];
  for (const t of translations) parent.ele('narrative', { 'xml:lang': t.locale }).txt(t.text);
}

function orgElement(parent: XMLBuilder, name: string, org: Org, attributes: Record<string, string> = {}) {
  const type = org.kind ? ORGANISATION_TYPE[org.kind] : undefined;
  const element = parent.ele(name, { ...attributes, ...(type ? { type } : {}) });
  if (org.name) element.ele('narrative').txt(org.name);
  return element;
}

/** One activity, its elements in the order iati-activities-schema.xsd 2.03 requires. */
export function activityXml(a: IatiActivity): string {
  const root = fragment();
  const act = root.ele('iati-activity', {
    'last-updated-datetime': a.updatedAt,
    'xml:lang': 'en',
    'default-currency': a.defaultCurrency,
  });
  act.ele('iati-identifier').txt(a.identifier);
  act
    .ele('reporting-org', { ref: REPORTING_ORG.ref, type: REPORTING_ORG.type, 'secondary-reporter': '1' })
    .ele('narrative')
    .txt(REPORTING_ORG.name);
  narratives(act.ele('title'), a.title);
  // The standard requires a description; an activity without one is described by its title.
  narratives(act.ele('description', { type: '1' }), a.description ?? a.title);
  for (const p of a.participatingOrganisations) orgElement(act, 'participating-org', p.organisation, { role: ORGANISATION_ROLE[p.role] });
  act.ele('activity-status', { code: ACTIVITY_STATUS[a.status] });
  for (const key of ['plannedStart', 'actualStart', 'plannedEnd', 'actualEnd'] as const) {
    if (a[key]) act.ele('activity-date', { type: ACTIVITY_DATE[key], 'iso-date': a[key] });
  }
  if (a.contact && (a.contact.organisationName || a.contact.personName || a.contact.jobTitle || a.contact.website)) {
    const contact = act.ele('contact-info', { type: '1' });
    if (a.contact.organisationName) contact.ele('organisation').ele('narrative').txt(a.contact.organisationName);
    if (a.contact.personName) contact.ele('person-name').ele('narrative').txt(a.contact.personName);
    if (a.contact.jobTitle) contact.ele('job-title').ele('narrative').txt(a.contact.jobTitle);
    if (a.contact.website) contact.ele('website').txt(a.contact.website);
  }
  const countryShares = percentages(a.recipientCountries.length || 1);
  a.recipientCountries.forEach((code, i) =>
    act.ele('recipient-country', { code, ...(a.recipientCountries.length > 1 ? { percentage: countryShares[i] } : {}) }),
  );
  for (const city of a.cities) {
    if (city.name) act.ele('location', { ref: city.id }).ele('name').ele('narrative').txt(city.name);
  }
  // Sectors: the hub's own theme vocabulary (99: reporting organisation), with the theme's names.
  const sectorShares = percentages(a.themeLabels.length || 1);
  a.themeLabels.forEach((theme, i) => {
    const sector = act.ele('sector', {
      vocabulary: '99',
      code: theme.code,
      ...(a.themeLabels.length > 1 ? { percentage: sectorShares[i] } : {}),
    });
    narratives(sector, theme.name);
  });
  for (const b of a.budgets) {
    const budget = act.ele('budget', { type: BUDGET_TYPE[b.type], status: BUDGET_STATUS[b.status] });
    budget.ele('period-start', { 'iso-date': b.periodStart });
    budget.ele('period-end', { 'iso-date': b.periodEnd });
    budget.ele('value', { currency: b.value.currency, 'value-date': b.value.valueDate ?? b.periodStart }).txt(b.value.amount);
  }
  for (const t of a.transactions) {
    const transaction = act.ele('transaction');
    transaction.ele('transaction-type', { code: TRANSACTION_TYPE[t.type] });
    transaction.ele('transaction-date', { 'iso-date': t.transactionDate });
    transaction.ele('value', { currency: t.value.currency, 'value-date': t.value.valueDate ?? t.transactionDate }).txt(t.value.amount);
    if (t.description) transaction.ele('description').ele('narrative').txt(t.description);
    if (t.provider) orgElement(transaction, 'provider-org', t.provider);
    if (t.receiver) orgElement(transaction, 'receiver-org', t.receiver);
  }
  if (a.parent) act.ele('related-activity', { ref: a.parent.identifier, type: '1' });
  for (const child of a.children) act.ele('related-activity', { ref: child.identifier, type: '2' });
  for (const r of a.results) {
    const result = act.ele('result', { type: RESULT_TYPE[r.type] });
    narratives(result.ele('title'), r.indicator);
    const indicator = result.ele('indicator', { measure: r.unit === '%' ? '2' : '1', ascending: '1' });
    narratives(indicator.ele('title'), r.indicator);
    if (r.baselineYear != null && r.baselineYear > 0) {
      indicator.ele('baseline', { year: String(r.baselineYear), ...(r.baseline != null ? { value: r.baseline } : {}) });
    }
    for (const p of r.periods) {
      const period = indicator.ele('period');
      period.ele('period-start', { 'iso-date': p.periodStart });
      period.ele('period-end', { 'iso-date': p.periodEnd });
      if (p.target != null) period.ele('target', { value: p.target });
      if (p.actual != null) {
        const actual = period.ele('actual', { value: p.actual });
        if (p.comment) actual.ele('comment').ele('narrative').txt(p.comment);
      }
    }
  }
  return root.end({ headless: true, prettyPrint: true, indent: '  ', offset: 1 });
}

/** GET /export/iati/activities.xml: every published activity, written page by page. */
export async function iatiActivities(run: RunQuery, _req: Request, res: Response) {
  const fetchPage = (after: string | null) =>
    run<{ fundingActivities: { nodes: IatiActivity[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(ACTIVITIES_QUERY, {
      after,
      first: PAGE_SIZE,
    }).then((d) => d.fundingActivities);
  let page = await fetchPage(null);
  // The schema requires at least one activity: with none published there is no file to give.
  if (page.nodes.length === 0) throw notFound('No funding activity is published yet.');
  res.status(200).type('application/xml; charset=utf-8');
  res.write(`<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03" generated-datetime="${new Date().toISOString()}">\n`);
  for (;;) {
    if (!res.write(page.nodes.map(activityXml).join('\n') + '\n')) await drained(res);
    if (res.destroyed) return; // the client went away: stop asking for pages
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
    page = await fetchPage(page.pageInfo.endCursor);
  }
  res.end('</iati-activities>\n');
}
