import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { AccessTokenClaims, AuthPatterns, ErrorCodes } from '@tideline/contracts';
import { RemoteCallError } from '@tideline/server-kit';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { createSecretKey } from 'node:crypto';
import { GatewayEnv } from '../gateway.env';
import { ServiceBus } from '../messaging/service-bus';
import { AuthenticatedUser } from './authenticated-user';
import { SessionCache } from './session-cache';

const SESSION_ENDED: string[] = [ErrorCodes.sessionRevoked, ErrorCodes.userDisabled];

/**
 * Verifies the signature with the one algorithm we issue (so `alg: none` or RS/HS confusion is
 * refused), the expiry, issuer and audience; then asks the auth service whether the session is
 * still alive, so logout, reuse detection and disabling a user take effect at once (the answer is
 * remembered for a few seconds by SessionCache, which those events clear).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    env: GatewayEnv,
    private readonly bus: ServiceBus,
    private readonly sessions: SessionCache,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A key object, not the string: jsonwebtoken would otherwise first try (and fail) to read the
      // string as a public key on every request, a fifth of the gateway's time per request.
      secretOrKey: createSecretKey(Buffer.from(env.JWT_SECRET)) as unknown as string,
      algorithms: ['HS256'],
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<AuthenticatedUser> {
    try {
      const user = await this.sessions.verify(claims.sub, claims.sid, () => this.bus.send(AuthPatterns.verifySession, { userId: claims.sub, sessionId: claims.sid }));
      return { ...user, sessionId: claims.sid };
    } catch (error) {
      if (error instanceof RemoteCallError && SESSION_ENDED.includes(error.remote.code)) {
        throw new UnauthorizedException(error.remote.message);
      }
      throw error;
    }
  }
}
