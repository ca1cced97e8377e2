import { EntityManager, In } from 'typeorm';
import { ValidationFailedException } from '../common/errors';
import { Role } from '../common/role';
import { User } from './user.entity';

/**
 * Every id in `userIds` is an active user with `role` (a case's auditors, a training's trainers);
 * otherwise a 400 naming each id under `field`. One query.
 */
export async function assertActiveWithRole(
  em: EntityManager,
  role: Role,
  field: string,
  userIds: string[],
): Promise<void> {
  if (userIds.length === 0) return;
  const found = await em.find(User, {
    where: { id: In(userIds) },
    select: { id: true, roles: true, active: true },
  });
  const valid = new Set(found.filter((u) => u.active && u.roles.includes(role)).map((u) => u.id));
  const invalid = userIds.filter((id) => !valid.has(id));
  if (invalid.length) {
    throw new ValidationFailedException(
      invalid.map((id) => ({ field, message: `${id} is not an active user with the ${role} role` })),
    );
  }
}
