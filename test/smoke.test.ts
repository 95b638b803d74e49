import { cities } from '../subgraphs/cities';
import { startTestHub, type TestHub } from './helpers';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub([cities]);
});
afterAll(() => hub?.close());

test('the gateway serves the seeded cities', async () => {
  const result = await hub.query<{ city: { name: string; settlementYears: { year: number; decided: number | null }[] } }>(
    `{ city(slug: "trondheim") { name settlementYears { year decided } } }`,
  );
  expect(result.errors).toBeUndefined();
  expect(result.data!.city).toEqual({ name: 'Trondheim', settlementYears: [{ year: 2020, decided: null }, { year: 2022, decided: 740 }, { year: 2023, decided: null }] });
});
