import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ServiceCoreModule, loadConfig } from '@tideline/server-kit';
import { AuthController } from './auth.controller';
import { AuthEnv } from './auth.env';
import { InitialAuthSchema1764000000000 } from './migrations/1764000000000-initial-auth-schema';
import { RefreshToken, Session } from './sessions/session.entity';
import { SessionsService } from './sessions/sessions.service';
import { UserSeeder } from './user-seeder';
import { PasswordHasher } from './users/password-hasher';
import { PasswordPolicy } from './users/password-policy';
import { User } from './users/user.entity';
import { UsersService } from './users/users.service';

export const AUTH_SCHEMA = 'auth';

@Module({
  imports: [
    ServiceCoreModule.forRoot({
      service: 'auth',
      schema: AUTH_SCHEMA,
      env: AuthEnv,
      entities: [User, Session, RefreshToken],
      migrations: [InitialAuthSchema1764000000000],
    }),
    TypeOrmModule.forFeature([User, Session, RefreshToken]),
    JwtModule.registerAsync({
      useFactory: () => {
        const env = loadConfig(AuthEnv);
        return {
          secret: env.JWT_SECRET,
          signOptions: {
            algorithm: 'HS256',
            issuer: env.JWT_ISSUER,
            audience: env.JWT_AUDIENCE,
            expiresIn: env.ACCESS_TOKEN_TTL_SECONDS,
          },
        };
      },
    }),
  ],
  controllers: [AuthController],
  providers: [PasswordHasher, PasswordPolicy, UsersService, SessionsService, UserSeeder],
})
export class AppModule {}
