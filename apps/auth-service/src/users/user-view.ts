import { UserAdminView, UserView } from '@tideline/contracts';
import { User } from './user.entity';

export function toUserView(user: User): UserView {
  return { id: user.id, email: user.email, name: user.name, roles: user.roles };
}

export function toUserAdminView(user: User): UserAdminView {
  return {
    ...toUserView(user),
    disabled: user.disabled,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}
