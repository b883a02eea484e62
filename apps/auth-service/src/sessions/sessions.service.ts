import { Injectable, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AccessTokenClaims, ErrorCodes, LoginRequest, SessionView, VerifiedSession } from '@tideline/contracts';
import { DomainError, Housekeeping } from '@tideline/server-kit';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuthEnv } from '../auth.env';
import { PasswordHasher } from '../users/password-hasher';
import { User } from '../users/user.entity';
import { toUserView } from '../users/user-view';
import { RefreshToken, Session } from './session.entity';

/** A refusal decided inside a transaction whose other effects (a revocation) must still commit. */
export type Outcome<T> = { ok: T } | { refused: DomainError };

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const invalidCredentials = () => new DomainError(ErrorCodes.invalidCredentials, 'Invalid email or password');
const invalidToken = () => new DomainError(ErrorCodes.tokenInvalid, 'Invalid or expired refresh token');
const tooOld = (sessionId?: string) =>
  new DomainError(ErrorCodes.sessionRevoked, 'This session reached its maximum age; sign in again', sessionId ? { sessionId } : undefined);

@Injectable()
export class SessionsService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly hasher: PasswordHasher,
    private readonly env: AuthEnv,
    private readonly housekeeping: Housekeeping,
  ) {}

  /**
   * Expired refresh tokens go (a used one is kept until then, to catch its reuse), and sessions
   * 30 days after they ended (revoked, or past their maximum age), with their tokens.
   */
  onModuleInit(): void {
    this.housekeeping.register({ what: 'expired refresh tokens', sql: `DELETE FROM auth.refresh_tokens WHERE expires_at < now()` });
    this.housekeeping.register({
      what: 'ended sessions',
      sql: `DELETE FROM auth.sessions WHERE revoked_at < now() - interval '30 days'
              OR created_at < now() - make_interval(secs => $1) - interval '30 days'`,
      params: [this.env.SESSION_MAX_AGE_SECONDS],
    });
  }

  async login(manager: EntityManager, request: LoginRequest): Promise<Outcome<SessionView>> {
    const user = await manager.findOneBy(User, { email: request.email });
    const valid = await this.hasher.verify(user?.passwordHash, request.password);
    if (!user || !valid) return { refused: invalidCredentials() };
    if (user.disabled) return { refused: new DomainError(ErrorCodes.userDisabled, 'This account is disabled') };
    const session = await manager.save(manager.create(Session, { userId: user.id, revokedAt: null, revokedReason: null }));
    return { ok: await this.issue(manager, user, session) };
  }

  /**
   * Exchanges a refresh token for a new pair. Each token works once: presenting a used one
   * means it was stolen or replayed, so its whole session (every successor) is revoked.
   */
  async refresh(manager: EntityManager, refreshToken: string): Promise<Outcome<SessionView>> {
    const token = await manager.findOne(RefreshToken, {
      where: { tokenHash: hashToken(refreshToken) },
      lock: { mode: 'pessimistic_write' },
    });
    if (!token) return { refused: invalidToken() };
    const session = await manager.findOneByOrFail(Session, { id: token.sessionId });
    // The session's id goes with each refusal: gateways forget the session at once (their SessionCache).
    if (session.revokedAt) return { refused: new DomainError(ErrorCodes.sessionRevoked, 'This session has ended; sign in again', { sessionId: session.id }) };
    if (this.tooOld(session)) {
      await this.revoke(manager, session.id, 'maximum session age');
      return { refused: tooOld(session.id) };
    }
    if (token.usedAt) {
      await this.revoke(manager, session.id, 'refresh token reuse');
      return { refused: new DomainError(ErrorCodes.refreshReused, 'Refresh token already used; the session has been revoked', { sessionId: session.id }) };
    }
    if (token.expiresAt.getTime() <= Date.now()) return { refused: invalidToken() };
    const user = await manager.findOneByOrFail(User, { id: session.userId });
    if (user.disabled) return { refused: new DomainError(ErrorCodes.userDisabled, 'This account is disabled') };
    token.usedAt = new Date();
    await manager.save(token);
    return { ok: await this.issue(manager, user, session) };
  }

  async logout(sessionId: string): Promise<{ revoked: boolean }> {
    const result = await this.revoke(this.dataSource.manager, sessionId, 'logout');
    return { revoked: (result.affected ?? 0) > 0 };
  }

  /** Called by the gateway on every authenticated request: is the session alive, and who is it now? */
  async verify(userId: string, sessionId: string): Promise<VerifiedSession> {
    const session = await this.dataSource.manager.findOneBy(Session, { id: sessionId, userId });
    if (!session || session.revokedAt) throw new DomainError(ErrorCodes.sessionRevoked, 'This session has ended; sign in again');
    if (this.tooOld(session)) throw tooOld();
    const user = await this.dataSource.manager.findOneByOrFail(User, { id: userId });
    if (user.disabled) throw new DomainError(ErrorCodes.userDisabled, 'This account is disabled');
    // When it ends at the latest: a gateway remembers the session no longer than that.
    const sessionEndsAt = new Date(session.createdAt.getTime() + this.env.SESSION_MAX_AGE_SECONDS * 1000).toISOString();
    return { ...toUserView(user), sessionEndsAt };
  }

  /** A login lasts at most SESSION_MAX_AGE_SECONDS, however often its tokens are refreshed. */
  private tooOld(session: Session): boolean {
    return session.createdAt.getTime() + this.env.SESSION_MAX_AGE_SECONDS * 1000 <= Date.now();
  }

  revokeAllOfUser(manager: EntityManager, userId: string, reason: string) {
    return this.revokeWhere(manager, 'user_id = :id', userId, reason);
  }

  private revoke(manager: EntityManager, sessionId: string, reason: string) {
    return this.revokeWhere(manager, 'id = :id', sessionId, reason);
  }

  private revokeWhere(manager: EntityManager, condition: string, id: string, reason: string) {
    return manager
      .createQueryBuilder()
      .update(Session)
      .set({ revokedAt: () => 'now()', revokedReason: reason })
      .where(`${condition} AND revoked_at IS NULL`, { id })
      .execute();
  }

  private async issue(manager: EntityManager, user: User, session: Session): Promise<SessionView> {
    const refreshToken = randomBytes(32).toString('base64url');
    await manager.save(
      manager.create(RefreshToken, {
        sessionId: session.id,
        tokenHash: hashToken(refreshToken),
        expiresAt: new Date(Date.now() + this.env.REFRESH_TOKEN_TTL_SECONDS * 1000),
        usedAt: null,
      }),
    );
    const claims: AccessTokenClaims = { sub: user.id, sid: session.id, email: user.email, name: user.name, roles: user.roles };
    const accessToken = await this.jwt.signAsync(claims);
    return { accessToken, refreshToken, expiresIn: this.env.ACCESS_TOKEN_TTL_SECONDS, user: toUserView(user) };
  }
}
