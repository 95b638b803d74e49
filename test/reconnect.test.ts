import { Client } from 'pg';
import { cities } from '../subgraphs/cities';
import { startTestHub, type TestHub } from './helpers';

/**
 * A PostgreSQL server that drops the hub's connections (a restart, a failover, an administrator's
 * pg_terminate_backend) costs no request and no committed write: the pool replaces the dead
 * connections. Only on a server (DATABASE_URL): the embedded database has no connections to lose.
 * The hub's own scratch database is the only one touched; the shared server keeps running.
 */
const onServer = process.env.DATABASE_URL ? describe : describe.skip;

onServer('a PostgreSQL server that drops the connections', () => {
  let hub: TestHub;
  let admin: string;
  let databaseName: string;

  beforeAll(async () => {
    hub = await startTestHub([cities], { shared: false }); // its connections are cut
    admin = await hub.token({ roles: ['admin'] });
    const [row] = await hub.subgraphs.cities.database
      .fork()
      .getConnection()
      .execute<{ name: string }[]>('select current_database() as name');
    databaseName = row.name;
  });
  afterAll(() => hub?.close());

  /** Terminates every connection of the hub's scratch database; returns how many there were. */
  async function terminateHubConnections() {
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const result = await client.query(
        'select pg_terminate_backend(pid) as terminated from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [databaseName],
      );
      return result.rows.filter((r) => r.terminated).length;
    } finally {
      await client.end();
    }
  }

  const createCity = (slug: string) =>
    hub.query(
      `mutation($slug: String!) { createCity(input: { slug: $slug, name: $slug, countryCode: "DK" }) { slug } }`,
      { slug },
      { token: admin },
    );

  test('the next request after the connections were terminated succeeds, and no committed write is lost', async () => {
    const written: string[] = [];
    for (let i = 0; i < 5; i++) {
      const result = await createCity(`before-${i}`);
      expect(result).toEqual({ status: 200, data: { createCity: { slug: `before-${i}` } } });
      written.push(`before-${i}`);
    }
    expect(await terminateHubConnections()).toBeGreaterThan(0);

    const slugs = (result: { data?: any }) => result.data.cities.nodes.map((n: { slug: string }) => n.slug).sort();
    const read = await hub.query(`{ cities(country: "DK", first: 50) { totalCount nodes { slug } } }`);
    expect(read.errors).toBeUndefined();
    expect(read.data.cities.totalCount).toBe(written.length);
    expect(slugs(read)).toEqual(written);

    const after = await createCity('after-terminate');
    expect(after).toEqual({ status: 200, data: { createCity: { slug: 'after-terminate' } } });

    expect(await terminateHubConnections()).toBeGreaterThan(0);
    const writes = await Promise.all([0, 1, 2].map((i) => createCity(`parallel-after-${i}`)));
    expect(writes.map((w) => w.errors)).toEqual([undefined, undefined, undefined]);
    const final = await hub.query(`{ cities(country: "DK", first: 50) { nodes { slug } } }`);
    expect(final.errors).toBeUndefined();
    expect(slugs(final)).toEqual([...written, 'after-terminate', 'parallel-after-0', 'parallel-after-1', 'parallel-after-2'].sort());
  });
});
