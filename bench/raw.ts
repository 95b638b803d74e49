import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The floor of the side-by-side benchmark: a hand-written node:http + SQL endpoint that answers the
 * benchmark's three operations with the same JSON as the hub, for an anonymous caller (published
 * data only), with as few statements as a person writing SQL by hand would send. No GraphQL parsing,
 * no ORM, no federation: what is left is HTTP, the database round trips and JSON.
 *
 * `query(schema, sql, params)` runs one statement; `?` are the placeholders, arrays are passed as
 * Postgres array literals (`?::uuid[]`), so the same SQL runs through pg and through knex.
 */
export type RawQuery = (sql: string, params: unknown[]) => Promise<Record<string, any>[]>;

export const pgArray = (values: string[]) => `{${values.join(',')}}`;

export interface RawOperations {
  one: () => Promise<unknown>;
  two: () => Promise<unknown>;
  four: () => Promise<unknown>;
}

/** The schema of each subgraph's tables (server: one schema per subgraph, as the hub lays them). */
export function rawOperations(
  query: RawQuery,
  schemas: { cities: string; meetings: string; funding: string; peerReviews: string },
): RawOperations {
  const c = schemas.cities;
  const m = schemas.meetings;
  const f = schemas.funding;
  const p = schemas.peerReviews;
  return {
    // { cities(first: 20) { nodes { id name population settlementYears { year decided } } } }
    async one() {
      const cities = await query(
        `select id, name, population from "${c}".city where deleted_at is null order by name asc, id asc limit 20`,
        [],
      );
      const years = await query(
        `select city_id, year, decided from "${c}".settlement_year where deleted_at is null and city_id = any(?::uuid[]) order by year asc, id asc`,
        [pgArray(cities.map((r) => r.id))],
      );
      return {
        cities: {
          nodes: cities.map((r) => ({
            id: r.id,
            name: r.name,
            population: r.population,
            settlementYears: years.filter((y) => y.city_id === r.id).map((y) => ({ year: y.year, decided: y.decided })),
          })),
        },
      };
    },
    // { fundingActivities(first: 20) { nodes { identifier cities { name } } } }
    async two() {
      const activities = await query(
        `select identifier, participating_city_ids, recipient_city_ids from "${f}".funding_activity
         where deleted_at is null and published = true order by start_date desc, id asc limit 20`,
        [],
      );
      const ids = [...new Set(activities.flatMap((a) => [...a.participating_city_ids, ...a.recipient_city_ids]))];
      const cities = await query(`select id, name from "${c}".city where deleted_at is null and id = any(?::uuid[])`, [pgArray(ids)]);
      const names = new Map(cities.map((r) => [r.id, r.name]));
      return {
        fundingActivities: {
          nodes: activities.map((a) => ({
            identifier: a.identifier,
            cities: [...new Set([...a.participating_city_ids, ...a.recipient_city_ids])].map((id) => ({ name: names.get(id) ?? null })),
          })),
        },
      };
    },
    // { cities(first: 5) { nodes { name meetingsAttended { id } fundingActivities { identifier } reviewsHosted { id } } } }
    async four() {
      const cities = await query(`select id, name from "${c}".city where deleted_at is null order by name asc, id asc limit 5`, []);
      const ids = pgArray(cities.map((r) => r.id));
      const [meetings, activities, reviews] = await Promise.all([
        query(
          `select distinct p.city_id, x.id, x.sort_at from "${m}".participant p join "${m}".meeting x on x.id = p.meeting_id
           where p.deleted_at is null and x.deleted_at is null and x.status <> 'DRAFT' and p.city_id = any(?::uuid[])
           order by x.sort_at desc, x.id asc`,
          [ids],
        ),
        query(
          `select identifier, participating_city_ids, recipient_city_ids from "${f}".funding_activity
           where deleted_at is null and published = true and (participating_city_ids && ?::text[] or recipient_city_ids && ?::text[])
           order by start_date desc, identifier asc, id asc`,
          [ids, ids],
        ),
        query(
          `select id, host_city_id from "${p}".peer_review where deleted_at is null and status in ('REPORTED', 'FOLLOW_UP', 'CLOSED')
           and host_city_id = any(?::uuid[]) order by visit_start desc, id asc`,
          [ids],
        ),
      ]);
      return {
        cities: {
          nodes: cities.map((r) => ({
            name: r.name,
            meetingsAttended: meetings.filter((x) => x.city_id === r.id).map((x) => ({ id: x.id })),
            fundingActivities: activities
              .filter((a) => a.participating_city_ids.includes(r.id) || a.recipient_city_ids.includes(r.id))
              .map((a) => ({ identifier: a.identifier })),
            reviewsHosted: reviews.filter((x) => x.host_city_id === r.id).map((x) => ({ id: x.id })),
          })),
        },
      };
    },
  };
}

/** POST /graphql with `{"operationName": "one" | "two" | "four"}`; nothing else is understood. */
export async function startRawServer(
  operations: RawOperations,
  port = 0,
): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      let status = 200;
      let body: unknown;
      try {
        const { operationName } = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        const operation = operations[operationName as keyof RawOperations];
        if (!operation) {
          status = 400;
          body = { errors: [{ message: 'Unknown operation.' }] };
        } else {
          body = { data: await operation() };
        }
      } catch (error) {
        status = 500;
        body = { errors: [{ message: String(error) }] };
      }
      const json = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
      res.end(json);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return {
    url,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
