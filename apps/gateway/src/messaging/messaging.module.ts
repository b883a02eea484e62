import { Global, Module } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { ServiceNames } from '@tideline/contracts';
import { loadConfig, serviceClientOptions } from '@tideline/server-kit';
import { GatewayEnv } from '../gateway.env';
import { ServiceBus, serviceClientToken } from './service-bus';

@Global()
@Module({
  imports: [
    ClientsModule.registerAsync(
      ServiceNames.map((service) => ({
        name: serviceClientToken(service),
        useFactory: () => serviceClientOptions(service, loadConfig(GatewayEnv)),
      })),
    ),
  ],
  providers: [ServiceBus],
  exports: [ServiceBus],
})
export class MessagingModule {}
