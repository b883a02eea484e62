import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  CreateUserRequest,
  ErrorCodes,
  ListUsersQuery,
  Page,
  ResetPasswordCommand,
  Roles,
  UpdateUserCommand,
  UserAdminView,
} from '@tideline/contracts';
import { DomainError, containsPattern, listPage } from '@tideline/server-kit';
import { EntityManager, QueryFailedError, Repository } from 'typeorm';
import { SessionsService } from '../sessions/sessions.service';
import { PasswordHasher } from './password-hasher';
import { PasswordPolicy } from './password-policy';
import { User } from './user.entity';
import { toUserAdminView } from './user-view';

const SORTABLE = ['email', 'name', 'createdAt'] as const;

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly sessions: SessionsService,
  ) {}

  list(query: ListUsersQuery): Promise<Page<UserAdminView>> {
    const qb = this.users.createQueryBuilder('u');
    if (query.q) qb.where('(u.email ILIKE :q OR u.name ILIKE :q)', { q: containsPattern(query.q) });
    return listPage(qb, query, { sortable: SORTABLE, defaultSort: 'email', view: toUserAdminView });
  }

  async create(manager: EntityManager, request: CreateUserRequest): Promise<UserAdminView> {
    this.policy.check(request.password, request);
    return this.insert(manager, request);
  }

  private async insert(manager: EntityManager, request: CreateUserRequest): Promise<UserAdminView> {
    const existing = await manager.findOneBy(User, { email: request.email });
    if (existing) throw new DomainError(ErrorCodes.emailTaken, `A user with email ${request.email} already exists`, { field: 'email' });
    const user = manager.create(User, {
      email: request.email,
      name: request.name,
      roles: request.roles,
      passwordHash: await this.hasher.hash(request.password),
      disabled: false,
    });
    return toUserAdminView(await manager.save(user));
  }

  async update(manager: EntityManager, command: UpdateUserCommand): Promise<UserAdminView> {
    const user = await this.lockUser(manager, command.id);
    const losesAdmin =
      user.roles.includes(Roles.admin) &&
      ((command.roles !== undefined && !command.roles.includes(Roles.admin)) || command.disabled === true);
    if (losesAdmin) await this.ensureAnotherAdmin(manager, user.id);
    if (command.name !== undefined) user.name = command.name;
    if (command.roles !== undefined) user.roles = command.roles;
    if (command.disabled !== undefined) user.disabled = command.disabled;
    const saved = await manager.save(user);
    if (command.disabled) await this.sessions.revokeAllOfUser(manager, user.id, 'user disabled');
    return toUserAdminView(saved);
  }

  async resetPassword(manager: EntityManager, command: ResetPasswordCommand): Promise<UserAdminView> {
    const user = await this.lockUser(manager, command.id);
    this.policy.check(command.password, user);
    user.passwordHash = await this.hasher.hash(command.password);
    const saved = await manager.save(user);
    await this.sessions.revokeAllOfUser(manager, user.id, 'password reset');
    return toUserAdminView(saved);
  }

  /** Creates each missing user; an existing account (and its password) is left as it is. */
  async seed(users: Array<Omit<CreateUserRequest, 'roles'> & { roles: CreateUserRequest['roles'] }>): Promise<number> {
    let created = 0;
    for (const user of users) {
      const exists = await this.users.existsBy({ email: user.email });
      if (exists) continue;
      // The strength check is the admin's and the user's concern: seeded passwords come from the
      // operator's environment (and the demo password is public anyway).
      const inserted = await this.users.manager.transaction((m) => this.insert(m, user)).then(
        () => true,
        (error) => {
          if (lostSeedRace(error)) return false;
          throw error;
        },
      );
      if (inserted) created++;
    }
    if (created > 0) this.logger.log(`Seeded ${created} user(s)`);
    return created;
  }

  private async lockUser(manager: EntityManager, id: string): Promise<User> {
    const user = await manager.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!user) throw new DomainError(ErrorCodes.userNotFound, `No user with id ${id}`, { id });
    return user;
  }

  private async ensureAnotherAdmin(manager: EntityManager, exceptId: string) {
    const others = await manager
      .createQueryBuilder(User, 'u')
      .where(':admin = ANY(u.roles)', { admin: Roles.admin })
      .andWhere('u.disabled = false')
      .andWhere('u.id <> :id', { id: exceptId })
      .getCount();
    if (others === 0) {
      throw new DomainError(ErrorCodes.lastAdmin, 'The last active admin cannot lose the admin role or be disabled');
    }
  }
}

/** Another instance seeding at the same moment created the account first: seen before the insert, or by the unique index. */
function lostSeedRace(error: unknown): boolean {
  if (error instanceof DomainError) return error.code === ErrorCodes.emailTaken;
  return error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';
}
