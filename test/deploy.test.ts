import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { envPrefix, readVariables } from '../shared/config';
import { PROJECT_ROOT } from '../shared/paths';
import { hubOptionsFromEnv } from '../gateway/env';
import { SUBGRAPHS } from '../subgraphs';

/**
 * The deployment files (Dockerfile, compose.yaml, deploy/k8s/) are not run in CI (no container
 * runtime there): this test checks that what they say agrees with the code — ports, variable names,
 * probe paths, roles and where the secrets come from.
 */
const read = (path: string) => readFileSync(join(PROJECT_ROOT, path), 'utf8');
const READY = '/ready';
const LIVE = '/live';

// what the code reads: every variable validated when the one-process hub reads its configuration,
// and the subgraph URLs the gateway alone reads
const defaults = hubOptionsFromEnv({});
const KNOWN = new Set([...readVariables, ...SUBGRAPHS.map((s) => `${envPrefix(s.name)}_URL`), 'NODE_ENV']);
const GATEWAY_PORT = defaults.gatewayPort;
const subgraphPort = (name: string) => SUBGRAPHS.find((s) => s.name === name)!.defaultPort;
const SECRETS = ['HUB_JWT_SECRET', 'HUB_INTERNAL_SECRET'];

type Env = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };

describe('compose.yaml', () => {
  const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, any> };
  const services = compose.services;

  test('has a PostgreSQL server, each subgraph and the gateway as their own services', () => {
    expect(Object.keys(services).sort()).toEqual(['gateway', 'postgres', ...SUBGRAPHS.map((s) => s.name)].sort());
    expect(services.postgres.image).toMatch(/^postgres:/);
  });

  test.each(SUBGRAPHS.map((s) => s.name))('%s: its role, its default port, a /ready health check and the database', (name) => {
    const service = services[name];
    const port = subgraphPort(name);
    expect(service.command).toEqual([name]);
    expect(service.environment[`${envPrefix(name)}_PORT`]).toBe(String(port));
    expect(service.expose).toEqual([String(port)]);
    expect(service.healthcheck.test.join(' ')).toContain(`127.0.0.1:${port}${READY}`);
    expect(service.environment.DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
    expect(service.depends_on.postgres.condition).toBe('service_healthy');
  });

  test('the gateway finds every subgraph at its service and port, and waits for them to be ready', () => {
    const gateway = services.gateway;
    expect(gateway.command).toEqual(['gateway']);
    expect(gateway.environment.HUB_GATEWAY_PORT).toBe(String(GATEWAY_PORT));
    expect(gateway.ports).toEqual([`${GATEWAY_PORT}:${GATEWAY_PORT}`]);
    expect(gateway.healthcheck.test.join(' ')).toContain(`127.0.0.1:${GATEWAY_PORT}${READY}`);
    for (const s of SUBGRAPHS) {
      expect(gateway.environment[`${envPrefix(s.name)}_URL`]).toBe(`http://${s.name}:${s.defaultPort}/graphql`);
      expect(gateway.depends_on[s.name].condition).toBe('service_healthy');
    }
  });

  test('every variable it sets is one the code reads; secrets are required from the environment, never written', () => {
    for (const [name, service] of Object.entries(services)) {
      if (name === 'postgres') continue;
      for (const [variable, value] of Object.entries(service.environment as Record<string, string>)) {
        expect([name, variable, KNOWN.has(variable)]).toEqual([name, variable, true]);
        if (SECRETS.includes(variable)) expect(value).toMatch(new RegExp(`^\\$\\{${variable}:\\?`));
      }
      expect(service.environment.NODE_ENV).toBe('production');
    }
  });
});

describe('deploy/k8s', () => {
  const dir = join(PROJECT_ROOT, 'deploy', 'k8s');
  const docs = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS()))
    .filter(Boolean);
  const deployments: Record<string, any> = Object.fromEntries(docs.filter((d) => d.kind === 'Deployment').map((d) => [d.metadata.name, d]));
  const services: Record<string, any> = Object.fromEntries(docs.filter((d) => d.kind === 'Service').map((d) => [d.metadata.name, d]));
  const configMap = docs.find((d) => d.kind === 'ConfigMap');

  test('kustomization lists every manifest', () => {
    const kustomization = parse(read('deploy/k8s/kustomization.yaml'));
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());
  });

  test.each(['gateway', ...SUBGRAPHS.map((s) => s.name)])('%s: role, port, Service, /ready and /live probes, non-root', (name) => {
    const deployment = deployments[name];
    const port = name === 'gateway' ? GATEWAY_PORT : subgraphPort(name);
    const pod = deployment.spec.template.spec;
    const [container] = pod.containers;
    expect(container.args).toEqual([name]);
    expect(container.ports).toEqual([{ name: 'http', containerPort: port }]);
    expect(container.readinessProbe.httpGet).toEqual({ path: READY, port });
    expect(container.livenessProbe.httpGet).toEqual({ path: LIVE, port });
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    const env = container.env as Env[];
    const portVariable = name === 'gateway' ? 'HUB_GATEWAY_PORT' : `${envPrefix(name)}_PORT`;
    expect(env.find((e) => e.name === portVariable)?.value).toBe(String(port));
    expect(services[name].spec.ports).toEqual([{ name: 'http', port, targetPort: 'http' }]);
    expect(services[name].spec.selector).toEqual(deployment.spec.template.metadata.labels);
  });

  test('the gateway is stateless with several replicas, and finds each subgraph at its Service', () => {
    const gateway = deployments.gateway;
    expect(gateway.spec.replicas).toBeGreaterThan(1);
    expect(gateway.spec.template.spec.volumes.every((v: { emptyDir?: object }) => v.emptyDir)).toBe(true);
    const env = gateway.spec.template.spec.containers[0].env as Env[];
    for (const s of SUBGRAPHS) {
      expect(env.find((e) => e.name === `${envPrefix(s.name)}_URL`)?.value).toBe(
        `http://${services[s.name].metadata.name}:${s.defaultPort}/graphql`,
      );
    }
  });

  test('secrets come from the Secret; every variable set is one the code reads', () => {
    const literal = Object.keys(configMap.data);
    for (const variable of literal) expect([variable, KNOWN.has(variable)]).toEqual([variable, true]);
    for (const secret of SECRETS) expect(literal).not.toContain(secret);
    for (const [name, deployment] of Object.entries(deployments)) {
      const env = deployment.spec.template.spec.containers[0].env as Env[];
      for (const e of env) expect([name, e.name, KNOWN.has(e.name)]).toEqual([name, e.name, true]);
      for (const secret of SECRETS) {
        const entry = env.find((e) => e.name === secret);
        expect(entry?.value).toBeUndefined();
        expect(entry?.valueFrom?.secretKeyRef?.name).toBe('intercity-hub');
      }
      if (name !== 'gateway') expect(env.find((e) => e.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef?.key).toBe('database-url');
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const entrypoint = read('deploy/entrypoint.sh');

  test('builds in one stage and runs in another, as a non-root user, the role given', () => {
    expect(dockerfile.match(/^FROM /gm)!.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^COPY --from=build /m);
    const users = [...dockerfile.matchAll(/^USER (\S+)/gm)].map((m) => m[1]);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)$/);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["hub-role"\]/m);
    expect(dockerfile).toMatch(/^COPY schema schema/m); // the gateway serves the checked-in supergraph
  });

  test('the entrypoint starts the gateway, the hub and each subgraph, with the compiled scripts that exist', () => {
    const roles = /^\s*cities\|[^)]*\)/m.exec(entrypoint)![0].replace(')', '').trim().split('|');
    expect(roles.sort()).toEqual(SUBGRAPHS.map((s) => s.name).sort());
    for (const script of entrypoint.match(/dist\/bin\/[\w-]+\.js/g)!) {
      const source = script.replace(/^dist\//, '').replace(/\.js$/, '.ts');
      expect(() => read(source)).not.toThrow();
    }
    expect(entrypoint).toMatch(/gateway\) exec node dist\/bin\/start-gateway\.js/);
  });

  test('the image exposes the default ports', () => {
    const exposed = /^EXPOSE (.+)$/m.exec(dockerfile)![1].split(/\s+/).map(Number);
    expect(exposed.sort()).toEqual([GATEWAY_PORT, ...SUBGRAPHS.map((s) => s.defaultPort)].sort());
  });
});
