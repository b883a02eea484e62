import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { loadConfig } from '@tideline/server-kit';
import { GatewayEnv } from './gateway.env';

/** The validated configuration, injectable everywhere as GatewayEnv. */
@Global()
@Module({
  imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: (env) => loadConfig(GatewayEnv, env) })],
  providers: [{ provide: GatewayEnv, useFactory: () => loadConfig(GatewayEnv) }],
  exports: [GatewayEnv],
})
export class GatewayConfigModule {}
