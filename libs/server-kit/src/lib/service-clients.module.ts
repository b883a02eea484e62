import { DynamicModule, Module } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { ServiceName } from '@tideline/contracts';
import { BrokerEnv, loadConfig } from './config';
import { serviceClientOptions } from './rmq-options';

/** Injection token of the ClientProxy that reaches `service`'s queue. */
export const serviceClientToken = (service: ServiceName) => `${service.toUpperCase()}_CLIENT`;

/** ClientProxies for the named services' queues, injectable with `@Inject(serviceClientToken(name))`. */
@Module({})
export class ServiceClientsModule {
  static register(services: readonly ServiceName[]): DynamicModule {
    const clients = ClientsModule.registerAsync(
      services.map((service) => ({
        name: serviceClientToken(service),
        useFactory: () => serviceClientOptions(service, loadConfig(BrokerEnv)),
      })),
    );
    return { module: ServiceClientsModule, imports: [clients], exports: [clients] };
  }
}
