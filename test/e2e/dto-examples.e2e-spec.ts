import request from 'supertest';
import {
  CreateAuditDto,
  CreateFindingDto,
  UpdateAuditDto,
  UpdateFindingDto,
} from '../../src/certification/audits.dto';
import { CertificationStage as Stage } from '../../src/common/certification-stage';
import { AuditType } from '../../src/certification/certification.enums';
import { createValidationPipe } from '../../src/common/validation';
import { CreateParticipantDto, PutAttendanceDto } from '../../src/trainings/participants.dto';
import { CreateTrainingDto, UpdateTrainingDto } from '../../src/trainings/trainings.dto';
import { Role } from '../../src/common/role';
import { CreateUserDto, UpdateUserDto } from '../../src/users/users.dto';
import { createTestApp, type TestApp } from '../utils/app';
import { as } from '../utils/http';

interface Schema {
  example?: unknown;
  enum?: unknown[];
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
}

/** Swagger UI's "Try it out" body for a schema: every property's example (an enum's first value). */
function exampleOf(schema: Schema, schemas: Record<string, Schema>): unknown {
  const ref = schema.$ref ?? schema.allOf?.[0]?.$ref;
  if (ref) return exampleOf(schemas[ref.split('/').pop()!], schemas);
  if (schema.example !== undefined) return schema.example;
  if (schema.enum) return schema.type === 'array' ? [schema.enum[0]] : schema.enum[0];
  if (schema.type === 'array' && schema.items) return [exampleOf(schema.items, schemas)];
  return Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([name, property]) => [name, exampleOf(property, schemas)]),
  );
}

/** The request bodies of the users, trainings and audits routes: their documented examples must be accepted. */
const BODIES = {
  CreateUserDto,
  UpdateUserDto,
  CreateTrainingDto,
  UpdateTrainingDto,
  CreateParticipantDto,
  PutAttendanceDto,
  CreateAuditDto,
  UpdateAuditDto,
  CreateFindingDto,
  UpdateFindingDto,
};

describe('the examples in the OpenAPI document', () => {
  let t: TestApp;
  let schemas: Record<string, Schema>;
  beforeAll(async () => {
    t = await createTestApp();
    schemas = (await request(t.http).get('/docs-json').expect(200)).body.components.schemas;
  });
  afterAll(() => t.close());

  it.each(Object.entries(BODIES))('gives a %s example its validators accept', async (name, dto) => {
    const example = exampleOf(schemas[name], schemas);
    await expect(
      createValidationPipe().transform(example, { type: 'body', metatype: dto }),
    ).resolves.toBeInstanceOf(dto);
  });

  it('names a finding criterion the IRIS Standard of GET /reference/criteria has; the service accepts it', async () => {
    const token = await t.fx.tokenFor(Role.Ministry);
    const criteria = (await as(t.http, token).get('/reference/criteria?limit=100').expect(200)).body.items;
    const codes = criteria.map((c: { code: string }) => c.code);
    const create = exampleOf(schemas.CreateFindingDto, schemas) as Record<string, unknown>;
    expect(codes).toContain(create.criterion);

    const auditor = await t.fx.signIn([Role.Auditor]);
    const found = await t.fx.caseIn(Stage.Audit, auditor.user);
    const audit = await t.fx.audit(
      found.id,
      { ...auditor.user, requestId: '' } as never,
      AuditType.Stage1,
      t.day(-27),
    );
    // Without the example's due date, which a later run would find in the past.
    const { dueOn: _dueOn, ...body } = create;
    const res = await as(t.http, auditor.token).post(`/audits/${audit.id}/findings`).send(body).expect(201);
    expect(res.body.criterion).toBe(create.criterion);
  });
});
