import { Global, Module } from '@nestjs/common';
import { ServiceNames } from '@tideline/contracts';
import { ServiceClientsModule } from '@tideline/server-kit';
import { ServiceBus } from './service-bus';

@Global()
@Module({
  imports: [ServiceClientsModule.register(ServiceNames)],
  providers: [ServiceBus],
  exports: [ServiceBus],
})
export class MessagingModule {}
