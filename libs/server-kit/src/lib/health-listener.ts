import { INestApplication, Logger } from '@nestjs/common';
import { ServiceName } from '@tideline/contracts';
import { Server, createServer } from 'node:http';
import { ServiceHealth } from './service-health';

/**
 * Health over HTTP for an orchestrator's probes (a service takes its requests over the broker and
 * has no other HTTP): GET /health/live answers 200 while the process serves its event loop, GET
 * /health/ready 200 while its database answers too (503 naming what is down). Listens only when
 * HEALTH_PORT is set (0: off, as when many services share one machine).
 */
export function listenForProbes(app: INestApplication, service: ServiceName, port: number): Server | undefined {
  if (port === 0) return undefined;
  const health = app.get(ServiceHealth);
  const server = createServer((req, res) => {
    const answer = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method !== 'GET') return answer(405, { message: 'GET only' });
    if (req.url === '/health/live') return answer(200, { service, status: 'up' });
    if (req.url === '/health/ready') {
      return void health.check(service).then(
        (view) => answer(view.status === 'up' ? 200 : 503, view),
        (error: Error) => answer(503, { service, status: 'down', message: error.message }),
      );
    }
    answer(404, { message: 'GET /health/live or /health/ready' });
  });
  server.listen(port, () => Logger.log(`${service}-service probes on :${port}/health/live and /health/ready`, 'Bootstrap'));
  return server;
}
