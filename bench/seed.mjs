// The bench's national-scale register, written in SQL (generate_series) in seconds: agencies, trainings
// with their days, trainers, participants and marks, certification cases with transitions, audits and
// findings, and a million audit-log rows. Certificates are issued by the service itself (prepare.mjs),
// so their signatures and PDFs are real.

export const SCALE = {
  agencies: 20_000,
  trainings: 2_000,
  participants: 60_000, // 30 per training
  marks: 120_000, // two days each
  cases: 10_000,
  findings: 30_000,
  certificates: 8_000,
  auditLog: 1_000_000,
};

const LAO_WORDS = ['ສີສະຫວາດ', 'ແສງຈັນ', 'ຄຳພອນ', 'ດາວເຮືອງ', 'ວຽງໄຊ', 'ຈຳປາ', 'ສະຫວັນ', 'ທອງຄຳ'];
const EN_WORDS = [
  'Sisavath',
  'Saengchan',
  'Khamphone',
  'Daoheuang',
  'Viengxay',
  'Champa',
  'Savan',
  'Thongkham',
];
export const COMMON_LAO_WORD = 'ຈັດຫາງານ'; // in every agency's Lao name

/** Seeds `client`'s database (migrated, with at least one user) and returns the ids the bench needs. */
export async function seed(client, today) {
  const sql = (text, params) => client.query(text, params);
  const [{ id: userId }] = (await sql(`SELECT id FROM users ORDER BY created_at LIMIT 1`)).rows;
  const hash = (await sql(`SELECT password_hash FROM users WHERE id = $1`, [userId])).rows[0].password_hash;

  await sql(
    `INSERT INTO users (email, name, password_hash, roles, version)
     SELECT 'trainer-' || i || '@bench.la', 'Bench Trainer ' || i, $1, '{trainer}', 1 FROM generate_series(1, 200) i`,
    [hash],
  );
  await sql(
    `INSERT INTO users (email, name, password_hash, roles, version)
     SELECT 'auditor-' || i || '@bench.la', 'Bench Auditor ' || i, $1, '{auditor}', 1 FROM generate_series(1, 100) i`,
    [hash],
  );

  // Agencies: a Lao and an English name, one to three destination countries (a one-dimensional array).
  await sql(
    `INSERT INTO agencies (licence_number, name_lo, name_en, licence_issued_on, licence_expires_on, licence_status,
                           province, district, address, phone, destination_countries, contact_person, version)
     SELECT 'MOLSW-RA-' || (2015 + i % 10) || '-' || lpad(i::text, 5, '0'),
            'ບໍລິສັດ ${COMMON_LAO_WORD} ' || ($2::text[])[1 + i % 8] || ' ' || i || ' ຈຳກັດ',
            ($3::text[])[1 + i % 8] || ' ' || i || (CASE WHEN i % 3 = 0 THEN ' Recruitment' ELSE ' Manpower' END) || ' Co., Ltd.',
            $4::date - 1500 + (i % 1500), $4::date - 300 + (i % 1500),
            (ARRAY['active','active','active','active','suspended','revoked']::licence_status[])[1 + i % 6],
            (SELECT array_agg(code ORDER BY code) FROM provinces)[1 + i % 18],
            'District ' || i % 40, 'Ban ' || i, '+856 21 415 678',
            (ARRAY['TH','KR','JP','MY'])[1 + i % 4 : 1 + i % 4 + i % 3]::varchar[],
            'Contact ' || i, 1
     FROM generate_series(1, $1) i`,
    [SCALE.agencies, LAO_WORDS, EN_WORDS, today],
  );

  // Trainings of two days each, 30 participants from 30 agencies, both days marked.
  await sql(
    `INSERT INTO trainings (title, venue, province, organiser, kind, starts_on, version)
     SELECT 'IRIS workshop ' || i, 'Hall ' || i % 50, 'LA-VT', 'IOM',
            (ARRAY['iris_awareness','gap_analysis','system_design','other']::training_kind[])[1 + i % 4],
            $2::date - 700 + i % 700, 1
     FROM generate_series(1, $1) i`,
    [SCALE.trainings, today],
  );
  await sql(`INSERT INTO training_days (training_id, day)
             SELECT id, starts_on + d FROM trainings, generate_series(0, 1) d`);
  await sql(`INSERT INTO training_trainers (training_id, user_id)
             SELECT t.id, (SELECT id FROM users WHERE email = 'trainer-' || (1 + abs(hashtext(t.id::text)) % 200) || '@bench.la')
             FROM trainings t`);
  const perTraining = SCALE.participants / SCALE.trainings;
  await sql(
    `WITH t AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM trainings),
          a AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM agencies)
     INSERT INTO participants (training_id, full_name, sex, position, agency_id, name_key)
     SELECT t.id, 'Participant ' || t.n || '-' || k, (ARRAY['female','male']::sex[])[1 + k % 2], 'Recruitment officer',
            a.id, 'participant ' || t.n || '-' || k
     FROM t CROSS JOIN generate_series(1, $1::int) k
     JOIN a ON a.n = 1 + ((t.n * 37 + k * 101) % $2::int)`,
    [perTraining, SCALE.agencies],
  );
  await sql(
    `INSERT INTO attendance_marks (participant_id, day, status, recorded_by, recorded_at)
     SELECT p.id, d.day, (ARRAY['present','present','present','late','absent']::attendance_status[])[1 + abs(hashtext(p.id::text || d.day)) % 5],
            $1, now()
     FROM participants p JOIN training_days d ON d.training_id = p.training_id`,
    [userId],
  );

  // Cases: one per agency for the first 10,000, spread over the stages a case passes through.
  await sql(
    `INSERT INTO certification_cases (agency_id, stage, opened_at, stage_changed_at, version)
     SELECT id, (ARRAY['capacity_building','applied','audit','corrective_action','closed']::certification_stage[])[1 + n % 5],
            now() - (n % 700) * interval '1 day', now() - (n % 300) * interval '1 day', 1
     FROM (SELECT id, row_number() OVER (ORDER BY licence_number DESC) AS n FROM agencies) a
     WHERE n <= $1::int - $2::int`,
    [SCALE.cases, SCALE.certificates],
  );
  await sql(
    `INSERT INTO certification_transitions (case_id, from_stage, to_stage, actor_id, at)
             SELECT id, NULL, 'capacity_building', $1, opened_at FROM certification_cases`,
    [userId],
  );
  await sql(`INSERT INTO certification_case_auditors (case_id, user_id)
             SELECT c.id, (SELECT id FROM users WHERE email = 'auditor-' || (1 + abs(hashtext(c.id::text)) % 100) || '@bench.la')
             FROM certification_cases c`);
  await sql(
    `INSERT INTO audits (case_id, type, planned_on, conducted_on, summary, version)
     SELECT id, 'stage1', $1::date - 30, $1::date - 20, 'Bench audit', 1
     FROM certification_cases WHERE stage IN ('audit', 'corrective_action', 'closed')`,
    [today],
  );
  const audits = (await sql(`SELECT count(*)::int AS n FROM audits`)).rows[0].n;
  await sql(
    `INSERT INTO findings (audit_id, case_id, criterion, severity, description, due_on, status, version)
     SELECT a.id, a.case_id, (SELECT array_agg(code ORDER BY code) FROM iris_criteria)[1 + k % (SELECT count(*) FROM iris_criteria)::int],
            (ARRAY['major','minor','observation']::finding_severity[])[1 + k % 3], 'Bench finding ' || k,
            $1::date - 60 + k % 120, (ARRAY['open','action_proposed','closed']::finding_status[])[1 + k % 3], 1
     FROM audits a CROSS JOIN generate_series(1, $2) k`,
    [today, Math.ceil(SCALE.findings / Math.max(audits, 1))],
  );
  await sql(
    `UPDATE agencies a SET certification_stage = c.stage FROM certification_cases c WHERE c.agency_id = a.id`,
  );

  // The audit log, as a year of work writes it.
  await sql(
    `INSERT INTO audit_log (occurred_at, actor_id, action, entity_type, entity_id, after)
     SELECT now() - (g % 365) * interval '1 day', $1, 'agency.updated', 'agency', a.id::text, jsonb_build_object('n', g)
     FROM generate_series(1, $2) g
     JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM agencies) a ON a.n = 1 + g % $3::int`,
    [userId, SCALE.auditLog, SCALE.agencies],
  );
  await sql('ANALYZE');
}
