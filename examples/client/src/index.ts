import { request } from './client';
import { CityProfile, NorwegianCities } from './operations';

/** `node dist/index.js [gateway URL]`: prints two answers, typed end to end. */
async function main() {
  const url = process.argv[2] ?? 'http://localhost:4000/graphql';
  const cities = await request(url, NorwegianCities, { first: 5 });
  for (const edge of cities.answer.data?.cities.edges ?? []) console.log(edge.node.name);
  const profile = await request(url, CityProfile, { slug: 'goteborg' });
  const city = profile.answer.data?.city;
  if (city)
    console.log(`${city.name} (${city.countryCode}): ${city.memberships.length} memberships, cache-control ${profile.cacheControl}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
