import { ForbiddenException, NotFoundException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../common/auth.decorators';
import { Role } from '../common/role';
import { Training, TrainingTrainer } from './training.entity';

/**
 * docs/roles.md: a trainer records only trainings that list them; IOM staff may too where
 * `iom` is true; admins always. Loads (and, with `lock`, locks) the training, 404 when unknown.
 */
export async function requireTrainingAccess(
  em: EntityManager,
  trainingId: string,
  actor: Actor,
  { iom, ministry = false, lock = false }: { iom: boolean; ministry?: boolean; lock?: boolean },
): Promise<Training> {
  const training = await em.findOne(Training, {
    where: { id: trainingId },
    ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!training) throw new NotFoundException(`No training with id ${trainingId}`);
  if (
    actor.roles.includes(Role.Admin) ||
    (iom && actor.roles.includes(Role.Iom)) ||
    (ministry && actor.roles.includes(Role.Ministry))
  )
    return training;
  if (await em.existsBy(TrainingTrainer, { trainingId, userId: actor.id })) return training;
  throw new ForbiddenException(
    'Only the trainers of this training' +
      (iom ? (ministry ? ', IOM and ministry staff' : ' and IOM staff') : '') +
      ' may do this.',
  );
}
