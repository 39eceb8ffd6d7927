/**
 * What a staff session may reach: an entity only through a grant, and on it only what the grant's
 * role allows (`staffRoleOf` in the SDK says what each admin endpoint needs). Every refusal has its
 * code: `entity_not_granted` (no entity named, or one not granted, whether it exists or not) and
 * `role_forbidden`.
 */
import { roleAllows, type StaffRole } from '@pagatore/sdk';
import type { AppDeps } from '../core/deps.js';
import { ApiError } from '../core/errors.js';
import type { EntityRow } from '../db/schema/index.js';
import { selectGrant } from '../db/stores/staff.js';
import { findEntity } from '../entities/entities.js';

/**
 * The entity a staff member acts on, checked against their grant and the role needed.
 * @example const { entity, role } = await authorizeStaff(deps, staffId, '80012345678', 'operator');
 */
export async function authorizeStaff(
  deps: AppDeps,
  staffId: string,
  entityCode: string | undefined,
  needed: StaffRole,
): Promise<{ entity: EntityRow; role: StaffRole }> {
  if (!entityCode || !/^[0-9]{11}$/.test(entityCode)) throw new ApiError('entity_not_granted');
  const grant = await selectGrant(deps.db, staffId, entityCode);
  if (!grant) throw new ApiError('entity_not_granted');
  if (!roleAllows(grant.role, needed)) throw new ApiError('role_forbidden');
  const entity = await findEntity(deps.db, entityCode);
  if (!entity) throw new ApiError('entity_not_granted');
  return { entity, role: grant.role };
}
