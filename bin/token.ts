import { parseArgs } from 'node:util';
import { ConfigError, identitySpecs, readEnv } from '../shared/config';
import { mintToken, ROLES, type Role } from '../shared/identity';
import { isUuid } from '../shared/lookup';
import { sampleIds } from '../shared/sample-ids';

/**
 * `npm run token -- --role municipality --city trondheim [--sub name] [--expires 12h]` prints a
 * development bearer token signed with HUB_JWT_SECRET. --city and --organisation take an id, or the
 * slug of a city or organisation of the sample data.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true, default: [] },
      sub: { type: 'string' },
      name: { type: 'string' },
      city: { type: 'string' },
      organisation: { type: 'string' },
      expires: { type: 'string', default: '12h' },
    },
  });
  const roles = values.role as string[];
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (roles.length === 0 || unknown.length > 0) {
    throw new ConfigError(`--role must be one of ${ROLES.join(', ')} (repeat it for several).`);
  }
  const env = readEnv(identitySpecs);
  const token = await mintToken(
    env.HUB_JWT_SECRET as string,
    {
      subject: values.sub ?? `dev-${roles.join('-')}`,
      name: values.name,
      roles: roles as Role[],
      cityId: values.city && !isUuid(values.city) ? sampleIds.city(values.city) : values.city,
      organisationId: values.organisation && !isUuid(values.organisation) ? sampleIds.organisation(values.organisation) : values.organisation,
    },
    values.expires,
  );
  console.log(token);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
