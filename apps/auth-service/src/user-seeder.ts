import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Roles } from '@tideline/contracts';
import { AuthEnv } from './auth.env';
import { DEMO_USERS } from './demo-users';
import { UsersService } from './users/users.service';

/** Creates the first admin and, when SEED_DEMO_USERS is true, the demo users; never overwrites. */
@Injectable()
export class UserSeeder implements OnApplicationBootstrap {
  constructor(
    private readonly users: UsersService,
    private readonly env: AuthEnv,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const seedDemo = this.env.SEED_DEMO_USERS === 'true';
    const adminPassword = this.env.ADMIN_PASSWORD ?? (seedDemo ? this.env.DEMO_PASSWORD : undefined);
    const accounts = [];
    if (adminPassword) {
      accounts.push({ email: this.env.ADMIN_EMAIL, name: 'Ada Admin', roles: [Roles.admin], password: adminPassword });
    }
    if (seedDemo && this.env.DEMO_PASSWORD) {
      accounts.push(...DEMO_USERS.map((u) => ({ ...u, password: this.env.DEMO_PASSWORD as string })));
    }
    await this.users.seed(accounts);
  }
}
