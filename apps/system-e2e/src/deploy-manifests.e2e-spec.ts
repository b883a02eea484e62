import { workQueue } from '@tideline/contracts';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

const ROOT = path.resolve(__dirname, '../../..');
const SERVICES = ['auth-service', 'catalog-service', 'sales-service', 'forecast-service', 'planning-service'];
const WEB_APPS = ['forecasting-web', 'planning-web'];
/** Variables that wire a process rather than configure it: which app the image runs, its mode, its own database URL. */
const WIRING = new Set(['APP', 'NODE_ENV', 'DATABASE_URL']);
/** A config error stops every app at once with this exit code (EX_CONFIG). */
const CONFIG_ERROR = 78;

type Manifest = { kind: string; metadata: { name: string; labels?: Record<string, string> }; spec?: any; data?: Record<string, string> };
type Container = { name: string; image: string; env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }>; envFrom?: any[]; ports?: any[]; readinessProbe?: any; livenessProbe?: any };

const dotEnvExample = new Set(
  fs
    .readFileSync(path.join(ROOT, '.env.example'), 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => line.split('=')[0]),
);

/** Renders deploy/kubernetes with `kubectl kustomize`, after writing its secrets.env as make-secrets.sh does from an environment. */
function render(): Manifest[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tideline-kustomize-'));
  try {
    fs.cpSync(path.join(ROOT, 'deploy/kubernetes'), dir, { recursive: true });
    const secrets = execFileSync('sh', [path.join(dir, 'make-secrets.sh')], {
      env: { PATH: process.env['PATH'], DATABASE_HOST: 'postgres.example:5432', POSTGRES_PASSWORD: 'superuser-password', RABBITMQ_HOST: 'rabbitmq.example:5672', REDIS_URL: 'redis://redis.example:6379' },
      encoding: 'utf8',
    });
    fs.writeFileSync(path.join(dir, 'secrets.env'), secrets);
    const yaml = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
    return parseAllDocuments(yaml).map((doc) => doc.toJSON());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('deployment manifests: deploy/kubernetes rendered by kubectl kustomize, and docker-compose.yml', () => {
  const manifests = render();
  const find = (kind: string, name: string) => {
    const found = manifests.find((m) => m.kind === kind && m.metadata.name.startsWith(name));
    if (!found) throw new Error(`no ${kind} ${name} in the rendered manifests`);
    return found;
  };
  const config = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name.startsWith('tideline-config'))?.data ?? {};
  const secret = find('Secret', 'tideline-secrets');
  const secretValue = (key: string) => {
    if (!secret.data || !(key in secret.data)) throw new Error(`the secret has no ${key}`);
    return Buffer.from(secret.data[key], 'base64').toString('utf8');
  };
  const containerOf = (deployment: Manifest): Container => deployment.spec.template.spec.containers[0];
  /** The environment a Deployment's container gets: the config map, its own variables, and a whole secret it takes. */
  const environmentOf = (container: Container): Record<string, string> => {
    const env: Record<string, string> = {};
    for (const source of container.envFrom ?? []) {
      if (source.configMapRef) Object.assign(env, config);
      if (source.secretRef) for (const key of Object.keys(secret.data ?? {})) env[key] = secretValue(key);
    }
    for (const variable of container.env ?? []) env[variable.name] = variable.value ?? secretValue(variable.valueFrom?.secretKeyRef.key ?? '');
    return env;
  };

  it('holds a Deployment for every service, the gateway and both web apps, each running its own app', () => {
    for (const app of [...SERVICES, 'gateway']) {
      const container = containerOf(find('Deployment', app));
      expect(container.image).toMatch(/tideline\/server:/);
      expect(environmentOf(container)['APP']).toBe(app);
    }
    for (const app of WEB_APPS) expect(containerOf(find('Deployment', app)).image).toMatch(new RegExp(`tideline/${app}:`));
  });

  it('probes every service on its health port, and the gateway on its port', () => {
    for (const app of SERVICES) {
      const container = containerOf(find('Deployment', app));
      expect(container.ports).toEqual([{ name: 'probes', containerPort: Number(config['HEALTH_PORT']) }]);
      expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'probes' });
      expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'probes' });
    }
    const gateway = containerOf(find('Deployment', 'gateway'));
    expect(gateway.ports).toEqual([{ name: 'http', containerPort: Number(config['GATEWAY_PORT']) }]);
    expect(gateway.readinessProbe.tcpSocket.port).toBe('http');
    expect(find('Service', 'gateway').spec.ports).toEqual([{ name: 'http', port: Number(config['GATEWAY_PORT']), targetPort: 'http' }]);
  });

  it('sets only variables that .env.example documents, and every secret each container names exists', () => {
    for (const key of Object.keys(config)) expect(WIRING.has(key) || dotEnvExample.has(key) ? key : `${key} (not in .env.example)`).toBe(key);
    for (const deployment of manifests.filter((m) => m.kind === 'Deployment' || m.kind === 'Job')) {
      for (const container of deployment.spec.template.spec.containers as Container[]) {
        for (const variable of container.env ?? []) {
          expect(WIRING.has(variable.name) || dotEnvExample.has(variable.name) ? variable.name : `${variable.name} (not in .env.example)`).toBe(variable.name);
          if (variable.valueFrom) expect(secretValue(variable.valueFrom.secretKeyRef.key)).not.toBe('');
        }
      }
    }
  });

  // Each app checks its configuration first thing and stops with exit code 78 naming what is wrong;
  // given the Deployment's environment, it must get past that (then it fails to reach the example hosts).
  it.each([...SERVICES, 'gateway'])('starts %s past its configuration check with its Deployment environment', async (app) => {
    const env = { ...environmentOf(containerOf(find('Deployment', app))), PATH: process.env['PATH'] ?? '' };
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/apps', app, 'main.js')], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => (child.kill('SIGKILL'), resolve(null)), 4000);
      child.once('exit', (exitCode) => (clearTimeout(timer), resolve(exitCode)));
    });
    expect({ app, code: code === CONFIG_ERROR ? `config error: ${stderr}` : 'configured' }).toEqual({ app, code: 'configured' });
  });

  it('puts both web apps behind one ingress, /api going to the gateway', () => {
    const rules: Array<{ host: string; http: { paths: Array<{ path: string; backend: { service: { name: string; port: { name: string } } } }> } }> = find('Ingress', 'tideline').spec.rules;
    expect(rules).toHaveLength(WEB_APPS.length);
    WEB_APPS.forEach((app, i) => {
      const backends = Object.fromEntries(rules[i].http.paths.map((p) => [p.path, p.backend.service.name]));
      expect(backends).toEqual({ '/api': 'gateway', '/': app });
      expect(find('Service', app).spec.ports[0].name).toBe('http');
    });
  });

  it('scales the forecast workers with KEDA on the depth of their work queue', () => {
    const scaler = find('ScaledObject', 'forecast-service');
    expect(scaler.spec.scaleTargetRef.name).toBe(find('Deployment', 'forecast-service').metadata.name);
    expect(scaler.spec.triggers[0]).toMatchObject({ type: 'rabbitmq', metadata: { queueName: workQueue('forecast'), mode: 'QueueLength' } });
    const auth = find('TriggerAuthentication', scaler.spec.triggers[0].authenticationRef.name);
    expect(secretValue(auth.spec.secretTargetRef[0].key)).toMatch(/^amqp:\/\/tideline-forecast:/);
  });

  it('lets docker compose scale any service: no fixed container names, host ports only on the gateway and web apps, probes on each service', () => {
    const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true });
    for (const [name, service] of Object.entries<any>(compose.services)) {
      expect({ name, containerName: service.container_name }).toEqual({ name, containerName: undefined });
      if (service.ports) expect(['gateway', ...WEB_APPS]).toContain(name);
    }
    for (const app of SERVICES) {
      expect(compose.services[app].environment.HEALTH_PORT).toBe(config['HEALTH_PORT']);
      expect(compose.services[app].healthcheck.test.join(' ')).toContain(`127.0.0.1:${config['HEALTH_PORT']}/health/ready`);
    }
  });
});
