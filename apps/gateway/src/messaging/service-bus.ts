import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import {
  QueueMessageContract,
  QueueMessagePattern,
  RpcPattern,
  RpcReply,
  RpcRequest,
  ServiceName,
  ServiceNames,
} from '@tideline/contracts';
import { emitToQueue, sendRpc, serviceClientToken } from '@tideline/server-kit';
import { GatewayEnv } from '../gateway.env';

/** The gateway's only way to reach a service: typed by pattern, bounded by RPC_TIMEOUT_MS. */
@Injectable()
export class ServiceBus implements OnApplicationShutdown {
  private readonly clients: Record<ServiceName, ClientProxy>;

  constructor(
    private readonly env: GatewayEnv,
    @Inject(serviceClientToken('auth')) auth: ClientProxy,
    @Inject(serviceClientToken('catalog')) catalog: ClientProxy,
    @Inject(serviceClientToken('sales')) sales: ClientProxy,
    @Inject(serviceClientToken('forecast')) forecast: ClientProxy,
    @Inject(serviceClientToken('planning')) planning: ClientProxy,
  ) {
    this.clients = { auth, catalog, sales, forecast, planning };
  }

  send<P extends RpcPattern>(pattern: P, request: RpcRequest<P>, timeoutMs = this.env.RPC_TIMEOUT_MS): Promise<RpcReply<P>> {
    return sendRpc(this.clientFor(pattern), pattern, request, timeoutMs);
  }

  /** Queues a message for a service without waiting for it: resolves once the broker holds it. */
  emit<P extends QueueMessagePattern>(pattern: P, message: QueueMessageContract[P]): Promise<void> {
    return emitToQueue(this.clientFor(pattern), pattern, message);
  }

  private clientFor(pattern: string): ClientProxy {
    const service = pattern.split('.')[0] as ServiceName;
    if (!ServiceNames.includes(service)) throw new Error(`Pattern ${pattern} names no known service`);
    return this.clients[service];
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(Object.values(this.clients).map((client) => client.close()));
  }
}
